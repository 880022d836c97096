import Taro from '@tarojs/taro'
import { TAB_PAGES } from './routes'

// switchTab takes no query, and a tab page once opened stays alive: the query given to openPage for a tab page
// is kept here, and the page takes it when shown (see takeTabQuery).
const tabQueries = new Map<string, Record<string, string>>()

function parseQuery(query: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=')
    if (!key) continue
    try {
      params[decodeURIComponent(key)] = decodeURIComponent(value)
    } catch {
      params[key] = value
    }
  }
  return params
}

/** Opens an in-app path: tab pages by switchTab (the query kept for takeTabQuery), others by navigateTo. */
export function openPage(url: string): void {
  const [path, query] = url.split('?')
  if (TAB_PAGES.includes(path)) {
    if (query) tabQueries.set(path, parseQuery(query))
    else tabQueries.delete(path)
    Taro.switchTab({ url: path })
  } else {
    Taro.navigateTo({ url })
  }
}

/**
 * The query openPage last gave the tab page `path`. Taken (`take`: the page has been shown with it), later
 * calls answer undefined until openPage gives another, so a tap on the tab bar does not bring it back.
 */
export function tabQuery(path: string, { take = false } = {}): Record<string, string> | undefined {
  const query = tabQueries.get(path)
  if (take) tabQueries.delete(path)
  return query
}
