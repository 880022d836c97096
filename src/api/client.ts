// The one place the app talks to the content API (contract: shared DESIGN.md).
import Taro from '@tarojs/taro'
import type {
  DetailByCollection,
  HomeResponse,
  ListResponse,
  SearchResponse,
  ServicesResponse,
  SiteResponse,
  SummaryByCollection,
} from '@/model/api'
import type { CollectionName } from '@/model/labels'

/** The API's origin, read at build time; empty means the page's own origin (H5 served beside the API). */
export const API_ORIGIN = (process.env.TARO_APP_API || '').replace(/\/+$/, '')
const PREVIEW_TOKEN = process.env.TARO_APP_PREVIEW_TOKEN || ''
export const IS_PREVIEW = PREVIEW_TOKEN !== ''
const API_BASE = `${API_ORIGIN}/api/v1`
// A few seconds, not WeChat's default 60: on a weak network a retry (or the copy on the device) beats waiting.
const TIMEOUT_MS = 6000

export type Query = Record<string, string | number | undefined>

export class ApiRequestError extends Error {
  /** HTTP status, or 0 when the network failed. */
  readonly status: number
  readonly code: string
  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'ApiRequestError'
    this.status = status
    this.code = code
  }
  get notFound(): boolean {
    return this.status === 404
  }
}

export function buildUrl(path: string, query: Query = {}): string {
  const pairs = Object.entries(query).filter(([, v]) => v !== undefined && v !== '')
  const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

/** Media paths in responses are relative to the API origin. */
export function mediaUrl(path: string | undefined): string {
  if (!path) return ''
  return /^https?:\/\//.test(path) ? path : `${API_ORIGIN}${path}`
}

interface Reply {
  status: number
  data: unknown
}

/** One GET: the browser's fetch in H5, wx.request (through Taro) in WeChat. Rejects only when no answer came. */
async function send(url: string): Promise<Reply> {
  const headers: Record<string, string> = PREVIEW_TOKEN ? { 'X-Preview-Token': PREVIEW_TOKEN } : {}
  // An if/else (not an early return): webpack drops the branch the other platform needs, and its imports with it.
  if (process.env.TARO_ENV === 'h5') {
    // Taro.request would add its fetch, AbortController and JSONP polyfills (~24 KB) to every page's chunk for
    // browsers that have all three built in.
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS)
    try {
      const res = await fetch(url, { headers, signal: controller.signal })
      const text = await res.text()
      let data: unknown = text
      try {
        data = JSON.parse(text)
      } catch {
        // not JSON (a proxy's error page): the status says what happened
      }
      return { status: res.status, data }
    } finally {
      clearTimeout(timer)
    }
  } else {
    const res = await Taro.request({ url, method: 'GET', timeout: TIMEOUT_MS, header: headers })
    return { status: res.statusCode, data: res.data }
  }
}

export async function getJson<T>(path: string, query?: Query): Promise<T> {
  let res: Reply
  try {
    res = await send(buildUrl(path, query))
  } catch {
    throw new ApiRequestError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
  }
  if (res.status >= 200 && res.status < 300) return res.data as T
  const body = res.data as { error?: { code?: string; message?: string } } | undefined
  const code = body?.error?.code ?? `HTTP_${res.status}`
  if (res.status === 404) throw new ApiRequestError(404, code, '内容不存在或已撤下')
  // A preview link that was one: revoked by the editor, or expired
  if (res.status === 410 && code === 'PREVIEW_REVOKED') {
    throw new ApiRequestError(410, code, '预览链接已撤销，请向编辑重新获取')
  }
  if (res.status === 410) throw new ApiRequestError(410, code, '预览链接已过期，请向编辑重新获取')
  if (res.status === 429) throw new ApiRequestError(429, code, '访问太频繁，请稍后再试')
  // The API's own messages are for developers; a citizen gets plain words.
  throw new ApiRequestError(res.status, code, '服务暂时不可用，请稍后重试')
}

// One function per route: pages and hooks call these, tests replace this module with a fake.
export const api = {
  home: () => getJson<HomeResponse>('/home'),
  site: () => getJson<SiteResponse>('/site'),
  services: () => getJson<ServicesResponse>('/services'),
  list: <C extends CollectionName>(collection: C, query: Query = {}) =>
    getJson<ListResponse<SummaryByCollection[C]>>(`/${collection}`, query),
  search: (q: string, page = 1) => getJson<SearchResponse>('/search', { q, page }),
  detail: <C extends CollectionName>(collection: C, id: string) =>
    getJson<DetailByCollection[C]>(`/${collection}/${encodeURIComponent(id)}`),
  /** A newsroom draft from its preview link's token (never kept on the device). */
  draft: <C extends CollectionName>(token: string) =>
    getJson<DetailByCollection[C]>(`/drafts/${encodeURIComponent(token)}`),
}
export type Api = typeof api
