// GET /api/v1/staff/reach: figures over a period (shape: README "Reach (传播力)"), from the daily roll-ups
// (reach-rollup.ts) for the days rolled up and clean, and from the raw events, summed up the same way
// (reach-day.ts), for the others (today, days not rolled up yet, days an event arrived for later). Both give the same
// figures. Visitors are counted per day (a visitor id is made afresh each day, so ids cannot be followed across
// days): `visitors` is the sum over the days of the distinct visitors of each day.
//
// Region: an item is credited to its `publisher` (a region id of site.yaml), else to the province; events with no
// item (searches, hotline taps from the home page) to the province. `regions` lists each region's totals.
import { sql } from 'kysely'
import type { LoadedContent } from '../content/load-content'
import { COLLECTIONS } from '../../src/model/labels'
import { shanghaiDate } from '../content/shanghai-date'
import type { Store } from '../store/database'
import {
  addFigures,
  ALL,
  COLUMN_OF,
  creditOf,
  cutPeriod,
  decodePeak,
  FIGURES,
  summarizeDay,
  zeroFigures,
  type Credit,
  type DaySummary,
  RAW_EVENT_COLUMNS,
  type RawEvent,
  type ReachFigures,
  type ShareLink,
  SPANS,
} from './reach-day'
import { interactionsOf, rankByIndex, reachIndex } from './reach-index'
import { MAX_SHARE_DEPTH, peakOfDay } from './reach-rollup'

export type { ReachFigures } from './reach-day'

export class ReachProblem extends Error {}

export interface ReachDerived {
  /**
   * Opens per share: shareOpens / shares, how many times a shared card was opened on average (one share may be
   * opened several times, so this is no rate and may exceed 1); null when shares = 0
   */
  opensPerShare: number | null
  /** videoCompletes / videoPlays; null when videoPlays = 0 */
  completionRate: number | null
  /** The longest chain of shares (each made from a page opened from the one before) among the period's shares */
  shareDepth: number
}

export interface ReachItemRow extends ReachFigures, ReachDerived {
  collection: string
  itemId: string
  title: string
  publisher: string
  index: number
  peak: { day: string; visitors: number } | null
}

export interface ReachRegionRow extends ReachFigures, ReachDerived {
  id: string
  name: string
  kind: 'province' | 'city'
  rank: number
  items: number
  index: number
}

export interface ReachReport {
  from: string
  to: string
  region: string | null
  generated: string | null
  totals: ReachFigures & ReachDerived & { items: number; index: number }
  days: (ReachFigures & { day: string })[]
  items: ReachItemRow[]
  regions: ReachRegionRow[]
  searches: { q: string; count: number }[]
  updatedAt: number
  /** The period's day still under way (today in Asia/Shanghai) and the moment its figures are as of; else null */
  partial: { day: string; asOf: number } | null
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000
/** The longest period asked at once. */
export const MAX_REACH_DAYS = 366
/** No-result search words listed. */
export const MAX_SEARCHES = 50

export interface ReachQuery {
  from?: string
  to?: string
  collection?: string
  /** undefined: every region */
  region?: string
  /** The regions listed in `regions`; undefined: all of site.yaml's. */
  regionsShown?: string[]
  /** The server's clock (epoch ms): a day of the period not over yet is said to be partial */
  now?: number
}

function checkDate(name: string, value: string | undefined): number {
  if (!value || !DATE.test(value)) throw new ReachProblem(`${name} must be a date as YYYY-MM-DD`)
  const time = Date.parse(`${value}T00:00:00Z`)
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new ReachProblem(`${name} is not a real date`)
  }
  return time
}

/** The parameters checked: the period's days, ascending. */
export function checkReachQuery(content: LoadedContent, query: ReachQuery): string[] {
  const from = checkDate('from', query.from)
  const to = checkDate('to', query.to)
  if (to < from) throw new ReachProblem('to must not be before from')
  if ((to - from) / DAY_MS + 1 > MAX_REACH_DAYS) throw new ReachProblem(`at most ${MAX_REACH_DAYS} days at once`)
  if (query.collection !== undefined && !(COLLECTIONS as readonly string[]).includes(query.collection)) {
    throw new ReachProblem(`collection must be one of ${COLLECTIONS.join(', ')}`)
  }
  const regions = content.site?.regions ?? []
  if (query.region !== undefined && !regions.some((region) => region.id === query.region)) {
    throw new ReachProblem('region is not a region of site.yaml')
  }
  const days: string[] = []
  for (let time = from; time <= to; time += DAY_MS) days.push(new Date(time).toISOString().slice(0, 10))
  return days
}

const derived = (figures: ReachFigures, shareDepth: number): ReachDerived => ({
  opensPerShare: figures.shares > 0 ? figures.shareOpens / figures.shares : null,
  completionRate: figures.videoPlays > 0 ? figures.videoCompletes / figures.videoPlays : null,
  shareDepth,
})

interface ItemAggregate {
  collection: string
  itemId: string
  figures: ReachFigures
  peakVisitors: number
  peakDay: string
  peakInteractions: number
  depth: number
}

const figuresOfRow = (row: Record<string, unknown>): ReachFigures => {
  const figures = zeroFigures()
  for (const field of FIGURES) figures[field] = Number(row[COLUMN_OF[field]] ?? 0)
  return figures
}

export async function reachReport(store: Store, content: LoadedContent, query: ReachQuery): Promise<ReachReport> {
  const period = checkReachQuery(content, query)
  const from = period[0]
  const to = period[period.length - 1]
  const credit = creditOf(content)
  const collection = query.collection
  const collectionKey = collection ?? ALL
  await store.ready()
  const { db } = store

  // Which days of the period come from roll-ups (rolled up, clean) and which from raw events
  const dayRows = await db
    .selectFrom('reach_days')
    .select(['day', 'dirty', 'last_received'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute()
  const clean = new Set(dayRows.filter((row) => Number(row.dirty) === 0).map((row) => row.day))
  const dirtyDays = dayRows.filter((row) => Number(row.dirty) !== 0).map((row) => row.day)
  // A day without a row before the last clean day has no events (the pass rolls up days in order; an event
  // arriving later for a past day marks it dirty)
  const lastCleanRow = await db
    .selectFrom('reach_days')
    .select((eb) => eb.fn.max('day').as('day'))
    .where('dirty', '=', 0)
    .executeTakeFirst()
  const lastClean = lastCleanRow?.day ?? ''
  const listed = new Set(dayRows.map((row) => row.day))
  const settled = (day: string) => clean.has(day) || (!listed.has(day) && day < lastClean)
  const rawDays = period.filter((day) => !settled(day))
  // The rolled-up days of the period: all but the dirty ones (the rest has no roll-up rows)
  const rolledPeriod = (table: string) => {
    const day = sql.ref(`${table}.day`)
    return dirtyDays.length > 0
      ? sql<boolean>`${day} >= ${from} and ${day} <= ${to} and ${day} not in (${sql.join(dirtyDays)})`
      : sql<boolean>`${day} >= ${from} and ${day} <= ${to}`
  }

  // Raw days, summed up as a roll-up would
  const summaries: DaySummary[] = []
  if (rawDays.length > 0) {
    let rawQuery = db.selectFrom('events').select(RAW_EVENT_COLUMNS)
    rawQuery =
      rawDays.length === period.length
        ? rawQuery.where('day', '>=', from).where('day', '<=', to)
        : rawQuery.where('day', 'in', rawDays)
    const byDay = new Map<string, RawEvent[]>()
    for (const event of await rawQuery.execute()) {
      const list = byDay.get(event.day) ?? []
      byDay.set(event.day, list)
      list.push(event)
    }
    for (const [day, events] of byDay) summaries.push(summarizeDay(day, events, credit))
  }

  // Items
  const items = new Map<string, ItemAggregate>()
  const itemOf = (itemCollection: string, itemId: string) => {
    const key = `${itemCollection}/${itemId}`
    let item = items.get(key)
    if (!item) {
      items.set(
        key,
        (item = {
          collection: itemCollection,
          itemId,
          figures: zeroFigures(),
          peakVisitors: 0,
          peakDay: '',
          peakInteractions: 0,
          depth: 0,
        }),
      )
    }
    return item
  }
  const notePeak = (item: ItemAggregate, day: string, visitors: number) => {
    if (
      visitors > item.peakVisitors ||
      (visitors === item.peakVisitors && (item.peakDay === '' || day < item.peakDay))
    ) {
      item.peakVisitors = visitors
      item.peakDay = day
    }
  }
  // Rolled-up days: aligned spans of settled days (reach_item_spans), and the settled days left over
  const cut = cutPeriod(from, to, settled)
  const addRolled = (rows: Record<string, unknown>[]) => {
    for (const row of rows) {
      const item = itemOf(String(row.collection), String(row.item_id))
      addFigures(item.figures, figuresOfRow(row))
      item.peakInteractions = Math.max(item.peakInteractions, Number(row.peak_interactions))
      item.depth = Math.max(item.depth, Number(row.share_depth))
      const peak = decodePeak(Number(row.peak))
      notePeak(item, peak.day, peak.visitors)
    }
  }
  if (cut.days.length > 0) {
    let rolled = db.selectFrom('reach_item_days').where('day', 'in', cut.days)
    if (collection) rolled = rolled.where('collection', '=', collection)
    addRolled(
      await rolled
        .select((eb) => [
          'collection',
          'item_id',
          ...FIGURES.map((field) => eb.fn.sum<number | string>(COLUMN_OF[field]).as(COLUMN_OF[field])),
          eb.fn.max<number | string>(peakOfDay(store.dialect)).as('peak'),
          eb.fn
            .max<number | string>(eb(eb(eb.ref('shares'), '+', eb.ref('share_opens')), '+', eb.ref('video_completes')))
            .as('peak_interactions'),
          eb.fn.max<number | string>('share_depth').as('share_depth'),
        ])
        .groupBy(['collection', 'item_id'])
        .execute(),
    )
  }
  if (cut.spans.length > 0) {
    let rolled = db.selectFrom('reach_item_spans').where((eb) =>
      eb.or(
        SPANS.filter((span) => cut.spans.some((part) => part.span === span)).map((span) =>
          eb.and([
            eb('span', '=', span),
            eb(
              'first_day',
              'in',
              cut.spans.filter((part) => part.span === span).map((part) => part.first),
            ),
          ]),
        ),
      ),
    )
    if (collection) rolled = rolled.where('collection', '=', collection)
    addRolled(
      await rolled
        .select((eb) => [
          'collection',
          'item_id',
          ...FIGURES.map((field) => eb.fn.sum<number | string>(COLUMN_OF[field]).as(COLUMN_OF[field])),
          eb.fn.max<number | string>('peak').as('peak'),
          eb.fn.max<number | string>('peak_interactions').as('peak_interactions'),
          eb.fn.max<number | string>('share_depth').as('share_depth'),
        ])
        .groupBy(['collection', 'item_id'])
        .execute(),
    )
  }
  for (const summary of summaries) {
    for (const row of summary.items.values()) {
      if (collection && row.collection !== collection) continue
      const item = itemOf(row.collection, row.itemId)
      addFigures(item.figures, row.figures)
      notePeak(item, summary.day, row.figures.visitors)
      item.peakInteractions = Math.max(item.peakInteractions, interactionsOf(row.figures))
    }
  }
  // Depths of shares not rolled up yet, and of rolled-up shares made from them
  for (const link of await unsettledDepths(store, period, summaries)) {
    if (collection && link.collection !== collection) continue
    const item = itemOf(link.collection, link.itemId)
    item.depth = Math.max(item.depth, link.depth)
  }

  // Region rows: per region ('*': all) and day
  const regionDays = new Map<string, Map<string, ReachFigures>>() // region → day → figures
  const regionDay = (region: string, day: string) => {
    const byDay = regionDays.get(region) ?? new Map<string, ReachFigures>()
    regionDays.set(region, byDay)
    let figures = byDay.get(day)
    if (!figures) byDay.set(day, (figures = zeroFigures()))
    return figures
  }
  const regionTotals = new Map<string, ReachFigures>()
  if (clean.size > 0) {
    // The scope's days one by one (for the trend), every region's sum over the period (for the ranking)
    const scope = query.region ?? ALL
    const rows = await db
      .selectFrom('reach_region_days')
      .where(rolledPeriod('reach_region_days'))
      .where('collection', '=', collectionKey)
      .where('region', '=', scope)
      .selectAll()
      .execute()
    for (const row of rows) addFigures(regionDay(row.region, row.day), figuresOfRow(row))
    const sums = await db
      .selectFrom('reach_region_days')
      .where(rolledPeriod('reach_region_days'))
      .where('collection', '=', collectionKey)
      .where('region', '!=', scope)
      .select((eb) => [
        'region',
        ...FIGURES.map((field) => eb.fn.sum<number | string>(COLUMN_OF[field]).as(COLUMN_OF[field])),
      ])
      .groupBy('region')
      .execute()
    for (const row of sums) regionTotals.set(row.region, figuresOfRow(row))
  }
  for (const summary of summaries) {
    for (const row of summary.regions.values()) {
      if (row.collection === collectionKey) addFigures(regionDay(row.region, summary.day), row.figures)
    }
  }

  const days = period.map((day) => ({ day, ...(regionDays.get(query.region ?? ALL)?.get(day) ?? zeroFigures()) }))
  const sumDays = (region: string) => {
    const total = zeroFigures()
    for (const figures of regionDays.get(region)?.values() ?? []) addFigures(total, figures)
    const rolled = regionTotals.get(region)
    if (rolled) addFigures(total, rolled)
    return total
  }

  const byKey = new Map<string, LoadedContent['items'][keyof LoadedContent['items']][number]>()
  for (const list of Object.values(content.items))
    for (const item of list) byKey.set(`${item.collection}/${item.id}`, item)
  // Every item (each region's row needs its own), then those of the region asked
  const allItemRows: ReachItemRow[] = [...items.values()]
    .map((item) => ({
      collection: item.collection,
      itemId: item.itemId,
      title: byKey.get(`${item.collection}/${item.itemId}`)?.data.title ?? item.itemId,
      publisher: credit.regionOf(item.collection, item.itemId),
      ...item.figures,
      ...derived(item.figures, item.depth),
      index: reachIndex({
        days: period.length,
        items: 1,
        visitors: item.figures.visitors,
        peakVisitors: item.peakVisitors,
        interactions: interactionsOf(item.figures),
        peakInteractions: item.peakInteractions,
      }),
      peak: item.peakDay ? { day: item.peakDay, visitors: item.peakVisitors } : null,
    }))
    .sort(
      (a, b) =>
        b.index - a.index ||
        b.views - a.views ||
        (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : a.collection < b.collection ? -1 : 1),
    )

  const itemRows =
    query.region === undefined ? allItemRows : allItemRows.filter((item) => item.publisher === query.region)

  const setOf = (region: string | undefined) => {
    const figures = sumDays(region ?? ALL)
    const members = region === undefined ? allItemRows : allItemRows.filter((item) => item.publisher === region)
    const shareDepth = Math.max(0, ...members.map((item) => item.shareDepth))
    return {
      ...figures,
      ...derived(figures, shareDepth),
      items: members.length,
      index: reachIndex({
        days: period.length,
        items: members.length,
        visitors: figures.visitors,
        peakVisitors: Math.max(0, ...members.map((item) => item.visitors)),
        interactions: interactionsOf(figures),
        peakInteractions: Math.max(0, ...members.map((item) => interactionsOf(item))),
      }),
    }
  }
  const totals = setOf(query.region)
  const shown = query.regionsShown ?? credit.regions.map((region) => region.id)
  const regions = rankByIndex(
    credit.regions
      .filter((region) => shown.includes(region.id))
      .map((region) => ({ id: region.id, name: region.name, kind: region.kind, ...setOf(region.id) }))
      .sort((a, b) => b.index - a.index),
  ).map(({ id, name, kind, rank, ...rest }) => ({ id, name, kind, rank, ...rest }))

  // No-result searches have no item: the province's (and everyone's), and only without a collection
  const searchCounts = new Map<string, number>()
  if (collection === undefined && (query.region === undefined || query.region === credit.province)) {
    if (clean.size > 0) {
      const rows = await db
        .selectFrom('reach_search_days')
        .where(rolledPeriod('reach_search_days'))
        .select((eb) => ['q', eb.fn.sum<number | string>('count').as('count')])
        .groupBy('q')
        .execute()
      for (const row of rows) searchCounts.set(row.q, Number(row.count))
    }
    for (const summary of summaries) {
      for (const [q, count] of summary.searches) searchCounts.set(q, (searchCounts.get(q) ?? 0) + count)
    }
  }
  const searches = [...searchCounts.entries()]
    .map(([q, count]) => ({ q, count }))
    .sort((a, b) => b.count - a.count || (a.q < b.q ? -1 : a.q > b.q ? 1 : 0))
    .slice(0, MAX_SEARCHES)

  const generated = await db.selectFrom('meta').select('value').where('key', '=', 'generated').executeTakeFirst()
  const updatedAt = Math.max(
    0,
    ...dayRows.filter((row) => clean.has(row.day)).map((row) => Number(row.last_received)),
    ...summaries.map((summary) => summary.lastReceived),
  )
  return {
    from,
    to,
    region: query.region ?? null,
    generated: generated?.value ?? null,
    totals,
    days,
    items: itemRows,
    regions,
    searches,
    updatedAt,
    partial: partialDay(from, to, query.now),
  }
}

/** Today (Asia/Shanghai) when it is in the period: its figures are those of the hours so far. */
function partialDay(from: string, to: string, now: number | undefined): ReachReport['partial'] {
  if (now === undefined) return null
  const day = shanghaiDate(now)
  return day >= from && day <= to ? { day, asOf: now } : null
}

/**
 * Share depths that roll-ups may not hold yet: the shares of days not rolled up (or dirty), anywhere in time (a
 * share's parent may be older than the period, or arrive after it), their stored ancestors, and rolled-up shares
 * made from them. Depth = 1 + the parent's depth (1 without a stored parent), at most MAX_SHARE_DEPTH: the same rule
 * as reach-rollup.ts. Returns those with a day in the period.
 */
async function unsettledDepths(
  store: Store,
  period: string[],
  summaries: DaySummary[],
): Promise<(ShareLink & { depth: number })[]> {
  const { db } = store
  const links = new Map<string, ShareLink>()
  const add = (link: ShareLink) => {
    if (!links.has(link.shareId)) links.set(link.shareId, link)
  }
  for (const summary of summaries) for (const link of summary.shares) add(link)
  // Shares of days not rolled up outside the period too (today, dirty days)
  const lastClean = await db
    .selectFrom('reach_days')
    .select((eb) => eb.fn.max('day').as('day'))
    .where('dirty', '=', 0)
    .executeTakeFirst()
  const dirty = await db.selectFrom('reach_days').select('day').where('dirty', '!=', 0).execute()
  const outside = dirty.map((row) => row.day)
  let rawShares = db
    .selectFrom('events')
    .select(['share_id', 'from_share_id', 'day', 'collection', 'item_id', 'at'])
    .where('type', '=', 'share')
    .where('share_id', 'is not', null)
    .where('item_id', 'is not', null)
  const lastDay = lastClean?.day
  if (lastDay) {
    rawShares = rawShares.where((eb) =>
      outside.length > 0 ? eb.or([eb('day', '>', lastDay), eb('day', 'in', outside)]) : eb('day', '>', lastDay),
    )
  }
  const raw = (await rawShares.execute()).sort((a, b) => Number(a.at) - Number(b.at))
  for (const row of raw) {
    add({
      shareId: row.share_id!,
      parentId: row.from_share_id,
      day: row.day,
      collection: row.collection!,
      itemId: row.item_id!,
    })
  }
  const unsettled = new Set(links.keys())
  if (unsettled.size === 0) return []

  const rolledLink = (row: {
    share_id: string
    parent_id: string | null
    day: string
    collection: string
    item_id: string
  }) =>
    add({
      shareId: row.share_id,
      parentId: row.parent_id,
      day: row.day,
      collection: row.collection,
      itemId: row.item_id,
    })
  // Up: the ancestors (stored roll-ups, raw events of any day)
  let wanted = [
    ...new Set(
      [...links.values()].flatMap((link) => (link.parentId && !links.has(link.parentId) ? [link.parentId] : [])),
    ),
  ]
  for (let level = 0; wanted.length > 0 && level <= MAX_SHARE_DEPTH; level++) {
    for (const part of chunked(wanted)) {
      for (const row of await db.selectFrom('reach_shares').selectAll().where('share_id', 'in', part).execute())
        rolledLink(row)
      const rows = await db
        .selectFrom('events')
        .select(['share_id', 'from_share_id', 'day', 'collection', 'item_id'])
        .where('type', '=', 'share')
        .where('share_id', 'in', part)
        .where('item_id', 'is not', null)
        .execute()
      for (const row of rows)
        add({
          shareId: row.share_id!,
          parentId: row.from_share_id,
          day: row.day,
          collection: row.collection!,
          itemId: row.item_id!,
        })
    }
    wanted = [
      ...new Set(
        wanted.flatMap((id) => {
          const parent = links.get(id)?.parentId
          return parent && !links.has(parent) ? [parent] : []
        }),
      ),
    ]
  }
  // Down: rolled-up shares made from unsettled ones, whose stored depth may be too small
  let frontier = [...unsettled]
  for (let level = 0; frontier.length > 0 && level <= MAX_SHARE_DEPTH; level++) {
    const next: string[] = []
    for (const part of chunked(frontier)) {
      for (const row of await db.selectFrom('reach_shares').selectAll().where('parent_id', 'in', part).execute()) {
        if (!unsettled.has(row.share_id)) {
          unsettled.add(row.share_id)
          rolledLink(row)
          next.push(row.share_id)
        }
      }
    }
    frontier = next
  }
  const depths = new Map<string, number>()
  const depthOf = (id: string): number => {
    const known = depths.get(id)
    if (known !== undefined) return known
    // Walk up to the first share of the chain (or a known depth), then down again
    const chain: string[] = []
    const seen = new Set<string>()
    let at: string | null = id
    while (at !== null && links.has(at) && !depths.has(at) && !seen.has(at) && chain.length <= MAX_SHARE_DEPTH) {
      seen.add(at)
      chain.push(at)
      at = links.get(at)!.parentId
    }
    let depth = at !== null && depths.has(at) ? depths.get(at)! : 0
    for (let i = chain.length - 1; i >= 0; i--) {
      depth = Math.min(depth + 1, MAX_SHARE_DEPTH)
      depths.set(chain[i], depth)
    }
    return depths.get(id)!
  }
  const first = period[0]
  const last = period[period.length - 1]
  return [...unsettled]
    .map((id) => links.get(id)!)
    .filter((link) => link.day >= first && link.day <= last)
    .map((link) => ({ ...link, depth: depthOf(link.shareId) }))
}

const chunked = <T>(list: T[], size = 400): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

export type { Credit }
