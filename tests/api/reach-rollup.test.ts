// Reach roll-ups (server/staff/reach-rollup.ts) on SQLite and, with TEST_DATABASE_URL, PostgreSQL (a database of
// its own, tests/api/reach-helpers.ts): the same dataset gives the same answers from raw events, after rolling up, after
// a batch is resent, after a late parent share, and after raw events are deleted by retention; share depth counted
// by hand; the pass is idempotent; the API's timer rolls up.
import { randomUUID } from 'node:crypto'
import type { ReachEvent } from '../../src/model/events'
import { loadContent } from '../../server/content/load-content'
import { validateEvents } from '../../server/events/validate-events'
import type { Store } from '../../server/store/database'
import { reachReport, type ReachQuery } from '../../server/staff/reach-query'
import { rollUp, startRollups } from '../../server/staff/reach-rollup'
import { reachStoreKinds } from './reach-helpers'
import { FIXED_NOW, VALID_CONTENT } from './test-app'

const DAY = 86_400_000
const content = loadContent(VALID_CONTENT)
const at = (daysAgo: number, minutes = 0) => FIXED_NOW - daysAgo * DAY + minutes * 60_000
// FIXED_NOW is 2025-06-01 12:00 in Shanghai: 1 day ago is 2025-05-31, 6 days ago 2025-05-26
const alpha = { collection: 'explainers' as const, itemId: 'test-explainer-alpha' } // the province's
const beta = { collection: 'explainers' as const, itemId: 'test-explainer-beta' } // city A's
const video = { collection: 'videos' as const, itemId: 'test-video-first' }
const page = 'pages/detail/index'
const who = (name: string) => `visitor-${name}-0123456789abcdef`
const ev = (type: ReachEvent['type'], when: number, name: string, extra: Partial<ReachEvent> = {}): ReachEvent => ({
  id: randomUUID(),
  type,
  at: when,
  visitor: who(name),
  ...extra,
})

// A chain on alpha: S1 (05-26) → opened → S2 (05-27) → opened → S3 (05-28) → S4 (today, 06-01)
// A chain on beta whose first share arrives late: T2 (05-30, made from T1) is sent first, T1 (05-29) after roll-up
const batch: ReachEvent[] = [
  ev('view', at(6), 'a', { page, ...alpha }),
  ev('share', at(6, 1), 'a', { ...alpha, shareId: 'share-S1-aaaa' }),
  ev('share_open', at(5), 'b', { ...alpha, fromShareId: 'share-S1-aaaa', scene: 1007 }),
  ev('view', at(5), 'b', { page, ...alpha }),
  ev('share', at(5, 1), 'b', { ...alpha, shareId: 'share-S2-bbbb', fromShareId: 'share-S1-aaaa' }),
  ev('view', at(5), 'c', { page, ...beta }),
  ev('view', at(5, 2), 'c', { page, ...beta }),
  ev('share', at(5, 3), 'c', { ...beta, shareId: 'share-S9-cccc' }),
  ev('search', at(5), 'c', { q: '没有的词' }),
  ev('search', at(5), 'd', { q: '另一个' }),
  ev('hotline_tap', at(5), 'd', { page: 'pages/index/index' }),
  ev('share_open', at(4), 'e', { ...alpha, fromShareId: 'share-S2-bbbb', scene: 1007 }),
  ev('view', at(4), 'e', { page, ...alpha }),
  ev('share', at(4, 1), 'e', { ...alpha, shareId: 'share-S3-eeee', fromShareId: 'share-S2-bbbb' }),
  ev('video_play', at(4), 'f', video),
  ev('video_complete', at(4, 3), 'f', video),
  ev('channel_open', at(4), 'f', { page: 'pages/services/index' }),
  ev('view', at(3), 'g', { page, ...alpha }),
  ev('search', at(3), 'g', { q: '没有的词' }),
  ev('view', at(2), 'h', { page, ...beta }),
  ev('share', at(2, 1), 'h', { ...beta, shareId: 'share-T2-hhhh', fromShareId: 'share-T1-iiii' }),
  ev('view', at(0, -60), 'j', { page, ...alpha }),
  ev('share', at(0, -59), 'j', { ...alpha, shareId: 'share-S4-jjjj', fromShareId: 'share-S3-eeee' }),
]
const lateParent = [ev('share', at(3, 5), 'i', { ...beta, shareId: 'share-T1-iiii' })]

const QUERIES: ReachQuery[] = [
  { from: '2025-05-26', to: '2025-06-01' },
  // The chain's first shares are older than this period
  { from: '2025-05-28', to: '2025-05-30' },
  { from: '2025-05-20', to: '2025-06-01', region: 'test-city-a' },
  { from: '2025-05-26', to: '2025-06-01', region: 'test-province' },
  { from: '2025-05-26', to: '2025-06-01', collection: 'videos' },
  { from: '2025-05-27', to: '2025-05-27', collection: 'explainers', region: 'test-city-a' },
]

const rowsOf = (events: ReachEvent[]) => validateEvents({ events }, content, FIXED_NOW)
const answers = (store: Store) => Promise.all(QUERIES.map((query) => reachReport(store, content, query)))

describe.each(reachStoreKinds().map((kind) => [kind.name, kind] as const))('reach roll-ups on %s', (_name, kind) => {
  afterAll(() => kind.cleanUp())
  const open = () => kind.open()

  test('raw, rolled up, resent, late parent, retention: the same answers; depth and figures by hand', async () => {
    const store = await open()
    expect(await store.insertEvents(rowsOf(batch))).toBe(batch.length)
    const raw = await answers(store)

    // By hand, 05-26 to 06-01: views alpha a, b, e, g, j = 5 + beta c×2, h = 3 → 8; visitors per day:
    // 05-26 {a}, 05-27 {b, c, d}, 05-28 {e, f}, 05-29 {g}, 05-30 {h}, 06-01 {j} = 1 + 3 + 2 + 1 + 1 + 1 = 9
    const all = raw[0]
    expect(all.totals).toMatchObject({
      views: 8,
      visitors: 9,
      shares: 6,
      shareOpens: 2,
      videoPlays: 1,
      videoCompletes: 1,
      hotlineTaps: 1,
      channelOpens: 1,
      searchesWithoutResult: 3,
      opensPerShare: 2 / 6,
      completionRate: 1,
      shareDepth: 4,
      items: 3,
    })
    expect(all.days.map((day) => day.day)).toEqual([
      '2025-05-26',
      '2025-05-27',
      '2025-05-28',
      '2025-05-29',
      '2025-05-30',
      '2025-05-31',
      '2025-06-01',
    ])
    expect(all.days.map((day) => day.visitors)).toEqual([1, 3, 2, 1, 1, 0, 1])
    const item = (answer: (typeof raw)[number], id: string) => answer.items.find((row) => row.itemId === id)!
    // alpha: S1 (1) → S2 (2) → S3 (3) → S4 (4); beta: S9 (1), T2 (1: T1 not stored yet)
    expect(item(all, 'test-explainer-alpha')).toMatchObject({
      views: 5,
      // per day {a}, {b} (its open, view and share), {e}, {g}, {j}
      visitors: 5,
      shares: 4,
      shareOpens: 2,
      shareDepth: 4,
      publisher: 'test-province',
      peak: { day: '2025-05-26', visitors: 1 },
    })
    expect(item(all, 'test-explainer-beta')).toMatchObject({ views: 3, shares: 2, shareDepth: 1 })
    expect(all.searches).toEqual([
      { q: '没有的词', count: 2 },
      { q: '另一个', count: 1 },
    ])
    // Parent shares older than the period still count: S3 (05-28) is the third of its chain
    expect(item(raw[1], 'test-explainer-alpha').shareDepth).toBe(3)
    expect(raw[1].searches).toEqual([{ q: '没有的词', count: 1 }])
    // City A: beta only, no searches (they are the province's)
    expect(raw[2].items.map((row) => row.itemId)).toEqual(['test-explainer-beta'])
    expect(raw[2].searches).toEqual([])
    expect(raw[2].days).toHaveLength(13)
    // Asked for city A, the province still sees every region's row, each over its own items
    const regionRow = (answer: (typeof raw)[number], id: string) => answer.regions.find((row) => row.id === id)!
    expect(raw[2].regions.map((row) => row.id).sort()).toEqual(['test-city-a', 'test-city-b', 'test-province'])
    expect(regionRow(raw[2], 'test-province')).toMatchObject({ views: 5, shares: 4, items: 2, shareDepth: 4 })
    expect(regionRow(raw[2], 'test-province').index).toBeGreaterThan(0)
    expect(regionRow(raw[2], 'test-city-a')).toMatchObject({ views: 3, shares: 2, items: 1, rank: 2 })
    expect(regionRow(raw[2], 'test-city-b')).toMatchObject({ views: 0, items: 0, index: 0, rank: 3 })
    expect(raw[2].totals).toMatchObject({ views: 3, items: 1, index: regionRow(raw[2], 'test-city-a').index })

    // Rolled up: the same answers
    const first = await rollUp(store, content, { now: FIXED_NOW, retentionDays: 180 })
    expect(first.rolled).toEqual(['2025-05-26', '2025-05-27', '2025-05-28', '2025-05-29', '2025-05-30'])
    expect(await answers(store)).toEqual(raw)
    // A second pass has nothing to do
    expect((await rollUp(store, content, { now: FIXED_NOW, retentionDays: 180 })).rolled).toEqual([])

    // The same batch again: nothing new, the days it touched are rolled up again, no figure changes
    expect(await store.insertEvents(rowsOf(batch))).toBe(0)
    expect(await answers(store)).toEqual(raw)
    expect((await rollUp(store, content, { now: FIXED_NOW, retentionDays: 180 })).rolled).toHaveLength(5)
    expect(await answers(store)).toEqual(raw)

    // T1 arrives after T2 (made from it) was rolled up: beta's depth is 2, before and after its day is rolled again
    expect(await store.insertEvents(rowsOf(lateParent))).toBe(1)
    const late = await answers(store)
    expect(item(late[0], 'test-explainer-beta')).toMatchObject({ shares: 3, shareDepth: 2 })
    expect(item(late[2], 'test-explainer-beta').shareDepth).toBe(2)
    expect((await rollUp(store, content, { now: FIXED_NOW, retentionDays: 180 })).rolled).toEqual(['2025-05-29'])
    expect(await answers(store)).toEqual(late)

    // A store that received everything at once and never rolled up answers the same
    const fresh = await open()
    await fresh.insertEvents(rowsOf([...lateParent, ...batch]))
    expect(await answers(fresh)).toEqual(late)

    // 200 days on: every day rolled up, raw events older than 180 days deleted; the answers stay
    const later = await rollUp(store, content, { now: FIXED_NOW + 200 * DAY, retentionDays: 180 })
    expect(later.deleted).toBe(batch.length + lateParent.length)
    const left = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(left.n)).toBe(0)
    expect(await answers(store)).toEqual(late)
  })

  test('one pass at a time: a lease held by another process makes a pass skip; two at once roll each day once', async () => {
    const store = await open()
    await store.insertEvents(rowsOf(batch))
    const lease = (value: string) =>
      store.db
        .insertInto('meta')
        .values({ key: 'reach.rollup.lease', value })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
        .execute()
    // Held by another process for another minute
    await lease(`${String(Date.now() + 60_000).padStart(16, '0')}:another-process`)
    expect(await rollUp(store, content, { now: FIXED_NOW, retentionDays: 180 })).toEqual({
      rolled: [],
      deleted: 0,
      skipped: true,
    })
    // Expired (that process died mid-pass): taken over
    await lease(`${String(Date.now() - 1).padStart(16, '0')}:another-process`)
    const both = await Promise.all([
      rollUp(store, content, { now: FIXED_NOW, retentionDays: 180 }),
      rollUp(store, content, { now: FIXED_NOW, retentionDays: 180 }),
    ])
    expect(both.flatMap((result) => result.rolled).sort()).toEqual([
      '2025-05-26',
      '2025-05-27',
      '2025-05-28',
      '2025-05-29',
      '2025-05-30',
    ])
    // Released at the end: the next pass runs (and has nothing to do)
    expect(await rollUp(store, content, { now: FIXED_NOW, retentionDays: 180 })).toEqual({
      rolled: [],
      deleted: 0,
      skipped: false,
    })
  })

  test('the API timer rolls up (first pass soon after start) and stops', async () => {
    const store = await open()
    await store.insertEvents(rowsOf(batch.slice(0, 3)))
    const logged: string[] = []
    const stop = startRollups(store, () => content, {
      retentionDays: 180,
      intervalMs: 60_000,
      now: () => FIXED_NOW,
      log: { info: (_obj, msg) => logged.push(msg), error: (_obj, msg) => logged.push(msg) },
    })
    try {
      // The pass logs once it is over (roll-ups and retention)
      for (let i = 0; i < 200 && !logged.includes('reach roll-up pass'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const days = await store.db.selectFrom('reach_days').select('day').where('dirty', '=', 0).orderBy('day').execute()
      expect(days.map((row) => row.day)).toEqual(['2025-05-26', '2025-05-27'])
      expect(logged).toContain('reach roll-up pass')
    } finally {
      stop()
    }
  }, 20_000)
})
