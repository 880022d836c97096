// Staff accounts, sessions, login throttling and the audit log, over the same database as the events (Store).
// Passwords: Argon2id (@node-rs/argon2). Sessions: a random 32-byte token in the cookie, only its SHA-256 stored.
// Audit log: append-only, each entry carries the hash of the one before (sha256(prev_hash + canonical entry)), so an
// edited or removed entry breaks the chain (verifyAuditChain).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2'
import { sql, type Transaction } from 'kysely'
import type { Database, Store } from '../store/database'

export type StaffRole = 'province' | 'city'

export interface StaffAccount {
  id: number
  username: string
  role: StaffRole
  region: string
  disabled: boolean
}

/** Argon2id (the library's default algorithm) with OWASP's suggested 19 MiB, 2 passes. */
const ARGON_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/
export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 200

/** A session ends 8 h after its last use, and 12 h after the login whatever happens. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
/** last_seen is written at most once a minute per session (not on every request). */
const LAST_SEEN_STEP_MS = 60_000

/** Failed logins counted over 15 min: per account, and per client address (a keyed hash of it). */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000
export const MAX_FAILURES_PER_ACCOUNT = 5
export const MAX_FAILURES_PER_ADDRESS = 20

export const GENESIS_HASH = '0'.repeat(64)

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export function hashPassword(password: string): Promise<string> {
  return argonHash(password, ARGON_OPTIONS)
}

export function checkPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`
  if (password.length > MAX_PASSWORD_LENGTH) return `the password must have at most ${MAX_PASSWORD_LENGTH} characters`
  return undefined
}

/** JSON with object keys sorted, so one entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export interface AuditEntry {
  at: number
  actor: string
  action: string
  detail: Record<string, unknown>
}

export function auditHash(prevHash: string, entry: { at: number; actor: string; action: string; detail: string }) {
  return sha256(prevHash + canonicalJson([entry.at, entry.actor, entry.action, entry.detail]))
}

export class StaffStore {
  /** A hash of a random password: unknown usernames are verified against it, so they take as long as known ones. */
  private dummyHash: Promise<string> | undefined
  private readonly addressKey: Buffer

  constructor(
    readonly store: Store,
    readonly now: () => number = Date.now,
    /** The key of the addresses' HMAC (STAFF_ADDRESS_KEY); unset: random per process. */
    addressKey?: string,
  ) {
    this.addressKey = addressKey ? Buffer.from(addressKey) : randomBytes(32)
  }

  private get db() {
    return this.store.db
  }

  async find(username: string): Promise<(StaffAccount & { passwordHash: string }) | undefined> {
    await this.store.ready()
    const row = await this.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst()
    if (!row) return undefined
    return {
      id: Number(row.id),
      username: row.username,
      role: row.role,
      region: row.region,
      disabled: Number(row.disabled) !== 0,
      passwordHash: row.password_hash,
    }
  }

  /** reviewSteps (newsroom): '' none (the default), '*' any step, else step names joined by commas. */
  async add(username: string, password: string, role: StaffRole, region: string, actor: string, reviewSteps = '') {
    await this.store.ready()
    const passwordHash = await hashPassword(password)
    await this.db
      .insertInto('staff')
      .values({
        username,
        password_hash: passwordHash,
        role,
        region,
        disabled: 0,
        created_at: this.now(),
        review_steps: reviewSteps,
      })
      .execute()
    const detail = reviewSteps ? { username, role, region, reviewSteps } : { username, role, region }
    await this.audit({ at: this.now(), actor, action: 'staff.add', detail })
  }

  /**
   * Newsroom: the review steps an account may take ('' none, '*' any, else names joined by commas), audited as
   * staff.grant (or staff.revoke for none). False when there is no such account.
   */
  async setReviewSteps(username: string, reviewSteps: string, actor: string): Promise<boolean> {
    const account = await this.find(username)
    if (!account) return false
    await this.db.updateTable('staff').set({ review_steps: reviewSteps }).where('id', '=', account.id).execute()
    const action = reviewSteps ? 'staff.grant' : 'staff.revoke'
    await this.audit({ at: this.now(), actor, action, detail: reviewSteps ? { username, reviewSteps } : { username } })
    return true
  }

  /** Newsroom: the review steps of an account ('' none, '*' any, else names joined by commas). */
  async reviewSteps(staffId: number): Promise<string> {
    await this.store.ready()
    const row = await this.db.selectFrom('staff').select('review_steps').where('id', '=', staffId).executeTakeFirst()
    return row?.review_steps ?? ''
  }

  /** Disables the account and ends its sessions. False when there is no such account. */
  async disable(username: string, actor: string): Promise<boolean> {
    const account = await this.find(username)
    if (!account) return false
    await this.db.updateTable('staff').set({ disabled: 1 }).where('id', '=', account.id).execute()
    await this.db.deleteFrom('sessions').where('staff_id', '=', account.id).execute()
    await this.audit({ at: this.now(), actor, action: 'staff.disable', detail: { username } })
    return true
  }

  /** A new password (the account enabled again); ends its sessions. False when there is no such account. */
  async reset(username: string, password: string, actor: string): Promise<boolean> {
    const account = await this.find(username)
    if (!account) return false
    const passwordHash = await hashPassword(password)
    await this.db
      .updateTable('staff')
      .set({ password_hash: passwordHash, disabled: 0 })
      .where('id', '=', account.id)
      .execute()
    await this.db.deleteFrom('sessions').where('staff_id', '=', account.id).execute()
    await this.audit({ at: this.now(), actor, action: 'staff.reset', detail: { username } })
    return true
  }

  /**
   * Checks a username and password: the account when both are right and it is enabled. An unknown username is
   * checked against a dummy hash, so that it takes about as long as a wrong password.
   */
  async verify(
    username: string,
    password: string,
  ): Promise<{ account?: StaffAccount; reason?: 'unknown' | 'password' | 'disabled' }> {
    const account = await this.find(username)
    this.dummyHash ??= hashPassword(randomBytes(24).toString('base64'))
    const against = account?.passwordHash ?? (await this.dummyHash)
    const matches = await argonVerify(against, password).catch(() => false)
    if (!account) return { reason: 'unknown' }
    if (!matches) return { reason: 'password' }
    if (account.disabled) return { reason: 'disabled' }
    const { passwordHash: _hash, ...rest } = account
    return { account: rest }
  }

  // Throttling --------------------------------------------------------------------------------------------------

  /** The keys a login attempt counts under: the account, and a keyed hash of the address (never the address). */
  attemptKeys(username: string, address: string) {
    return {
      // Hashed too: a password typed into the username field is not kept
      account: `user:${createHmac('sha256', this.addressKey).update(`user:${username}`).digest('hex')}`,
      address: `addr:${createHmac('sha256', this.addressKey).update(address).digest('hex')}`,
    }
  }

  /** Seconds to wait when either key has too many failures in the window; 0 when a login may be tried. */
  async throttled(username: string, address: string): Promise<number> {
    await this.store.ready()
    const now = this.now()
    // Expired attempts are deleted here, so nothing is kept longer than the window
    await this.db
      .deleteFrom('login_attempts')
      .where('at', '<=', now - THROTTLE_WINDOW_MS)
      .execute()
    const keys = this.attemptKeys(username, address)
    const rows = await this.db
      .selectFrom('login_attempts')
      .select(['key', (eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.min('at').as('first')])
      .where('key', 'in', [keys.account, keys.address])
      .groupBy('key')
      .execute()
    let wait = 0
    for (const row of rows) {
      const limit = row.key === keys.account ? MAX_FAILURES_PER_ACCOUNT : MAX_FAILURES_PER_ADDRESS
      if (Number(row.n) >= limit) {
        wait = Math.max(wait, Math.ceil((Number(row.first) + THROTTLE_WINDOW_MS - now) / 1000))
      }
    }
    return Math.max(wait, 0)
  }

  async recordFailure(username: string, address: string) {
    const keys = this.attemptKeys(username, address)
    const at = this.now()
    await this.db
      .insertInto('login_attempts')
      .values([
        { key: keys.account, at },
        { key: keys.address, at },
      ])
      .execute()
  }

  // Sessions ----------------------------------------------------------------------------------------------------

  /** A new session: the token for the cookie (only its hash is stored) and the CSRF token. */
  async createSession(account: StaffAccount): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url')
    const csrfToken = randomBytes(32).toString('base64url')
    const now = this.now()
    await this.db
      .insertInto('sessions')
      .values({
        id: sha256(token),
        staff_id: account.id,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: now + SESSION_ABSOLUTE_MS,
        last_seen: now,
      })
      .execute()
    return { token, csrfToken }
  }

  /** The session of this cookie token and its account, when it exists, has not expired and the account is enabled. */
  async session(
    token: string | undefined,
  ): Promise<{ id: string; csrfToken: string; account: StaffAccount } | undefined> {
    if (!token || token.length > 100) return undefined
    await this.store.ready()
    const id = sha256(token)
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('staff', 'staff.id', 'sessions.staff_id')
      .select([
        'sessions.id as id',
        'sessions.csrf_token as csrf',
        'sessions.expires_at as expires',
        'sessions.last_seen as seen',
        'staff.id as staffId',
        'staff.username as username',
        'staff.role as role',
        'staff.region as region',
        'staff.disabled as disabled',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst()
    if (!row) return undefined
    const now = this.now()
    if (Number(row.disabled) !== 0 || now >= Number(row.expires) || now - Number(row.seen) >= SESSION_IDLE_MS) {
      await this.db.deleteFrom('sessions').where('id', '=', id).execute()
      return undefined
    }
    if (now - Number(row.seen) >= LAST_SEEN_STEP_MS) {
      await this.db.updateTable('sessions').set({ last_seen: now }).where('id', '=', id).execute()
    }
    return {
      id,
      csrfToken: row.csrf,
      account: {
        id: Number(row.staffId),
        username: row.username,
        role: row.role,
        region: row.region,
        disabled: false,
      },
    }
  }

  async deleteSession(id: string) {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute()
  }

  // Audit log ---------------------------------------------------------------------------------------------------

  /**
   * Appends an entry after the last one, in a transaction; PostgreSQL replicas take turns on an advisory lock, and
   * prev_hash is unique, so two writers can never both chain onto one entry.
   */
  async audit(entry: AuditEntry): Promise<void> {
    await this.store.ready()
    await this.db.transaction().execute((trx) => this.appendAudit(trx, entry))
  }

  /**
   * The same inside the caller's transaction, so that a change and its entry commit together (the newsroom). Call it
   * last in the transaction: on PostgreSQL it takes the chain's advisory lock until the commit.
   */
  async appendAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
    const detail = canonicalJson(entry.detail)
    if (this.store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(731215)`.execute(trx)
    const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst()
    const prevHash = last?.hash ?? GENESIS_HASH
    const hash = auditHash(prevHash, { ...entry, detail })
    await trx
      .insertInto('audit_log')
      .values({ at: entry.at, actor: entry.actor, action: entry.action, detail, prev_hash: prevHash, hash })
      .execute()
  }

  async auditEntries() {
    await this.store.ready()
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
    return rows.map((row) => ({ ...row, id: Number(row.id), at: Number(row.at) }))
  }
}

/** Checks the chain: each entry's prev_hash is the hash before it, and its hash is what its content gives. */
export function verifyAuditChain(
  rows: { id: number; at: number; actor: string; action: string; detail: string; prev_hash: string; hash: string }[],
): { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string } {
  let prev = GENESIS_HASH
  for (const row of rows) {
    if (row.prev_hash !== prev) {
      return {
        ok: false,
        entries: rows.length,
        brokenAt: row.id,
        reason: 'prev_hash is not the hash of the entry before',
      }
    }
    if (auditHash(prev, row) !== row.hash) {
      return { ok: false, entries: rows.length, brokenAt: row.id, reason: 'the entry does not match its hash' }
    }
    prev = row.hash
  }
  return { ok: true, entries: rows.length }
}

/** Constant-time comparison of two strings (any lengths). */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right) && a.length === b.length
}
