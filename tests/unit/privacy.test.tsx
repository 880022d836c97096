import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import Taro from '@tarojs/taro'
import { setElderMode } from '@/hooks/use-display'
import { enqueue, measuring, queued, resetReachForTests, uuid, visitorId } from '@/reach/events'
import HomePage from '@/pages/index/index'
import MinePage from '@/more/mine/index'
import PrivacyPage from '@/more/privacy/index'
import type { SiteResponse } from '@/model/api'
import { answer, calls, offline } from './fake-api'
import { home } from './fixtures'
import { recordNavigation, renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

const SITE = {
  bureauName: '测试省市场监督管理局',
  appName: '测试市监服务',
  hotline: '12315',
  website12315: 'https://www.12315.cn',
} as SiteResponse

const ROUTE = { path: '/more/privacy/index' }

/** Every file under src/ with its text. */
function sources(dir = path.join(__dirname, '../../src')): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return sources(full)
    return /\.(ts|tsx)$/.test(e.name) ? [{ file: full, text: readFileSync(full, 'utf8') }] : []
  })
}

// What the guide calls each thing the app keeps on the device, by its storage key (prefixes end in ':').
const STORED: Record<string, string> = {
  'shijian:favourites': '我的收藏',
  'shijian:recent': '最近浏览',
  'shijian:recent-searches': '最近搜索',
  'shijian:cache:': '看过的内容',
  'shijian:cache-index': '看过的内容',
  'shijian:elder-mode': '长辈模式',
  'shijian:reach-queue': '匿名统计',
  'shijian:reach-visitor': '匿名统计',
  'shijian:reach-off': '匿名统计',
}

describe('privacy page (隐私保护指引)', () => {
  afterEach(() => resetReachForTests())

  it('names the bureau that runs the app and says what is kept, sent and never collected', async () => {
    answer({ site: () => Promise.resolve(SITE) })
    const rendered = await renderPage(PrivacyPage, ROUTE)
    await rendered.findText(SITE.bureauName)
    const text = rendered.text()
    expect(text).toContain('隐私保护指引')
    expect(text).toMatch(/更新日期：\d{4} 年 \d{1,2} 月 \d{1,2} 日/)
    expect(text).toContain(`“${SITE.appName}”由${SITE.bureauName}运营`)
    for (const label of new Set(Object.values(STORED))) expect(text).toContain(`${label}：`)
    expect(text).toContain('不带微信账号标识（openid），不带手机号，也不带位置')
    expect(text).toContain('复制网址（剪贴板）')
    expect(text).toContain('不读取剪贴板')
    expect(text).toContain('拨打电话')
    expect(text).toContain('打开“12315”小程序')
    expect(text).toContain(`拨打 ${SITE.hotline} 热线咨询，或在全国 12315 平台（${SITE.website12315}）留言`)
    expect(calls.map((c) => c.method)).toEqual(['site'])
  })

  it('still shows the whole guide with no network, naming the operator in general words', async () => {
    answer({ site: offline })
    const rendered = await renderPage(PrivacyPage, ROUTE)
    await rendered.findText('运营本小程序的市场监督管理局')
    expect(rendered.text()).toContain('保存在这台手机上的内容')
    expect(rendered.text()).toContain('运营者与联系方式')
  })

  it('says what is measured and why, and its switch (on by default) turns measurement off and clears the queue', async () => {
    answer({ site: () => Promise.resolve(SITE) })
    const rendered = await renderPage(PrivacyPage, ROUTE)
    await rendered.findText(SITE.bureauName)
    const text = rendered.text()
    expect(text).toContain('匿名统计（可以关闭）')
    expect(text).toContain('不收集 openid、手机号、位置')
    expect(text).toContain('帮助我们改进：匿名统计浏览和分享次数（已开启）')
    expect(measuring()).toBe(true)
    // The page's own view was recorded as it opened; one more waits to be sent
    enqueue({ id: uuid(), type: 'view', at: Date.now(), visitor: visitorId(), page: 'pages/index/index' })
    expect(queued().map((e) => e.page)).toEqual(['more/privacy/index', 'pages/index/index'])
    await rendered.tap('关闭')
    await rendered.findText('帮助我们改进：匿名统计浏览和分享次数（已关闭）')
    expect(measuring()).toBe(false)
    expect(queued()).toEqual([])
    expect(Taro.getStorageSync('shijian:reach-off')).toBe(true)
    await rendered.tap('开启')
    await rendered.findText('帮助我们改进：匿名统计浏览和分享次数（已开启）')
    expect(measuring()).toBe(true)
  })

  it('follows large-text mode like every page', async () => {
    setElderMode(true)
    answer({ site: () => Promise.resolve(SITE) })
    await renderPage(PrivacyPage, ROUTE)
    expect(document.querySelector('.page.privacy')?.classList.contains('elder')).toBe(true)
  })

  it('lists every storage key the app writes, and only those', () => {
    const keys = new Set(sources().flatMap(({ text }) => [...text.matchAll(/'(shijian:[a-z:-]+)'/g)].map((m) => m[1])))
    expect([...keys].sort()).toEqual(Object.keys(STORED).sort())
  })

  it('the only WeChat privacy API the app calls is the clipboard write (declared in the README)', () => {
    // WeChat's list of APIs that need the 用户隐私保护指引 (the ones a mini-program like this could reach for).
    const privacyApis = [
      'setClipboardData',
      'getClipboardData',
      'getLocation',
      'getFuzzyLocation',
      'chooseLocation',
      'startLocationUpdate',
      'chooseAddress',
      'chooseImage',
      'chooseMedia',
      'chooseVideo',
      'chooseMessageFile',
      'saveImageToPhotosAlbum',
      'saveVideoToPhotosAlbum',
      'getUserProfile',
      'getUserInfo',
      'getWeRunData',
      'authorize',
      'startRecord',
      'getRecorderManager',
      'createCameraContext',
      'addPhoneContact',
      'addPhoneCalendar',
      'chooseInvoice',
      'chooseInvoiceTitle',
      'openBluetoothAdapter',
      'startWifi',
    ]
    const called = new Set(
      sources().flatMap(({ text }) => [...text.matchAll(/\bTaro\.([A-Za-z]+)\s*\(/g)].map((m) => m[1])),
    )
    expect(privacyApis.filter((name) => called.has(name))).toEqual(['setClipboardData'])
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8')
    expect(readme).toContain('setClipboardData')
  })
})

describe('links to the privacy page', () => {
  it('收藏与浏览记录 links to it', async () => {
    const opened = recordNavigation()
    answer({})
    const rendered = await renderPage(MinePage, { path: '/more/mine/index' })
    await rendered.tap('隐私保护指引 ›')
    expect(opened).toEqual(['/more/privacy/index'])
  })

  it("the home page's footer links to it", async () => {
    const opened = recordNavigation()
    answer({ home: () => Promise.resolve(home) })
    const rendered = await renderPage(HomePage)
    await rendered.findText(home.site.bureauName)
    await rendered.tap('隐私保护指引')
    expect(opened).toEqual(['/more/privacy/index'])
  })
})
