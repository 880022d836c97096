// The search page's help around the results: 热门问题 before typing, the no-result help (categories, warnings,
// 12315, 咨询), and the matched words marked.
import ExplainersPage from '@/pages/explainers/index'
import SearchPage from '@/more/search/index'
import type { SearchHit, SearchResponse, SiteResponse } from '@/model/api'
import { LIST_PAGES, SERVICES } from '@/routes'
import Taro from '@tarojs/taro'
import { explainer, page, services, warning } from './fixtures'
import { answer, calls, offline } from './fake-api'
import { recordNavigation, renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

const ROUTE = { path: '/more/search/index' }
const HOT = ['买到过期食品怎么赔？', '预付卡商家跑路了怎么办？', '网购七天无理由退货']
const SITE = {
  bureauName: '测试省市场监督管理局',
  appName: '市监',
  hotline: '12315',
  hotQuestions: HOT,
} as SiteResponse

const searchCalls = () => calls.filter((c) => c.method === 'search').map((c) => c.args[0])
const found = (items: SearchHit[], match: SearchResponse['match'] = 'all') =>
  ((q: string) => Promise.resolve({ ...page(items), q, match })) as never
const nothing = (suggestions?: SearchResponse['suggestions']) =>
  ((q: string) => Promise.resolve({ ...page([]), q, match: 'none', suggestions })) as never

const hitOf = (item: typeof explainer): SearchHit => ({
  ...item,
  highlight: {
    title: [{ text: '网购七天' }, { text: '无理由退货', match: true }],
    snippet: [{ text: '…收到商品之日起' }, { text: '七天', match: true }, { text: '内…' }],
  },
})

describe('search page before typing: 热门问题', () => {
  it('lists the common questions from the site settings, as buttons, and searches one on tap', async () => {
    answer({ site: () => Promise.resolve(SITE), search: found([hitOf(explainer)]) })
    const rendered = await renderPage(SearchPage, ROUTE)
    await rendered.findText('热门问题')
    for (const question of HOT) expect(rendered.text()).toContain(question)
    const buttons = Array.from(document.querySelectorAll('[role="button"]')).map((el) => el.getAttribute('aria-label'))
    expect(buttons).toEqual(expect.arrayContaining(HOT.map((question) => `搜索：${question}`)))
    const title = document.querySelector('[role="heading"][aria-level="2"]')
    expect(title?.textContent).toBe('热门问题')
    await rendered.tap(HOT[0])
    await rendered.findText(`“${HOT[0]}”共找到 1 条`)
    expect(searchCalls()).toEqual([HOT[0]])
    // The questions give way to the results.
    expect(rendered.text()).not.toContain('热门问题')
    // The search box holds the question, as if typed.
    expect((document.querySelector('input') as HTMLInputElement).value).toBe(HOT[0])
  })

  it('shows no 热门问题 when the site settings have none or cannot be loaded, and the recent searches still', async () => {
    answer({ site: offline, search: found([explainer as SearchHit]) })
    const first = await renderPage(SearchPage, { ...ROUTE, params: { q: '退货' } })
    await first.findText('“退货”共找到 1 条')
    const again = await renderPage(SearchPage, ROUTE)
    await again.findText('最近搜索')
    expect(again.text()).not.toContain('热门问题')
    answer({ site: () => Promise.resolve({ ...SITE, hotQuestions: undefined }) })
    const without = await renderPage(SearchPage, ROUTE)
    await without.findText('最近搜索')
    await without.testUtils.act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(calls.map((c) => c.method)).toContain('site')
    expect(without.text()).not.toContain('热门问题')
  })
})

describe('search page when nothing matches', () => {
  const suggestions = {
    categories: [
      { id: 'prepaid-cards' as const, label: '预付卡' },
      { id: 'food-safety' as const, label: '食品安全' },
    ],
    warnings: [warning],
  }

  it('says so, offers the nearest categories and current warnings, the hotline and where to ask', async () => {
    answer({
      site: () => Promise.resolve(SITE),
      search: nothing(suggestions),
      services: () => Promise.resolve(services),
    })
    const rendered = await renderPage(SearchPage, { ...ROUTE, params: { q: '火星来的快递' } })
    await rendered.findText('没有找到与“火星来的快递”有关的内容')
    const text = rendered.text()
    expect(text).toContain('按类别看法规解读')
    expect(text).toContain('预付卡 ›')
    expect(text).toContain('食品安全 ›')
    expect(text).toContain('最新消费警示')
    expect(text).toContain(warning.title)
    expect(text).toContain('消费投诉举报热线')
    await rendered.findText('咨询：测试咨询')
    expect(text).not.toContain('共找到')
    // The message is announced, the categories are links named for what they open.
    // (A literal ariaRole is `role` in the H5 build, `aria-role` under jest's transform.)
    expect(document.querySelector('[role="status"], [aria-role="status"]')?.textContent).toContain('没有找到')
    const links = Array.from(document.querySelectorAll('[role="link"]')).map((el) => el.getAttribute('aria-label'))
    expect(links).toEqual(expect.arrayContaining(['法规解读：预付卡', '法规解读：食品安全', warning.title]))
  })

  it('calls 12315 from the hotline button', async () => {
    answer({ site: () => Promise.resolve(SITE), search: nothing(suggestions), services: offline })
    const call = jest.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' } as never)
    const rendered = await renderPage(SearchPage, { ...ROUTE, params: { q: '火星' } })
    await rendered.findText('拨打 12315')
    await rendered.tap('拨打 12315')
    expect(call).toHaveBeenCalledWith({ phoneNumber: '12315' })
    // Without the services directory, the way to ask is still there, in the app's own words.
    expect(rendered.text()).toContain('咨询：问政策、问办法')
  })

  it('opens the explainers list filtered by a suggested category, the warning and the services page', async () => {
    answer({
      site: () => Promise.resolve(SITE),
      search: nothing(suggestions),
      services: () => Promise.resolve(services),
    })
    const opened = recordNavigation()
    const rendered = await renderPage(SearchPage, { ...ROUTE, params: { q: '火星' } })
    await rendered.findText('预付卡 ›')
    await rendered.tap('怎么咨询、投诉、举报 ›')
    await rendered.tap(warning.title)
    await rendered.tap('预付卡 ›')
    expect(opened).toEqual([SERVICES, '/detail/warning/index?id=test-prepaid', LIST_PAGES.explainers])

    // The explainers tab, opened by that link, shows the category chosen, and asks the API for it.
    answer({ list: (() => Promise.resolve(page([explainer]))) as never })
    const list = await renderPage(ExplainersPage, { path: LIST_PAGES.explainers })
    await list.findText(explainer.title)
    const selected = Array.from(document.querySelectorAll('[aria-label$="已选中"]')).map((el) => el.textContent)
    expect(selected).toEqual(['预付卡'])
    const categories = calls.filter((c) => c.method === 'list').map((c) => (c.args[1] as { category: string }).category)
    expect(categories).toEqual(['prepaid-cards'])
  })

  it('still offers the hotline and 咨询 when the answer carries no suggestions', async () => {
    answer({ site: offline, search: nothing(), services: () => Promise.resolve(services) })
    const rendered = await renderPage(SearchPage, { ...ROUTE, params: { q: '火星' } })
    await rendered.findText('没有找到与“火星”有关的内容')
    await rendered.findText('咨询：测试咨询')
    expect(rendered.text()).toContain('拨打 12315')
    expect(rendered.text()).not.toContain('按类别看法规解读')
    expect(rendered.text()).not.toContain('最新消费警示')
  })
})

describe('search results', () => {
  it('marks the matched words in titles and passages', async () => {
    answer({ site: offline, search: found([hitOf(explainer)]) })
    const rendered = await renderPage(SearchPage, { ...ROUTE, params: { q: '七天无理由退货' } })
    await rendered.findText('“七天无理由退货”共找到 1 条')
    expect(rendered.text()).toContain('网购七天无理由退货')
    expect(rendered.text()).toContain('…收到商品之日起七天内…')
    const marked = Array.from(document.querySelectorAll('.summary-card__match')).map((el) => el.textContent)
    expect(marked).toEqual(['无理由退货', '七天'])
    expect(rendered.text()).not.toContain('最接近')
  })

  it('says when the results hold only some of the words', async () => {
    answer({ site: offline, search: found([hitOf(explainer)], 'partial') })
    const rendered = await renderPage(SearchPage, { ...ROUTE, params: { q: '七天 火星' } })
    await rendered.findText('“七天 火星”共找到 1 条')
    expect(rendered.text()).toContain('没有同时说到每个词的内容，下面是最接近的。')
  })
})
