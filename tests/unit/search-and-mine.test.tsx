import Taro from '@tarojs/taro'
import ExplainerDetailPage from '@/detail/explainer/index'
import MinePage from '@/more/mine/index'
import SearchPage from '@/more/search/index'
import { explainer, explainerDetail, page, warning } from './fixtures'
import { answer, calls } from './fake-api'
import { renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

const searchCalls = () => calls.filter((c) => c.method === 'search').map((c) => c.args)

function typeAndSearch(text: string) {
  const input = document.querySelector('input') as HTMLInputElement
  input.value = text
  input.dispatchEvent(new Event('input', { bubbles: true }))
}

describe('search page', () => {
  it('searches a word from the route (a shared search) and shows what was found, the match highlighted', async () => {
    const hit = {
      ...warning,
      highlight: {
        title: [{ text: '测试警示：' }, { text: '预付卡', match: true as const }, { text: '办卡前要当心' }],
        snippet: [{ text: '…办了' }, { text: '预付卡', match: true as const }, { text: '的商家关门…' }],
      },
    }
    answer({ search: ((q: string) => Promise.resolve({ ...page([hit]), q })) as never })
    const rendered = await renderPage(SearchPage, { path: '/more/search/index', params: { q: '预付卡' } })
    await rendered.findText(warning.title)
    expect(rendered.text()).toContain('“预付卡”共找到 1 条')
    expect(rendered.text()).toContain('…办了预付卡的商家关门…')
    const marked = Array.from(document.querySelectorAll('.summary-card__match')).map((el) => el.textContent)
    expect(marked).toEqual(['预付卡', '预付卡'])
    expect(searchCalls()).toEqual([['预付卡', 1]])
  })

  it('asks for a word instead of sending an empty search', async () => {
    answer({})
    const rendered = await renderPage(SearchPage, { path: '/more/search/index' })
    await rendered.tap('搜索')
    await rendered.findText('请输入要搜索的词')
    expect(searchCalls()).toEqual([])
  })

  it('says plainly when nothing is found', async () => {
    answer({ search: ((q: string) => Promise.resolve({ ...page([]), q })) as never })
    const rendered = await renderPage(SearchPage, { path: '/more/search/index' })
    typeAndSearch('火星')
    await rendered.tap('搜索')
    await rendered.findText('没有找到与“火星”有关的内容')
  })

  it('remembers recent searches on the device and searches one again on tap', async () => {
    answer({ search: ((q: string) => Promise.resolve({ ...page([explainer]), q })) as never })
    const first = await renderPage(SearchPage, { path: '/more/search/index', params: { q: '退货' } })
    await first.findText(explainer.title)
    const again = await renderPage(SearchPage, { path: '/more/search/index' })
    await again.findText('最近搜索')
    await again.tap('退货')
    await again.findText('“退货”共找到 1 条')
    expect(searchCalls()).toEqual([
      ['退货', 1],
      ['退货', 1],
    ])
  })
})

describe('favourites and recently viewed', () => {
  it('an opened item appears under 最近浏览, a saved one under 我的收藏, and both survive a new visit', async () => {
    answer({ detail: (() => Promise.resolve(explainerDetail)) as never })
    const detail = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns' },
    })
    await detail.findText(explainerDetail.title)
    await detail.tap('☆ 收藏')
    await detail.findText('★ 已收藏')

    const mine = await renderPage(MinePage, { path: '/more/mine/index' })
    await mine.findText('我的收藏（1）')
    expect(document.querySelectorAll('.summary-card')).toHaveLength(2) // once saved, once recently viewed
    expect(Taro.getStorageSync('shijian:favourites')[0].title).toBe(explainerDetail.title)
    expect(Taro.getStorageSync('shijian:favourites')[0].body).toBeUndefined()
  })

  it('shows empty states before anything is saved or read', async () => {
    const mine = await renderPage(MinePage, { path: '/more/mine/index' })
    await mine.findText('还没有收藏')
    expect(mine.text()).toContain('还没有浏览记录')
  })
})
