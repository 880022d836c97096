// Share cards of the production weapp build, through the harness: what each page's onShareAppMessage and
// onShareTimeline return, and whether that opens the same content in a fresh mini-program (a cold start from a
// chat card, scene 1007, or from Moments in single-page mode, scene 1154). PLATFORM.md, "Sharing".
import { isFiveByFour, pngSize } from '../support/png'
import { appRoutes, DETAIL_ROUTES, getOnApi } from './app-pages'
import { openCold, parseQueryString } from './harness'
import { weappSuite } from './suite'

jest.setTimeout(20000)

const routes = appRoutes()
const detailRoutes = routes.filter((r) => Object.values(DETAIL_ROUTES).includes(r))

const suite = weappSuite()
const { caseOf } = suite

async function open(url: string) {
  return (await suite.boot()).openPage(url)
}

async function cold(url: string, scene: number) {
  const started = await openCold(suite.options(), url, scene)
  suite.track(started.harness)
  return started
}

describe('detail pages share the item they show', () => {
  it.each(detailRoutes)('%s: the chat card has the title and a path that opens the item cold', async (route) => {
    const { item } = caseOf(route)
    const page = await open(caseOf(route).url)
    const card = await page.share()

    expect(card.title).toBe(item!.title)
    expect(card.path).toMatch(new RegExp(`^/${route}\\?`))
    // The card, tapped in a chat: a fresh mini-program opens on that path.
    const opened = await cold(card.path!, 1007)
    expect(opened.page.route).toBe(route)
    expect(opened.page.text()).toContain(item!.title)
    expect(opened.harness.errors).toEqual([])
  })

  it.each(detailRoutes)('%s: the Moments share has the title and a query that opens the item', async (route) => {
    const { item } = caseOf(route)
    const page = await open(caseOf(route).url)
    const moments = page.shareTimeline()

    expect(moments.title).toBe(item!.title)
    expect(typeof moments.query).toBe('string')
    expect(parseQueryString(moments.query!).id).toBe(item!.id)
    // Opened from Moments: the same page with that query, in single-page mode (no navigation, fresh storage).
    const opened = await cold(`/${route}?${moments.query}`, 1154)
    expect(opened.page.text()).toContain(item!.title)
    // No links that cannot work there: a plain hint with the hotline instead.
    expect(opened.page.text()).toContain('消费投诉举报请拨打 12315')
    expect(opened.page.text()).not.toContain('相关内容')
    expect(opened.harness.errors).toEqual([])
  })

  it.each(detailRoutes)('%s: the chat card has an image the API serves as a 5:4 PNG', async (route) => {
    const page = await open(caseOf(route).url)
    const { imageUrl } = await page.share()
    // Without an image WeChat shows a screenshot of the page: every detail page must set one.
    expect(imageUrl).toMatch(/^https?:\/\/.+/)
    const answer = await getOnApi(suite.origin(), imageUrl!)
    expect(answer.status).toBe(200)
    expect(answer.type).toBe('image/png')
    const size = pngSize(answer.body)
    expect({ ...size, fiveByFour: isFiveByFour(size) }).toEqual({ ...size, fiveByFour: true })

    // Moments shows its image 1:1 (cropped): it must be served too.
    const moments = page.shareTimeline().imageUrl
    if (moments !== undefined) {
      expect(moments).toMatch(/^https?:\/\//)
      const shown = await getOnApi(suite.origin(), moments)
      expect(shown.status).toBe(200)
      expect(shown.type).toMatch(/^image\/(png|jpeg)$/)
    }
  })
})

describe('other pages share themselves', () => {
  const shared = routes.filter((r) => !detailRoutes.includes(r))

  it.each(shared)('%s: a titled card whose path is the page, which opens cold without an error', async (route) => {
    const c = caseOf(route)
    const page = await open(c.url)
    if (route === 'more/mine/index' || route === 'more/privacy/index') {
      // Favourites and history are personal, and the privacy guide is no content to pass on: no share card.
      expect(typeof page.instance.onShareAppMessage).not.toBe('function')
      return
    }
    const card = await page.share()

    expect(card.title?.trim()).toBeTruthy()
    expect(card.path?.split('?')[0]).toBe(`/${route}`)
    const opened = await cold(card.path!, 1007)
    for (const expected of c.expectText) expect(opened.page.text()).toContain(expected)
    expect(opened.harness.errors).toEqual([])

    if (typeof page.instance.onShareTimeline === 'function') {
      const moments = page.shareTimeline()
      expect(moments.title?.trim()).toBeTruthy()
      expect(typeof moments.query).toBe('string')
    }
  })
})
