// Every page of the production weapp build (dist/weapp/app.json), booted in the harness against the real API with
// seed content: the lifecycle runs without an error, the page shows its content, taps navigate where they should.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  apiJson,
  appRoutes,
  DETAIL_ROUTES,
  DIST_DIR,
  HOME_ROUTE,
  LIST_ROUTES,
  NOT_FOUND_TEXT,
  SERVICES_ROUTE,
} from './app-pages'
import { weappSuite } from './suite'

jest.setTimeout(20000)

// Read from the build at collection time, so a page added to app.json gets its test without editing this file.
const routes = appRoutes()
const detailRoutes = routes.filter((r) => Object.values(DETAIL_ROUTES).includes(r))
const listRoutes = routes.filter((r) => Object.values(LIST_ROUTES).includes(r))
const pageJson = (route: string) =>
  JSON.parse(readFileSync(path.join(DIST_DIR, `${route}.json`), 'utf8')) as { enablePullDownRefresh?: boolean }
const pullRoutes = routes.filter((r) => pageJson(r).enablePullDownRefresh)

const suite = weappSuite()
const { boot, caseOf } = suite

describe('every page of dist/weapp/app.json', () => {
  it('has pages to test', () => {
    expect(routes).toContain(HOME_ROUTE)
    expect(detailRoutes).toHaveLength(Object.keys(DETAIL_ROUTES).length)
  })

  it.each(routes)('%s boots, runs onLoad/onShow/onReady and shows its content', async (route) => {
    const c = caseOf(route)
    const harness = await boot()
    const page = await harness.openPage(c.url)

    expect(harness.errors).toEqual([])
    const text = page.text()
    expect(text.length).toBeGreaterThan(0)
    for (const expected of c.expectText) expect(text).toContain(expected)
    // It rendered through setData, and every request it made was answered.
    expect(page.metrics.firstRender?.calls).toBeGreaterThan(0)
    expect(harness.requests.filter((r) => r.statusCode !== 200)).toEqual([])
    if (c.kind === 'detail') {
      // A detail page loads its own item from the route: what makes a share card work on a cold start.
      expect(harness.requests.map((r) => new URL(r.routedTo).pathname)).toContain(
        `/api/v1/${c.collection}/${encodeURIComponent(c.item!.id)}`,
      )
    }
  })
})

describe('detail pages', () => {
  it.each(detailRoutes)('%s with an unknown id says the content is gone, without an error', async (route) => {
    const harness = await boot()
    const page = await harness.openPage(`/${route}?id=no-such-item-0000`)
    expect(page.text()).toContain(NOT_FOUND_TEXT)
    expect(harness.requests.map((r) => r.statusCode)).toEqual([404])
    expect(harness.errors).toEqual([])
  })

  it.each(detailRoutes)('%s without an id says the content is gone and asks nothing of the API', async (route) => {
    const harness = await boot()
    const page = await harness.openPage(`/${route}`)
    expect(page.text()).toContain(NOT_FOUND_TEXT)
    expect(harness.requests).toEqual([])
    expect(harness.errors).toEqual([])
  })
})

describe('taps', () => {
  it.each(listRoutes)('a tap on the first item of %s opens its detail page with its id', async (route) => {
    const c = caseOf(route)
    const harness = await boot()
    const page = await harness.openPage(c.url)
    await page.tap(c.item!.title)

    expect(harness.navigations).toEqual([
      expect.objectContaining({
        type: 'navigateTo',
        cleanUrl: `/${DETAIL_ROUTES[c.collection!]}?id=${encodeURIComponent(c.item!.id)}`,
        ok: true,
      }),
    ])
    expect(harness.errors).toEqual([])
  })

  it("a tap on the home page's first warning opens that warning", async () => {
    const home = await apiJson<{ warnings: { id: string; title: string }[] }>(suite.origin(), '/home')
    const first = home.warnings[0]
    const harness = await boot()
    const page = await harness.openPage(`/${HOME_ROUTE}`)
    await page.tap(first.title)

    expect(harness.navigations).toEqual([
      expect.objectContaining({
        type: 'navigateTo',
        cleanUrl: `/${DETAIL_ROUTES.warnings}?id=${encodeURIComponent(first.id)}`,
        ok: true,
      }),
    ])
    expect(harness.errors).toEqual([])
  })

  it('the tapped detail path, opened in a fresh mini-program, shows the item', async () => {
    const c = caseOf(LIST_ROUTES.warnings)
    const first = await boot()
    await (await first.openPage(c.url)).tap(c.item!.title)
    const target = first.navigations[0].cleanUrl

    const page = await (await boot()).openPage(target)
    expect(page.text()).toContain(c.item!.title)
  })
})

describe('page features', () => {
  const pull = pullRoutes.length > 0 ? it.each(pullRoutes) : it.skip.each(['(no page enables it)'])
  pull('%s reloads on pull-down and stops the spinner', async (route) => {
    const c = caseOf(route)
    const harness = await boot()
    const page = await harness.openPage(c.url)
    const before = harness.requests.length
    await page.call('onPullDownRefresh')

    expect(harness.requests.length).toBeGreaterThan(before)
    expect(harness.calls.map((call) => call.name)).toContain('stopPullDownRefresh')
    for (const expected of c.expectText) expect(page.text()).toContain(expected)
    expect(harness.errors).toEqual([])
  })

  it('the hotline button on the services page dials 12315', async () => {
    const harness = await boot()
    const page = await harness.openPage(`/${SERVICES_ROUTE}`)
    await page.tap('拨打 12315')
    expect(harness.calls).toContainEqual({ name: 'makePhoneCall', args: { phoneNumber: '12315' } })
    expect(harness.errors).toEqual([])
  })
})
