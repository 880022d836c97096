// GET /api/v1/staff/reach: figures over a period, straight from the events table with GROUP BY (roll-ups come
// later). Visitors are counted per day (a visitor id is made afresh each day, so ids cannot be followed across days):
// `visitors` is the sum over the days of the distinct visitors of each day.
//
// Region: an item is credited to its `publisher` (a region id of site.yaml), else to the province; events with no item
// (searches, hotline taps from the home page) to the province. `regions` lists each region's totals.
import type { LoadedContent } from '../content/load-content'
import { COLLECTIONS } from '../../src/model/labels'
import type { Store } from '../store/database'

export class ReachProblem extends Error {}

export interface ReachFigures {
  views: number
  visitors: number
  shares: number
  shareOpens: number
  videoPlays: number
  videoCompletes: number
  hotlineTaps: number
  channelOpens: number
  searchesWithoutResult: number
}

const FIELD_OF_TYPE: Record<string, keyof ReachFigures> = {
  view: 'views',
  share: 'shares',
  share_open: 'shareOpens',
  video_play: 'videoPlays',
  video_complete: 'videoCompletes',
  hotline_tap: 'hotlineTaps',
  channel_open: 'channelOpens',
  search: 'searchesWithoutResult',
}

const zero = (): ReachFigures => ({
  views: 0,
  visitors: 0,
  shares: 0,
  shareOpens: 0,
  videoPlays: 0,
  videoCompletes: 0,
  hotlineTaps: 0,
  channelOpens: 0,
  searchesWithoutResult: 0,
})

const DATE = /^\d{4}-\d{2}-\d{2}$/
/** The longest period asked at once. */
export const MAX_REACH_DAYS = 366

export interface ReachQuery {
  from?: string
  to?: string
  collection?: string
  /** undefined: every region */
  region?: string
  /** The regions listed in `regions`; undefined: all of site.yaml's. */
  regionsShown?: string[]
}

function checkDate(name: string, value: string | undefined): number {
  if (!value || !DATE.test(value)) throw new ReachProblem(`${name} must be a date as YYYY-MM-DD`)
  const time = Date.parse(`${value}T00:00:00Z`)
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new ReachProblem(`${name} is not a real date`)
  }
  return time
}

export async function reachReport(store: Store, content: LoadedContent, query: ReachQuery) {
  const from = checkDate('from', query.from)
  const to = checkDate('to', query.to)
  if (to < from) throw new ReachProblem('to must not be before from')
  if ((to - from) / 86_400_000 + 1 > MAX_REACH_DAYS) throw new ReachProblem(`at most ${MAX_REACH_DAYS} days at once`)
  if (query.collection !== undefined && !(COLLECTIONS as readonly string[]).includes(query.collection)) {
    throw new ReachProblem(`collection must be one of ${COLLECTIONS.join(', ')}`)
  }
  const regions = content.site?.regions ?? []
  const province = content.site?.province
  if (query.region !== undefined && !regions.some((region) => region.id === query.region)) {
    throw new ReachProblem('region is not a region of site.yaml')
  }

  // Each item is credited to its publisher (a region id), else to the province; events with no item to the province
  const credit = new Map<string, Map<string, string[]>>() // region → collection → item ids
  for (const [collection, list] of Object.entries(content.items)) {
    for (const item of list) {
      const region = item.data.publisher ?? province ?? ''
      const byCollection = credit.get(region) ?? new Map<string, string[]>()
      credit.set(region, byCollection)
      byCollection.set(collection, [...(byCollection.get(collection) ?? []), item.id])
    }
  }
  const figures = (region: string | undefined) => regionFigures(store, query, region, province, credit)
  const { totals, days, items } = await figures(query.region)
  const shown = query.regionsShown ?? regions.map((region) => region.id)
  const regionRows = []
  for (const region of regions.filter((r) => shown.includes(r.id))) {
    const own = region.id === query.region ? totals : (await figures(region.id)).totals
    regionRows.push({ id: region.id, name: region.name, kind: region.kind, ...own })
  }
  return { from: query.from, to: query.to, totals, days, items, regions: regionRows }
}

async function regionFigures(
  store: Store,
  query: ReachQuery,
  region: string | undefined,
  province: string | undefined,
  credit: Map<string, Map<string, string[]>>,
) {
  const totals = zero()
  const days = new Map<string, ReachFigures>()
  const items = new Map<string, ReachFigures & { collection: string; itemId: string }>()
  const result = () => ({
    totals,
    days: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, figures]) => ({ day, ...figures })),
    items: [...items.values()].sort((a, b) => b.views - a.views || (a.itemId < b.itemId ? -1 : 1)),
  })
  // The items credited elsewhere (for the province) or here (for a city)
  const listed = (of: (name: string) => boolean) =>
    [...credit.entries()].filter(([name]) => of(name)).flatMap(([, byCollection]) => [...byCollection.entries()])
  const mine = region === undefined ? [] : listed((name) => name === region)
  const others = region === undefined ? [] : listed((name) => name !== region)
  if (region !== undefined && region !== province && mine.length === 0) return result()

  await store.ready()
  const base = () => {
    let q = store.db.selectFrom('events').where('day', '>=', query.from!).where('day', '<=', query.to!)
    if (query.collection) q = q.where('collection', '=', query.collection)
    if (region === undefined) return q
    return q.where((eb) => {
      const among = (pairs: [string, string[]][]) =>
        eb.or(pairs.map(([collection, ids]) => eb.and([eb('collection', '=', collection), eb('item_id', 'in', ids)])))
      if (region !== province) return among(mine)
      // The province: events with no item, and items not credited to a city
      return others.length === 0 ? eb.lit(true) : eb.or([eb('item_id', 'is', null), eb.not(among(others))])
    })
  }
  const byDayType = await base()
    .select(['day', 'type', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['day', 'type'])
    .execute()
  const visitorsByDay = await base()
    .select(['day', (eb) => eb.fn.count<number | string>('visitor').distinct().as('n')])
    .groupBy('day')
    .execute()
  const byItemType = await base()
    .where('item_id', 'is not', null)
    .select(['collection', 'item_id', 'type', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['collection', 'item_id', 'type'])
    .execute()
  const itemVisitorsByDay = await base()
    .where('item_id', 'is not', null)
    .select(['collection', 'item_id', 'day', (eb) => eb.fn.count<number | string>('visitor').distinct().as('n')])
    .groupBy(['collection', 'item_id', 'day'])
    .execute()

  const dayOf = (day: string) => {
    let figures = days.get(day)
    if (!figures) days.set(day, (figures = zero()))
    return figures
  }
  const itemOf = (collection: string | null, itemId: string | null) => {
    const key = `${collection}/${itemId}`
    let figures = items.get(key)
    if (!figures) items.set(key, (figures = { collection: collection ?? '', itemId: itemId ?? '', ...zero() }))
    return figures
  }
  for (const row of byDayType) {
    const field = FIELD_OF_TYPE[row.type]
    if (!field) continue
    dayOf(row.day)[field] += Number(row.n)
    totals[field] += Number(row.n)
  }
  for (const row of visitorsByDay) {
    dayOf(row.day).visitors += Number(row.n)
    totals.visitors += Number(row.n)
  }
  for (const row of byItemType) {
    const field = FIELD_OF_TYPE[row.type]
    if (field) itemOf(row.collection, row.item_id)[field] += Number(row.n)
  }
  for (const row of itemVisitorsByDay) itemOf(row.collection, row.item_id).visitors += Number(row.n)
  return result()
}
