// The pages of the weapp build, as test cases: for every page of dist/weapp/app.json, the url to open it with real
// ids from the API under test, and the text it must show. Shared by the weapp tests and scripts/bench-weapp.ts.
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { AppJson } from './harness'

export const DIST_DIR = path.resolve(__dirname, '../../dist/weapp')

export type Collection = 'explainers' | 'warnings' | 'videos' | 'news'
export const COLLECTIONS: Collection[] = ['explainers', 'warnings', 'videos', 'news']

// Page routes are a published contract: share cards already sent to chats open them. They are written out here
// on purpose (not imported from src/routes.ts), so a renamed page fails these tests instead of moving with them.
export const HOME_ROUTE = 'pages/index/index'
export const SERVICES_ROUTE = 'pages/services/index'
export const PRIVACY_ROUTE = 'more/privacy/index'
export const LIST_ROUTES: Record<Collection, string> = {
  explainers: 'pages/explainers/index',
  warnings: 'pages/warnings/index',
  videos: 'pages/videos/index',
  news: 'more/news/index',
}
export const DETAIL_ROUTES: Record<Collection, string> = {
  explainers: 'detail/explainer/index',
  warnings: 'detail/warning/index',
  videos: 'detail/video/index',
  news: 'detail/news/index',
}

export const NOT_FOUND_TEXT = '内容不存在或已撤下'

export interface Item {
  id: string
  title: string
}

export interface PageCase {
  /** Route without a leading slash, as in app.json. */
  route: string
  /** What to open: the page path with the query it needs (a real id for a detail page). */
  url: string
  kind: 'home' | 'services' | 'list' | 'detail' | 'other'
  collection?: Collection
  /** The item a detail page shows, or the first item of a list page. */
  item?: Item
  /** Text the page must show once its requests have settled. */
  expectText: string[]
}

/** Every page route of the build's app.json: main package first, then subpackages. */
export function readAppJson(distDir = DIST_DIR): AppJson {
  try {
    return JSON.parse(readFileSync(path.join(distDir, 'app.json'), 'utf8')) as AppJson
  } catch (error) {
    throw new Error(`${distDir}/app.json cannot be read: build first (npm run build:weapp). ${String(error)}`)
  }
}

export function appRoutes(distDir = DIST_DIR): string[] {
  const json = readAppJson(distDir)
  const subPackages = json.subPackages ?? json.subpackages ?? []
  return [...json.pages, ...subPackages.flatMap((sub) => sub.pages.map((p) => path.posix.join(sub.root, p)))]
}

/** GET a JSON route of the API under test (path under /api/v1). */
export function apiJson<T>(origin: string, route: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get(`${origin}/api/v1${route}`, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          if (res.statusCode !== 200) reject(new Error(`GET ${route}: HTTP ${res.statusCode} ${body.slice(0, 200)}`))
          else resolve(JSON.parse(body) as T)
        })
      })
      .on('error', reject)
  })
}

/** Status, type and body of a url, sent to the API under test by its path (as the harness's wx.request does). */
export function getOnApi(origin: string, url: string): Promise<{ status: number; type: string; body: Buffer }> {
  const parsed = new URL(url, origin)
  const target = new URL(parsed.pathname + parsed.search, origin)
  return new Promise((resolve, reject) => {
    http
      .get(target, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        )
      })
      .on('error', reject)
  })
}

/** The first item of each collection, from the API under test. */
export async function firstItems(origin: string): Promise<Record<Collection, Item>> {
  const entries = await Promise.all(
    COLLECTIONS.map(async (collection) => {
      const list = await apiJson<{ items: Item[] }>(origin, `/${collection}?page=1`)
      if (list.items.length === 0) throw new Error(`/${collection} has no items: the seed content is needed`)
      return [collection, { id: list.items[0].id, title: list.items[0].title }] as const
    }),
  )
  return Object.fromEntries(entries) as Record<Collection, Item>
}

/** The detail page's item (its title comes from the detail route, the one the page shows). */
async function detailItem(origin: string, collection: Collection, id: string): Promise<Item> {
  const detail = await apiJson<Item>(origin, `/${collection}/${encodeURIComponent(id)}`)
  return { id: detail.id, title: detail.title }
}

/** One case for every page of app.json, with real ids and expected text from the API under test. */
export async function pageCases(origin: string, distDir = DIST_DIR): Promise<PageCase[]> {
  const [site, items] = await Promise.all([apiJson<{ bureauName: string }>(origin, '/site'), firstItems(origin)])
  const details = Object.fromEntries(
    await Promise.all(COLLECTIONS.map(async (c) => [c, await detailItem(origin, c, items[c].id)] as const)),
  ) as Record<Collection, Item>
  return appRoutes(distDir).map((route): PageCase => {
    const listOf = COLLECTIONS.find((c) => LIST_ROUTES[c] === route)
    const detailOf = COLLECTIONS.find((c) => DETAIL_ROUTES[c] === route)
    if (route === HOME_ROUTE) return { route, url: `/${route}`, kind: 'home', expectText: [site.bureauName] }
    if (route === SERVICES_ROUTE) return { route, url: `/${route}`, kind: 'services', expectText: ['12315'] }
    // The guide names the bureau that runs the app, from the site settings.
    if (route === PRIVACY_ROUTE)
      return { route, url: `/${route}`, kind: 'other', expectText: ['隐私保护指引', site.bureauName] }
    if (listOf) {
      const item = items[listOf]
      return { route, url: `/${route}`, kind: 'list', collection: listOf, item, expectText: [item.title] }
    }
    if (detailOf) {
      const item = details[detailOf]
      const url = `/${route}?id=${encodeURIComponent(item.id)}`
      return { route, url, kind: 'detail', collection: detailOf, item, expectText: [item.title] }
    }
    return { route, url: `/${route}`, kind: 'other', expectText: [] }
  })
}
