// Staff accounts, sessions, login throttling and the audit log, over the same database as the events (Store).
// Passwords: Argon2id (@node-rs/argon2). Sessions: a random 32-byte token in the cookie, only its SHA-256 stored.
// Audit log: append-only, each entry carries the hash of the one before (sha256(prev_hash + canonical entry)), so an
// edited or removed entry breaks the chain (verifyAuditChain).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { isIPv6 } from 'node:net'
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Store } from '../store/database'
import { storeSecret } from '../store/store-secret'

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

/**
 * Login throttling: failed logins over 15 min, each counted before its password is checked (reserveAttempt), under
 * three limits. One account from one address, 5: a guesser there is slowed to 5 passwords a quarter hour, and only
 * there, so the owner elsewhere still signs in. One address on any accounts, 20: a sprayer of many names. One
 * account from all addresses, 50 (10 times the first): bounds a guesser with many addresses to 4,800 passwords a
 * day, and locking the owner out everywhere takes at least 10 addresses (10 /64 networks for IPv6) for 15 min,
 * seen as login.throttled in the audit log and lifted by `npm run staff -- unlock`. A successful login does not count.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000
export const MAX_FAILURES_PER_ACCOUNT_ADDRESS = 5
export const MAX_FAILURES_PER_ADDRESS = 20
export const MAX_FAILURES_PER_ACCOUNT = 50
/** The meta key of the throttle's HMAC key when STAFF_ADDRESS_KEY is unset (store-secret.ts). */
export const ADDRESS_KEY_NAME = 'staff.addressKey'
/** PostgreSQL: logins take turns on this advisory lock to count and reserve an attempt (the audit chain: 731215). */
const LOGIN_LOCK = 731216

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

/**
 * The address an attempt counts under: an IPv4 one as it is (an IPv4-mapped IPv6 one as IPv4), an IPv6 one by its
 * /64, the smallest network a home or phone is given, so a guesser does not get a new count per address in it.
 */
export function addressGroup(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped) return mapped[1]
  if (!isIPv6(address)) return address
  let text = address.split('%')[0].toLowerCase()
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number)
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const words = (part: string | undefined) => (part ? part.split(':') : [])
  const groups =
    tail === undefined
      ? words(head)
      : [...words(head), ...Array<string>(8 - words(head).length - words(tail).length).fill('0'), ...words(tail)]
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`
}

export function auditHash(prevHash: string, entry: { at: number; actor: string; action: string; detail: string }) {
  return sha256(prevHash + canonicalJson([entry.at, entry.actor, entry.action, entry.detail]))
}

export class StaffStore {
  /** A hash of a random password: unknown usernames are verified against it, so they take as long as known ones. */
  private dummyHash: Promise<string> | undefined
  private readonly configuredKey: Buffer | undefined

  constructor(
    readonly store: Store,
    readonly now: () => number = Date.now,
    /**
     * The key of the throttle's HMAC of names and addresses (STAFF_ADDRESS_KEY); unset: one made once and kept in
     * the database (meta 'staff.addressKey'), so every worker and replica, and the CLI, count alike across restarts.
     */
    addressKey?: string,
  ) {
    this.configuredKey = addressKey ? Buffer.from(addressKey) : undefined
  }

  private addressKey(): Promise<Buffer> {
    return this.configuredKey ? Promise.resolve(this.configuredKey) : storeSecret(this.store, ADDRESS_KEY_NAME)
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

  /**
   * A new password (the account enabled again); ends its sessions and lifts its login throttle. False when there is
   * no such account.
   */
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
    await this.clearAttempts(username)
    await this.audit({ at: this.now(), actor, action: 'staff.reset', detail: { username } })
    return true
  }

  /**
   * Lifts the account's login throttle: its failed logins from every address are forgotten (they no longer count
   * for those addresses either). Audited as staff.unlock with how many there were: that number, undefined when
   * there is no such account.
   */
  async unlock(username: string, actor: string): Promise<number | undefined> {
    if (!(await this.find(username))) return undefined
    const failures = await this.clearAttempts(username)
    await this.audit({ at: this.now(), actor, action: 'staff.unlock', detail: { username, failures } })
    return failures
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

  /**
   * The keyed hashes (HMAC-SHA256) an attempt counts under: of the name, which may be a password typed in the wrong
   * field, and of the address (addressGroup). Neither is ever stored itself.
   */
  async attemptKeys(username: string, address: string): Promise<{ account: string; address: string }> {
    const key = await this.addressKey()
    const hmac = (text: string) => createHmac('sha256', key).update(text).digest('hex')
    return { account: hmac(`user:${username}`), address: hmac(`addr:${addressGroup(address)}`) }
  }

  /**
   * Counts a login attempt before its password is checked: in one atomic step (one statement on SQLite, which
   * takes the write lock before it reads; under an advisory lock on PostgreSQL), a row is added only while the
   * account at this address, the address and the account are all under their limits. So however many logins run at
   * once, on however many workers and replicas, no more passwords are checked than the limits allow. Each row counts
   * as a failure unless released (a right password: releaseAttempt). The attempt's row, or the seconds to wait.
   */
  async reserveAttempt(username: string, address: string): Promise<{ attempt: number } | { wait: number }> {
    await this.store.ready()
    const now = this.now()
    const since = now - THROTTLE_WINDOW_MS
    const keys = await this.attemptKeys(username, address)
    // Expired attempts are deleted here, so nothing is kept longer than the window
    await this.db.deleteFrom('login_attempts').where('at', '<=', since).execute()
    const reserve = async (db: Kysely<Database>) => {
      const failures = (where: { account?: string; address?: string }) => {
        let query = db
          .selectFrom('login_attempts')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('at', '>', since)
        if (where.account) query = query.where('account', '=', where.account)
        if (where.address) query = query.where('address', '=', where.address)
        return query
      }
      const row = await db
        .insertInto('login_attempts')
        .columns(['account', 'address', 'at'])
        .expression(
          db
            .selectNoFrom((eb) => [
              eb.cast<string>(eb.val(keys.account), 'text').as('account'),
              eb.cast<string>(eb.val(keys.address), 'text').as('address'),
              eb.cast<number>(eb.val(now), 'bigint').as('at'),
            ])
            .where((eb) =>
              eb.and([
                eb(failures(keys), '<', MAX_FAILURES_PER_ACCOUNT_ADDRESS),
                eb(failures({ address: keys.address }), '<', MAX_FAILURES_PER_ADDRESS),
                eb(failures({ account: keys.account }), '<', MAX_FAILURES_PER_ACCOUNT),
              ]),
            ),
        )
        .returning('id')
        .executeTakeFirst()
      return row ? Number(row.id) : undefined
    }
    const attempt =
      this.store.dialect === 'postgres'
        ? await this.db.transaction().execute(async (trx) => {
            await sql`select pg_advisory_xact_lock(${sql.lit(LOGIN_LOCK)})`.execute(trx)
            return reserve(trx)
          })
        : await reserve(this.db)
    if (attempt !== undefined) return { attempt }
    return { wait: await this.wait(keys, now) }
  }

  /** Seconds until each limit reached has an attempt fewer (its oldest expires); at least 1. */
  private async wait(keys: { account: string; address: string }, now: number): Promise<number> {
    const since = now - THROTTLE_WINDOW_MS
    const limits: { where: { account?: string; address?: string }; limit: number }[] = [
      { where: keys, limit: MAX_FAILURES_PER_ACCOUNT_ADDRESS },
      { where: { address: keys.address }, limit: MAX_FAILURES_PER_ADDRESS },
      { where: { account: keys.account }, limit: MAX_FAILURES_PER_ACCOUNT },
    ]
    let wait = 1
    for (const { where, limit } of limits) {
      let query = this.db
        .selectFrom('login_attempts')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('at').as('first')])
        .where('at', '>', since)
      if (where.account) query = query.where('account', '=', where.account)
      if (where.address) query = query.where('address', '=', where.address)
      const row = await query.executeTakeFirst()
      if (row && Number(row.n) >= limit) {
        wait = Math.max(wait, Math.ceil((Number(row.first) + THROTTLE_WINDOW_MS - now) / 1000))
      }
    }
    return wait
  }

  /** A right password: its attempt is no failure, and no longer counts. */
  async releaseAttempt(attempt: number) {
    await this.db.deleteFrom('login_attempts').where('id', '=', attempt).execute()
  }

  /** Forgets the account's attempts from every address (unlock, reset): how many there were. */
  private async clearAttempts(username: string): Promise<number> {
    const { account } = await this.attemptKeys(username, '')
    const result = await this.db.deleteFrom('login_attempts').where('account', '=', account).executeTakeFirst()
    return Number(result.numDeletedRows)
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
   * Appends an entry after the last one, in a transaction; PostgreSQL replicas take turns on an advisory lock,
   * SQLite processes on the write lock, and prev_hash is unique, so two writers can never both chain onto one entry.
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
    // SQLite: a write that changes nothing takes the database's write lock now (waiting for another process's, up
    // to the busy timeout), so reading the last entry cannot leave a read to upgrade, which would fail at once with
    // SQLITE_BUSY while another worker writes (WORKERS > 1); no-op when the caller has written already
    else await sql`delete from audit_log where 0 = 1`.execute(trx)
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
