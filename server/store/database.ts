// The events database, through one Kysely query builder: SQLite (better-sqlite3) in DATA_DIR by default, with
// nothing to start; PostgreSQL (a pg Pool) when DATABASE_URL is set, for several replicas. Opening it brings the
// schema up to date (migrations.ts).
//
// Durability (an event answered 202 must survive): SQLite runs in WAL mode with synchronous=FULL, so every commit
// is fsynced to the WAL before the insert returns. NORMAL would be enough to survive a kill -9 of the process (a
// commit written to the WAL is in the operating system's cache, which outlives the process) but could lose the
// last commits on a power cut or a kernel crash; FULL keeps them, at the cost of one fsync per transaction. Events
// are inserted on a thread of their own, the batches waiting meanwhile in one transaction (sqlite-event-writer.ts),
// so that fsync never stops the event loop.
import fs from 'node:fs'
import path from 'node:path'
import Sqlite from 'better-sqlite3'
import { Kysely, Migrator, type Generated, PostgresDialect, sql, SqliteDialect } from 'kysely'
import { Pool } from 'pg'
import { shanghaiDate } from '../content/shanghai-date'
import { migrations, type Dialect } from './migrations'
import { SqliteEventWriter } from './sqlite-event-writer'

export interface EventsTable {
  id: string
  type: string
  /** Epoch ms. PostgreSQL's bigint comes back as a string. */
  at: number | string
  day: string
  visitor: string
  collection: string | null
  item_id: string | null
  page: string | null
  scene: number | null
  share_id: string | null
  from_share_id: string | null
  q: string | null
  received_at: number | string
}

export interface StaffTable {
  id: Generated<number>
  username: string
  password_hash: string
  role: 'province' | 'city'
  region: string
  disabled: number
  created_at: number | string
  /** Newsroom (0005): review steps the account may take: '' none, '*' any, else names joined by commas. */
  review_steps: Generated<string>
}

export interface SessionsTable {
  id: string
  staff_id: number
  csrf_token: string
  created_at: number | string
  expires_at: number | string
  last_seen: number | string
}

export interface AuditLogTable {
  id: Generated<number>
  at: number | string
  actor: string
  action: string
  /** JSON */
  detail: string
  prev_hash: string
  hash: string
}

/**
 * A login attempt (0009), counted before its password is checked: keyed hashes of the username and of the client
 * address (never either itself), and when. A successful login deletes its row; the rest are failures.
 */
export interface LoginAttemptsTable {
  id: Generated<number>
  account: string
  address: string
  at: number | string
}

export interface MetaTable {
  key: string
  value: string
}

/** Reach roll-ups (0004): the figures of a day, as columns (numbers may come back as strings from PostgreSQL). */
export interface ReachFigureColumns {
  views: number
  visitors: number
  shares: number
  share_opens: number
  video_plays: number
  video_completes: number
  hotline_taps: number
  channel_opens: number
  searches: number
}

export interface ReachDaysTable {
  day: string
  dirty: Generated<number>
  rolled_at: Generated<number | string>
  last_received: Generated<number | string>
  events: Generated<number | string>
}

export interface ReachItemDaysTable extends ReachFigureColumns {
  day: string
  collection: string
  item_id: string
  /** The longest share chain among the item's shares of the day */
  share_depth: Generated<number>
}

export interface ReachItemSpansTable extends ReachFigureColumns {
  /** 4, 16 or 64 days */
  span: number
  first_day: string
  last_day: string
  collection: string
  item_id: string
  /** max(visitors × 10⁶ − day number) over its days */
  peak: number | string
  peak_interactions: number
  share_depth: number
}

export interface ReachRegionDaysTable extends ReachFigureColumns {
  day: string
  /** A region id, or '*' for all */
  region: string
  /** A collection, or '*' for all (with the events that have no item) */
  collection: string
}

export interface ReachSearchDaysTable {
  day: string
  q: string
  count: number
}

export interface ReachSharesTable {
  share_id: string
  parent_id: string | null
  day: string
  collection: string
  item_id: string
  depth: number
}

/** Newsroom (0005): an item's workflow. Numbers may come back as strings from PostgreSQL's bigint. */
export interface NewsroomItemsTable {
  id: Generated<number>
  collection: string
  /** The newsroom's id of the item (the routes' :id): the server's for a new draft, the file's for one read in */
  item_id: string
  /** The public id (file name, share links): null until first published, then fixed (migration 0011) */
  public_id: string | null
  publisher: string
  state: 'draft' | 'in_review' | 'approved' | 'published' | 'withdrawn'
  step: number
  round: number
  version: number
  submitted_version: number | null
  published_version: number | null
  correction_reason: string | null
  created_by: string
  created_at: number | string
  updated_at: number | string
}

export interface NewsroomVersionsTable {
  item: number
  version: number
  /** The front matter, JSON */
  data: string
  body: string
  saved_by: string
  saved_at: number | string
}

export interface NewsroomReviewsTable {
  id: Generated<number>
  item: number
  round: number
  version: number
  step: number
  step_name: string
  reviewer: string
  decision: 'approve' | 'return'
  comment: string | null
  at: number | string
}

/** One account's unsaved work on an item (`collection/id`) or a new item (`new:collection`), migration 0006. */
export interface NewsroomAutosavesTable {
  account: number
  slot: string
  base_version: number
  /** JSON {data, body} */
  content: string
  saved_at: number | string
}

/** A preview link made (0010): the version it shows (null: the newest saved), its expiry, maker and revocation. */
export interface NewsroomPreviewLinksTable {
  id: Generated<number>
  item: number
  version: number | null
  expires_at: number | string
  created_by: string
  created_at: number | string
  revoked_at: number | string | null
  revoked_by: string | null
}

export interface Database {
  meta: MetaTable
  events: EventsTable
  staff: StaffTable
  sessions: SessionsTable
  audit_log: AuditLogTable
  login_attempts: LoginAttemptsTable
  reach_days: ReachDaysTable
  reach_item_days: ReachItemDaysTable
  reach_item_spans: ReachItemSpansTable
  reach_region_days: ReachRegionDaysTable
  reach_search_days: ReachSearchDaysTable
  reach_shares: ReachSharesTable
  newsroom_items: NewsroomItemsTable
  newsroom_versions: NewsroomVersionsTable
  newsroom_reviews: NewsroomReviewsTable
  newsroom_autosaves: NewsroomAutosavesTable
  newsroom_preview_links: NewsroomPreviewLinksTable
}

export type EventRow = Omit<EventsTable, 'at' | 'received_at'> & { at: number; received_at: number }

export interface StoreOptions {
  /** SQLite: the folder of `shijian.sqlite` (made if missing). Ignored when databaseUrl is set. */
  dataDir?: string
  /** PostgreSQL: a connection string. */
  databaseUrl?: string
}

export const SQLITE_FILE = 'shijian.sqlite'
/** SQLite: how long a writer waits for another process's write (WORKERS > 1) before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000
/** PostgreSQL: an unreachable server fails a request within this, so the API answers 503 rather than hang. */
const PG_CONNECT_TIMEOUT_MS = 3_000
const PG_POOL_SIZE = 10

export class Store {
  private constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    /** Where it is, without any password: for logs. */
    readonly description: string,
    /** SQLite: events are inserted on a thread of their own (sqlite-event-writer.ts). */
    private readonly eventWriter?: SqliteEventWriter,
  ) {}

  private migrated: Promise<void> | undefined

  /**
   * The database named by the options, not yet migrated: SQLite's file is opened at once, PostgreSQL is reached on
   * first use. ready() (or the first insert) brings the schema up to date.
   */
  static connect(options: StoreOptions): Store {
    return options.databaseUrl ? Store.postgres(options.databaseUrl) : Store.sqlite(options.dataDir ?? 'data')
  }

  /** Opens and migrates; rejects (the store closed) when the database cannot be reached or migrated. */
  static async open(options: StoreOptions): Promise<Store> {
    const store = Store.connect(options)
    try {
      await store.ready()
    } catch (error) {
      await store.close().catch(() => undefined)
      throw error
    }
    return store
  }

  /** Runs the migrations not yet run, once; after a failure (database unreachable) the next call tries again. */
  ready(): Promise<void> {
    this.migrated ??= this.migrate().catch((error: unknown) => {
      this.migrated = undefined
      throw error
    })
    return this.migrated
  }

  private static sqlite(dataDir: string): Store {
    fs.mkdirSync(dataDir, { recursive: true })
    const file = path.resolve(dataDir, SQLITE_FILE)
    const database = new Sqlite(file, { timeout: SQLITE_BUSY_TIMEOUT_MS })
    database.pragma('journal_mode = WAL')
    database.pragma('synchronous = FULL')
    database.pragma('foreign_keys = ON')
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
    return new Store(db, 'sqlite', `SQLite ${file}`, new SqliteEventWriter(file, SQLITE_BUSY_TIMEOUT_MS))
  }

  private static postgres(url: string): Store {
    const pool = new Pool({
      connectionString: url,
      max: PG_POOL_SIZE,
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    })
    // An idle client losing its connection (server restarted) must not end the process; the next query reconnects
    pool.on('error', () => undefined)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    let where = 'PostgreSQL'
    try {
      const parsed = new URL(url)
      where = `PostgreSQL ${parsed.hostname}${parsed.port ? ':' + parsed.port : ''}${parsed.pathname}`
    } catch {
      // A libpq key=value string: named only by its kind
    }
    return new Store(db, 'postgres', where)
  }

  private async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: { getMigrations: async () => migrations(this.dialect) },
    })
    // SQLite: Kysely takes no lock there, so several processes opening one file (WORKERS > 1) are kept one at a
    // time by an immediate (write) transaction around the whole run; PostgreSQL: Kysely's advisory lock does it.
    if (this.dialect === 'sqlite') await sql`begin immediate`.execute(this.db)
    let results: Awaited<ReturnType<Migrator['migrateToLatest']>>
    try {
      results = await migrator.migrateToLatest()
    } catch (error) {
      if (this.dialect === 'sqlite') await sql`rollback`.execute(this.db).catch(() => undefined)
      throw error
    }
    if (results.error) {
      if (this.dialect === 'sqlite') await sql`rollback`.execute(this.db).catch(() => undefined)
      throw results.error
    }
    if (this.dialect === 'sqlite') await sql`commit`.execute(this.db)
  }

  /**
   * Stores the rows not stored yet (by id) in one statement, which is one transaction; resolves once it is
   * committed, to how many rows were new.
   */
  async insertEvents(rows: EventRow[]): Promise<number> {
    if (rows.length === 0) return 0
    await this.ready()
    const insert = (db: Kysely<Database>) =>
      db
        .insertInto('events')
        .values(rows)
        .onConflict((conflict) => conflict.column('id').doNothing())
        .executeTakeFirst()
    // An event of an earlier day than the one it arrives on (kept offline) marks that day to be rolled up again
    // (server/staff/reach-rollup.ts), in the same transaction
    const late = [...new Set(rows.filter((row) => row.day < shanghaiDate(row.received_at)).map((row) => row.day))]
    if (this.eventWriter) return this.eventWriter.insert(rows, late)
    const result =
      late.length === 0
        ? await insert(this.db)
        : await this.db.transaction().execute(async (trx) => {
            const inserted = await insert(trx)
            await trx
              .insertInto('reach_days')
              .values(late.map((day) => ({ day, dirty: 1 })))
              .onConflict((conflict) => conflict.column('day').doUpdateSet({ dirty: 1 }))
              .execute()
            return inserted
          })
    return Number(result.numInsertedOrUpdatedRows ?? 0n)
  }

  async close(): Promise<void> {
    await this.eventWriter?.close()
    await this.db.destroy()
  }
}
