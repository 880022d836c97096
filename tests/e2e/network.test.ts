import type { ListResponse, Summary } from '../../src/model/api'
import { startApi, startH5, stop, type Started } from '../../scripts/lib/processes'
import { apiJson, H5, pageTitle, phonePageForEachTest, screenshot, visibleText } from './browser'

jest.setTimeout(60000)

const currentPage = phonePageForEachTest()
const page = () => currentPage()
const visible = (text: string) => visibleText(page(), text)

describe('weak and absent network, in Chromium on the H5 build', () => {
  it('a revisit without network shows what was read before, with its age and a retry', async () => {
    const warning = (await apiJson<ListResponse<Summary>>('/warnings')).items[0]
    await page().goto(`${H5()}/#/detail/warning/index?id=${warning.id}`)
    await pageTitle(page(), warning.title).waitFor()

    await page().route('**/api/**', (route) => route.abort('internetdisconnected'))
    await page().reload()
    await pageTitle(page(), warning.title).waitFor()
    await visible('显示的是手机里保存的内容（更新于').waitFor()
    await visible('重试').waitFor()
    await screenshot(page(), 'offline-cached-warning')

    await page().unroute('**/api/**')
    const notice = page().getByRole('status').filter({ hasText: '显示的是手机里保存的内容' })
    await notice.getByRole('button', { name: '重试' }).click()
    await notice.waitFor({ state: 'detached' })
  })

  it('a slow API shows a loading state, then the page, from a single request', async () => {
    const requests: string[] = []
    await page().route('**/api/v1/home', async (route) => {
      requests.push(route.request().url())
      await new Promise((resolve) => setTimeout(resolve, 2500))
      await route.continue()
    })
    await page().goto(`${H5()}/#/pages/index/index`)
    await visible('正在加载…').waitFor()
    await visible('最新警示').waitFor({ timeout: 15000 })
    expect(requests).toHaveLength(1)
  })
})

describe('the opened page downloads beside the app, not after it', () => {
  // index.html's start script names each page's chunk and preloads the one of the route it was opened on
  // (config/h5-route-preload/plugin.ts): the chunk is fetched once, at the request of index.html itself, not of
  // the app's scripts once they have downloaded and run.
  it.each(['/pages/warnings/index', '/detail/explainer/index?id=x', '/pages/services/index'])('%s', async (route) => {
    const cdp = await page().context().newCDPSession(page())
    const initiators = new Map<string, string[]>()
    cdp.on('Network.requestWillBeSent', (event) => {
      const url = new URL(event.request.url)
      if (!url.pathname.startsWith('/js/')) return
      const frames = event.initiator.stack?.callFrames ?? []
      const by = frames.length > 0 ? new URL(frames[0].url || event.documentURL).pathname : event.initiator.type
      initiators.set(url.pathname, [...(initiators.get(url.pathname) ?? []), by])
    })
    await cdp.send('Network.enable')
    await page().goto(`${H5()}/#${route}`)
    await page().locator('.taro_page').first().waitFor()
    const preloaded = await page().evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="script"]')].map(
        (l) => new URL(l.href).pathname,
      ),
    )
    expect(preloaded).toHaveLength(1)
    const html = await (await fetch(`${H5()}/`)).text()
    const appScripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1])
    expect(appScripts).not.toContain(preloaded[0])
    // One request for the page's chunk, made by index.html's start script (the first, not deferred: a file, as the
    // CSP allows no inline script), none by the app's scripts.
    const start = /<script src="([^"]+)"><\/script>/.exec(html)?.[1]
    expect(start).toMatch(/^\/js\/start\.[0-9a-f]{8}\.js$/)
    expect({ chunk: preloaded[0], by: initiators.get(preloaded[0]) }).toEqual({ chunk: preloaded[0], by: [start] })
  })
})

describe('a cold start with the API down', () => {
  let api: Started | undefined
  let h5: Started | undefined
  beforeAll(async () => {
    api = await startApi()
    h5 = await startH5(api.origin)
  })
  afterAll(() => Promise.all([stop(h5), stop(api)]))

  it('shows a friendly page with the hotline and a retry, and the services page still works', async () => {
    await stop(api) // the API process has exited; the H5 server is still there
    await page().goto(`${h5!.origin}/#/pages/index/index`)
    await visible('暂时没能加载').waitFor()
    await visible('服务暂时不可用，请稍后重试').waitFor()
    await visible('重试').waitFor()
    await visible('拨打 12315').waitFor()
    await screenshot(page(), 'api-down-home')

    await page().goto(`${h5!.origin}/#/pages/services/index`)
    await visible('网络不畅，下面是随小程序提供的信息').waitFor()
    await visible('您遇到的是哪种情况？').waitFor()
    await visible('025-12315').waitFor()
    await screenshot(page(), 'api-down-services')
  })
})
