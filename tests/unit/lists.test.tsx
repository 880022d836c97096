import ExplainersPage from '@/pages/explainers/index'
import VideosPage from '@/pages/videos/index'
import WarningsPage from '@/pages/warnings/index'
import NewsPage from '@/more/news/index'
import { explainer, news, page, video, warning } from './fixtures'
import { answer, calls } from './fake-api'
import { recordNavigation, renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

const listCalls = () => calls.filter((c) => c.method === 'list').map((c) => c.args)

describe('list pages', () => {
  it.each([
    ['explainers', ExplainersPage, explainer, '网购与直播', '/detail/explainer/index?id=test-returns'],
    ['warnings', WarningsPage, warning, '南京市', '/detail/warning/index?id=test-prepaid'],
    ['videos', VideosPage, video, '一等奖', '/detail/video/index?id=test-video'],
    ['news', NewsPage, news, '测试来源', '/detail/news/index?id=test-news'],
  ] as const)(
    '%s: shows each item with its label and opens its detail on tap',
    async (collection, Page, item, label, detail) => {
      answer({ list: () => Promise.resolve(page([item])) as never })
      const opened = recordNavigation()
      const rendered = await renderPage(Page)
      await rendered.findText(item.title)
      expect(rendered.text()).toContain(label)
      expect(rendered.text()).toContain('共 1 条')
      expect(listCalls()[0][0]).toBe(collection)
      await rendered.tap(item.title)
      expect(opened).toEqual([detail])
    },
  )

  it('explainers: choosing a category asks the API for that category only', async () => {
    answer({
      list: ((_c: string, q: { category?: string }) =>
        Promise.resolve(page(q.category === 'food-safety' ? [] : [explainer]))) as never,
    })
    const rendered = await renderPage(ExplainersPage)
    await rendered.findText(explainer.title)
    await rendered.tap('食品安全')
    await rendered.findText('这个类别还没有解读')
    expect(listCalls().map((args) => (args[1] as { category: string }).category)).toEqual(['', 'food-safety'])
  })

  it('warnings: the level is written out, not only coloured', async () => {
    answer({ list: () => Promise.resolve(page([warning])) as never })
    const rendered = await renderPage(WarningsPage)
    await rendered.findText(warning.title)
    expect(rendered.text()).toContain('警示')
    expect(document.querySelector('.level-badge--caution')?.textContent).toBe('警示')
  })

  it('videos: sample entries say they are samples', async () => {
    answer({ list: () => Promise.resolve(page([video])) as never })
    const rendered = await renderPage(VideosPage)
    await rendered.findText(video.title)
    expect(document.querySelector('.summary-card__sample')?.textContent).toBe('示例')
  })

  it('loads the next page when there are more items than the first page holds', async () => {
    const second = { ...explainer, id: 'test-second', title: '测试解读：第二页的条目' }
    answer({
      list: ((_c: string, q: { page: number }) =>
        Promise.resolve(q.page === 1 ? page([explainer], 2, 1) : page([second], 2, 2))) as never,
    })
    const rendered = await renderPage(ExplainersPage)
    await rendered.findText(explainer.title)
    await rendered.tap('加载更多')
    await rendered.findText(second.title)
    expect(rendered.text()).toContain('共 2 条')
  })

  it('shows an empty state rather than a blank page', async () => {
    answer({ list: () => Promise.resolve(page([])) as never })
    const rendered = await renderPage(NewsPage)
    await rendered.findText('还没有新闻')
  })
})
