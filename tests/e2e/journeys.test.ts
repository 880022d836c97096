import type { HomeResponse, ListResponse, Summary } from '../../src/model/api'
import { apiJson, openRoute, pageTitle, screenshot, phonePageForEachTest, tabBar, visibleText } from './browser'

jest.setTimeout(60000)

const currentPage = phonePageForEachTest()
let page = currentPage()
beforeEach(() => {
  page = currentPage()
})
const visible = (text: string) => visibleText(page, text)

describe('a citizen in the H5 build, against the real API and seed content', () => {
  it('opens the home page and sees the bureau, the hotline and the latest warning', async () => {
    const home = await apiJson<HomeResponse>('/home')
    await openRoute(page, '/pages/index/index')
    await visible(home.site.bureauName).waitFor()
    await visible(home.warnings[0].title).waitFor()
    await screenshot(page, 'home')
    expect(await page.locator('body').innerText()).toContain('12315')
  })

  it('reaches every section from the tab bar', async () => {
    await openRoute(page, '/pages/index/index')
    const tabs: [string, string][] = [
      ['解读', '/explainers'],
      ['警示', '/warnings'],
      ['视频', '/videos'],
    ]
    for (const [tab, route] of tabs) {
      const first = (await apiJson<ListResponse<Summary>>(route)).items[0]
      await tabBar(page).getByRole('link', { name: tab }).click()
      await visible(first.title).waitFor()
    }
    await tabBar(page).getByRole('link', { name: '投诉' }).click()
    await visible('投诉、举报、咨询，选哪个？').waitFor()
    await screenshot(page, 'services')
    await tabBar(page).getByRole('link', { name: '首页' }).click()
    await visible('懂法规').waitFor()
  })

  it('opens a warning from its list and reads it', async () => {
    const first = (await apiJson<ListResponse<Summary>>('/warnings')).items[0]
    await openRoute(page, '/pages/warnings/index')
    await page.getByRole('link', { name: first.title, exact: true }).click()
    await pageTitle(page, first.title).waitFor()
    await visible('怎么办').waitFor()
    await screenshot(page, 'warning-detail')
  })

  it.each(['explainers', 'warnings', 'videos', 'news'] as const)(
    'opens a %s detail URL directly, as a shared card does on a cold start',
    async (collection) => {
      const first = (await apiJson<ListResponse<Summary>>(`/${collection}`)).items[0]
      const pagePath = { explainers: 'explainer', warnings: 'warning', videos: 'video', news: 'news' }[collection]
      await openRoute(page, `/detail/${pagePath}/index?id=${first.id}`)
      await pageTitle(page, first.title).waitFor()
      if (collection === 'explainers') await screenshot(page, 'explainer-detail')
    },
  )

  it('opens an unknown id and is told plainly, with a way home', async () => {
    await openRoute(page, '/detail/news/index?id=no-such-item')
    await visible('内容不存在或已撤下').waitFor()
    await page.getByRole('button', { name: '返回首页' }).click()
    await visible('懂法规').waitFor()
  })
})
