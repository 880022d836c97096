import type { ElementHandle } from 'playwright-core'
import type { ListResponse, Summary } from '../../src/model/api'
import { apiJson, openRoute, pageTitle, screenshot, phonePageForEachTest, tabBar, visibleText } from './browser'

jest.setTimeout(60000)

const currentPage = phonePageForEachTest()
const page = () => currentPage()
const visible = (text: string) => visibleText(page(), text)
const tab = (label: string) => tabBar(page()).getByRole('link', { name: label })

describe('journeys through every section, in Chromium on the H5 build with the real API', () => {
  it('from the home page, finds the prepaid-card warning, reads it, and reaches the way to call 12315', async () => {
    await openRoute(page(), '/pages/index/index')
    await visible('懂法规').waitFor()
    await tab('警示').click()
    await visible('办卡充值要谨慎').click()
    await pageTitle(page(), '办卡充值要谨慎').waitFor()
    await visible('怎么办').waitFor()
    await screenshot(page(), 'journey-prepaid-warning')
    await visible('去投诉').click()
    await visible('投诉、举报、咨询，选哪个？').waitFor()
    await visible('拨打 12315').waitFor()
  })

  it('answers the triage for a refund dispute and lands on 投诉 with its checklist', async () => {
    await openRoute(page(), '/pages/services/index')
    await visible('您遇到的是哪种情况？').waitFor()
    await visible('我买东西或接受服务受了损失').click()
    await visible('您是为自己或家里生活需要买的东西').waitFor()
    await visible('是，为自己或家里用').click()
    await visible('超过3年了吗？').waitFor()
    await visible('没有超过3年').click()
    await visible('建议您：投诉').waitFor()
    const result = await page().getByRole('status').filter({ hasText: '建议您：投诉' }).innerText()
    expect(result).toContain('需要准备')
    expect(result).toContain('您的姓名、电话号码、通讯地址')
    await screenshot(page(), 'journey-triage-complaint')
  })

  it('filters videos by award and plays one', async () => {
    const firstPrize = await apiJson<ListResponse<Summary>>('/videos?award=first')
    await openRoute(page(), '/pages/videos/index')
    await visible('示例').waitFor()
    await page().getByRole('button', { name: '一等奖', exact: true }).click()
    await page().getByRole('button', { name: '一等奖，已选中' }).waitFor()
    await page().waitForFunction(
      (n) => document.querySelectorAll('.summary-list--grid .summary-card').length === n,
      firstPrize.items.length,
    )
    await screenshot(page(), 'videos-first-prize')
    await page().getByRole('link', { name: firstPrize.items[0].title, exact: true }).click()
    await pageTitle(page(), firstPrize.items[0].title).waitFor()
    const video = page().locator('video').filter({ visible: true }).first()
    await video.waitFor()
    await video.evaluate(async (el: HTMLVideoElement) => {
      el.muted = true
      await el.play()
    })
    // Playing for real: its clock passes the first frames (a timeout after 10 s if it never does)
    const playing = (await video.elementHandle()) as ElementHandle<HTMLVideoElement>
    await page().waitForFunction((el) => !el.paused && el.currentTime > 0.3, playing, { timeout: 10000 })
    await screenshot(page(), 'video-player')
  })

  it('searches 预付卡 from the home page, sees the match highlighted, and opens a result', async () => {
    await openRoute(page(), '/pages/index/index')
    await visible('懂法规').waitFor()
    const results = await apiJson<ListResponse<Summary>>(`/search?q=${encodeURIComponent('预付卡')}`)
    await page().getByRole('link', { name: '搜索法规、警示、视频、新闻' }).click()
    const input = page().getByRole('search').getByRole('searchbox', { name: '搜索内容' })
    await input.fill('预付卡')
    await input.press('Enter')
    await visible('“预付卡”共找到').waitFor()
    const marked = page().locator('.summary-card__match').filter({ visible: true }).first()
    expect(await marked.innerText()).toBe('预付卡')
    await screenshot(page(), 'search-prepaid')
    // The first result is the API's first, a link named by its title
    const title = results.items[0].title
    await page().getByRole('link', { name: title, exact: true }).click()
    await pageTitle(page(), title).waitFor()
  })

  it('shows every list section at phone size', async () => {
    for (const [route, name, heading, api] of [
      ['/pages/explainers/index', 'explainers', '法规解读', '/explainers'],
      ['/pages/warnings/index', 'warnings', '消费警示', '/warnings'],
      ['/more/news/index', 'news', '新闻动态', '/news'],
      ['/pages/videos/index', 'videos', '微视频', '/videos'],
    ] as const) {
      const first = (await apiJson<ListResponse<Summary>>(api)).items[0]
      await openRoute(page(), route)
      await visible(heading).waitFor()
      await page().getByRole('link', { name: first.title, exact: true }).waitFor()
      await screenshot(page(), `list-${name}`)
    }
  })
})
