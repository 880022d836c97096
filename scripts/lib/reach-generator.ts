// Generated reach events for a demo of the staff dashboard (npm run reach:demo) and for the benchmark of its query
// (npm run bench:events). Every figure it makes is invented: the store it writes to is marked as holding generated
// data (table meta, key 'generated'), and the dashboard says so.
//
// Deterministic: one seeded pseudo-random stream (mulberry32) drawn in a fixed order, so one seed, content, period
// and clock give the same events, ids included. Every event is checked by the same code as POST /api/v1/events
// (server/events/validate-events.ts), as if the app had sent it a few seconds after it happened.
//
// The patterns (invented, meant to look like a province's public-service mini-program):
// - Views of an item: heavy-tailed popularity (Pareto, α = 1.3: a few items get most views), the most on the day
//   it is published, then decaying (exp(-age/τ), τ of 2–4 days for news, 4–10 for warnings, 3–8 for videos,
//   7–20 for explainers) towards an evergreen floor (explainers keep the most); nothing before publishedAt.
//   Weekly rhythm: weekdays 1.0, Saturday 0.75, Sunday 0.7. Hours: a morning peak, lunch, and the evening.
// - Visitors: ids made afresh each day, as on a device (prefix `demo-`, so generated rows can be told apart),
//   drawn from each day's pool; a visitor may view an item more than once in a day (about 1 in 8 views).
// - Shares: 1–6 % of views (per item). Each share is opened 1–3 times (15 % never), within hours, by other
//   visitors: each open records a view and a share_open (scene 1007 chat, 1008 group, 1154 Moments). About 6 % of
//   openers share again, with `fromShareId` of the share they opened: chains share → open → share …
// - Videos: 55–85 % of views play (per video); 40–70 % of plays complete.
// - Hotline taps from detail pages (warnings 2 %, explainers 1.5 %, else 0.3 % of views) and from the home and
//   services pages; 12315 channel opens from the services page (12 % of its views).
// - Pages without an item (home, lists, services, search) make up about 30 % of events.
// - Searches that found nothing: words of plausible topics (NO_RESULT_TOPICS) for which the caller's real search
//   finds nothing in this content (topics it finds are left out), a few topics much more often than others.
import type { LoadedContent, ContentItem } from '../../server/content/load-content'
import { validateEvents } from '../../server/events/validate-events'
import type { EventRow } from '../../server/store/database'
import type { ReachEvent } from '../../src/model/events'
import { COLLECTIONS, type CollectionName } from '../../src/model/labels'

export const DEMO_VISITOR_PREFIX = 'demo-'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const SHANGHAI_OFFSET = 8 * HOUR

export interface GeneratorOptions {
  content: LoadedContent
  /** The last day of the period (YYYY-MM-DD, Asia/Shanghai). */
  end: string
  /** How many days, ending on `end`. */
  days: number
  /** About how many events in all (within a few per cent). */
  events: number
  seed: number
  /** Nothing happens after this moment (epoch ms): the end of `end` at most. */
  now: number
  /** Whether the real search finds something for these words; topics it finds are not searched. */
  searchFinds?: (q: string) => boolean
}

/** Plausible things citizens ask a market-regulation bureau about; only those the content lacks are used. */
export const NO_RESULT_TOPICS = [
  '共享单车押金退不了',
  '驾校跑路',
  '宠物医院乱收费',
  '二手车调表',
  '美容贷',
  '装修公司增项',
  '物业费',
  '医美退款',
  '健身房关门',
  '婚纱摄影加价',
  '月饼过度包装',
  '网约车多收费',
  '景区门票',
  '停车费',
  '外卖吃出异物',
  '充电宝租借扣费',
  '考研培训退费',
  '演唱会门票退票',
  '黄金回收',
  '假冒茅台',
  '奶粉',
  '校外培训机构',
  '酒店取消订单',
  '手机维修换件',
  '燃气灶',
  '电动车头盔',
  '儿童玩具',
  '羽绒服含绒量',
  '眼镜店验光',
  '房屋中介',
  '会员自动续费',
  '游戏充值退款',
  '农资种子',
  '快递丢件',
  '羽绒服含绒量不足',
  '儿童玩具',
  '化妆品过敏',
  '减肥药',
  '染发剂',
  '防晒霜',
  '纸尿裤',
  '婴儿车',
  '儿童手表',
  '净水器',
  '汽车4S店',
  '轮胎',
  '搬家公司坐地起价',
  '月嫂',
  '保姆',
  '婚介',
  '剧本杀',
  '密室逃脱',
  '民宿',
  '机票退改',
  '开锁',
  '典当',
  '茶叶',
  '白酒',
  '桶装水',
  '口罩',
  '中药材',
  '助听器',
  '足疗',
  '游泳馆',
  '私教课',
  '加油站',
] as const

// Per collection: how popular (relative), decay time in days [min, max], evergreen floor, share rate [min, max],
// hotline taps per view, and the detail page.
const PROFILE: Record<
  CollectionName,
  { weight: number; tau: [number, number]; floor: number; share: [number, number]; hotline: number; page: string }
> = {
  warnings: {
    weight: 1.3,
    tau: [4, 10],
    floor: 0.05,
    share: [0.02, 0.06],
    hotline: 0.02,
    page: 'detail/warning/index',
  },
  explainers: {
    weight: 1.0,
    tau: [7, 20],
    floor: 0.1,
    share: [0.01, 0.04],
    hotline: 0.015,
    page: 'detail/explainer/index',
  },
  news: { weight: 0.6, tau: [2, 4], floor: 0.01, share: [0.01, 0.03], hotline: 0.003, page: 'detail/news/index' },
  videos: { weight: 0.9, tau: [3, 8], floor: 0.04, share: [0.02, 0.05], hotline: 0.003, page: 'detail/video/index' },
}

const WEEKDAY = [0.7, 1, 1, 1, 1, 1, 0.75] // Sunday first
// Share of a day's activity per hour (Asia/Shanghai): night low, morning peak, lunch, evening peak
const HOURS = [2, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 7, 8, 7, 6, 6, 6, 6, 7, 9, 10, 9, 6, 4]
const HOUR_TOTAL = HOURS.reduce((a, b) => a + b, 0)

const OPEN_NONE = 0.15 // shares never opened
const OPENS_MEAN = (1 - OPEN_NONE) * 2 // 1–3 opens when opened
const RESHARE = 0.06 // openers who share again
const MAX_CHAIN = 8
const REPEAT_VIEWS = 0.125 // views by a visitor who already viewed the item that day
const NON_ITEM_SHARE = 0.3 // of all events
// Pages without an item, per unit of their daily weight: home, lists, services, search
const NON_ITEM_PAGES: { page: string; weight: number }[] = [
  { page: 'pages/index/index', weight: 1 },
  { page: 'pages/warnings/index', weight: 0.35 },
  { page: 'pages/explainers/index', weight: 0.3 },
  { page: 'pages/videos/index', weight: 0.15 },
  { page: 'more/news/index', weight: 0.08 },
  { page: 'pages/services/index', weight: 0.25 },
  { page: 'more/search/index', weight: 0.2 },
]
const SERVICES_CHANNEL = 0.12 // services page views that open a 12315 channel
const SERVICES_HOTLINE = 0.06
const HOME_HOTLINE = 0.01
const SEARCH_NO_RESULT = 0.3 // searches on the search page that find nothing
const SCENES = [
  { scene: 1007, p: 0.6 },
  { scene: 1008, p: 0.3 },
  { scene: 1154, p: 0.1 },
]

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const HEX = '0123456789abcdef'

class Random {
  readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  between(min: number, max: number) {
    return min + (max - min) * this.next()
  }
  int(n: number) {
    return Math.floor(this.next() * n)
  }
  chance(p: number) {
    return this.next() < p
  }
  gauss() {
    const u = 1 - this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }
  poisson(lambda: number): number {
    if (lambda <= 0) return 0
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.gauss()))
    const limit = Math.exp(-lambda)
    let k = 0
    let p = this.next()
    while (p > limit) {
      k++
      p *= this.next()
    }
    return k
  }
  text(length: number) {
    let text = ''
    for (let i = 0; i < length; i++) text += BASE64URL[this.int(64)]
    return text
  }
  /** A version-4 UUID made of this stream's numbers. */
  uuid() {
    let hex = ''
    for (let i = 0; i < 32; i++) hex += HEX[this.int(16)]
    const variant = HEX[8 + this.int(4)]
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`
  }
}

/** The days of a period ending on `end`, ascending, with the moment each starts in Asia/Shanghai. */
export function periodDays(end: string, days: number): { day: string; start: number; weekday: number }[] {
  const last = Date.parse(`${end}T00:00:00Z`)
  const list = []
  for (let n = days - 1; n >= 0; n--) {
    const utc = last - n * DAY
    list.push({
      day: new Date(utc).toISOString().slice(0, 10),
      start: utc - SHANGHAI_OFFSET,
      weekday: new Date(utc).getUTCDay(),
    })
  }
  return list
}

interface ItemPlan {
  item: ContentItem
  collection: CollectionName
  /** Index in the period of the day it was published; negative: before the period. */
  published: number
  popularity: number
  tau: number
  floor: number
  share: number
  hotline: number
  play: number
  complete: number
  page: string
}

export interface GeneratedEvent {
  event: ReachEvent
  /** When the API would have received it (a few seconds later, as the app sends in batches). */
  receivedAt: number
}

/** Whether POST /api/v1/events takes `fromShareId` on a share (a re-share from an opened card). */
function sharesCarryOrigin(content: LoadedContent, item: ItemPlan | undefined, at: number): boolean {
  if (!item) return false
  const probe: ReachEvent = {
    id: '00000000-0000-4000-8000-000000000000',
    type: 'share',
    at,
    visitor: `${DEMO_VISITOR_PREFIX}probe-probe-probe`,
    collection: item.collection,
    itemId: item.item.id,
    shareId: 'probe-share-1',
    fromShareId: 'probe-share-0',
  }
  try {
    validateEvents({ events: [probe] }, content, at)
    return true
  } catch {
    return false
  }
}

export interface Generation {
  /** Events one day at a time (a day's shares may be opened the next day: those opens come with it). */
  days: Iterable<GeneratedEvent[]>
  /** The topics searched (those the content lacks). */
  topics: string[]
  /** Whether re-shares carry `fromShareId` (the API takes it), so that chains can be followed. */
  chains: boolean
  items: number
}

/**
 * Plans the period and returns the events day by day (generated as they are iterated, so a million events need
 * not be held at once).
 */
export function generate(options: GeneratorOptions): Generation {
  const { content, seed } = options
  const random = new Random(seed)
  const period = periodDays(options.end, options.days)
  const firstDay = period[0].day
  const limit = Math.min(options.now, period[period.length - 1].start + DAY - 1)
  const dayIndex = (day: string) =>
    Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${firstDay}T00:00:00Z`)) / DAY)

  // Items: published ones, published by the end of the period, in a fixed order
  const plans: ItemPlan[] = []
  for (const collection of COLLECTIONS) {
    const items = [...(content.items[collection] as ContentItem[])]
      .filter((item) => item.data.status === 'published' && item.data.publishedAt <= options.end)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    for (const item of items) {
      const profile = PROFILE[collection]
      plans.push({
        item,
        collection,
        published: dayIndex(item.data.publishedAt),
        // Pareto, α = 1.3, capped at 200× the least popular
        popularity: profile.weight * Math.min(200, 1 / Math.pow(1 - random.next(), 1 / 1.3)),
        tau: random.between(...profile.tau),
        floor: profile.floor * random.between(0.5, 1.5),
        share: random.between(...profile.share),
        hotline: profile.hotline,
        play: collection === 'videos' ? random.between(0.55, 0.85) : 0,
        complete: random.between(0.4, 0.7),
        page: profile.page,
      })
    }
  }
  // The share of a day's activity that happened by `limit` (the last day may be today, partly over)
  const hourShare = (n: number) => {
    const elapsed = (limit + 1 - period[n].start) / HOUR
    if (elapsed >= 24) return 1
    let share = 0
    for (let hour = 0; hour < 24 && hour < elapsed; hour++) share += HOURS[hour] * Math.min(1, elapsed - hour)
    return Math.max(0, share / HOUR_TOTAL)
  }
  const weekly = (n: number) => WEEKDAY[period[n].weekday] * hourShare(n)
  const itemWeight = (plan: ItemPlan, n: number) => {
    const age = n - plan.published
    if (age < 0) return 0
    const decay = plan.floor + (1 - plan.floor) * Math.exp(-age / plan.tau)
    // Published during the day: fewer hours on its first
    return plan.popularity * decay * weekly(n) * (age === 0 ? 0.6 : 1)
  }

  // Calibration: expected events per unit of weight, so that the whole comes to about options.events
  const perShare = (1 + 2 * OPENS_MEAN) / (1 - OPENS_MEAN * RESHARE)
  let itemUnits = 0 // expected events per unit of scale, items
  for (const plan of plans) {
    const perView = 1 + plan.hotline + plan.play * (1 + plan.complete) + plan.share * perShare
    for (let n = 0; n < period.length; n++) itemUnits += itemWeight(plan, n) * perView
  }
  const pageTotal = NON_ITEM_PAGES.reduce((sum, page) => sum + page.weight, 0)
  const perPageUnit =
    pageTotal +
    NON_ITEM_PAGES[0].weight * HOME_HOTLINE +
    NON_ITEM_PAGES[5].weight * (SERVICES_CHANNEL + SERVICES_HOTLINE) +
    NON_ITEM_PAGES[6].weight * SEARCH_NO_RESULT
  let weekUnits = 0
  for (let n = 0; n < period.length; n++) weekUnits += weekly(n)
  // Pages without an item: NON_ITEM_SHARE of all (all of it when there are no items)
  const itemEvents = plans.length > 0 ? options.events * (1 - NON_ITEM_SHARE) : 0
  const scale = itemUnits > 0 ? itemEvents / itemUnits : 0
  const pageScale = (options.events - (itemUnits > 0 ? itemEvents : 0)) / (perPageUnit * weekUnits)

  // Visitors: a pool per day, sized to the day's expected views (about 2.5 views each)
  const poolSize: number[] = []
  for (let n = 0; n < period.length; n++) {
    let views = pageScale * pageTotal * weekly(n)
    for (const plan of plans) views += scale * itemWeight(plan, n) * (1 + plan.share * 2 * OPENS_MEAN)
    poolSize.push(Math.max(16, Math.ceil(views / 2.5)))
  }
  const visitorOf = (n: number, index: number) => {
    // From its own stream, so the pool need not be drawn in advance
    const own = new Random((seed * 31 + n * 1_000_003 + index * 7919) >>> 0)
    return DEMO_VISITOR_PREFIX + own.text(18)
  }
  const dayOfMoment = (at: number) => Math.floor((at - period[0].start) / DAY)

  const topics = NO_RESULT_TOPICS.filter((q) => !(options.searchFinds?.(q) ?? false))
  // Zipf-like: the first topics (in a seeded order) far more often than the last
  const topicOrder = topics.map((q) => ({ q, key: random.next() }))
  topicOrder.sort((a, b) => a.key - b.key)
  const topicWeights = topicOrder.map((_, rank) => 1 / (rank + 1))
  const topicTotal = topicWeights.reduce((a, b) => a + b, 0)
  const pickTopic = () => {
    let x = random.next() * topicTotal
    for (let i = 0; i < topicOrder.length; i++) {
      x -= topicWeights[i]
      if (x < 0) return topicOrder[i].q
    }
    return topicOrder[topicOrder.length - 1].q
  }

  const chains = sharesCarryOrigin(content, plans[0], limit)

  function* days(): Generator<GeneratedEvent[]> {
    for (let n = 0; n < period.length; n++) {
      const out: GeneratedEvent[] = []
      const { start } = period[n]
      const moment = () => {
        let x = random.next() * HOUR_TOTAL
        let hour = 0
        while (x >= HOURS[hour]) x -= HOURS[hour++]
        return start + hour * HOUR + Math.floor((x / HOURS[hour]) * HOUR)
      }
      const emit = (event: Omit<ReachEvent, 'id'>) => {
        if (event.at > limit) return false
        // Sent with the next batch: 1–40 s later, never later than the clock allows
        const receivedAt = Math.min(options.now, event.at + 1000 + random.int(39_000))
        out.push({ event: { id: random.uuid(), ...event }, receivedAt })
        return true
      }
      const pickVisitor = (day: number) => visitorOf(day, random.int(poolSize[day]))

      const share = (plan: ItemPlan, visitor: string, at: number, from: string | undefined, depth: number) => {
        const shareId = random.text(16)
        const at2 = at + 20_000 + random.int(180_000)
        const item = { collection: plan.collection, itemId: plan.item.id }
        const fields = { type: 'share' as const, at: at2, visitor, ...item, shareId, page: plan.page }
        if (!emit(from && chains ? { ...fields, fromShareId: from } : fields)) return
        const opens = random.chance(OPEN_NONE) ? 0 : 1 + random.int(3)
        for (let k = 0; k < opens; k++) {
          // Within hours: most soon after sharing
          const openAt = at2 + Math.floor(-Math.log(1 - random.next()) * 1.5 * HOUR)
          const day = dayOfMoment(openAt)
          if (openAt > limit || day >= period.length) continue
          const opener = pickVisitor(day)
          let x = random.next()
          const scene = SCENES.find((s) => (x -= s.p) < 0)?.scene ?? 1007
          emit({ type: 'view', at: openAt, visitor: opener, ...item, page: plan.page, scene })
          emit({
            type: 'share_open',
            at: openAt,
            visitor: opener,
            ...item,
            page: plan.page,
            scene,
            fromShareId: shareId,
          })
          watch(plan, opener, openAt)
          if (depth < MAX_CHAIN && random.chance(RESHARE)) share(plan, opener, openAt, shareId, depth + 1)
        }
      }
      // What a viewer does on a detail page besides sharing
      const watch = (plan: ItemPlan, visitor: string, at: number) => {
        const item = { collection: plan.collection, itemId: plan.item.id, page: plan.page }
        if (random.chance(plan.hotline))
          emit({ type: 'hotline_tap', at: at + 10_000 + random.int(110_000), visitor, ...item })
        if (plan.play > 0 && random.chance(plan.play)) {
          const playAt = at + 2000 + random.int(18_000)
          emit({ type: 'video_play', at: playAt, visitor, ...item, collection: 'videos' })
          if (random.chance(plan.complete))
            emit({
              type: 'video_complete',
              at: playAt + 30_000 + random.int(270_000),
              visitor,
              ...item,
              collection: 'videos',
            })
        }
      }

      // Items
      for (const plan of plans) {
        const views = random.poisson(scale * itemWeight(plan, n))
        if (views === 0) continue
        const distinct = Math.max(1, Math.round(views * (1 - REPEAT_VIEWS * random.between(0.5, 1.5))))
        const viewers = new Set<string>()
        while (viewers.size < Math.min(distinct, poolSize[n])) viewers.add(pickVisitor(n))
        const list = [...viewers]
        for (let k = 0; k < views; k++) {
          const visitor = k < list.length ? list[k] : list[random.int(list.length)]
          const at = moment()
          if (!emit({ type: 'view', at, visitor, collection: plan.collection, itemId: plan.item.id, page: plan.page }))
            continue
          watch(plan, visitor, at)
          if (random.chance(plan.share)) share(plan, visitor, at, undefined, 1)
        }
      }

      // Pages without an item
      for (const { page, weight } of NON_ITEM_PAGES) {
        const views = random.poisson(pageScale * weight * weekly(n))
        for (let k = 0; k < views; k++) {
          const visitor = pickVisitor(n)
          const at = moment()
          if (!emit({ type: 'view', at, visitor, page })) continue
          const later = () => at + 5000 + random.int(115_000)
          if (page === 'pages/index/index' && random.chance(HOME_HOTLINE))
            emit({ type: 'hotline_tap', at: later(), visitor, page })
          if (page === 'pages/services/index') {
            if (random.chance(SERVICES_CHANNEL)) emit({ type: 'channel_open', at: later(), visitor, page })
            if (random.chance(SERVICES_HOTLINE)) emit({ type: 'hotline_tap', at: later(), visitor, page })
          }
          if (page === 'more/search/index' && topicOrder.length > 0 && random.chance(SEARCH_NO_RESULT))
            emit({ type: 'search', at: later(), visitor, page, q: pickTopic() })
        }
      }
      yield out
    }
  }

  return { days: days(), topics, chains, items: plans.length }
}

/**
 * The rows POST /api/v1/events would store for these events, each checked by its validation as if received at
 * `receivedAt`: throws (EventProblem) on the first event it would refuse.
 */
export function toRows(events: GeneratedEvent[], content: LoadedContent): EventRow[] {
  return events.map(({ event, receivedAt }) => validateEvents({ events: [event] }, content, receivedAt)[0])
}
