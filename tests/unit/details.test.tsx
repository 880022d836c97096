import Taro from '@tarojs/taro'
import ExplainerDetailPage from '@/detail/explainer/index'
import NewsDetailPage from '@/detail/news/index'
import VideoDetailPage from '@/detail/video/index'
import WarningDetailPage from '@/detail/warning/index'
import { explainerDetail, videoDetail, warningDetail } from './fixtures'
import { ApiRequestError } from '@/api/client'
import { answer, calls, notFound, offline } from './fake-api'
import { recordNavigation, renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

describe('detail pages, opened cold from a shared card', () => {
  it('explainer: loads the item named in the route and shows its key points, law and Q&A', async () => {
    answer({ detail: (() => Promise.resolve(explainerDetail)) as never })
    const page = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns' },
    })
    await page.findText(explainerDetail.title)
    expect(calls[0]).toEqual({ method: 'detail', args: ['explainers', 'test-returns'] })
    for (const text of [
      '测试要点一',
      '测试小标题',
      '测试正文段落。',
      '测试提示：保留购物凭证。',
      '法律依据',
      '第二十五条',
      '问：测试问题？',
      '依据与来源',
      '相关内容',
      '测试警示：预付卡办卡前要当心',
    ]) {
      expect(page.text()).toContain(text)
    }
  })

  it('explainer: the next step leads to the complaint services', async () => {
    answer({ detail: (() => Promise.resolve(explainerDetail)) as never })
    const opened = recordNavigation()
    const page = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns' },
    })
    await page.findText(explainerDetail.title)
    await page.tap('遇到问题？去投诉举报')
    expect(opened).toEqual(['/pages/services/index'])
  })

  it('warning: shows its level in words, what to do, and a button to complain and to call 12315', async () => {
    answer({ detail: (() => Promise.resolve(warningDetail)) as never })
    const call = jest.spyOn(Taro, 'makePhoneCall').mockImplementation((() => Promise.resolve()) as never)
    const opened = recordNavigation()
    const page = await renderPage(WarningDetailPage, { path: '/detail/warning/index', params: { id: 'test-prepaid' } })
    await page.findText(warningDetail.title)
    expect(page.text()).toContain('测试：保留合同和付款凭证')
    await page.tap('去投诉')
    expect(opened).toEqual(['/pages/services/index'])
    await page.tap('拨打 12315')
    expect(call).toHaveBeenCalledWith({ phoneNumber: '12315' })
  })

  it('warning: an expired warning says so', async () => {
    answer({ detail: (() => Promise.resolve({ ...warningDetail, expired: true, expiresAt: '2024-12-31' })) as never })
    const page = await renderPage(WarningDetailPage, { path: '/detail/warning/index', params: { id: 'test-prepaid' } })
    await page.findText('已于 2024-12-31 过期')
    expect(page.text()).toContain('已过期')
  })

  it('video: plays the clip with its poster and says a sample is a sample', async () => {
    answer({ detail: (() => Promise.resolve(videoDetail)) as never })
    const page = await renderPage(VideoDetailPage, { path: '/detail/video/index', params: { id: 'test-video' } })
    await page.findText(videoDetail.title)
    expect(page.text()).toContain('并非真实获奖作品')
    expect(page.text()).toContain('创作单位：测试单位（示例）')
    expect(page.text()).toContain('时长：12秒')
    const player = document.querySelector('taro-video-core')
    expect(player?.getAttribute('src') ?? (player as unknown as { src: string }).src).toContain(
      '/media/videos/test-video.mp4',
    )
  })

  it('an unknown or withdrawn id says so plainly and offers the way home', async () => {
    answer({ detail: notFound as never })
    const opened = recordNavigation()
    const page = await renderPage(NewsDetailPage, { path: '/detail/news/index', params: { id: 'no-such-item' } })
    await page.findText('内容不存在或已撤下')
    await page.tap('返回首页')
    expect(opened).toEqual(['/pages/index/index'])
  })

  it('an item withdrawn since the last visit is not shown from the device copy', async () => {
    answer({ detail: (() => Promise.resolve(explainerDetail)) as never })
    const first = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns' },
    })
    await first.findText('测试要点一')
    answer({ detail: notFound as never })
    const again = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns' },
    })
    await again.findText('内容不存在或已撤下')
    expect(again.text()).not.toContain('测试要点一')
  })

  it('a link without an id does not call the API and says the content is missing', async () => {
    answer({})
    const page = await renderPage(NewsDetailPage, { path: '/detail/news/index', params: {} })
    await page.findText('内容不存在或已撤下')
    expect(calls).toEqual([])
  })

  it('a network failure offers a retry that loads the item', async () => {
    let fail = true
    answer({ detail: (() => (fail ? offline() : Promise.resolve(explainerDetail))) as never })
    const page = await renderPage(ExplainerDetailPage, {
      path: '/detail/explainer/index',
      params: { id: 'test-returns' },
    })
    await page.findText('网络连接失败')
    fail = false
    await page.tap('重试')
    await page.findText(explainerDetail.title)
  })
})

describe('a draft opened from its preview link (QR code)', () => {
  const TOKEN = 'warnings.test-prepaid.t0abcd.AAAAAAAAAAAAAAAAAAAAAA'
  const draft = {
    ...warningDetail,
    title: '测试草稿：预付卡新套路',
    draft: true as const,
    status: 'draft' as const,
    preview: {
      version: 3,
      followsNewest: false,
      savedAt: '2026-11-30T06:05:00.000Z',
      expiresAt: '2026-12-01T06:05:00.000Z',
    },
  }
  const open = () =>
    renderPage(WarningDetailPage, { path: '/detail/warning/index', params: { id: 'test-prepaid', draft: TOKEN } })

  it('shows the draft from its token, marked 草稿, with its version, expiry and not to pass it on', async () => {
    answer({ draft: (() => Promise.resolve(draft)) as never })
    const page = await open()
    await page.findText('测试草稿：预付卡新套路')
    expect(calls).toEqual([{ method: 'draft', args: [TOKEN] }])
    expect(page.text()).toContain('草稿')
    // Shanghai time (UTC+8)
    expect(page.text()).toContain('草稿预览（第 3 版，11月30日 14:05 保存）')
    expect(page.text()).toContain('请勿转发')
    expect(page.text()).toContain('预览链接有效期至 12月1日 14:05')
    // Made for version 3: it says it shows only that one
    expect(page.text()).toContain('此链接只显示第 3 版')
    expect(page.text()).not.toContain('跟随最新草稿')
    // No 收藏 on a draft
    expect(page.text()).not.toContain('收藏')
  })

  it('a link that follows the newest draft says so plainly in the banner', async () => {
    answer({
      draft: (() => Promise.resolve({ ...draft, preview: { ...draft.preview, followsNewest: true } })) as never,
    })
    const page = await open()
    await page.findText('测试草稿：预付卡新套路')
    expect(page.text()).toContain('草稿预览（第 3 版，11月30日 14:05 保存）')
    expect(page.text()).toContain('此链接跟随最新草稿')
    expect(page.text()).not.toContain('此链接只显示')
  })

  it('a revoked link (410 PREVIEW_REVOKED from the API) says 预览链接已撤销, an expired one 预览链接已过期', async () => {
    const realApi = jest.requireActual('@/api/client').api as typeof import('@/api/client').api
    const fetchBefore = globalThis.fetch
    const gone = (code: string) =>
      jest.fn(() =>
        Promise.resolve({
          status: 410,
          text: () => Promise.resolve(JSON.stringify({ error: { code, message: 'x' } })),
        }),
      ) as unknown as typeof fetch
    try {
      answer({ draft: ((token: string) => realApi.draft(token)) as never })
      globalThis.fetch = gone('PREVIEW_REVOKED')
      const revoked = await open()
      await revoked.findText('预览链接已撤销，请向编辑重新获取')
      // Trying again cannot bring a revoked link back: no 重试, the way home instead
      expect(revoked.text()).toContain('预览链接已失效')
      expect(revoked.text()).not.toContain('重试')
      expect(revoked.text()).toContain('返回首页')
      expect(String((globalThis.fetch as jest.Mock).mock.calls[0][0])).toContain(`/api/v1/drafts/${TOKEN}`)
      globalThis.fetch = gone('PREVIEW_EXPIRED')
      const expired = await open()
      await expired.findText('预览链接已过期，请向编辑重新获取')
      expect(expired.text()).not.toContain('已撤销')
    } finally {
      globalThis.fetch = fetchBefore
    }
  })

  it('keeps no copy: an expired link says so, not the draft seen before', async () => {
    answer({ draft: (() => Promise.resolve(draft)) as never })
    await (await open()).findText('测试草稿：预付卡新套路')
    answer({
      draft: (() =>
        Promise.reject(new ApiRequestError(410, 'PREVIEW_EXPIRED', '预览链接已过期，请向编辑重新获取'))) as never,
    })
    const again = await open()
    await again.findText('预览链接已过期，请向编辑重新获取')
    expect(again.text()).not.toContain('测试草稿')
  })

  it('a token for another item is not shown on this page', async () => {
    answer({ draft: (() => Promise.resolve({ ...draft, id: 'another-warning' })) as never })
    const page = await open()
    await page.findText('内容不存在或已撤下')
    expect(page.text()).not.toContain('测试草稿')
  })
})

describe('video gallery order', () => {
  it('上一个 / 下一个 move to the neighbouring videos in place', async () => {
    const previous = { ...videoDetail, id: 'test-previous', title: '测试：上一个视频' }
    const next = { ...videoDetail, id: 'test-next', title: '测试：下一个视频' }
    answer({ detail: (() => Promise.resolve({ ...videoDetail, previous, next })) as never })
    const redirect = jest.spyOn(Taro, 'redirectTo').mockImplementation((() => Promise.resolve()) as never)
    const page = await renderPage(VideoDetailPage, { path: '/detail/video/index', params: { id: 'test-video' } })
    await page.findText(videoDetail.title)
    await page.tap('下一个 ›')
    await page.tap('‹ 上一个')
    expect(redirect.mock.calls).toEqual([
      [{ url: '/detail/video/index?id=test-next' }],
      [{ url: '/detail/video/index?id=test-previous' }],
    ])
  })

  it('the first video has no 上一个', async () => {
    answer({ detail: (() => Promise.resolve({ ...videoDetail, next: { ...videoDetail, id: 'n' } })) as never })
    const page = await renderPage(VideoDetailPage, { path: '/detail/video/index', params: { id: 'test-video' } })
    await page.findText(videoDetail.title)
    expect(page.text()).toContain('下一个 ›')
    expect(page.text()).not.toContain('上一个')
  })
})

describe('opened from Moments (single-page mode, scene 1154)', () => {
  it('shows the content and a plain hint instead of links that cannot work there', async () => {
    jest.spyOn(Taro, 'getEnterOptionsSync').mockReturnValue({ scene: 1154 } as never)
    answer({ detail: (() => Promise.resolve(warningDetail)) as never })
    const page = await renderPage(WarningDetailPage, { path: '/detail/warning/index', params: { id: 'test-prepaid' } })
    await page.findText(warningDetail.title)
    expect(page.text()).toContain('测试：保留合同和付款凭证')
    expect(page.text()).toContain('消费投诉举报请拨打 12315')
    expect(page.text()).not.toContain('去投诉')
    expect(page.text()).not.toContain('收藏')
    expect(page.text()).not.toContain('相关内容')
  })
})
