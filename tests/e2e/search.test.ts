// Search as citizens use it, in Chromium on the H5 build with the real API on seeds/: a whole question finds its
// explainer; before typing, the common questions; with nothing found, the help (categories, warnings, 12315, 咨询).
import type { SearchResponse, SiteResponse } from '../../src/model/api'
import { apiJson, openRoute, pageTitle, phonePageForEachTest, screenshot, visibleText } from './browser'

jest.setTimeout(60000)

const currentPage = phonePageForEachTest()
const page = () => currentPage()
const visible = (text: string) => visibleText(page(), text)
const searchBox = () => page().getByRole('search').getByRole('searchbox', { name: '搜索内容' })

async function searchFor(q: string) {
  await searchBox().fill(q)
  await searchBox().press('Enter')
}

/** Lines of the search page's accessibility tree for a button or link with no name to read out. */
async function unnamedControls(): Promise<string[]> {
  const snapshot = await page().locator('.search').ariaSnapshot()
  return snapshot.split('\n').filter((line) => /^\s*- (button|link)(:|$)/.test(line))
}

const FOOD_EXPLAINER = 'food-ten-times-compensation'
const NONSENSE = '喵呜喵呜 zzqxv'

describe('search in the H5 build, against the real API and seed content', () => {
  it('a question typed in full (买到过期食品怎么赔) finds its explainer among the first three, which opens', async () => {
    const q = '买到过期食品怎么赔'
    const answer = await apiJson<SearchResponse>(`/search?q=${encodeURIComponent(q)}`)
    const explainer = answer.items.slice(0, 3).find((item) => item.id === FOOD_EXPLAINER)
    expect(explainer?.title).toBe('买到不合格食品，可以要求十倍赔偿')
    await openRoute(page(), '/pages/index/index')
    await visible('懂法规').waitFor()
    await page().getByRole('link', { name: '搜索法规、警示、视频、新闻' }).click()
    await searchFor(q)
    await visible(`“${q}”共找到`).waitFor()
    // Shown as the API ranks it: the first result card is the API's first.
    const first = page().locator('.search .summary-card').first()
    expect(await first.getAttribute('aria-label')).toBe(answer.items[0].title)
    await screenshot(page(), 'search-question-food')
    await page()
      .getByRole('link', { name: explainer?.title as string, exact: true })
      .click()
    await pageTitle(page(), explainer?.title as string).waitFor()
  })

  it('before typing, offers the common questions from the site settings; a tap searches one', async () => {
    const site = await apiJson<SiteResponse>('/site')
    const hot = site.hotQuestions ?? []
    expect(hot.length).toBeGreaterThanOrEqual(3)
    await openRoute(page(), '/more/search/index')
    await page().getByRole('heading', { level: 2, name: '热门问题' }).waitFor()
    for (const question of hot) {
      await page()
        .getByRole('button', { name: `搜索：${question}` })
        .waitFor()
    }
    await screenshot(page(), 'search-hot-questions')
    expect(await unnamedControls()).toEqual([])
    await page()
      .getByRole('button', { name: `搜索：${hot[0]}` })
      .click()
    await visible(`“${hot[0]}”共找到`).waitFor()
    expect(await searchBox().inputValue()).toBe(hot[0])
  })

  it('with nothing found, says so and offers categories, warnings, the 12315 call button and 咨询', async () => {
    const answer = await apiJson<SearchResponse>(`/search?q=${encodeURIComponent(NONSENSE)}`)
    expect(answer.total).toBe(0)
    await openRoute(page(), '/more/search/index')
    await searchFor(NONSENSE)
    await page()
      .getByRole('status')
      .filter({ hasText: `没有找到与“${NONSENSE}”有关的内容` })
      .waitFor()
    await page().getByRole('button', { name: '拨打 12315' }).waitFor()
    await visible('咨询').waitFor()
    const categories = answer.suggestions?.categories ?? []
    const warnings = answer.suggestions?.warnings ?? []
    expect(categories.length).toBeGreaterThan(0)
    for (const category of categories) {
      await page()
        .getByRole('link', { name: `法规解读：${category.label}` })
        .waitFor()
    }
    for (const warning of warnings) {
      await page().getByRole('link', { name: warning.title, exact: true }).waitFor()
    }
    await screenshot(page(), 'search-no-result')
    expect(await unnamedControls()).toEqual([])
    // A suggested category opens the explainers list on that category.
    await page()
      .getByRole('link', { name: `法规解读：${categories[0].label}` })
      .click()
    await pageTitle(page(), '法规解读').waitFor()
    await page()
      .getByRole('button', { name: `${categories[0].label}，已选中` })
      .waitFor()
  })
})
