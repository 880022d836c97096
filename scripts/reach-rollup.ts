// One reach roll-up and retention pass (server/staff/reach-rollup.ts), as the API runs every 10 minutes: rolls up
// the completed days not rolled up yet (or dirty), then deletes raw events older than EVENTS_RETENTION_DAYS
// (default 180; 0: keep) whose day is rolled up. Safe while the API runs, on SQLite and PostgreSQL.
//
//   npm run reach:rollup     (store: DATABASE_URL, else SQLite in DATA_DIR, default data; content: CONTENT_DIR)
import { loadContent } from '../server/content/load-content'
import { DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS, rollUp } from '../server/staff/reach-rollup'
import { Store } from '../server/store/database'

async function main(): Promise<number> {
  const raw = process.env.EVENTS_RETENTION_DAYS?.trim()
  const retentionDays = raw ? Number(raw) : DEFAULT_RETENTION_DAYS
  if (
    !Number.isInteger(retentionDays) ||
    retentionDays < 0 ||
    (retentionDays > 0 && retentionDays < MIN_RETENTION_DAYS)
  ) {
    console.error(`EVENTS_RETENTION_DAYS must be 0 (keep) or a whole number of at least ${MIN_RETENTION_DAYS}`)
    return 2
  }
  const contentDir = process.env.CONTENT_DIR?.trim() || 'seeds'
  const store = await Store.open({
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    dataDir: process.env.DATA_DIR?.trim() || 'data',
  })
  try {
    const started = Date.now()
    const result = await rollUp(store, loadContent(contentDir), { now: Date.now(), retentionDays })
    if (result.skipped) console.log(`${store.description}: another pass is running (it holds the lease); stopped`)
    const days = result.rolled.length
    const span = days > 0 ? ` (${result.rolled[0]} to ${result.rolled[days - 1]})` : ''
    console.log(
      `${store.description}: ${days} days rolled up${span}, ${result.deleted} raw events deleted ` +
        `(retention ${retentionDays || 'off'}), ${Date.now() - started} ms`,
    )
    return 0
  } finally {
    await store.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
