// List and search pages, built on first request from a compiled view and kept in it (view.pages).
import type { CollectionName } from '../../src/model/labels'
import { etagOf, type Prepared } from './prepared'
import type { ContentView, Entry } from './view'

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

/** The page's JSON, joined from items already serialized. */
export function pageJson(slice: string[], page: number, pageSize: number, total: number, extra: string): Prepared {
  const body = `{"items":[${slice.join(',')}],"page":${page},"pageSize":${pageSize},"total":${total}${extra}}`
  return { body, etag: etagOf(body) }
}
