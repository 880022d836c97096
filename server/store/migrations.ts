// The schema, as Kysely migrations kept in code: one list for SQLite and PostgreSQL. Add a migration, never edit one
// that has shipped.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely'

export type Dialect = 'sqlite' | 'postgres'

/** The figures of the reach roll-up tables (0004), one integer column each. */
export const REACH_FIGURE_COLUMNS = [
  'views',
  'visitors',
  'shares',
  'share_opens',
  'video_plays',
  'video_completes',
  'hotline_taps',
  'channel_opens',
  'searches',
] as const

export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_events': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('events')
          // A UUID made by the client: resending an event finds it already stored
          .addColumn('id', dialect === 'postgres' ? 'uuid' : 'text', (column) => column.primaryKey())
          .addColumn('type', 'text', (column) => column.notNull())
          // When it happened (epoch ms, the device's clock) and that moment's date in Asia/Shanghai (YYYY-MM-DD)
          .addColumn('at', 'bigint', (column) => column.notNull())
          .addColumn('day', 'text', (column) => column.notNull())
          .addColumn('visitor', 'text', (column) => column.notNull())
          .addColumn('collection', 'text')
          .addColumn('item_id', 'text')
          .addColumn('page', 'text')
          .addColumn('scene', 'integer')
          .addColumn('share_id', 'text')
          .addColumn('from_share_id', 'text')
          .addColumn('q', 'text')
          // When the server stored it (epoch ms)
          .addColumn('received_at', 'bigint', (column) => column.notNull())
          .execute()
        await db.schema.createIndex('events_day_type').on('events').columns(['day', 'type']).execute()
        await db.schema.createIndex('events_item_day').on('events').columns(['collection', 'item_id', 'day']).execute()
        await db.schema.createIndex('events_share').on('events').column('share_id').execute()
        await db.schema.createIndex('events_from_share').on('events').column('from_share_id').execute()
        // Raw events are deleted after EVENTS_RETENTION_DAYS: by when they were received
        await db.schema.createIndex('events_received').on('events').column('received_at').execute()
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table events`.execute(db)
      },
    },
    '0002_staff': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('staff')
          .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) => column.primaryKey())
          .addColumn('username', 'text', (column) => column.notNull().unique())
          .addColumn('password_hash', 'text', (column) => column.notNull())
          .addColumn('role', 'text', (column) => column.notNull())
          .addColumn('region', 'text', (column) => column.notNull())
          .addColumn('disabled', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .execute()
        await db.schema
          .createTable('sessions')
          // sha256 of the random token in the cookie: a copy of the table opens no session
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('staff_id', 'integer', (column) => column.notNull().references('staff.id').onDelete('cascade'))
          .addColumn('csrf_token', 'text', (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('expires_at', 'bigint', (column) => column.notNull())
          .addColumn('last_seen', 'bigint', (column) => column.notNull())
          .execute()
        await db.schema.createIndex('sessions_staff').on('sessions').column('staff_id').execute()
        await db.schema
          .createTable('audit_log')
          .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) => column.primaryKey())
          .addColumn('at', 'bigint', (column) => column.notNull())
          .addColumn('actor', 'text', (column) => column.notNull())
          .addColumn('action', 'text', (column) => column.notNull())
          .addColumn('detail', 'text', (column) => column.notNull())
          // Unique: two writers racing for the same predecessor cannot both append
          .addColumn('prev_hash', 'text', (column) => column.notNull().unique())
          .addColumn('hash', 'text', (column) => column.notNull())
          .execute()
        await db.schema
          .createTable('login_attempts')
          // 'user:<username>' or 'addr:<HMAC of the address>': never the address itself
          .addColumn('key', 'text', (column) => column.notNull())
          .addColumn('at', 'bigint', (column) => column.notNull())
          .execute()
        await db.schema.createIndex('login_attempts_key_at').on('login_attempts').columns(['key', 'at']).execute()
      },
      async down(db: Kysely<unknown>) {
        for (const table of ['login_attempts', 'audit_log', 'sessions', 'staff']) {
          await db.schema.dropTable(table).execute()
        }
      },
    },
    '0003_meta': {
      async up(db: Kysely<unknown>) {
        // Facts about the store itself, e.g. 'generated': the store holds demo events made by `npm run reach:demo`
        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('value', 'text', (column) => column.notNull())
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('meta').execute()
      },
    },
    '0004_reach_rollups': {
      // Daily roll-ups of the reach events (server/staff/reach-rollup.ts), kept for good; raw events are deleted after
      // EVENTS_RETENTION_DAYS once their day is rolled up. No visitor id is kept in any of them.
      async up(db: Kysely<unknown>) {
        const figures = (table: CreateTableBuilder<string, string>) => {
          let built = table
          for (const name of REACH_FIGURE_COLUMNS)
            built = built.addColumn(name, 'integer', (column) => column.notNull())
          return built
        }
        // Each Asia/Shanghai day rolled up (dirty = 1: an event for it arrived later, it is rolled up again)
        await db.schema
          .createTable('reach_days')
          .addColumn('day', 'text', (column) => column.primaryKey())
          .addColumn('dirty', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('rolled_at', 'bigint', (column) => column.notNull().defaultTo(0))
          .addColumn('last_received', 'bigint', (column) => column.notNull().defaultTo(0))
          .addColumn('events', 'bigint', (column) => column.notNull().defaultTo(0))
          .execute()
        // Per item and day (visitors: the day's distinct visitors of the item)
        await figures(
          db.schema
            .createTable('reach_item_days')
            .addColumn('day', 'text', (column) => column.notNull())
            .addColumn('collection', 'text', (column) => column.notNull())
            .addColumn('item_id', 'text', (column) => column.notNull()),
        )
          // The longest share chain among the item's shares of the day (reach_shares.depth)
          .addColumn('share_depth', 'integer', (column) => column.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('reach_item_days_pk', ['day', 'collection', 'item_id'])
          .execute()
        // Per item over aligned spans of 4, 16 and 64 days (day number since 1970-01-01 a multiple of the span), summed
        // from the level below when a day in them is rolled up: a period of 180 days reads a few dozen spans per
        // item rather than 180 days. peak = max(visitors × 10⁶ − day number) of its days: the most visitors of a day
        // and the earliest such day in one number.
        await figures(
          db.schema
            .createTable('reach_item_spans')
            .addColumn('span', 'integer', (column) => column.notNull())
            .addColumn('first_day', 'text', (column) => column.notNull())
            .addColumn('last_day', 'text', (column) => column.notNull())
            .addColumn('collection', 'text', (column) => column.notNull())
            .addColumn('item_id', 'text', (column) => column.notNull()),
        )
          .addColumn('peak', 'bigint', (column) => column.notNull())
          .addColumn('peak_interactions', 'integer', (column) => column.notNull())
          .addColumn('share_depth', 'integer', (column) => column.notNull())
          .addPrimaryKeyConstraint('reach_item_spans_pk', ['span', 'first_day', 'collection', 'item_id'])
          .execute()
        // Per region ('*': all) and collection ('*': all, with the events that have no item) and day: distinct
        // visitors cannot be added up across items, so each scope has its own
        await figures(
          db.schema
            .createTable('reach_region_days')
            .addColumn('day', 'text', (column) => column.notNull())
            .addColumn('region', 'text', (column) => column.notNull())
            .addColumn('collection', 'text', (column) => column.notNull()),
        )
          .addPrimaryKeyConstraint('reach_region_days_pk', ['day', 'region', 'collection'])
          .execute()
        // No-result search words per day
        await db.schema
          .createTable('reach_search_days')
          .addColumn('day', 'text', (column) => column.notNull())
          .addColumn('q', 'text', (column) => column.notNull())
          .addColumn('count', 'integer', (column) => column.notNull())
          .addPrimaryKeyConstraint('reach_search_days_pk', ['day', 'q'])
          .execute()
        // Every share (a random id made by the app), the share it was made from, and the length of its chain
        await db.schema
          .createTable('reach_shares')
          .addColumn('share_id', 'text', (column) => column.primaryKey())
          .addColumn('parent_id', 'text')
          .addColumn('day', 'text', (column) => column.notNull())
          .addColumn('collection', 'text', (column) => column.notNull())
          .addColumn('item_id', 'text', (column) => column.notNull())
          .addColumn('depth', 'integer', (column) => column.notNull())
          .execute()
        await db.schema
          .createIndex('reach_shares_day')
          .on('reach_shares')
          .columns(['day', 'collection', 'item_id'])
          .execute()
        await db.schema.createIndex('reach_shares_parent').on('reach_shares').column('parent_id').execute()
      },
      async down(db: Kysely<unknown>) {
        for (const table of [
          'reach_shares',
          'reach_search_days',
          'reach_region_days',
          'reach_item_spans',
          'reach_item_days',
          'reach_days',
        ]) {
          await db.schema.dropTable(table).execute()
        }
      },
    },
    '0005_newsroom': {
      async up(db: Kysely<unknown>) {
        const id = dialect === 'postgres' ? 'serial' : 'integer'
        // Which review steps an account may take: '' none, '*' any, else step names joined by commas
        await db.schema
          .alterTable('staff')
          .addColumn('review_steps', 'text', (column) => column.notNull().defaultTo(''))
          .execute()
        // One row per item the newsroom has touched: its workflow state, the version last saved and the one
        // under review, published or withdrawn
        await db.schema
          .createTable('newsroom_items')
          .addColumn('id', id, (column) => column.primaryKey())
          .addColumn('collection', 'text', (column) => column.notNull())
          .addColumn('item_id', 'text', (column) => column.notNull())
          .addColumn('publisher', 'text', (column) => column.notNull())
          // draft | in_review | approved | published | withdrawn
          .addColumn('state', 'text', (column) => column.notNull())
          // While in review: the index of the step waiting in the chain
          .addColumn('step', 'integer', (column) => column.notNull().defaultTo(0))
          // Bumped by each submit: approvals count within one round
          .addColumn('round', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('version', 'integer', (column) => column.notNull())
          .addColumn('submitted_version', 'integer')
          .addColumn('published_version', 'integer')
          // Set while a correction (更正) of a published item goes through the chain
          .addColumn('correction_reason', 'text')
          .addColumn('created_by', 'text', (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .addUniqueConstraint('newsroom_items_collection_item', ['collection', 'item_id'])
          .execute()
        // Every saved version, kept for diffs: front matter as JSON, the Markdown body
        await db.schema
          .createTable('newsroom_versions')
          .addColumn('item', 'integer', (column) =>
            column.notNull().references('newsroom_items.id').onDelete('cascade'),
          )
          .addColumn('version', 'integer', (column) => column.notNull())
          .addColumn('data', 'text', (column) => column.notNull())
          .addColumn('body', 'text', (column) => column.notNull())
          .addColumn('saved_by', 'text', (column) => column.notNull())
          .addColumn('saved_at', 'bigint', (column) => column.notNull())
          .addPrimaryKeyConstraint('newsroom_versions_pk', ['item', 'version'])
          .execute()
        // Review steps: who, which step of which round, on which version, approve or return, the comment, when
        await db.schema
          .createTable('newsroom_reviews')
          .addColumn('id', id, (column) => column.primaryKey())
          .addColumn('item', 'integer', (column) =>
            column.notNull().references('newsroom_items.id').onDelete('cascade'),
          )
          .addColumn('round', 'integer', (column) => column.notNull())
          .addColumn('version', 'integer', (column) => column.notNull())
          .addColumn('step', 'integer', (column) => column.notNull())
          .addColumn('step_name', 'text', (column) => column.notNull())
          .addColumn('reviewer', 'text', (column) => column.notNull())
          // approve | return
          .addColumn('decision', 'text', (column) => column.notNull())
          .addColumn('comment', 'text')
          .addColumn('at', 'bigint', (column) => column.notNull())
          .execute()
        await db.schema.createIndex('newsroom_reviews_item').on('newsroom_reviews').columns(['item', 'round']).execute()
      },
      async down(db: Kysely<unknown>) {
        for (const table of ['newsroom_reviews', 'newsroom_versions', 'newsroom_items']) {
          await db.schema.dropTable(table).execute()
        }
        await db.schema.alterTable('staff').dropColumn('review_steps').execute()
      },
    },
    '0006_newsroom_autosave': {
      async up(db: Kysely<unknown>) {
        // Each account's unsaved work on an item (slot `collection/id`) or on a new item of a collection (slot
        // `new:collection`): one per account and slot, replaced by each autosave, deleted when the account saves a
        // version. Private working copies: not versions, not audited. `content` is JSON {data, body} as typed.
        await db.schema
          .createTable('newsroom_autosaves')
          .addColumn('account', 'integer', (column) => column.notNull().references('staff.id').onDelete('cascade'))
          .addColumn('slot', 'text', (column) => column.notNull())
          // The version the editor had loaded (0: none yet)
          .addColumn('base_version', 'integer', (column) => column.notNull())
          .addColumn('content', 'text', (column) => column.notNull())
          .addColumn('saved_at', 'bigint', (column) => column.notNull())
          .addPrimaryKeyConstraint('newsroom_autosaves_pk', ['account', 'slot'])
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('newsroom_autosaves').execute()
      },
    },
    '0009_login_attempts': {
      // Login throttling (staff/staff-store.ts) counts an attempt before its password is checked, per account, per
      // address and per both: one row per attempt with both keyed hashes, its id to release it. The rows of 0002
      // (one per key) last 15 minutes at most, so they are dropped rather than converted.
      async up(db: Kysely<unknown>) {
        await db.schema.dropTable('login_attempts').execute()
        await db.schema
          .createTable('login_attempts')
          .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) => column.primaryKey())
          // HMAC-SHA256 (hex) of 'user:<username>' and of 'addr:<address, an IPv6 one by its /64>'
          .addColumn('account', 'text', (column) => column.notNull())
          .addColumn('address', 'text', (column) => column.notNull())
          .addColumn('at', 'bigint', (column) => column.notNull())
          .execute()
        await db.schema
          .createIndex('login_attempts_account_at')
          .on('login_attempts')
          .columns(['account', 'at'])
          .execute()
        await db.schema
          .createIndex('login_attempts_address_at')
          .on('login_attempts')
          .columns(['address', 'at'])
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('login_attempts').execute()
        await db.schema
          .createTable('login_attempts')
          .addColumn('key', 'text', (column) => column.notNull())
          .addColumn('at', 'bigint', (column) => column.notNull())
          .execute()
        await db.schema.createIndex('login_attempts_key_at').on('login_attempts').columns(['key', 'at']).execute()
      },
    },
    '0010_newsroom_preview_links': {
      async up(db: Kysely<unknown>) {
        const id = dialect === 'postgres' ? 'serial' : 'integer'
        // Each preview link made (newsroom/preview-links.ts): the item, the version it shows (null: the newest saved
        // one whenever it is opened), until when, who made it and when, and who revoked it and when. A token names
        // its row and is honoured only as the row says.
        await db.schema
          .createTable('newsroom_preview_links')
          .addColumn('id', id, (column) => column.primaryKey())
          .addColumn('item', 'integer', (column) =>
            column.notNull().references('newsroom_items.id').onDelete('cascade'),
          )
          .addColumn('version', 'integer')
          .addColumn('expires_at', 'bigint', (column) => column.notNull())
          .addColumn('created_by', 'text', (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('revoked_at', 'bigint')
          .addColumn('revoked_by', 'text')
          .execute()
        await db.schema.createIndex('newsroom_preview_links_item').on('newsroom_preview_links').column('item').execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('newsroom_preview_links').execute()
      },
    },
    '0011_newsroom_public_id': {
      async up(db: Kysely<unknown>) {
        // An item's public id (the file's name in CONTENT_DIR and the id in share links), apart from its newsroom id
        // (`item_id`, made by the server for a new draft): null until the item is first published, then fixed. Items
        // read in from a file, and those published before this column, keep their id as both.
        await db.schema.alterTable('newsroom_items').addColumn('public_id', 'text').execute()
        await sql`update newsroom_items set public_id = item_id
          where published_version is not null or created_by = '(content file)'`.execute(db)
        // One item per public id (NULLs, the drafts never published, are apart): two publications racing for one id,
        // one is refused
        await db.schema
          .createIndex('newsroom_items_collection_public')
          .on('newsroom_items')
          .columns(['collection', 'public_id'])
          .unique()
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropIndex('newsroom_items_collection_public').execute()
        await db.schema.alterTable('newsroom_items').dropColumn('public_id').execute()
      },
    },
  }
}
