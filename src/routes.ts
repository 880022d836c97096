// Page paths in one place: links, share cards and tests all build them here.
import type { CollectionName } from './model/labels'

export const HOME = '/pages/index/index'
export const SERVICES = '/pages/services/index'
export const SEARCH = '/more/search/index'
export const MINE = '/more/mine/index'
export const PRIVACY = '/more/privacy/index'

export const LIST_PAGES: Record<CollectionName, string> = {
  explainers: '/pages/explainers/index',
  warnings: '/pages/warnings/index',
  videos: '/pages/videos/index',
  news: '/more/news/index',
}

export const DETAIL_PAGES: Record<CollectionName, string> = {
  explainers: '/detail/explainer/index',
  warnings: '/detail/warning/index',
  videos: '/detail/video/index',
  news: '/detail/news/index',
}

/** Pages in the tab bar open with switchTab; everything else with navigateTo. */
export const TAB_PAGES = [HOME, LIST_PAGES.explainers, LIST_PAGES.warnings, SERVICES, LIST_PAGES.videos]

export function detailPath(collection: CollectionName, id: string): string {
  return `${DETAIL_PAGES[collection]}?id=${encodeURIComponent(id)}`
}

export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query).filter((pair): pair is [string, string] => Boolean(pair[1]))
  if (pairs.length === 0) return path
  return `${path}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`
}
