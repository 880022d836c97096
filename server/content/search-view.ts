// The search side of a compile: every visible item, newest first, and the index over them (search-index.ts).
import { COLLECTIONS } from '../../src/model/labels'
import { newestFirst } from './items'
import type { ContentItem, LoadedContent } from './load-content'
import { SearchIndex } from './search-index'
import type { Collections, Entry, SearchView } from './view'

export function searchView(content: LoadedContent, collections: Collections): SearchView {
  const entries = COLLECTIONS.flatMap((collection) => collections[collection].entries as Entry[]).sort((a, b) =>
    newestFirst(a.item, b.item),
  )
  return { entries, index: searchIndexFor(content, entries) }
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
        keywords: (entry.item.data.keywords ?? []).join('\n'),
        summary: entry.item.data.summary,
        body: entry.item.text,
        extra: extraText(entry),
      })),
      content.dictionary,
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
