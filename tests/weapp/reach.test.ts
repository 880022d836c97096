// Reach events from the production weapp build, through the harness: a detail page's view, a share card with a
// fresh share id, the cold open from that card, and a share made there (naming the first: share depth) reach the
// real API (202) and its SQLite store.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { EventsTable } from '../../server/store/database'
import { startApi, stop, type Started } from '../../scripts/lib/processes'
import { DETAIL_ROUTES, DIST_DIR, pageCases, type PageCase } from './app-pages'
import { bootApp, openCold, parseQueryString, type BootOptions, type Harness } from './harness'

jest.setTimeout(60000)

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-weapp-reach-'))
let api: Started | undefined
let cases: PageCase[] = []
const harnesses: Harness[] = []

beforeAll(async () => {
  api = await startApi({ DATA_DIR: dataDir })
  cases = await pageCases(api.origin)
})
afterAll(async () => {
  await stop(api)
  fs.rmSync(dataDir, { recursive: true, force: true })
})
afterEach(() => harnesses.splice(0).forEach((h) => h.destroy()))

// settle() waits for the app's 10 s send timer too, so each page's events are sent before the test reads them.
const options = (): BootOptions => ({
  distDir: DIST_DIR,
  apiOrigin: api!.origin,
  timerWaitMs: 11000,
  settleTimeoutMs: 20000,
})

type Row = Pick<
  EventsTable,
  'type' | 'collection' | 'item_id' | 'page' | 'scene' | 'share_id' | 'from_share_id' | 'visitor'
>

function stored(): Row[] {
  const db = new Database(path.join(dataDir, 'shijian.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare('select type, collection, item_id, page, scene, share_id, from_share_id, visitor from events')
      .all() as Row[]
  } finally {
    db.close()
  }
}

const eventPosts = (h: Harness) =>
  h.requests.filter((r) => r.method === 'POST' && new URL(r.routedTo).pathname === '/api/v1/events')

describe('reach events from the mini-program', () => {
  it('a detail page view, a share with a fresh share id and the cold open from that card arrive at the API', async () => {
    const detail = cases.find((c) => c.route === DETAIL_ROUTES.warnings)!
    const item = detail.item!
    const harness = await bootApp(options())
    harnesses.push(harness)
    const page = await harness.openPage(detail.url)
    expect(page.text()).toContain(item.title)
    const card = await page.share()
    const shareId = parseQueryString(card.path!.split('?')[1]).shareId
    expect(shareId).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(parseQueryString(card.path!.split('?')[1]).id).toBe(item.id)
    await harness.settle()
    expect(eventPosts(harness).map((r) => r.statusCode)).not.toHaveLength(0)
    expect(eventPosts(harness).every((r) => r.statusCode === 202)).toBe(true)
    expect(eventPosts(harness).every((r) => !Object.keys(r.header).some((k) => /preview/i.test(k)))).toBe(true)

    const opened = await openCold(options(), card.path!, 1007)
    harnesses.push(opened.harness)
    expect(opened.page.text()).toContain(item.title)
    await opened.harness.settle()
    expect(eventPosts(opened.harness).map((r) => r.statusCode)).toEqual([202])
    // Shared again from the page the card opened: the new share names the one it came from (share depth)
    const again = await opened.page.share()
    const reshareId = parseQueryString(again.path!.split('?')[1]).shareId
    expect(reshareId).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(reshareId).not.toBe(shareId)
    await opened.harness.settle()
    expect(eventPosts(opened.harness).every((r) => r.statusCode === 202)).toBe(true)
    expect(opened.harness.errors).toEqual([])
    expect(harness.errors).toEqual([])

    const rows = stored()
    const of = (type: string) => rows.filter((r) => r.type === type)
    expect(of('view').filter((r) => r.item_id === item.id)).toHaveLength(2)
    expect(of('view').find((r) => r.item_id === item.id)).toMatchObject({
      collection: 'warnings',
      page: DETAIL_ROUTES.warnings,
    })
    expect(of('share')).toHaveLength(2)
    expect(of('share')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ collection: 'warnings', item_id: item.id, share_id: shareId, from_share_id: null }),
        expect.objectContaining({
          collection: 'warnings',
          item_id: item.id,
          share_id: reshareId,
          from_share_id: shareId,
        }),
      ]),
    )
    expect(of('share_open')).toEqual([
      expect.objectContaining({ collection: 'warnings', item_id: item.id, from_share_id: shareId, scene: 1007 }),
    ])
    for (const r of rows) expect(r.visitor).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
  })
})
