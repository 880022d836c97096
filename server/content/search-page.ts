// Search pages, built on first request from a compiled view and kept in it (view.pages), like list pages.
// The page's JSON is SearchResponse (src/model/api.ts): the hits with their highlights, `match`, and, when nothing
// was found, `suggestions` (the explainer categories nearest to the words, and the current warnings).
import type { SearchSuggestions } from '../../src/model/api'
import { EXPLAINER_CATEGORIES, type ExplainerCategory } from '../../src/model/labels'
import type { ContentItem } from './load-content'
import { pageJson } from './pages'
import type { Prepared } from './prepared'
import type { ParsedQuery } from './search-query'
import type { ContentView } from './view'

export interface SearchPage extends Prepared {
  /** Items found (every page of them). */
  total: number
}

const SUGGESTED_CATEGORIES = 4
const SUGGESTED_WARNINGS = 3
/** Suggestions look at this many of the items nearest to the query's characters. */
const NEAREST = 10

export function searchPage(view: ContentView, q: string, page: number, pageSize: number): SearchPage {
  const key = `search?page=${page}&pageSize=${pageSize}&q=${q}`
  const cached = view.pages.get(key) as SearchPage | undefined
  if (cached) return cached
  const built = buildSearchPage(view, q, page, pageSize)
  return (page - 1) * pageSize < Math.max(built.total, 1) ? (view.pages.set(key, built) as SearchPage) : built
}

/** The page without the cache (bench:search measures this). */
export function buildSearchPage(view: ContentView, q: string, page: number, pageSize: number): SearchPage {
  const { entries, index } = view.search
  const query = index.parse(q)
  const { positions, complete } = index.search(query)
  const start = (page - 1) * pageSize
  const items = positions.slice(start, start + pageSize).map((position) => {
    const highlight = JSON.stringify(index.highlight(position, query))
    return entries[position].json.slice(0, -1) + ',"highlight":' + highlight + '}'
  })
  const match = complete ? 'all' : positions.length ? 'partial' : 'none'
  let extra = `,"q":${JSON.stringify(q)},"match":"${match}"`
  if (!positions.length) extra += ',"suggestions":' + suggestionsJson(view, query)
  return { ...pageJson(items, page, pageSize, positions.length, extra), total: positions.length }
}

/**
 * Where to look when nothing matched: the categories of the explainers nearest to the characters of the query's
 * words, then the categories with the most explainers; and the current warnings, newest first.
 */
function suggestionsJson(view: ContentView, query: ParsedQuery): string {
  const { entries, index } = view.search
  const scores = new Map<ExplainerCategory, number>()
  index.nearest(query, NEAREST).forEach((position, rank) => {
    const item = entries[position].item
    if (item.collection !== 'explainers') return
    const category = (item as ContentItem<'explainers'>).data.category
    scores.set(category, (scores.get(category) ?? 0) + (NEAREST - rank))
  })
  const explainers = view.collections.explainers.entries
  const common = new Map<ExplainerCategory, number>()
  for (const entry of explainers) common.set(entry.item.data.category, (common.get(entry.item.data.category) ?? 0) + 1)
  const nearest = [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([category]) => category)
  const mostCommon = [...common.entries()].sort((a, b) => b[1] - a[1]).map(([category]) => category)
  const categories = [...new Set([...nearest, ...mostCommon])]
    .slice(0, SUGGESTED_CATEGORIES)
    .map((id) => ({ id, label: EXPLAINER_CATEGORIES[id] }))
  const warnings = view.collections.warnings.entries
    .filter((entry) => !entry.summary.expired)
    .slice(0, SUGGESTED_WARNINGS)
    .map((entry) => entry.json)
  const suggestions: Omit<SearchSuggestions, 'warnings'> = { categories }
  return JSON.stringify(suggestions).slice(0, -1) + `,"warnings":[${warnings.join(',')}]}`
}
