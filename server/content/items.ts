// Every visible item of every collection: its summary (serialized once, for lists) and its detail response,
// with related items and neighbours resolved among the visible ones.
import path from 'node:path'
import type {
  DetailByCollection,
  ExplainerSummary,
  NewsSummary,
  Summary,
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
import type { ContentItem, LoadedContent } from './load-content'
import { mediaUrl } from './media-path'
import { posterSizes } from './poster-sizes'
import { prepare } from './prepared'
import type { CollectionView, Collections, Entry } from './view'

const RELATED_MAX = 6
const RELATED_SIMILAR = 3

/** The visible items of each collection, newest first, with their summaries and details. */
export function compileCollections(
  content: LoadedContent,
  options: { today: string; preview: boolean; regionNames: Map<string, string> },
): Collections {
  const { today, preview, regionNames } = options
  const mediaDir = path.join(content.contentDir, 'media')
  const visible = (item: ContentItem) => preview || (item.data.status === 'published' && item.data.publishedAt <= today)

  // Summaries, newest first
  const collections = {} as Collections
  for (const collection of COLLECTIONS) {
    const entries = (content.items[collection] as ContentItem[])
      .filter(visible)
      .sort(newestFirst)
      .map((item) => {
        const summary = summarize(item, today, regionNames, mediaDir)
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
  return collections
}

/**
 * One item's detail as the app gets it, for an item that is not among the visible ones (a newsroom draft opened from
 * its preview link): marked `draft`, related items resolved among what the public sees today, no neighbours.
 */
export function draftDetail(
  content: LoadedContent,
  publicCollections: Collections,
  item: ContentItem,
  today: string,
): DetailByCollection[CollectionName] {
  const regionNames = new Map(content.site?.regions.map((region) => [region.id, region.name]))
  const mediaDir = path.join(content.contentDir, 'media')
  const summary = { ...summarize(item, today, regionNames, mediaDir), draft: true as const }
  const entry = { item, summary, json: JSON.stringify(summary) } as Entry
  const summaryOf = (collection: CollectionName, id: string) =>
    (publicCollections[collection] as CollectionView).entries.find((other) => other.item.id === id)?.summary
  // Related among the public items (never the draft's own published version: relatedSummaries leaves out its id)
  return detail(entry, relatedSummaries(entry, publicCollections, summaryOf), {})
}

export function newestFirst(a: ContentItem, b: ContentItem): number {
  return (
    compare(b.data.publishedAt, a.data.publishedAt) ||
    compare(b.data.updatedAt ?? '', a.data.updatedAt ?? '') ||
    compare(a.id, b.id)
  )
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function summarize(item: ContentItem, today: string, regionNames: Map<string, string>, mediaDir: string): Summary {
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
        posterSizes: posterSizes(mediaDir, poster),
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
  collections: Collections,
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
