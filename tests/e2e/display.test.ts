import type { ListResponse, Summary } from '../../src/model/api'
import { themeRgb } from '../support/theme'
import { apiJson, openRoute, pageTitle, screenshot, phonePageForEachTest, visibleText } from './browser'

jest.setTimeout(60000)

const currentPage = phonePageForEachTest()
const page = () => currentPage()
const visible = (text: string) => visibleText(page(), text)

async function bodyFontSize(selector: string): Promise<number> {
  return page()
    .locator(selector)
    .filter({ visible: true })
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
}

describe('large-text mode (长辈模式) in Chromium', () => {
  it('enlarges text and tap targets, and survives a restart of the app', async () => {
    const explainer = (await apiJson<ListResponse<Summary>>('/explainers')).items[0]
    await openRoute(page(), '/pages/index/index')
    await visible('长辈模式（大字）已关闭').waitFor()
    const before = await bodyFontSize('.home__entry-hint')
    await screenshot(page(), 'home-standard')

    await page().getByRole('button', { name: '开启长辈模式' }).click()
    await visible('长辈模式（大字）已开启').waitFor()
    const after = await bodyFontSize('.home__entry-hint')
    expect(after).toBeGreaterThan(before * 1.3)
    await screenshot(page(), 'home-large')

    // A restart: the page is loaded again from nothing but what the device stored.
    await page().reload()
    await visible('长辈模式（大字）已开启').waitFor()
    const hotline = page().getByRole('button', { name: '拨打 12315' })
    expect((await hotline.boundingBox())!.height).toBeGreaterThanOrEqual(60)

    await openRoute(page(), `/detail/explainer/index?id=${explainer.id}`)
    await pageTitle(page(), explainer.title).waitFor()
    expect(await bodyFontSize('.rt-p')).toBeGreaterThanOrEqual(24)
    await screenshot(page(), 'explainer-large')
    await openRoute(page(), '/pages/services/index')
    await visible('投诉、举报、咨询，选哪个？').waitFor()
    await screenshot(page(), 'services-large')
  })
})

describe('buttons in the theme colours', () => {
  // Taro's H5 <Button> carries its own grey "default" style at a higher specificity than ours; src/app.scss
  // restates the theme's. Every visible button must show a theme colour pair, the call button white on blue.
  const colours = async () =>
    page()
      .locator('.btn')
      .filter({ visible: true })
      .evaluateAll((els) =>
        els.map((el) => {
          const style = getComputedStyle(el)
          return { text: (el.textContent ?? '').trim(), background: style.backgroundColor, color: style.color }
        }),
      )

  it.each(['/pages/index/index', '/pages/services/index'])('%s', async (route) => {
    await openRoute(page(), route)
    await visible('拨打 12315').waitFor()
    const buttons = await colours()
    expect(buttons.length).toBeGreaterThan(0)
    const solid = { background: themeRgb('primary'), color: themeRgb('on-dark') }
    const plain = { background: themeRgb('primary-soft'), color: themeRgb('primary') }
    for (const button of buttons) {
      expect([solid, plain, { background: 'rgba(0, 0, 0, 0)', color: themeRgb('primary') }]).toContainEqual({
        background: button.background,
        color: button.color,
      })
    }
    expect(buttons.find((b) => b.text === '拨打 12315')).toEqual({ text: '拨打 12315', ...solid })
  })
})
