// One Asia/Shanghai day of raw events summed up: per item, per (region, collection), no-result search words, and the
// day's shares with the share each came from. The roll-up pass (reach-rollup.ts) stores these rows for completed
// days; the report (reach-query.ts) computes the same rows from raw events for days not rolled up yet, so both paths
// give the same figures.
//
// Credit: an item is credited to its `publisher` (a region id of site.yaml), else to the province; an event with no
// item (a search, a hotline tap on the home page) to the province. '*' stands for "every region" or "every
// collection" in the region rows, because distinct visitors cannot be added up across items or regions.
import { createHash } from 'node:crypto'
import type { LoadedContent } from '../content/load-content'

export const ALL = '*'

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

export const FIGURES: (keyof ReachFigures)[] = [
  'views',
  'visitors',
  'shares',
  'shareOpens',
  'videoPlays',
  'videoCompletes',
  'hotlineTaps',
  'channelOpens',
  'searchesWithoutResult',
]

/** The columns of the roll-up tables, by figure. */
export const COLUMN_OF: Record<keyof ReachFigures, FigureColumn> = {
  views: 'views',
  visitors: 'visitors',
  shares: 'shares',
  shareOpens: 'share_opens',
  videoPlays: 'video_plays',
  videoCompletes: 'video_completes',
  hotlineTaps: 'hotline_taps',
  channelOpens: 'channel_opens',
  searchesWithoutResult: 'searches',
}

export type FigureColumn =
  | 'views'
  | 'visitors'
  | 'shares'
  | 'share_opens'
  | 'video_plays'
  | 'video_completes'
  | 'hotline_taps'
  | 'channel_opens'
  | 'searches'

export const FIELD_OF_TYPE: Record<string, keyof ReachFigures> = {
  view: 'views',
  share: 'shares',
  share_open: 'shareOpens',
  video_play: 'videoPlays',
  video_complete: 'videoCompletes',
  hotline_tap: 'hotlineTaps',
  channel_open: 'channelOpens',
  search: 'searchesWithoutResult',
}

export const zeroFigures = (): ReachFigures => ({
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

export function addFigures(to: ReachFigures, from: ReachFigures): void {
  for (const field of FIGURES) to[field] += from[field]
}

/** Which region each item is credited to. */
export interface Credit {
  province: string
  /** The regions of site.yaml, in its order. */
  regions: { id: string; name: string; kind: 'province' | 'city' }[]
  regionOf(collection: string, itemId: string): string
  /** A fingerprint of who is credited with what: roll-ups made under another one are made again. */
  fingerprint: string
}

/** Built once per content version. */
const credits = new WeakMap<LoadedContent, Credit>()

export function creditOf(content: LoadedContent): Credit {
  let credit = credits.get(content)
  if (!credit) credits.set(content, (credit = makeCredit(content)))
  return credit
}

function makeCredit(content: LoadedContent): Credit {
  const province = content.site?.province ?? ''
  const byItem = new Map<string, string>()
  for (const [collection, list] of Object.entries(content.items)) {
    for (const item of list) {
      if (item.data.publisher && item.data.publisher !== province)
        byItem.set(`${collection}/${item.id}`, item.data.publisher)
    }
  }
  const regions = (content.site?.regions ?? []).map(({ id, name, kind }) => ({ id, name, kind }))
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([province, [...byItem.entries()].sort(), regions.map((r) => r.id)]))
    .digest('hex')
    .slice(0, 32)
  return {
    province,
    regions,
    regionOf: (collection, itemId) => byItem.get(`${collection}/${itemId}`) ?? province,
    fingerprint,
  }
}

/** The fields of a raw event the summary reads. */
export interface RawEvent {
  day: string
  type: string
  visitor: string
  collection: string | null
  item_id: string | null
  share_id: string | null
  from_share_id: string | null
  q: string | null
  at: number | string
  received_at: number | string
}

/** The events table's columns a summary reads (RawEvent's fields), for the queries of the report and the roll-up. */
export const RAW_EVENT_COLUMNS = [
  'day',
  'type',
  'visitor',
  'collection',
  'item_id',
  'share_id',
  'from_share_id',
  'q',
  'at',
  'received_at',
] as const satisfies readonly (keyof RawEvent)[]

export interface ShareLink {
  shareId: string
  /** The share the page was opened from when this share was made (null: a first share). */
  parentId: string | null
  day: string
  collection: string
  itemId: string
}

export interface DaySummary {
  day: string
  /** key `collection/itemId` */
  items: Map<string, { collection: string; itemId: string; figures: ReachFigures }>
  /** key `region\u0000collection`, either may be ALL */
  regions: Map<string, { region: string; collection: string; figures: ReachFigures }>
  searches: Map<string, number>
  /** One per share id (the earliest event when a share id comes twice) */
  shares: ShareLink[]
  events: number
  lastReceived: number
}

export const regionKey = (region: string, collection: string) => `${region}\u0000${collection}`

/** Sums up the raw events of one day (all of them: the figures of every region and collection). */
export function summarizeDay(day: string, events: RawEvent[], credit: Credit): DaySummary {
  const summary: DaySummary = {
    day,
    items: new Map(),
    regions: new Map(),
    searches: new Map(),
    shares: [],
    events: 0,
    lastReceived: 0,
  }
  const itemVisitors = new Map<string, Set<string>>()
  const regionVisitors = new Map<string, Set<string>>()
  const shares = new Map<string, ShareLink & { at: number }>()
  const regionRow = (region: string, collection: string) => {
    const key = regionKey(region, collection)
    let row = summary.regions.get(key)
    if (!row) {
      summary.regions.set(key, (row = { region, collection, figures: zeroFigures() }))
      regionVisitors.set(key, new Set())
    }
    return row
  }
  for (const event of events) {
    summary.events += 1
    summary.lastReceived = Math.max(summary.lastReceived, Number(event.received_at))
    const field = FIELD_OF_TYPE[event.type]
    const keys: [string, string][] = []
    if (event.collection !== null && event.item_id !== null) {
      const key = `${event.collection}/${event.item_id}`
      let item = summary.items.get(key)
      if (!item) {
        summary.items.set(key, (item = { collection: event.collection, itemId: event.item_id, figures: zeroFigures() }))
        itemVisitors.set(key, new Set())
      }
      if (field) item.figures[field] += 1
      itemVisitors.get(key)!.add(event.visitor)
      const region = credit.regionOf(event.collection, event.item_id)
      keys.push([region, event.collection], [region, ALL], [ALL, event.collection], [ALL, ALL])
    } else {
      keys.push([credit.province, ALL], [ALL, ALL])
    }
    for (const [region, collection] of keys) {
      const row = regionRow(region, collection)
      if (field) row.figures[field] += 1
      regionVisitors.get(regionKey(region, collection))!.add(event.visitor)
    }
    if (event.type === 'search' && event.q !== null) {
      summary.searches.set(event.q, (summary.searches.get(event.q) ?? 0) + 1)
    }
    if (event.type === 'share' && event.share_id !== null && event.collection !== null && event.item_id !== null) {
      const at = Number(event.at)
      const known = shares.get(event.share_id)
      if (!known || at < known.at) {
        shares.set(event.share_id, {
          shareId: event.share_id,
          parentId: event.from_share_id,
          day,
          collection: event.collection,
          itemId: event.item_id,
          at,
        })
      }
    }
  }
  for (const [key, item] of summary.items) item.figures.visitors = itemVisitors.get(key)!.size
  for (const [key, row] of summary.regions) row.figures.visitors = regionVisitors.get(key)!.size
  summary.shares = [...shares.values()].map(({ at: _at, ...link }) => link)
  return summary
}

const DAY_MS = 24 * 60 * 60 * 1000
/** Spans of days summed up per item (reach_item_spans), each aligned on a multiple of its length. */
export const SPANS = [4, 16, 64] as const
/** Peaks are kept as max(visitors × this − day number): day numbers stay below it until the year 4707. */
export const PEAK_SCALE = 1_000_000

/** Days since 1970-01-01. */
export const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS)
export const dayOfNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10)

/** The span of this length that holds a day. */
export function spanOf(day: string, span: number): { first: string; last: string } {
  const first = Math.floor(dayNumber(day) / span) * span
  return { first: dayOfNumber(first), last: dayOfNumber(first + span - 1) }
}

/** A peak kept as one number, back to its visitors and (earliest) day. */
export function decodePeak(peak: number): { visitors: number; day: string } {
  const visitors = Math.ceil(peak / PEAK_SCALE)
  return { visitors, day: dayOfNumber(visitors * PEAK_SCALE - peak) }
}

/**
 * The period cut into aligned spans whose days are all settled (rolled up and clean, or without events), and the
 * settled days left over; unsettled days are in neither.
 */
export function cutPeriod(
  from: string,
  to: string,
  settled: (day: string) => boolean,
): { spans: { span: number; first: string }[]; days: string[] } {
  const spans: { span: number; first: string }[] = []
  const days: string[] = []
  const end = dayNumber(to)
  const allSettled = (a: number, b: number) => {
    for (let n = a; n <= b; n++) if (!settled(dayOfNumber(n))) return false
    return true
  }
  let n = dayNumber(from)
  while (n <= end) {
    const span = [...SPANS].reverse().find((s) => n % s === 0 && n + s - 1 <= end && allSettled(n, n + s - 1))
    if (span) {
      spans.push({ span, first: dayOfNumber(n) })
      n += span
    } else {
      if (settled(dayOfNumber(n))) days.push(dayOfNumber(n))
      n += 1
    }
  }
  return { spans, days }
}
