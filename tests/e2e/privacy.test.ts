// The 隐私保护指引 in the H5 build: reached from the home page's footer and from 收藏与浏览记录, its parts as headings,
// the bureau from the site settings named as the operator.
import { apiJson, openRoute, phonePageForEachTest, visibleText } from './browser'

jest.setTimeout(60000)

const page = phonePageForEachTest()

const SECTIONS = [
  '保存在这台手机上的内容',
  '联网时发出的内容',
  '匿名统计（可以关闭）',
  '不收集的信息',
  '只在您点按时才用到的功能',
  '运营者与联系方式',
]

async function expectGuide(bureauName: string): Promise<void> {
  await page().getByRole('heading', { name: '隐私保护指引', level: 1 }).filter({ visible: true }).waitFor()
  await visibleText(page(), `由${bureauName}运营`).waitFor()
  // The page left in the stack (home) stays in the DOM: read the guide's own outline.
  const headings = await page().locator('.page.privacy').getByRole('heading', { level: 2 }).allTextContents()
  expect(headings).toEqual(SECTIONS)
}

describe('privacy guide (H5)', () => {
  it("opens from the home page's footer link", async () => {
    const site = await apiJson<{ bureauName: string }>('/site')
    await openRoute(page(), '/pages/index/index')
    await page().getByRole('link', { name: '隐私保护指引' }).filter({ visible: true }).click()
    await expectGuide(site.bureauName)
    expect(page().url()).toContain('#/more/privacy/index')
  })

  it('opens from 收藏与浏览记录', async () => {
    const site = await apiJson<{ bureauName: string }>('/site')
    await openRoute(page(), '/more/mine/index')
    await page().getByRole('link', { name: '隐私保护指引 ›' }).filter({ visible: true }).click()
    await expectGuide(site.bureauName)
  })
})
