// Builds every response once from loaded content: JSON strings and their ETags, for one day and one audience.
import { createHash } from 'node:crypto'
import type {
  DetailByCollection,
  ExplainerSummary,
  HealthResponse,
  HomeResponse,
  NewsSummary,
  ServicesResponse,
  Summary,
  SummaryByCollection,
  VideoSummary,
  WarningSummary,
} from '../../src/model/api'
import {
  CHANNEL_KINDS,
  COLLECTIONS,
  EXPLAINER_CATEGORIES,
  VIDEO_AWARDS,
  WARNING_LEVELS,
  type CollectionName,
} from '../../src/model/labels'
import { countItems, type ContentItem, type LoadedContent } from './load-content'
import { mediaUrl } from './media-path'
import type { Encodings } from './precompress'
import { SearchIndex } from './search-index'
import { queryWords } from './search-text'

/** A response body, serialized once, with its ETag. */
export interface Prepared {
  body: string
  etag: string
  /** Its compressed forms (precompress.ts), made once. */
  encoded?: Encodings
}

export interface Entry<C extends CollectionName = CollectionName> {
  item: ContentItem<C>
  summary: SummaryByCollection[C]
  /** The summary, serialized. */
  json: string
}

export interface CollectionView<C extends CollectionName = CollectionName> {
  /** Visible items, newest first. */
  entries: Entry<C>[]
  details: Map<string, Prepared>
}

interface SearchView {
  /** Every visible item, newest first, and the index over them (position n is entries[n]). */
  entries: Entry[]
  index: SearchIndex
}

export interface ContentView {
  preview: boolean
  /** The Asia/Shanghai date this view was compiled for. */
  today: string
  health: Prepared
  site?: Prepared
  home?: Prepared
  services?: Prepared
  collections: { [C in CollectionName]: CollectionView<C> }
  regionIds: string[]
  /** The region id of the whole province: its warnings apply in every city. */
  province?: string
  topicIds: string[]
  search: SearchView
  /** List and search pages, built on first request and kept until the next compile. */
  pages: BoundedCache<Prepared>
  filtered: BoundedCache<Entry[]>
}

export const HOME_COUNTS = { topicItems: 4, warnings: 3, news: 5, explainers: 4, videos: 4 }
const RELATED_MAX = 6
const RELATED_SIMILAR = 3

export function etagOf(body: string): string {
  return '"' + createHash('sha1').update(body).digest('base64url') + '"'
}

export function prepare(value: unknown): Prepared {
  const body = JSON.stringify(value)
  return { body, etag: etagOf(body) }
}

export class BoundedCache<T> {
  private readonly map = new Map<string, T>()
  constructor(private readonly max: number) {}
  get(key: string): T | undefined {
    return this.map.get(key)
  }
  set(key: string, value: T): T {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string)
    this.map.set(key, value)
    return value
  }
}

export function compileContent(content: LoadedContent, options: { today: string; preview: boolean }): ContentView {
  const { today, preview } = options
  const { site } = content
  const regionNames = new Map(site?.regions.map((region) => [region.id, region.name]))
  const visible = (item: ContentItem) => preview || (item.data.status === 'published' && item.data.publishedAt <= today)

  // Summaries, newest first
  const collections = {} as ContentView['collections']
  for (const collection of COLLECTIONS) {
    const entries = (content.items[collection] as ContentItem[])
      .filter(visible)
      .sort(newestFirst)
      .map((item) => {
        const summary = summarize(item, today, regionNames)
        return { item, summary, json: JSON.stringify(summary) } as Entry
      })
    collections[collection] = { entries, details: new Map() } as never
  }
  const summaries = new Map<string, Summary>()
  for (const collection of COLLECTIONS) {
    for (const entry of collections[collection].entries) summaries.set(`${collection}/${entry.item.id}`, entry.summary)
  }
  const summaryOf = (collection: CollectionName, id: string) => summaries.get(`${collection}/${id}`)

  // Details, with related items resolved among the visible ones
  for (const collection of COLLECTIONS) {
    const view = collections[collection] as CollectionView
    view.entries.forEach((entry, n) => {
      const related = relatedSummaries(entry, collections, summaryOf)
      const neighbours = { previous: view.entries[n - 1]?.summary, next: view.entries[n + 1]?.summary }
      view.details.set(entry.item.id, prepare(detail(entry, related, neighbours)))
    })
  }

  const health: HealthResponse = {
    status: 'ok',
    items: countItems(content),
    invalid: content.invalid,
    loadedAt: content.loadedAt,
  }

  let home: Prepared | undefined
  let services: Prepared | undefined
  if (site) {
    const active = collections.warnings.entries.filter((entry) => !entry.summary.expired)
    const homeResponse: HomeResponse = {
      site: { bureauName: site.bureauName, appName: site.appName, hotline: site.hotline },
      topics: site.topics.map((topic) => ({
        ...topic,
        items: collections.news.entries
          .filter((entry) => entry.summary.topics.includes(topic.id))
          .slice(0, HOME_COUNTS.topicItems)
          .map((entry) => entry.summary),
      })),
      warnings: active.slice(0, HOME_COUNTS.warnings).map((entry) => entry.summary),
      news: collections.news.entries.slice(0, HOME_COUNTS.news).map((entry) => entry.summary),
      explainers: collections.explainers.entries.slice(0, HOME_COUNTS.explainers).map((entry) => entry.summary),
      videos: collections.videos.entries.slice(0, HOME_COUNTS.videos).map((entry) => entry.summary),
    }
    home = prepare(homeResponse)
    if (content.services) {
      const servicesResponse: ServicesResponse = {
        ...content.services,
        hotline: site.hotline,
        miniProgram12315: site.miniProgram12315,
        website12315: site.website12315,
        regions: site.regions,
      }
      services = prepare(servicesResponse)
    }
  }

  const searchEntries = COLLECTIONS.flatMap((collection) => collections[collection].entries as Entry[]).sort((a, b) =>
    newestFirst(a.item, b.item),
  )
  const search = { entries: searchEntries, index: searchIndexFor(content, searchEntries) }

  return {
    preview,
    today,
    health: prepare(health),
    site: site ? prepare(site) : undefined,
    home,
    services,
    collections,
    regionIds: site?.regions.map((region) => region.id) ?? [],
    province: site?.province,
    topicIds: site?.topics.map((topic) => topic.id) ?? [],
    search,
    pages: new BoundedCache(5000),
    filtered: new BoundedCache(500),
  }
}

// Lists

export function listPage(
  view: ContentView,
  collection: CollectionName,
  filter: { key: string; test: (entry: Entry) => boolean } | undefined,
  page: number,
  pageSize: number,
): Prepared {
  const key = `${collection}?${filter?.key ?? ''}&page=${page}&pageSize=${pageSize}`
  const cached = view.pages.get(key)
  if (cached) return cached
  const all = view.collections[collection].entries as Entry[]
  let selected = all
  if (filter) {
    const filterKey = `${collection}?${filter.key}`
    selected = view.filtered.get(filterKey) ?? view.filtered.set(filterKey, all.filter(filter.test))
  }
  const prepared = pageBody(
    selected.map((entry) => entry.json),
    page,
    pageSize,
    '',
  )
  // Pages past the end are cheap and endless: not worth keeping.
  return (page - 1) * pageSize < Math.max(selected.length, 1) ? view.pages.set(key, prepared) : prepared
}

function pageBody(items: string[], page: number, pageSize: number, extra: string): Prepared {
  const start = (page - 1) * pageSize
  const slice = start < items.length ? items.slice(start, start + pageSize) : []
  return pageJson(slice, page, pageSize, items.length, extra)
}

function pageJson(slice: string[], page: number, pageSize: number, total: number, extra: string): Prepared {
  const body = `{"items":[${slice.join(',')}],"page":${page},"pageSize":${pageSize},"total":${total}${extra}}`
  return { body, etag: etagOf(body) }
}

// Search (search-index.ts: every word must appear; more words in the title first, then the score, then newest first)

export function searchPage(view: ContentView, q: string, page: number, pageSize: number): Prepared {
  const key = `search?page=${page}&pageSize=${pageSize}&q=${q}`
  const cached = view.pages.get(key)
  if (cached) return cached
  const { entries, index } = view.search
  const words = queryWords(q)
  const ranked = index.search(words)
  const start = (page - 1) * pageSize
  const items = ranked.slice(start, start + pageSize).map((position) => {
    const highlight = JSON.stringify(index.highlight(position, words))
    return entries[position].json.slice(0, -1) + ',"highlight":' + highlight + '}'
  })
  const prepared = pageJson(items, page, pageSize, ranked.length, ',"q":' + JSON.stringify(q))
  return start < Math.max(ranked.length, 1) ? view.pages.set(key, prepared) : prepared
}

/** One index per content and set of visible items: a new day or the other audience reuses it when nothing changed. */
const searchIndexes = new WeakMap<LoadedContent, Map<string, SearchIndex>>()

function searchIndexFor(content: LoadedContent, entries: Entry[]): SearchIndex {
  const signature = entries.map((entry) => `${entry.item.collection}/${entry.item.id}`).join(' ')
  let indexes = searchIndexes.get(content)
  if (!indexes) searchIndexes.set(content, (indexes = new Map()))
  let index = indexes.get(signature)
  if (!index) {
    index = new SearchIndex(
      entries.map((entry) => ({
        title: entry.item.data.title,
        summary: entry.item.data.summary,
        body: entry.item.text,
        extra: extraText(entry),
      })),
    )
    indexes.set(signature, index)
  }
  return index
}

/** What else a detail page shows, for search: key points, Q&A, laws cited, tags and labels. */
function extraText({ item, summary }: Entry): string {
  switch (summary.collection) {
    case 'explainers': {
      const data = (item as ContentItem<'explainers'>).data
      return [
        summary.categoryLabel,
        ...(data.tags ?? []),
        ...data.keyPoints,
        ...(data.qa ?? []).flatMap((qa) => [qa.q, qa.a]),
        ...data.legalBasis.flatMap((basis) => [basis.law + basis.article, basis.quote ?? '']),
      ].join('\n')
    }
    case 'warnings':
      return [summary.levelLabel, summary.regionName, ...(item as ContentItem<'warnings'>).data.whatToDo].join('\n')
    case 'videos':
      return [summary.awardLabel, summary.unit, (item as ContentItem<'videos'>).data.contest].join('\n')
    case 'news':
      return summary.origin
  }
}

// Summaries and details

function newestFirst(a: ContentItem, b: ContentItem): number {
  return (
    compare(b.data.publishedAt, a.data.publishedAt) ||
    compare(b.data.updatedAt ?? '', a.data.updatedAt ?? '') ||
    compare(a.id, b.id)
  )
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function summarize(item: ContentItem, today: string, regionNames: Map<string, string>): Summary {
  const data = item.data
  const base = {
    id: item.id,
    collection: item.collection,
    title: data.title,
    summary: data.summary,
    publishedAt: data.publishedAt,
    ...(data.updatedAt ? { updatedAt: data.updatedAt } : {}),
    ...(data.status === 'draft' ? { draft: true as const } : {}),
    ...(item.shareImage ? { shareImage: mediaUrl(item.shareImage) } : {}),
  }
  switch (item.collection) {
    case 'explainers': {
      const { category } = (item as ContentItem<'explainers'>).data
      const summary: ExplainerSummary = {
        ...base,
        collection: 'explainers',
        category,
        categoryLabel: EXPLAINER_CATEGORIES[category],
      }
      return summary
    }
    case 'warnings': {
      const { level, region, expiresAt } = (item as ContentItem<'warnings'>).data
      const summary: WarningSummary = {
        ...base,
        collection: 'warnings',
        level,
        levelLabel: WARNING_LEVELS[level],
        region,
        regionName: regionNames.get(region) ?? region,
        ...(expiresAt ? { expiresAt } : {}),
        expired: expiresAt !== undefined && expiresAt < today,
      }
      return summary
    }
    case 'videos': {
      const { unit, award, durationSeconds, poster, sample } = (item as ContentItem<'videos'>).data
      const summary: VideoSummary = {
        ...base,
        collection: 'videos',
        unit,
        award,
        awardLabel: VIDEO_AWARDS[award],
        durationSeconds,
        poster: mediaUrl(poster),
        sample,
      }
      return summary
    }
    case 'news': {
      const { origin, topics } = (item as ContentItem<'news'>).data
      const summary: NewsSummary = { ...base, collection: 'news', origin, topics: topics ?? [] }
      return summary
    }
  }
}

/** Neighbours in the list's order (newest first): only videos show them (上一个 / 下一个). */
interface Neighbours {
  previous?: Summary
  next?: Summary
}

function detail(entry: Entry, related: Summary[], neighbours: Neighbours): DetailByCollection[CollectionName] {
  const { item } = entry
  const extras = { status: item.data.status, body: item.blocks, sources: item.data.sources, related }
  switch (item.collection) {
    case 'explainers': {
      const data = (item as ContentItem<'explainers'>).data
      return {
        ...(entry.summary as ExplainerSummary),
        ...extras,
        keyPoints: data.keyPoints,
        legalBasis: data.legalBasis,
        qa: data.qa ?? [],
        tags: data.tags ?? [],
      }
    }
    case 'warnings': {
      const data = (item as ContentItem<'warnings'>).data
      return {
        ...(entry.summary as WarningSummary),
        ...extras,
        whatToDo: data.whatToDo,
        channel: data.channel,
        channelLabel: CHANNEL_KINDS[data.channel],
      }
    }
    case 'videos': {
      const data = (item as ContentItem<'videos'>).data
      return {
        ...(entry.summary as VideoSummary),
        ...extras,
        contest: data.contest,
        src: mediaUrl(data.src),
        ...(neighbours.previous ? { previous: neighbours.previous as VideoSummary } : {}),
        ...(neighbours.next ? { next: neighbours.next as VideoSummary } : {}),
      }
    }
    case 'news': {
      const data = (item as ContentItem<'news'>).data
      return { ...(entry.summary as NewsSummary), ...extras, ...(data.cover ? { cover: mediaUrl(data.cover) } : {}) }
    }
  }
}

/** Explainers and warnings link each other (both ways); news share topics; videos share a contest. */
function relatedSummaries(
  entry: Entry,
  collections: ContentView['collections'],
  summaryOf: (collection: CollectionName, id: string) => Summary | undefined,
): Summary[] {
  const { item } = entry
  const linked = (collection: 'explainers' | 'warnings', ids: string[]) =>
    [...new Set(ids)]
      .map((id) => summaryOf(collection, id))
      .filter((summary): summary is Summary => summary !== undefined)
      .slice(0, RELATED_MAX)
  switch (item.collection) {
    case 'explainers': {
      const own = (item as ContentItem<'explainers'>).data.relatedWarnings ?? []
      const back = collections.warnings.entries
        .filter((other) => other.item.data.relatedExplainers?.includes(item.id))
        .map((other) => other.item.id)
      return linked('warnings', [...own, ...back])
    }
    case 'warnings': {
      const own = (item as ContentItem<'warnings'>).data.relatedExplainers ?? []
      const back = collections.explainers.entries
        .filter((other) => other.item.data.relatedWarnings?.includes(item.id))
        .map((other) => other.item.id)
      return linked('explainers', [...own, ...back])
    }
    case 'news': {
      const topics = (entry.summary as NewsSummary).topics
      if (!topics.length) return []
      return collections.news.entries
        .filter((other) => other.item.id !== item.id && other.summary.topics.some((topic) => topics.includes(topic)))
        .slice(0, RELATED_SIMILAR)
        .map((other) => other.summary)
    }
    case 'videos': {
      const contest = (item as ContentItem<'videos'>).data.contest
      return collections.videos.entries
        .filter((other) => other.item.id !== item.id && other.item.data.contest === contest)
        .slice(0, RELATED_SIMILAR)
        .map((other) => other.summary)
    }
  }
}
