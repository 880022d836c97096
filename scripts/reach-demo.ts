// Demo data for the staff reach dashboard: generated events (scripts/lib/reach-generator.ts says how) for the
// published items of CONTENT_DIR (default seeds), written into the store of DATABASE_URL, else SQLite in DATA_DIR
// (default data), with a row in table meta (key 'generated') saying the store holds generated data, which the
// dashboard shows. Never mixed with real data: a store holding events it did not make is refused.
//
//   npm run reach:demo -- [--days 180] [--events 100000] [--seed 1] [--end YYYY-MM-DD] [--replace] [--city-items]
//
// --end: the last day (default today in Asia/Shanghai); --replace: delete the events an earlier run generated first;
// --city-items: first write one demo warning per city (published by it, titled 【演示】…) into CONTENT_DIR, which
// must then be a copy of the content, not seeds/ (scripts/lib/demo-content.ts), so that the bureaus' ranking shows.
// Exit 0: written; 2: refused (real events in the store, generated ones without --replace) or a wrong option; 1: error.
import path from 'node:path'
import { sql } from 'kysely'
import { ContentStore } from '../server/content/content-store'
import { searchPage } from '../server/content/search-page'
import { isRealDate, shanghaiDate } from '../server/content/shanghai-date'
import { Store } from '../server/store/database'
import { writeCityItems } from './lib/demo-content'
import { DEMO_VISITOR_PREFIX, generate, periodDays, toRows } from './lib/reach-generator'

const USAGE =
  'usage: npm run reach:demo -- [--days 180] [--events 100000] [--seed 1] [--end YYYY-MM-DD] [--replace] [--city-items]\n' +
  '       (store: DATABASE_URL, else SQLite in DATA_DIR, default data; content: CONTENT_DIR, default seeds)'
export const GENERATED_KEY = 'generated'
const INSERT_ROWS = 1000
const ROLLUP_TABLES = [
  'reach_days',
  'reach_item_days',
  'reach_item_spans',
  'reach_region_days',
  'reach_search_days',
  'reach_shares',
] as const

class Refusal extends Error {}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`)
  if (at < 0) return undefined
  const value = args[at + 1]
  if (value === undefined || value.startsWith('--')) throw new Refusal(`--${name} needs a value\n${USAGE}`)
  return value
}

function whole(args: string[], name: string, fallback: number, max: number): number {
  const raw = option(args, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Refusal(`--${name} must be a whole number from 1 to ${max}\n${USAGE}`)
  return value
}

/** The description kept in table meta and shown by the dashboard. */
export function description(made: string, seed: number, first: string, last: string, count?: number): string {
  const what = count === undefined ? '' : `，共 ${count} 条事件`
  return `演示数据：由 npm run reach:demo 于 ${made} 生成（种子 ${seed}，${first} 至 ${last}${what}），不是真实的传播数据`
}

async function main(args: string[]): Promise<number> {
  const known = new Set(['--days', '--events', '--seed', '--end', '--replace', '--city-items'])
  const unknown = args.find((arg, n) => arg.startsWith('--') && !known.has(arg) && !known.has(args[n - 1]))
  if (unknown) throw new Refusal(`unknown option ${unknown}\n${USAGE}`)
  const now = Date.now()
  const days = whole(args, 'days', 180, 366)
  const events = whole(args, 'events', 100_000, 20_000_000)
  const seed = whole(args, 'seed', 1, 2 ** 31)
  const end = option(args, 'end') ?? shanghaiDate(now)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || !isRealDate(end)) throw new Refusal(`--end must be a date as YYYY-MM-DD`)
  if (end > shanghaiDate(now)) throw new Refusal(`--end ${end} is in the future: events cannot have happened yet`)
  const replace = args.includes('--replace')

  const contentDir = process.env.CONTENT_DIR?.trim() || 'seeds'
  let cityItems: string[] = []
  if (args.includes('--city-items')) {
    try {
      cityItems = writeCityItems(contentDir, end, path.join(__dirname, '..', 'seeds'))
    } catch (error) {
      throw new Refusal(`--city-items: ${(error as Error).message}`)
    }
  }
  const contentStore = new ContentStore({ contentDir, withPreview: false, now: () => now })
  const content = contentStore.content
  const searchFinds = (q: string) => searchPage(contentStore.view(false), q, 1, 1).total > 0

  const store = await Store.open({
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    dataDir: process.env.DATA_DIR?.trim() || 'data',
  })
  try {
    const generated = await store.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', GENERATED_KEY)
      .executeTakeFirst()
    const count = async (onlyReal: boolean) => {
      let query = store.db.selectFrom('events').select((eb) => eb.fn.countAll<number | string>().as('n'))
      if (onlyReal)
        query = query.where(sql<string>`substr(visitor, 1, ${DEMO_VISITOR_PREFIX.length})`, '!=', DEMO_VISITOR_PREFIX)
      return Number((await query.executeTakeFirstOrThrow()).n)
    }
    const held = await count(false)
    // Days rolled up (server/staff/reach-rollup.ts): kept for good, so a store whose raw events are gone may have them
    const rolled = Number(
      (
        await store.db
          .selectFrom('reach_days')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    if ((held > 0 || rolled > 0) && !generated)
      throw new Refusal(
        `${store.description} holds ${held} events and ${rolled} rolled-up days and no '${GENERATED_KEY}' row in ` +
          'table meta: they are real, and generated data must never be mixed with real data. Use an empty store ' +
          '(another DATA_DIR or DATABASE_URL).',
      )
    if (held > 0 || rolled > 0) {
      const real = await count(true)
      if (real > 0)
        throw new Refusal(
          `${store.description} holds generated events and ${real} events that were not generated (they arrived ` +
            'later): nothing is changed. Use an empty store (another DATA_DIR or DATABASE_URL).',
        )
      if (!replace)
        throw new Refusal(
          `${store.description} already holds ${held} generated events (${generated!.value}): ` +
            'add --replace to replace them.',
        )
      await store.db
        .deleteFrom('events')
        .where(sql<string>`substr(visitor, 1, ${DEMO_VISITOR_PREFIX.length})`, '=', DEMO_VISITOR_PREFIX)
        .execute()
      // Their roll-ups too (the store held generated data only), or the API's next pass would keep the old figures
      for (const table of ROLLUP_TABLES) await store.db.deleteFrom(table).execute()
      console.log(`replaced: ${held} events generated earlier deleted, and their roll-ups`)
    }

    const period = periodDays(end, days)
    const made = shanghaiDate(now)
    const first = period[0].day
    const mark = (value: string) =>
      store.db
        .insertInto('meta')
        .values({ key: GENERATED_KEY, value })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
        .execute()
    // Marked before the first event is written: an interrupted run leaves a store known to hold generated data
    await mark(description(made, seed, first, end))

    const generation = generate({ content, end, days, events, seed, now, searchFinds })
    let written = 0
    let pending: ReturnType<typeof toRows> = []
    const flush = async () => {
      written += await store.insertEvents(pending)
      pending = []
    }
    for (const day of generation.days) {
      for (const row of toRows(day, content)) {
        pending.push(row)
        if (pending.length >= INSERT_ROWS) await flush()
      }
    }
    await flush()
    const text = description(made, seed, first, end, written)
    await mark(text)
    console.log(`${written} generated events written to ${store.description}`)
    console.log(
      `  ${generation.items} published items of ${contentDir}, ${first} to ${end} (${days} days), seed ${seed}` +
        (generation.chains ? '' : '; re-shares without fromShareId (the API does not take it on a share yet)'),
    )
    console.log(`  searches that find nothing: ${generation.topics.length} topics the content lacks`)
    if (cityItems.length)
      console.log(`  demo items, one per city, written into ${contentDir}/warnings: ${cityItems.length}`)
    console.log(`  table meta, '${GENERATED_KEY}': ${text}`)
    return 0
  } finally {
    await store.close()
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof Refusal) {
        console.error(`reach:demo: ${error.message}`)
        process.exit(2)
      }
      console.error(error)
      process.exit(1)
    },
  )
}
