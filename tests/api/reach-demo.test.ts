// npm run reach:demo (scripts/reach-demo.ts, scripts/lib/reach-generator.ts) run as a child process on temporary
// SQLite stores: the store is marked as holding generated data, every stored event passes POST /api/v1/events as
// the app would have sent it, the patterns hold, one seed gives the same events, and a store holding real events
// (or generated ones, without --replace) is refused and left as it was.
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { ContentStore } from '../../server/content/content-store'
import { searchPage } from '../../server/content/search-page'
import { validateEvents } from '../../server/events/validate-events'
import { rollUp } from '../../server/staff/reach-rollup'
import { StaffStore } from '../../server/staff/staff-store'
import { Store } from '../../server/store/database'
import type { ReachEvent } from '../../src/model/events'
import { post, tempDataDir } from './events-helpers'
import { addAccounts, logIn } from './newsroom-helpers'
import { REPO_ROOT, testApp } from './test-app'

const run = promisify(execFile)
const SEEDS = path.join(REPO_ROOT, 'seeds')
const END = '2026-11-28'
const DEMO = ['--days', '30', '--end', END, '--events', '4000']

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

async function reachDemo(dataDir: string, args: string[], contentDir = SEEDS): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/reach-demo.ts', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: contentDir, DATABASE_URL: '' } },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

async function contents(dataDir: string) {
  const store = await Store.open({ dataDir })
  try {
    const rows = await store.db.selectFrom('events').selectAll().orderBy('id').execute()
    const meta = await store.db.selectFrom('meta').selectAll().execute()
    return { rows: rows.map((row) => ({ ...row, at: Number(row.at), received_at: Number(row.received_at) })), meta }
  } finally {
    await store.close()
  }
}

type Row = Awaited<ReturnType<typeof contents>>['rows'][number]

/** The event the app would have sent for a stored row. */
function eventOf(row: Row): ReachEvent {
  const event: Record<string, unknown> = { id: row.id, type: row.type, at: row.at, visitor: row.visitor }
  const optional = {
    collection: row.collection,
    itemId: row.item_id,
    page: row.page,
    scene: row.scene,
    shareId: row.share_id,
    fromShareId: row.from_share_id,
    q: row.q,
  }
  for (const [key, value] of Object.entries(optional)) if (value !== null) event[key] = value
  return event as unknown as ReachEvent
}

describe('npm run reach:demo', () => {
  const contentStore = new ContentStore({ contentDir: SEEDS, withPreview: false })
  const content = contentStore.content
  let first: Awaited<ReturnType<typeof contents>>
  let firstRun: Outcome
  let firstDir: string

  beforeAll(async () => {
    firstDir = tempDataDir()
    firstRun = await reachDemo(firstDir, [...DEMO, '--seed', '7'])
    first = await contents(firstDir)
  }, 60_000)

  it('writes events and marks the store as holding generated data, saying so', () => {
    expect(firstRun.code).toBe(0)
    expect(first.rows.length).toBeGreaterThan(3000)
    expect(first.meta).toHaveLength(1)
    expect(first.meta[0].key).toBe('generated')
    const period = '2026-10-30 至 2026-11-28'
    expect(first.meta[0].value).toMatch(
      new RegExp(
        `^演示数据：由 npm run reach:demo 于 \\d{4}-\\d{2}-\\d{2} 生成（种子 7，${period}，共 ${first.rows.length} 条事件），不是真实的传播数据$`,
      ),
    )
    expect(firstRun.stdout).toContain(`${first.rows.length} generated events written`)
    // Every visitor id says it is generated
    expect(first.rows.every((row) => row.visitor.startsWith('demo-'))).toBe(true)
  })

  it('stores only events that POST /api/v1/events takes, as it stores them', async () => {
    // Each row is what validation makes of the event, received when the generator says
    for (const row of first.rows) {
      expect(validateEvents({ events: [eventOf(row)] }, content, row.received_at)).toEqual([row])
    }
    // And through the route itself: the last day's events, sent in batches of 50 to an API whose clock is then
    const store = await Store.open({ dataDir: tempDataDir() })
    const lastDay = first.rows.filter((row) => row.day === END)
    const clock = Math.max(...lastDay.map((row) => row.received_at))
    const app = testApp({ contentDir: SEEDS, events: { store }, now: () => clock })
    try {
      for (let n = 0; n < lastDay.length; n += 50) {
        const response = await post(app, { events: lastDay.slice(n, n + 50).map(eventOf) })
        expect(response.statusCode).toBe(202)
        expect(response.json()).toEqual({ accepted: Math.min(50, lastDay.length - n), duplicates: 0 })
      }
    } finally {
      await app.close()
      await store.close()
    }
    expect(lastDay.length).toBeGreaterThan(50)
  }, 60_000)

  it('has the documented patterns', () => {
    const count = (type: string) => first.rows.filter((row) => row.type === type).length
    const views = count('view')
    const shares = count('share')
    for (const type of ['view', 'share', 'share_open', 'video_play', 'video_complete', 'hotline_tap', 'channel_open'])
      expect(count(type)).toBeGreaterThan(0)
    expect(shares / views).toBeGreaterThan(0.01)
    expect(shares / views).toBeLessThan(0.08)
    expect(count('share_open') / shares).toBeGreaterThan(1)
    expect(count('share_open') / shares).toBeLessThan(3)
    expect(count('video_complete') / count('video_play')).toBeGreaterThan(0.35)
    expect(count('video_complete') / count('video_play')).toBeLessThan(0.75)
    // Every open comes from a stored share, by another visitor
    const sharesById = new Map(first.rows.filter((row) => row.type === 'share').map((row) => [row.share_id, row]))
    for (const open of first.rows.filter((row) => row.type === 'share_open')) {
      const share = sharesById.get(open.from_share_id)
      expect(share).toBeDefined()
      expect(open.visitor).not.toBe(share!.visitor)
      expect(open.at).toBeGreaterThanOrEqual(share!.at)
      expect([1007, 1008, 1154]).toContain(open.scene)
    }
    // Chains (reach-contract "Share depth"): a share by someone who opened a share carries that share's id
    const reshares = first.rows.filter((row) => row.type === 'share' && row.from_share_id !== null)
    expect(reshares.length).toBeGreaterThan(0)
    for (const share of reshares) {
      expect(sharesById.has(share.from_share_id)).toBe(true)
      const opened = first.rows.find(
        (row) =>
          row.type === 'share_open' && row.visitor === share.visitor && row.from_share_id === share.from_share_id,
      )
      expect(opened).toBeDefined()
      expect(share.at).toBeGreaterThanOrEqual(opened!.at)
    }
    // Nothing before an item was published
    const published = new Map(
      Object.values(content.items)
        .flat()
        .map((item) => [`${item.collection}/${item.id}`, item.data.publishedAt]),
    )
    for (const row of first.rows.filter((r) => r.item_id !== null)) {
      expect(row.day >= published.get(`${row.collection}/${row.item_id}`)!).toBe(true)
    }
    // Searches: words the content really lacks (the API's search finds nothing), a few far more often
    const searches = first.rows.filter((row) => row.type === 'search').map((row) => row.q!)
    expect(searches.length).toBeGreaterThan(5)
    for (const q of new Set(searches)) expect(searchPage(contentStore.view(false), q, 1, 1).total).toBe(0)
    // Weekly rhythm: fewer views on a weekend day than on a weekday, on average (pages without an item)
    const byWeekday = [0, 0, 0, 0, 0, 0, 0]
    for (const row of first.rows.filter((r) => r.type === 'view' && r.item_id === null))
      byWeekday[new Date(`${row.day}T00:00:00Z`).getUTCDay()]++
    expect(byWeekday[0] + byWeekday[6]).toBeLessThan((byWeekday[2] + byWeekday[3]) * 0.95)
  })

  it('is announced as generated by the staff reach answer, with its figures', async () => {
    const store = await Store.open({ dataDir: firstDir })
    const app = testApp({ contentDir: SEEDS, events: { store }, now: () => Date.parse(`${END}T12:00:00+08:00`) })
    try {
      await addAccounts(new StaffStore(store, Date.now), { 'demo-viewer': { role: 'province', region: 'jiangsu' } })
      const { cookie } = (await logIn(app, ['demo-viewer'], '10.61'))['demo-viewer']
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/staff/reach?from=2026-10-30&to=${END}`,
        headers: { cookie },
      })
      expect(response.statusCode).toBe(200)
      const body = response.json()
      expect(body.generated).toBe(first.meta[0].value)
      expect(body.totals.views).toBe(first.rows.filter((row) => row.type === 'view').length)
      expect(body.totals.shares).toBe(first.rows.filter((row) => row.type === 'share').length)
    } finally {
      await app.close()
      await store.close()
    }
  }, 60_000)

  it('makes the same events from the same seed, and others from another', async () => {
    const again = tempDataDir()
    expect((await reachDemo(again, [...DEMO, '--seed', '7'])).code).toBe(0)
    expect((await contents(again)).rows).toEqual(first.rows)
    const other = tempDataDir()
    expect((await reachDemo(other, [...DEMO, '--seed', '8'])).code).toBe(0)
    const otherRows = (await contents(other)).rows
    expect(otherRows.length).toBeGreaterThan(3000)
    expect(otherRows.map((row) => row.id)).not.toEqual(first.rows.map((row) => row.id))
  }, 60_000)

  it('refuses a store holding real events, changing nothing', async () => {
    const dir = tempDataDir()
    const store = await Store.open({ dataDir: dir })
    const at = Date.parse(`${END}T02:00:00Z`)
    const real = validateEvents(
      {
        events: [{ id: randomUUID(), type: 'view', at, visitor: 'a-real-visitor-0001', page: 'pages/index/index' }],
      },
      content,
      at,
    )
    await store.insertEvents(real)
    await store.close()
    const outcome = await reachDemo(dir, DEMO)
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(/holds 1 events and 0 rolled-up days and no 'generated' row.*real/s)
    const after = await contents(dir)
    expect(after.rows.map((row) => row.id)).toEqual([real[0].id])
    expect(after.meta).toEqual([])
  }, 60_000)

  it('refuses a store whose real events are gone but whose roll-ups remain', async () => {
    const dir = tempDataDir()
    const store = await Store.open({ dataDir: dir })
    await store.db.insertInto('reach_days').values({ day: '2026-11-01', dirty: 0 }).execute()
    await store.close()
    const outcome = await reachDemo(dir, DEMO)
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(/holds 0 events and 1 rolled-up days and no 'generated' row/)
    expect((await contents(dir)).rows).toEqual([])
  }, 60_000)

  it('refuses to add to its own events unless told --replace, which replaces them', async () => {
    const dir = tempDataDir()
    expect((await reachDemo(dir, [...DEMO, '--seed', '3'])).code).toBe(0)
    // Rolled up, as the API does soon after it starts
    const rollStore = await Store.open({ dataDir: dir })
    await rollUp(rollStore, content, { now: Date.now() })
    await rollStore.close()
    const before = await contents(dir)
    const refused = await reachDemo(dir, [...DEMO, '--seed', '4'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--replace')
    expect(await contents(dir)).toEqual(before)
    const replaced = await reachDemo(dir, [...DEMO, '--seed', '4', '--replace'])
    expect(replaced.code).toBe(0)
    const after = await contents(dir)
    expect(after.rows.some((row) => before.rows.some((old) => old.id === row.id))).toBe(false)
    expect(after.meta[0].value).toContain('种子 4')
    expect(after.meta[0].value).toContain(`共 ${after.rows.length} 条事件`)
    // The earlier roll-ups went with their events: the next pass sums up the new ones
    const store = await Store.open({ dataDir: dir })
    try {
      expect(await store.db.selectFrom('reach_item_days').selectAll().execute()).toEqual([])
      await rollUp(store, content, { now: Date.now() })
      const { views } = await store.db
        .selectFrom('reach_item_days')
        .select((eb) => eb.fn.sum<number>('views').as('views'))
        .executeTakeFirstOrThrow()
      expect(Number(views)).toBe(after.rows.filter((row) => row.type === 'view' && row.item_id !== null).length)
    } finally {
      await store.close()
    }
  }, 60_000)

  it('refuses wrong options and a period in the future', async () => {
    const dir = tempDataDir()
    for (const args of [
      ['--days', '0'],
      ['--events', 'many'],
      ['--end', '2999-01-01'],
      ['--sead', '1'],
    ]) {
      const outcome = await reachDemo(dir, args)
      expect(outcome.code).toBe(2)
      expect(outcome.stderr).toMatch(/^reach:demo: /)
    }
  }, 60_000)
})

// The dashboard's figures for the demo with --city-items (each city's own warning), against figures counted by hand
// from the stored events: totals, opens per share (no rate: it may pass 1), the completion rate (at most 100 %), each
// city's row, its 传播力指数 by the README's formula, and its rank.
describe('npm run reach:demo -- --city-items: the dashboard against hand-computed figures', () => {
  const FROM = '2026-11-15'
  let contentDir: string
  let dataDir: string
  let rows: Row[]
  let body: {
    totals: Record<string, number | null>
    items: Record<string, unknown>[]
    regions: {
      id: string
      kind: string
      rank: number
      index: number
      items: number
      views: number
      visitors: number
      shares: number
      shareOpens: number
    }[]
  }

  beforeAll(async () => {
    contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-reach-demo-content-'))
    fs.cpSync(SEEDS, contentDir, { recursive: true })
    dataDir = tempDataDir()
    const made = await reachDemo(
      dataDir,
      ['--days', '14', '--end', END, '--events', '6000', '--seed', '5', '--city-items'],
      contentDir,
    )
    expect(made.code).toBe(0)
    expect(made.stdout).toContain('demo items, one per city')
    rows = (await contents(dataDir)).rows
    const store = await Store.open({ dataDir })
    const app = testApp({ contentDir, events: { store }, now: () => Date.parse(`${END}T23:59:00+08:00`) })
    try {
      await addAccounts(new StaffStore(store, Date.now), { 'hand-check': { role: 'province', region: 'jiangsu' } })
      const { cookie } = (await logIn(app, ['hand-check'], '10.62'))['hand-check']
      const response = await app.inject({ url: `/api/v1/staff/reach?from=${FROM}&to=${END}`, headers: { cookie } })
      expect(response.statusCode).toBe(200)
      body = response.json()
    } finally {
      await app.close()
      await store.close()
    }
  }, 120_000)

  const inPeriod = () => rows.filter((row) => row.day >= FROM && row.day <= END)
  const count = (list: Row[], type: string) => list.filter((row) => row.type === type).length
  /** Visitors as the dashboard counts them: the distinct visitors of each day, added up. */
  const visitors = (list: Row[]) => {
    const byDay = new Map<string, Set<string>>()
    for (const row of list) (byDay.get(row.day) ?? byDay.set(row.day, new Set()).get(row.day)!).add(row.visitor)
    return [...byDay.values()].reduce((sum, set) => sum + set.size, 0)
  }
  const ln = Math.log

  it('totals: views, visitors, shares, opens and their ratio, the completion rate', () => {
    const all = inPeriod()
    const shares = count(all, 'share')
    const opens = count(all, 'share_open')
    const plays = count(all, 'video_play')
    const completes = count(all, 'video_complete')
    expect(body.totals).toMatchObject({
      views: count(all, 'view'),
      visitors: visitors(all),
      shares,
      shareOpens: opens,
      videoPlays: plays,
      videoCompletes: completes,
      hotlineTaps: count(all, 'hotline_tap'),
    })
    expect(body.totals.opensPerShare).toBeCloseTo(opens / shares, 12)
    expect(body.totals.completionRate).toBeCloseTo(completes / plays, 12)
    // Opens per share is not a rate: a share is opened 1–3 times, so it passes 1; no field is called a rate that does
    expect(opens / shares).toBeGreaterThan(1)
    expect(body.totals).not.toHaveProperty('openRate')
    for (const row of [body.totals, ...body.items, ...body.regions] as Record<string, unknown>[])
      for (const [key, value] of Object.entries(row))
        if (/Rate$/.test(key) && typeof value === 'number') expect([key, value <= 1]).toEqual([key, true])
  })

  it("each city: its own demo item's figures, its 传播力指数 by the formula, and a rank of its own", () => {
    const cities = body.regions.filter((region) => region.kind === 'city')
    expect(cities).toHaveLength(13)
    const days = 14
    for (const city of cities) {
      const own = inPeriod().filter((row) => row.collection === 'warnings' && row.item_id === `demo-city-${city.id}`)
      const shares = count(own, 'share')
      const opens = count(own, 'share_open')
      const completes = count(own, 'video_complete')
      const seen = visitors(own)
      expect([city.id, city.items, city.views, city.visitors, city.shares, city.shareOpens]).toEqual([
        city.id,
        own.length > 0 ? 1 : 0,
        count(own, 'view'),
        seen,
        shares,
        opens,
      ])
      // One item (n = 1) over d days: R and E of the README, U_peak and I_peak the item's own totals
      const interactions = shares + opens + completes
      const part = (total: number) => 0.6 * ln(total / days + 1) + 0.3 * ln(total / 1 + 1) + 0.1 * ln(total + 1)
      const index = own.length > 0 ? (0.7 * part(seen) + 0.3 * part(interactions)) ** 2 * 10 : 0
      expect([city.id, city.index]).toEqual([city.id, Math.round(index * 10) / 10])
      expect(city.rank).toBe(1 + body.regions.filter((other) => other.index > city.index).length)
    }
    // A ranking a newcomer can read: most cities have an index and a rank of their own
    expect(new Set(cities.map((city) => city.rank)).size).toBeGreaterThanOrEqual(10)
    expect(cities.filter((city) => city.index > 0).length).toBeGreaterThanOrEqual(12)
  })

  it("refuses to write demo items into the repository's seeds/", async () => {
    const refused = await reachDemo(tempDataDir(), ['--days', '3', '--end', END, '--city-items'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--city-items: .*seed content/)
    expect(fs.readdirSync(path.join(SEEDS, 'warnings')).some((name) => name.startsWith('demo-city-'))).toBe(false)
  })
})
