// Reach events from the H5 build: a detail page's view reaches the API in a POST /api/v1/events batch (202), and
// the privacy page's switch turns measurement off.
import type { Request } from 'playwright-core'
import type { ListResponse, Summary } from '../../src/model/api'
import type { ReachEvent } from '../../src/model/events'
import { apiJson, openRoute, pageTitle, phonePageForEachTest } from './browser'

jest.setTimeout(60000)

const page = phonePageForEachTest()

const isEventsPost = (r: Request) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/events'

describe('reach events (H5)', () => {
  it("a detail page's view is sent in a batch and accepted", async () => {
    const first = (await apiJson<ListResponse<Summary>>('/warnings')).items[0]
    const sent = page().waitForRequest(isEventsPost, { timeout: 20000 })
    await openRoute(page(), `/detail/warning/index?id=${encodeURIComponent(first.id)}`)
    await pageTitle(page(), first.title).waitFor()
    const request = await sent
    const body = request.postDataJSON() as { events: ReachEvent[] }
    expect(body.events.length).toBeGreaterThan(0)
    expect(body.events.length).toBeLessThanOrEqual(50)
    expect(body.events).toContainEqual(
      expect.objectContaining({
        type: 'view',
        collection: 'warnings',
        itemId: first.id,
        page: 'detail/warning/index',
        visitor: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
    )
    expect(request.headers()['x-preview-token']).toBeUndefined()
    const response = await request.response()
    expect(response?.status()).toBe(202)
    // (Playwright does not hand over this fetch's response body; the queue emptied below shows the app read the 202.)
    // Sent once: the queue on the device is empty afterwards
    await page().waitForFunction(
      () =>
        (JSON.parse(localStorage.getItem('shijian:reach-queue') ?? 'null') as { data?: unknown[] } | null)?.data
          ?.length === 0,
      undefined,
      { timeout: 10000 },
    )
  })

  it('switched off on the privacy page: nothing is kept or sent', async () => {
    await openRoute(page(), '/more/privacy/index')
    const label = '帮助我们改进：匿名统计浏览和分享次数'
    await page().getByText(`${label}（已开启）`).filter({ visible: true }).waitFor()
    await page()
      .getByRole('button', { name: `关闭${label}` })
      .filter({ visible: true })
      .click()
    await page().getByText(`${label}（已关闭）`).filter({ visible: true }).waitFor()
    const posts: string[] = []
    page().on('request', (r) => {
      if (isEventsPost(r)) posts.push(r.url())
    })
    const first = (await apiJson<ListResponse<Summary>>('/warnings')).items[0]
    await openRoute(page(), `/detail/warning/index?id=${encodeURIComponent(first.id)}`)
    await pageTitle(page(), first.title).waitFor()
    await page().waitForTimeout(11000)
    expect(posts).toEqual([])
    expect(await page().evaluate(() => localStorage.getItem('shijian:reach-queue'))).toBeNull()
  })
})
