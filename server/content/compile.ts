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

/** A response body, serialized once, with its ETag. */
export interface Prepared {
  body: string
  etag: string
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

interface SearchEntry {
  json: string
  title: string
  summary: string
  body: string
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
  topicIds: string[]
  search: SearchEntry[]
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
    for (const entry of view.entries) {
      const related = relatedSummaries(entry, collections, summaryOf)
      view.details.set(entry.item.id, prepare(detail(entry, related)))
    }
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

  const search: SearchEntry[] = COLLECTIONS.flatMap((collection) => collections[collection].entries as Entry[])
    .sort((a, b) => newestFirst(a.item, b.item))
    .map((entry) => ({
      json: entry.json,
      title: normalize(entry.item.data.title),
      summary: normalize(entry.item.data.summary),
      body: normalize(entry.item.text),
    }))

  return {
    preview,
    today,
    health: prepare(health),
    site: site ? prepare(site) : undefined,
    home,
    services,
    collections,
    regionIds: site?.regions.map((region) => region.id) ?? [],
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
  const body = `{"items":[${slice.join(',')}],"page":${page},"pageSize":${pageSize},"total":${items.length}${extra}}`
  return { body, etag: etagOf(body) }
}

// Search (a plain substring search; every word must appear; title matches first, then newest first)

export function searchPage(view: ContentView, q: string, page: number, pageSize: number): Prepared {
  const terms = normalize(q).split(/\s+/).filter(Boolean)
  const key = `search?page=${page}&pageSize=${pageSize}&q=${q}`
  const cached = view.pages.get(key)
  if (cached) return cached
  const hits: { json: string; score: number; order: number }[] = []
  view.search.forEach((entry, order) => {
    let score = 0
    for (const term of terms) {
      if (entry.title.includes(term)) score += 4
      else if (entry.summary.includes(term)) score += 2
      else if (entry.body.includes(term)) score += 1
      else return
    }
    hits.push({ json: entry.json, score, order })
  })
  hits.sort((a, b) => b.score - a.score || a.order - b.order)
  const prepared = pageBody(
    hits.map((hit) => hit.json),
    page,
    pageSize,
    ',"q":' + JSON.stringify(q),
  )
  return view.pages.set(key, prepared)
}

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
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
    ...(data.shareImage ? { shareImage: mediaUrl(data.shareImage) } : {}),
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

function detail(entry: Entry, related: Summary[]): DetailByCollection[CollectionName] {
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
      return { ...(entry.summary as VideoSummary), ...extras, contest: data.contest, src: mediaUrl(data.src) }
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
