// What a screen reader relies on, checked in the H5 production build in Chromium: the page's language and zoom,
// headings with levels, a name on every button, link and image, and a role and a keyboard stop on everything
// that reacts to a tap. Read from Chromium's own accessibility tree (Playwright's ariaSnapshot) and the DOM.
// Lighthouse is too slow for the suite: `npm run bench:h5` runs it on the same pages.
import type { ListResponse, Summary } from '../../src/model/api'
import { apiJson, openRoute, pageTitle, phonePageForEachTest, tabBar, visibleText } from './browser'

jest.setTimeout(60000)

const currentPage = phonePageForEachTest()
const page = () => currentPage()
const visible = (text: string) => visibleText(page(), text)

/** The accessibility tree of what is shown (pages left in the stack are hidden, and left out). */
const tree = () => page().locator('body').ariaSnapshot()

/** `[name, level]` of every heading in the tree, in reading order. */
function headings(snapshot: string): [string, number][] {
  return [...snapshot.matchAll(/- heading "([^"]*)" \[level=(\d)\]/g)].map((m) => [m[1], Number(m[2])])
}

/** Lines of the tree for a button, link or image that has no name to read out. */
function unnamed(snapshot: string): string[] {
  return snapshot.split('\n').filter((line) => /^\s*- (button|link|img)(:|$)/.test(line))
}

/** Headings whose level is more than one below the heading before them (a skipped level). */
function skippedLevels(list: [string, number][]): string[] {
  return list.filter(([, level], i) => level > (i === 0 ? 1 : list[i - 1][1]) + 1).map(([name]) => name)
}

/**
 * Shown images without a text alternative. An empty alt (decorative) is right only for an icon beside its own
 * words inside a control, like the tab bar's.
 */
function imagesWithoutText(): Promise<string[]> {
  return page().evaluate(() =>
    Array.from(document.querySelectorAll('img'))
      .filter((img) => img.getClientRects().length > 0)
      .filter((img) => {
        const alt = img.getAttribute('alt')
        if ((alt ?? '').trim() || (img.getAttribute('aria-label') ?? '').trim()) return false
        const control = img.closest('a, button, [role="button"], [role="link"]')
        return !(alt === '' && control && (control.textContent ?? '').trim())
      })
      .map((img) => img.outerHTML.replace(/base64,[^"]*/, 'base64,…').slice(0, 160)),
  )
}

/**
 * Shown elements with a click listener of their own that a screen reader or a keyboard cannot use as a control:
 * neither a native <a>/<button> nor role button/link with a tab stop. Containers that only pass clicks on to
 * controls inside them (Taro's router root) are left out. Listeners are read through the DevTools protocol.
 */
async function tappableWithoutRole(): Promise<{ checked: number; problems: string[] }> {
  const cdp = await page().context().newCDPSession(page())
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'Array.from(document.querySelectorAll("*"))' })
  const { result: items } = await cdp.send('Runtime.getProperties', { objectId: result.objectId!, ownProperties: true })
  let checked = 0
  const problems: string[] = []
  for (const item of items) {
    if (!/^\d+$/.test(item.name) || !item.value?.objectId) continue
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: item.value.objectId })
    if (!listeners.some((l) => l.type === 'click')) continue
    const { result: verdict } = await cdp.send('Runtime.callFunctionOn', {
      objectId: item.value.objectId,
      returnByValue: true,
      functionDeclaration: `function () {
        if (this.getClientRects().length === 0) return 'hidden'
        if (this.querySelector('a, button, [role="button"], [role="link"]')) return 'container'
        const tag = this.tagName.toLowerCase()
        const role = this.getAttribute('role')
        const ok = tag === 'a' || tag === 'button' || ((role === 'button' || role === 'link') && this.tabIndex >= 0)
        return ok ? 'ok' : this.outerHTML.slice(0, 120)
      }`,
    })
    if (verdict.value === 'hidden' || verdict.value === 'container') continue
    checked++
    if (verdict.value !== 'ok') problems.push(verdict.value as string)
  }
  await cdp.detach()
  return { checked, problems }
}

/** The checks every page must pass; returns the tree for page-specific ones. */
async function expectScreenReaderBasics(): Promise<string> {
  const snapshot = await tree()
  const list = headings(snapshot)
  expect(list.filter(([, level]) => level === 1)).toHaveLength(1)
  expect(skippedLevels(list)).toEqual([])
  expect(unnamed(snapshot)).toEqual([])
  expect(await imagesWithoutText()).toEqual([])
  const tappable = await tappableWithoutRole()
  expect(tappable.problems).toEqual([])
  expect(tappable.checked).toBeGreaterThan(0) // the check saw the page's controls, so it means something
  return snapshot
}

describe('what a screen reader relies on, in Chromium on the H5 build', () => {
  it('home: Chinese, zoomable, the bureau as the page heading, named controls', async () => {
    await openRoute(page(), '/pages/index/index')
    await visible('最新警示').waitFor()
    expect(await page().evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    const viewport = await page().getAttribute('meta[name="viewport"]', 'content')
    expect(viewport).not.toMatch(/user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0*)?\b/)
    const snapshot = await expectScreenReaderBasics()
    expect(headings(snapshot)[0]).toEqual([expect.stringContaining('市场监督管理局'), 1])
    expect(headings(snapshot)).toContainEqual(['最新警示', 2])
    expect(snapshot).toContain('- button "拨打 12315"')
    expect(snapshot).toContain('- button "开启长辈模式"')
    expect(snapshot).toContain('- link "最新警示：查看更多"')
    expect(snapshot).toMatch(/- link "首页"/) // the tab bar
  })

  it('a list: the page heading, filter chips as buttons that say which is chosen, items as links', async () => {
    const warnings = await apiJson<ListResponse<Summary>>('/warnings')
    await openRoute(page(), '/pages/warnings/index')
    await visible(warnings.items[0].title).waitFor()
    const snapshot = await expectScreenReaderBasics()
    expect(headings(snapshot)).toEqual([['消费警示', 1]])
    expect(snapshot).toContain('- button "全部，已选中"')
    expect(snapshot).toContain(`- link "${warnings.items[0].title}"`)
  })

  it('the video list: every poster is described', async () => {
    const videos = await apiJson<ListResponse<Summary>>('/videos')
    await openRoute(page(), '/pages/videos/index')
    await visible(videos.items[0].title).waitFor()
    await expectScreenReaderBasics()
    const alts = await page()
      .locator('.summary-card__poster img')
      .evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))
    expect(alts).toHaveLength(videos.items.length)
    expect(alts).toContain(`${videos.items[0].title} 封面`)
  })

  it('a detail page: the title as heading 1, its parts as headings 2, no skipped levels', async () => {
    const explainer = (await apiJson<ListResponse<Summary>>('/explainers')).items[0]
    await openRoute(page(), `/detail/explainer/index?id=${explainer.id}`)
    await pageTitle(page(), explainer.title).waitFor()
    const snapshot = await expectScreenReaderBasics()
    const list = headings(snapshot)
    expect(list[0]).toEqual([explainer.title, 1])
    for (const part of ['要点', '法律依据', '依据与来源']) expect(list).toContainEqual([part, 2])
    expect(snapshot).toContain('- button "收藏"')
  })

  it('services: the page heading, the triage answers and every call button say what they do', async () => {
    await openRoute(page(), '/pages/services/index')
    await visible('投诉、举报、咨询，选哪个？').waitFor()
    const snapshot = await expectScreenReaderBasics()
    expect(headings(snapshot)[0]).toEqual(['投诉举报', 1])
    expect(headings(snapshot)).toContainEqual(['投诉、举报、咨询，选哪个？', 2])
    expect(snapshot).toContain('- button "我买东西或接受服务受了损失，想退货、退款或要赔偿"')
    expect(snapshot).toMatch(/- button "拨打\S+ 0\d{2,3}-12315"/) // a city office, with its number
  })

  it('large-text mode (长辈模式) keeps the same headings and names', async () => {
    await page().addInitScript(() => localStorage.setItem('shijian:elder-mode', JSON.stringify({ data: true })))
    await openRoute(page(), '/pages/index/index')
    await visible('长辈模式（大字）已开启').waitFor()
    expect(await page().locator('.page.elder').filter({ visible: true }).count()).toBe(1)
    const snapshot = await expectScreenReaderBasics()
    expect(snapshot).toContain('- button "关闭长辈模式"')
  })

  it('the tab bar: five section links, the current one marked, none on a detail page, never over the content', async () => {
    const first = (await apiJson<ListResponse<Summary>>('/warnings')).items[0]
    await openRoute(page(), '/pages/warnings/index')
    await visible(first.title).waitFor()
    const bar = tabBar(page())
    expect(await bar.getByRole('link').allInnerTexts()).toEqual(['首页', '解读', '警示', '投诉', '视频'])
    expect(await bar.locator('[aria-current="page"]').innerText()).toBe('警示')
    // The list scrolls above the bar: at the bottom of the page, its last card ends where the bar begins or higher.
    const box = await bar.boundingBox()
    expect(box!.y + box!.height).toBeCloseTo(844, 0) // along the bottom of the phone's screen
    await page()
      .locator('.taro_page')
      .filter({ visible: true })
      .evaluate((el) => el.scrollTo(0, el.scrollHeight))
    const lastCard = await page().locator('.taro_page .card').filter({ visible: true }).last().boundingBox()
    expect(lastCard!.y + lastCard!.height).toBeLessThanOrEqual(box!.y)
    // From the keyboard, Enter on a section link opens it, and the bar follows.
    await bar.getByRole('link', { name: '投诉' }).focus()
    await page().keyboard.press('Enter')
    await visible('投诉、举报、咨询，选哪个？').waitFor()
    expect(await bar.locator('[aria-current="page"]').innerText()).toBe('投诉')
    // A detail page has no tab bar, as in WeChat.
    await openRoute(page(), `/detail/warning/index?id=${first.id}`)
    await page().locator('.detail-frame__title').getByText(first.title).waitFor()
    expect(await bar.count()).toBe(0)
  })

  it('a tappable view works from the keyboard: Enter on a home entry opens its section', async () => {
    await openRoute(page(), '/pages/index/index')
    await visible('最新警示').waitFor()
    const entry = page().getByRole('link', { name: '法规解读 法规说明白' })
    await entry.focus()
    await page().keyboard.press('Enter')
    await page().getByRole('heading', { name: '法规解读', level: 1 }).waitFor()
  })
})
