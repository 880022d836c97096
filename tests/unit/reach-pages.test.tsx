// Reach events recorded by pages (src/reach/use-reach.ts): what a citizen's use of the app puts in the queue.
import { Value } from '@sinclair/typebox/value'
import { Button } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ExplainerDetailPage from '@/detail/explainer/index'
import SearchPage from '@/more/search/index'
import ServicesPage from '@/pages/services/index'
import { ReachEvent } from '@/model/events'
import { queued, setMeasuring } from '@/reach/events'
import { scrubSearchWords, useVideoReach } from '@/reach/use-reach'
import { explainerDetail, page, services } from './fixtures'
import { answer } from './fake-api'
import { renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

/** The queue once the events recorded so far (each on a zero timeout) are in it. */
async function events(): Promise<ReachEvent[]> {
  await new Promise((resolve) => setTimeout(resolve, 20))
  const all = queued()
  for (const e of all) expect(Value.Check(ReachEvent, e)).toBe(true)
  return all
}

const strip = (e: ReachEvent) => {
  const { id, at, visitor, ...rest } = e
  expect([typeof id, typeof at, typeof visitor]).toEqual(['string', 'number', 'string'])
  return rest
}

describe('reach events recorded by pages', () => {
  it('a detail page opened from a share card: a view of its item and the open from that share', async () => {
    answer({ detail: (() => Promise.resolve(explainerDetail)) as never })
    const rendered = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns', shareId: 'AbCdEf12_-34' },
    })
    await rendered.findText(explainerDetail.title)
    expect((await events()).map(strip)).toEqual([
      { type: 'view', collection: 'explainers', itemId: 'test-returns', page: 'detail/explainer/index' },
      {
        type: 'share_open',
        collection: 'explainers',
        itemId: 'test-returns',
        page: 'detail/explainer/index',
        fromShareId: 'AbCdEf12_-34',
      },
    ])
  })

  it('a draft (staff preview) is not counted, nor a share id that is not one', async () => {
    answer({ detail: (() => Promise.resolve({ ...explainerDetail, draft: true })) as never })
    const rendered = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns', shareId: 'x' },
    })
    await rendered.findText(explainerDetail.title)
    expect(await events()).toEqual([])
  })

  it('a search that found nothing: its words, without what looks like a phone or ID number', async () => {
    answer({
      search: ((q: string) => Promise.resolve({ ...page([]), q, match: 'none' })) as never,
    })
    const rendered = await renderPage(SearchPage, {
      path: '/more/search/index',
      params: { q: '退款 13800138000 没到账' },
    })
    await rendered.findText('没有找到')
    const searches = (await events()).filter((e) => e.type === 'search')
    expect(searches.map((e) => e.q)).toEqual(['退款 没到账'])
  })

  it('the hotline button and the 12315 mini-program on the services page', async () => {
    jest.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    answer({ services: () => Promise.resolve(services) })
    const rendered = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await rendered.findText('投诉举报')
    await rendered.tap('拨打 12315')
    const types = (await events()).map((e) => e.type)
    expect(types).toEqual(['view', 'hotline_tap'])
    expect((await events())[0].page).toBe('pages/services/index')
  })

  it('nothing at all when measurement is off', async () => {
    setMeasuring(false)
    answer({ detail: (() => Promise.resolve(explainerDetail)) as never })
    const rendered = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns', shareId: 'AbCdEf12_-34' },
    })
    await rendered.findText(explainerDetail.title)
    expect(await events()).toEqual([])
  })
})

describe('video play and completion', () => {
  let handlers: ReturnType<typeof useVideoReach> | undefined
  function Probe() {
    handlers = useVideoReach('test-video')
    return <Button>probe</Button>
  }

  it('a play when it starts (not on resume), a completion once per play at 90%', async () => {
    await renderPage(Probe, { path: '/detail/video/index', params: { id: 'test-video' } })
    const h = handlers!
    const at = (currentTime: number) => h.onTimeUpdate({ detail: { currentTime, duration: 100 } })
    h.onPlay()
    at(50)
    h.onPlay() // resumed after a pause
    at(89)
    expect((await events()).map((e) => e.type)).toEqual(['video_play'])
    at(90)
    at(95)
    h.onEnded()
    h.onPlay() // watched again
    h.onEnded()
    const all = await events()
    expect(all.map((e) => e.type)).toEqual(['video_play', 'video_complete', 'video_play', 'video_complete'])
    expect(all.every((e) => e.collection === 'videos' && e.itemId === 'test-video')).toBe(true)
  })
})

describe('search words are scrubbed', () => {
  it.each([
    ['13800138000', ''],
    ['电话 138-0013-8000 投诉', '电话 投诉'],
    ['身份证 11010519491231002X 挂失', '身份证 挂失'],
    ['３１５晚会', '315晚会'], // full-width digits made ASCII; 3 digits stay
    ['2024年 预付卡', '2024年 预付卡'],
    ['长'.repeat(60), '长'.repeat(50)],
    ['😀'.repeat(30), '😀'.repeat(25)],
  ])('%s → %s', (q, kept) => {
    expect(scrubSearchWords(q)).toBe(kept)
  })
})
