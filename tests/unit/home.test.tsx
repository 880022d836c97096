import Taro from '@tarojs/taro'
import { resetDisplayForTests } from '@/hooks/use-display'
import HomePage from '@/pages/index/index'
import { home, video, warning } from './fixtures'
import { answer, offline } from './fake-api'
import { recordNavigation, renderPage, type Rendered } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

/** Waits until the page no longer shows `needle` (at most 3 s, like findText). */
async function textGone(page: Rendered, needle: string): Promise<void> {
  const deadline = Date.now() + 3000
  while (page.text().includes(needle)) {
    if (Date.now() > deadline) throw new Error(`"${needle}" is still shown: ${page.text().slice(0, 600)}`)
    await page.testUtils.act(() => new Promise((resolve) => setTimeout(resolve, 10)))
  }
}

describe('home page', () => {
  it('shows the bureau, the hotline, every section entry and the latest warnings', async () => {
    answer({ home: () => Promise.resolve(home) })
    const page = await renderPage(HomePage)
    await page.findText(warning.title)
    for (const text of [
      '测试省市场监督管理局',
      '12315',
      '法规解读',
      '消费警示',
      '投诉举报',
      '微视频',
      '新闻动态',
      '庆祝建党100周年',
    ]) {
      expect(page.text()).toContain(text)
    }
  })

  it('opens a warning from the list at its detail page', async () => {
    answer({ home: () => Promise.resolve(home) })
    const opened = recordNavigation()
    const page = await renderPage(HomePage)
    await page.findText(warning.title)
    await page.tap(warning.title)
    expect(opened).toEqual(['/detail/warning/index?id=test-prepaid'])
  })

  it('shows the micro-videos /home returns, and a tap on one opens the video', async () => {
    answer({ home: () => Promise.resolve(home) })
    const opened = recordNavigation()
    const page = await renderPage(HomePage)
    await page.findText(video.title)
    await page.tap(video.title)
    expect(opened).toEqual(['/detail/video/index?id=test-video'])
  })

  it('has no micro-video section when /home returns none', async () => {
    answer({ home: () => Promise.resolve({ ...home, videos: [] }) })
    const page = await renderPage(HomePage)
    await page.findText(warning.title)
    expect(page.text()).not.toContain(video.title)
  })

  it('says the network failed and offers a retry and the hotline when the API cannot be reached', async () => {
    answer({ home: offline })
    const page = await renderPage(HomePage)
    await page.findText('网络好像断了')
    expect(page.text()).toContain('重试')
    expect(page.text()).toContain('拨打 12315')
  })

  it('on a visit without network, shows the copy kept from the last visit with its age and a retry', async () => {
    answer({ home: () => Promise.resolve(home) })
    const first = await renderPage(HomePage)
    await first.findText(warning.title)

    answer({ home: offline })
    const again = await renderPage(HomePage)
    await again.findText('显示的是手机里保存的内容（更新于 刚刚）')
    expect(again.text()).toContain(warning.title)
    expect(again.text()).toContain('网络不畅')

    answer({ home: () => Promise.resolve(home) })
    await again.tap('重试')
    await textGone(again, '手机里保存的内容')
    expect(again.text()).toContain(warning.title)
  })
})

describe('large-text mode (长辈模式)', () => {
  it('is switched on from the home page, enlarges the page, and is remembered for the next visit', async () => {
    answer({ home: () => Promise.resolve(home) })
    const page = await renderPage(HomePage)
    await page.findText('长辈模式（大字）已关闭')
    expect(document.querySelector('.page')?.classList.contains('elder')).toBe(false)
    await page.tap('开启')
    await page.findText('长辈模式（大字）已开启')
    expect(document.querySelector('.page')?.classList.contains('elder')).toBe(true)

    resetDisplayForTests() // a new visit: only what the device stored is known
    const again = await renderPage(HomePage)
    await again.findText('长辈模式（大字）已开启')
    expect(document.querySelector('.page')?.classList.contains('elder')).toBe(true)
  })

  it('follows WeChat’s own font scale', async () => {
    // As in WeChat: in a browser (TARO_ENV h5) there is no font scale to follow. Taro's jest transform turns the
    // app's `process.env.TARO_ENV === 'h5'` into `process.env.TARO_ENV_JEST || process.env.TARO_ENV === 'h5'`,
    // so setting TARO_ENV_JEST would not do: TARO_ENV itself is set, and put back.
    process.env.TARO_ENV = 'weapp'
    try {
      jest.spyOn(Taro, 'getAppBaseInfo').mockReturnValue({ fontSizeScaleFactor: 1.25 } as never)
      answer({ home: () => Promise.resolve(home) })
      const page = await renderPage(HomePage)
      await page.findText(warning.title)
      expect((document.querySelector('.page') as HTMLElement).style.getPropertyValue('--scale')).toBe('1.25')
    } finally {
      process.env.TARO_ENV = 'h5'
    }
  })
})
