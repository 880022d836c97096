// The H5 app's Content-Security-Policy (scripts/serve-h5.mjs; deploy/nginx/shijian.conf.template the same, checked by
// tests/deploy/nginx.test.ts), in Chromium on the production build with the real API: the page is sent with it, and
// no public page breaks it (no script, style, image, media or API call refused), nor a video played or the toast
// Taro shows when a body link's address is copied.
import type { DetailByCollection, ListResponse, SiteResponse, Summary } from '../../src/model/api'
import { COLLECTIONS } from '../../src/model/labels'
import { detailPath, HOME, LIST_PAGES, MINE, PRIVACY, SEARCH, SERVICES } from '../../src/routes'
import { startH5, stop } from '../../scripts/lib/processes'
import { expectedH5Csp } from '../support/h5-csp'
import {
  API,
  apiJson,
  collectCspViolations,
  H5,
  openRoute,
  pageTitle,
  phonePageForEachTest,
  stillness,
} from './browser'

jest.setTimeout(120_000)

const currentPage = phonePageForEachTest()
const page = () => currentPage()

let violations: string[] = []
beforeEach(() => {
  violations = []
  collectCspViolations(page(), violations)
})

/** Waits for the page shown to settle: its requests done, every lazy image reached by scrolling, nothing moving. */
async function settle(): Promise<void> {
  await page().waitForLoadState('networkidle')
  await stillness(page())
  await page().evaluate(async () => {
    const shown = Array.from(document.querySelectorAll('.taro_page')).filter((el) => el.getClientRects().length > 0)
    for (const el of shown) {
      for (const scroller of [el, ...Array.from(el.querySelectorAll('*'))]) {
        if (scroller.scrollHeight > scroller.clientHeight + 1) scroller.scrollTop = scroller.scrollHeight
      }
    }
    window.scrollTo(0, document.body.scrollHeight)
    await new Promise((resolve) => setTimeout(resolve, 300))
  })
  await page().waitForLoadState('networkidle')
}

test('the H5 page is sent with the CSP', async () => {
  const answer = await fetch(`${H5()}/`)
  expect(answer.headers.get('content-security-policy')).toBe(expectedH5Csp())
  // An app route falls back to index.html, with the same policy
  const route = await fetch(`${H5()}/pages/warnings/index`)
  expect(route.headers.get('content-security-policy')).toBe(expectedH5Csp())
})

test('built against another API origin (TARO_APP_API), the page may load images, media and API answers from it', async () => {
  const other = await startH5(API(), undefined, { TARO_APP_API: 'https://api.example.gov.cn/' })
  try {
    const answer = await fetch(`${other.origin}/`)
    expect(answer.headers.get('content-security-policy')).toBe(expectedH5Csp('https://api.example.gov.cn'))
  } finally {
    await stop(other)
  }
})

test('an image from another host (a tracking pixel) is never requested, and the refusal is seen', async () => {
  const first = (await apiJson<ListResponse<Summary>>('/explainers')).items[0]
  const detail = await apiJson<DetailByCollection['explainers']>(`/explainers/${first.id}`)
  const pixel = 'https://tracker.example/pixel.png?reader=1'
  // The answer as the API gave it before its content checks refused such images
  const body = [{ type: 'image', src: pixel, alt: 'x' }, ...detail.body]
  await page().route(`**/api/v1/explainers/${first.id}`, (route) =>
    route.fulfill({ json: { ...detail, body }, headers: { 'cache-control': 'no-store' } }),
  )
  // Chromium reports the attempt, refused before anything is sent (failed: csp), or what came of it
  const outcomes: string[] = []
  page().on('requestfailed', (request) => {
    if (request.url().includes('tracker.example')) outcomes.push(request.failure()?.errorText ?? 'failed')
  })
  page().on('requestfinished', (request) => {
    if (request.url().includes('tracker.example')) outcomes.push('sent')
  })
  await openRoute(page(), detailPath('explainers', first.id))
  await pageTitle(page(), first.title).waitFor()
  await settle()
  expect(outcomes).toEqual(['csp'])
  expect(violations).toEqual([expect.stringContaining('tracker.example')])
})

describe('no public page breaks the CSP', () => {
  const pages = [HOME, ...Object.values(LIST_PAGES), SERVICES, SEARCH, MINE, PRIVACY]
  test.each(pages)('%s', async (route) => {
    await openRoute(page(), route)
    await settle()
    expect(violations).toEqual([])
  })

  test.each(COLLECTIONS)('a detail page of %s', async (collection) => {
    const first = (await apiJson<ListResponse<Summary>>(`/${collection}`)).items[0]
    await openRoute(page(), detailPath(collection, first.id))
    await pageTitle(page(), first.title).waitFor()
    await settle()
    expect(violations).toEqual([])
  })

  test('a video played', async () => {
    const first = (await apiJson<ListResponse<Summary>>('/videos')).items[0]
    await openRoute(page(), detailPath('videos', first.id))
    await pageTitle(page(), first.title).waitFor()
    const video = page().locator('video').filter({ visible: true }).first()
    await video.evaluate(async (el: HTMLVideoElement) => {
      el.muted = true
      await el.play()
    })
    await page().waitForFunction((el) => (el as HTMLVideoElement).currentTime > 0.2, await video.elementHandle())
    expect(violations).toEqual([])
  })

  test('a search with results (a 热门问题 tapped)', async () => {
    const question = (await apiJson<SiteResponse>('/site')).hotQuestions?.[0] as string
    await openRoute(page(), SEARCH)
    await page()
      .getByRole('button', { name: `搜索：${question}` })
      .click()
    await page().getByText(`“${question}”共找到`).filter({ visible: true }).waitFor()
    await settle()
    expect(violations).toEqual([])
  })

  test('a body link to an outside page tapped: the address copied and Taro’s toast shown', async () => {
    const first = (await apiJson<ListResponse<Summary>>('/explainers')).items[0]
    const detail = await apiJson<DetailByCollection['explainers']>(`/explainers/${first.id}`)
    // The answer as the API would give it with a link in the body (the seeds have none)
    const body = [
      { type: 'paragraph', spans: [{ text: '全国12315平台', href: 'https://www.12315.cn' }] },
      ...detail.body,
    ]
    await page().route(`**/api/v1/explainers/${first.id}`, (route) =>
      route.fulfill({ json: { ...detail, body }, headers: { 'cache-control': 'no-store' } }),
    )
    await openRoute(page(), detailPath('explainers', first.id))
    await pageTitle(page(), first.title).waitFor()
    await page().getByRole('link', { name: '全国12315平台' }).filter({ visible: true }).click()
    await page().getByText('内容已复制').filter({ visible: true }).waitFor()
    await stillness(page())
    expect(violations).toEqual([])
  })
})
