// Daily roll-ups of the reach events, and the retention of raw events (README "Reach (传播力)").
//
// A pass (rollUp): every completed Asia/Shanghai day with events not rolled up yet, or marked dirty (an event for it
// arrived after it was rolled up: Store.insertEvents marks it in the same transaction), is summed up from its raw
// events (reach-day.ts) into reach_item_days, reach_region_days, reach_search_days and reach_shares, replacing what
// was there; then raw events older than EVENTS_RETENTION_DAYS are deleted, a day at a time, only when that day is
// rolled up and clean. Roll-ups are kept for good. A day is "completed" 10 minutes after its midnight, so replicas
// whose clocks differ a little agree on it.
//
// Safe to run at once from several processes (API replicas, `npm run reach:rollup`): one pass at a time holds a
// lease (table meta, renewed before each day; the others skip theirs), and each day is rolled up in one
// transaction that first takes the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: LOCK TABLE events IN SHARE ROW
// EXCLUSIVE MODE, which also holds off inserts for those few milliseconds, so no event slips in between the read
// and the dirty flag). Rolling a day up again gives the same rows: a pass is idempotent.
//
// Share depth: a share's depth is 1 + the depth of the share it was made from (its fromShareId, when that share is
// stored, whatever its day), else 1; at most MAX_SHARE_DEPTH (forged ids could make a loop). Stored in
// reach_shares.depth; when a share arrives after shares made from it, their depths (and their descendants') are
// raised when its day is rolled up.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { LoadedContent } from '../content/load-content'
import { shanghaiDate } from '../content/shanghai-date'
import type { Database, Store } from '../store/database'
import { REACH_FIGURE_COLUMNS } from '../store/migrations'
import {
  COLUMN_OF,
  creditOf,
  FIGURES,
  PEAK_SCALE,
  SPANS,
  spanOf,
  summarizeDay,
  type Credit,
  type ReachFigures,
  RAW_EVENT_COLUMNS,
  type RawEvent,
} from './reach-day'

export const DEFAULT_RETENTION_DAYS = 180
/** Events may arrive up to 7 days late (validate-events.ts): their day must still have its raw events. */
export const MIN_RETENTION_DAYS = 8
/** A day is rolled up once this long has passed since its end (clocks of replicas differ a little). */
export const SETTLE_MS = 10 * 60 * 1000
export const MAX_SHARE_DEPTH = 100
/** How often the API runs a pass. */
export const ROLLUP_INTERVAL_MS = 10 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
/** Rows per insert statement (well under SQLite's and PostgreSQL's limits on parameters). */
const CHUNK = 400
const CREDIT_KEY = 'reach.credit'
const LEASE_KEY = 'reach.rollup.lease'
/** A pass's lease lasts this long unless renewed (a process that died mid-pass holds it no longer). */
const LEASE_MS = 2 * 60 * 1000
const SQLITE_GAP_MS = 50

export interface RollupOptions {
  now: number
  /** Raw events of days older than this are deleted (once rolled up); 0: never. */
  retentionDays?: number
}

export interface RollupResult {
  /** The days rolled up in this pass. */
  rolled: string[]
  /** Raw events deleted. */
  deleted: number
  /** Another process's pass was running (it holds the lease): this one stopped. */
  skipped: boolean
}

/** The last day that may be rolled up at `now`: the days before it are completed. */
export const firstOpenDay = (now: number) => shanghaiDate(now - SETTLE_MS)

export async function rollUp(store: Store, content: LoadedContent, options: RollupOptions): Promise<RollupResult> {
  await store.ready()
  const owner = randomUUID()
  // Another process's pass holds the lease: it does the work, this one has none
  if (!(await holdLease(store.db, owner))) return { rolled: [], deleted: 0, skipped: true }
  try {
    return await runPass(store, content, options, owner)
  } finally {
    await store.db
      .updateTable('meta')
      .set({ value: leaseTime(0) })
      .where('key', '=', LEASE_KEY)
      .where('value', 'like', `%:${owner}`)
      .execute()
  }
}

/**
 * One pass at a time among all processes: a lease in table meta, `<expiry ms, 16 digits>:<owner>`, taken when expired
 * and renewed before each day (one UPDATE, atomic on both databases). Without it, two passes on SQLite would take
 * turns at the write lock day after day while a third writer (an insert) could wait past its busy timeout.
 */
async function holdLease(db: Kysely<Database>, owner: string): Promise<boolean> {
  await db
    .insertInto('meta')
    .values({ key: LEASE_KEY, value: leaseTime(0) })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute()
  const now = Date.now()
  const result = await db
    .updateTable('meta')
    .set({ value: `${leaseTime(now + LEASE_MS)}:${owner}` })
    .where('key', '=', LEASE_KEY)
    .where((eb) => eb.or([eb('value', '<', leaseTime(now)), eb('value', 'like', `%:${owner}`)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

const leaseTime = (ms: number) => String(ms).padStart(16, '0')

async function runPass(store: Store, content: LoadedContent, options: RollupOptions, owner: string) {
  const credit = creditOf(content)
  const { db } = store
  // Another credit (an item's publisher changed): the days that still have raw events are rolled up again
  const known = await db.selectFrom('meta').select('value').where('key', '=', CREDIT_KEY).executeTakeFirst()
  if (known?.value !== credit.fingerprint) {
    const oldest = await db
      .selectFrom('events')
      .select((eb) => eb.fn.min('day').as('day'))
      .executeTakeFirst()
    if (known && oldest?.day)
      await db.updateTable('reach_days').set({ dirty: 1 }).where('day', '>=', oldest.day).execute()
    await db
      .insertInto('meta')
      .values({ key: CREDIT_KEY, value: credit.fingerprint })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: credit.fingerprint }))
      .execute()
  }

  const open = firstOpenDay(options.now)
  const lastClean = await db
    .selectFrom('reach_days')
    .select((eb) => eb.fn.max('day').as('day'))
    .where('dirty', '=', 0)
    .executeTakeFirst()
  let newDays = db.selectFrom('events').select('day').distinct().where('day', '<', open)
  if (lastClean?.day) newDays = newDays.where('day', '>', lastClean.day)
  const dirty = await db.selectFrom('reach_days').select('day').where('dirty', '=', 1).where('day', '<', open).execute()
  const todo = [...new Set([...(await newDays.execute()).map((row) => row.day), ...dirty.map((row) => row.day)])].sort()
  const rolled: string[] = []
  for (const day of todo) {
    if (!(await holdLease(db, owner))) return { rolled, deleted: 0, skipped: true }
    await rollDay(store, day, credit, options.now)
    rolled.push(day)
    // SQLite: a moment without the write lock, for other processes' inserts waiting on it
    await (store.dialect === 'sqlite' ? pause(SQLITE_GAP_MS) : breathe())
  }

  let deleted = 0
  if (options.retentionDays && options.retentionDays > 0) {
    const cutoff = shanghaiDate(options.now - Math.max(options.retentionDays, MIN_RETENTION_DAYS) * DAY_MS)
    const old = await db.selectFrom('events').select('day').distinct().where('day', '<', cutoff).execute()
    for (const { day } of old) {
      if (!(await holdLease(db, owner))) return { rolled, deleted, skipped: true }
      deleted += await locked(store, async (trx) => {
        const state = await trx.selectFrom('reach_days').select('dirty').where('day', '=', day).executeTakeFirst()
        if (!state || Number(state.dirty) !== 0) return 0
        const result = await trx.deleteFrom('events').where('day', '=', day).executeTakeFirst()
        return Number(result.numDeletedRows)
      })
      await breathe()
    }
  }
  return { rolled, deleted, skipped: false }
}

/**
 * better-sqlite3 works synchronously, and Kysely's promises around it never let other I/O in: a pass yields now and
 * then (between days, and between the steps of one), so the API's requests that need no database go on meanwhile.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Runs `work` in a transaction holding the write lock of the events (see the head of this file). */
async function locked<T>(store: Store, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().execute(async (trx: Transaction<Database>) => {
      await sql`lock table events in share row exclusive mode`.execute(trx)
      return work(trx)
    })
  }
  // better-sqlite3 behind Kysely is one connection: holding it keeps this process's other queries out meanwhile
  return store.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection)
    try {
      const result = await work(connection)
      await sql`commit`.execute(connection)
      return result
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined)
      throw error
    }
  })
}

const chunks = <T>(list: T[], size = CHUNK): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

const columns = (figures: ReachFigures) =>
  Object.fromEntries(FIGURES.map((field) => [COLUMN_OF[field], figures[field]])) as Record<
    (typeof COLUMN_OF)[keyof typeof COLUMN_OF],
    number
  >

/** Rolls one day up again from its raw events, replacing its roll-up rows. */
export async function rollDay(store: Store, day: string, credit: Credit, now: number): Promise<void> {
  await locked(store, async (trx) => {
    const events: RawEvent[] = await trx.selectFrom('events').select(RAW_EVENT_COLUMNS).where('day', '=', day).execute()
    await breathe()
    const summary = summarizeDay(day, events, credit)
    await breathe()
    for (const table of ['reach_item_days', 'reach_region_days', 'reach_search_days'] as const) {
      await trx.deleteFrom(table).where('day', '=', day).execute()
    }
    const regions = [...summary.regions.values()].map((row) => ({
      day,
      region: row.region,
      collection: row.collection,
      ...columns(row.figures),
    }))
    for (const rows of chunks(regions)) await trx.insertInto('reach_region_days').values(rows).execute()
    const searches = [...summary.searches.entries()].map(([q, count]) => ({ day, q, count }))
    for (const rows of chunks(searches)) await trx.insertInto('reach_search_days').values(rows).execute()
    const shares = summary.shares.map((share) => ({
      share_id: share.shareId,
      parent_id: share.parentId,
      day,
      collection: share.collection,
      item_id: share.itemId,
      depth: 1,
    }))
    // A share id stored already (the same share rolled up before) keeps its row
    for (const rows of chunks(shares)) {
      await trx
        .insertInto('reach_shares')
        .values(rows)
        .onConflict((conflict) => conflict.column('share_id').doNothing())
        .execute()
    }
    await settleDepths(
      trx,
      shares.map((share) => share.share_id),
    )
    await breathe()
    // Each item's longest share chain among its shares of the day
    const depths = new Map<string, number>()
    const depthRows = await trx
      .selectFrom('reach_shares')
      .select((eb) => ['collection', 'item_id', eb.fn.max('depth').as('depth')])
      .where('day', '=', day)
      .groupBy(['collection', 'item_id'])
      .execute()
    for (const row of depthRows) depths.set(`${row.collection}/${row.item_id}`, Number(row.depth))
    const items = [...summary.items.values()].map((item) => ({
      day,
      collection: item.collection,
      item_id: item.itemId,
      ...columns(item.figures),
      share_depth: depths.get(`${item.collection}/${item.itemId}`) ?? 0,
    }))
    for (const rows of chunks(items)) await trx.insertInto('reach_item_days').values(rows).execute()
    await breathe()
    for (const span of SPANS) await rollSpan(trx, store.dialect, span, day)
    const values = { dirty: 0, rolled_at: now, last_received: summary.lastReceived, events: summary.events }
    await trx
      .insertInto('reach_days')
      .values({ day, ...values })
      .onConflict((conflict) => conflict.column('day').doUpdateSet(values))
      .execute()
  })
}

/** The SQL of a day row's peak: visitors × 10⁶ − day number (see reach_item_spans in migrations.ts). */
export function peakOfDay(dialect: Store['dialect']) {
  const number =
    dialect === 'postgres'
      ? sql<number>`(day::date - date '1970-01-01')`
      : sql<number>`cast(julianday(day) - 2440587.5 as integer)`
  return sql<number>`cast(visitors as bigint) * ${sql.lit(PEAK_SCALE)} - ${number}`
}

/** Sums up again the span of this length holding `day`, from the level below (days for 4, else spans a quarter long). */
async function rollSpan(db: Kysely<Database>, dialect: Store['dialect'], span: number, day: string) {
  const { first, last } = spanOf(day, span)
  await db.deleteFrom('reach_item_spans').where('span', '=', span).where('first_day', '=', first).execute()
  const fixed = [sql.lit(span).as('span'), sql.lit(first).as('first_day'), sql.lit(last).as('last_day')]
  const source =
    span === SPANS[0]
      ? db
          .selectFrom('reach_item_days')
          .where('day', '>=', first)
          .where('day', '<=', last)
          .select((eb) => [
            ...fixed,
            'collection',
            'item_id',
            ...REACH_FIGURE_COLUMNS.map((column) => eb.fn.sum(column).as(column)),
            eb.fn.max(peakOfDay(dialect)).as('peak'),
            eb.fn
              .max(eb(eb(eb.ref('shares'), '+', eb.ref('share_opens')), '+', eb.ref('video_completes')))
              .as('peak_interactions'),
            eb.fn.max('share_depth').as('share_depth'),
          ])
          .groupBy(['collection', 'item_id'])
      : db
          .selectFrom('reach_item_spans')
          .where('span', '=', span / 4)
          .where('first_day', '>=', first)
          .where('first_day', '<=', last)
          .select((eb) => [
            ...fixed,
            'collection',
            'item_id',
            ...REACH_FIGURE_COLUMNS.map((column) => eb.fn.sum(column).as(column)),
            eb.fn.max('peak').as('peak'),
            eb.fn.max('peak_interactions').as('peak_interactions'),
            eb.fn.max('share_depth').as('share_depth'),
          ])
          .groupBy(['collection', 'item_id'])
  await db
    .insertInto('reach_item_spans')
    .columns([
      'span',
      'first_day',
      'last_day',
      'collection',
      'item_id',
      ...REACH_FIGURE_COLUMNS,
      'peak',
      'peak_interactions',
      'share_depth',
    ])
    .expression(source)
    .execute()
}

/**
 * Brings reach_shares.depth up to date for these shares and everything made from them: depth = 1 + the parent's
 * depth (1 without a stored parent), at most MAX_SHARE_DEPTH. Level by level, so a loop of forged ids ends.
 */
async function settleDepths(db: Kysely<Database>, ids: string[]): Promise<void> {
  let frontier = [...new Set(ids)]
  for (let level = 0; frontier.length > 0 && level <= MAX_SHARE_DEPTH + 1; level++) {
    const rows = []
    for (const part of chunks(frontier)) {
      rows.push(
        ...(await db
          .selectFrom('reach_shares')
          .select(['share_id', 'parent_id', 'depth', 'day', 'collection', 'item_id'])
          .where('share_id', 'in', part)
          .execute()),
      )
    }
    const parentIds = [...new Set(rows.flatMap((row) => (row.parent_id === null ? [] : [row.parent_id])))]
    const parents = new Map<string, number>()
    for (const part of chunks(parentIds)) {
      const found = await db
        .selectFrom('reach_shares')
        .select(['share_id', 'depth'])
        .where('share_id', 'in', part)
        .execute()
      for (const row of found) parents.set(row.share_id, Number(row.depth))
    }
    const changed: string[] = []
    for (const row of rows) {
      const parent = row.parent_id === null ? undefined : parents.get(row.parent_id)
      const want = parent === undefined ? 1 : Math.min(parent + 1, MAX_SHARE_DEPTH)
      if (want !== Number(row.depth)) {
        await db.updateTable('reach_shares').set({ depth: want }).where('share_id', '=', row.share_id).execute()
        // Depths only grow (a parent stored later): the item's day keeps the longest
        await db
          .updateTable('reach_item_days')
          .set({ share_depth: want })
          .where('day', '=', row.day)
          .where('collection', '=', row.collection)
          .where('item_id', '=', row.item_id)
          .where('share_depth', '<', want)
          .execute()
        for (const span of SPANS) {
          await db
            .updateTable('reach_item_spans')
            .set({ share_depth: want })
            .where('span', '=', span)
            .where('first_day', '=', spanOf(row.day, span).first)
            .where('collection', '=', row.collection)
            .where('item_id', '=', row.item_id)
            .where('share_depth', '<', want)
            .execute()
        }
      }
      // The first level: the day's shares, whose children may have been stored before them
      if (level === 0 || want !== Number(row.depth)) changed.push(row.share_id)
    }
    const next: string[] = []
    for (const part of chunks(changed)) {
      const children = await db.selectFrom('reach_shares').select('share_id').where('parent_id', 'in', part).execute()
      next.push(...children.map((child) => child.share_id))
    }
    frontier = [...new Set(next)]
  }
}

/**
 * Runs a pass now and then every `intervalMs` (unref'd: it never keeps the process alive); a pass still running is
 * not started twice; failures are logged and tried again next time. Returns a stop function.
 */
export function startRollups(
  store: Store,
  content: () => LoadedContent,
  options: {
    retentionDays: number
    intervalMs?: number
    now?: () => number
    log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void }
  },
): () => void {
  let running = false
  const pass = async () => {
    if (running) return
    running = true
    try {
      const started = Date.now()
      const result = await rollUp(store, content(), {
        now: (options.now ?? Date.now)(),
        retentionDays: options.retentionDays,
      })
      if (result.rolled.length > 0 || result.deleted > 0)
        options.log.info(
          { rolled: result.rolled.length, deleted: result.deleted, ms: Date.now() - started },
          'reach roll-up pass',
        )
    } catch (error) {
      options.log.error({ err: error }, 'reach roll-up pass failed (tried again later)')
    } finally {
      running = false
    }
  }
  const first = setTimeout(() => void pass(), 1_000)
  first.unref()
  const timer = setInterval(() => void pass(), options.intervalMs ?? ROLLUP_INTERVAL_MS)
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
