// The harness itself, on a tiny hand-written mini-program (no Taro, no API): data paths, setData, text, taps,
// pages registered with Page() or Component(), the rules WeChat applies to navigation, and loud failures.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { applyDataPath, bootApp, parseDataPath, parsePageUrl, type Harness } from './harness'

let dist: string
const harnesses: Harness[] = []

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(dist, file)), { recursive: true })
  writeFileSync(path.join(dist, file), text)
}

beforeAll(() => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'weapp-harness-'))
  write(
    'app.json',
    JSON.stringify({
      pages: ['pages/a/index', 'pages/b/index', 'pages/c/index', 'pages/e/index'],
      subPackages: [{ root: 'sub', pages: ['d/index'] }],
      tabBar: { list: [{ pagePath: 'pages/a/index' }, { pagePath: 'pages/b/index' }] },
    }),
  )
  // Three templates like Taro's: a view that binds tap, a text that does not, the text node.
  write(
    'base.wxml',
    [
      ['0', '<view class="{{i.cl}}" bindtap="eh" id="{{i.uid||i.sid}}" data-sid="{{i.sid}}"></view>'],
      ['5', '<text class="{{i.cl}}" id="{{i.uid||i.sid}}" data-sid="{{i.sid}}"></text>'],
      ['9', '<block>{{i.v}}</block>'],
      ['20', '<custom-wrapper i="{{i}}" l="{{l}}" id="{{i.uid||i.sid}}"></custom-wrapper>'],
    ]
      .map(([nn, body]) => `<template name="tmpl_0_${nn}">\n  ${body}\n</template>`)
      .join('\n\n'),
  )
  write('common.js', 'module.exports = { greeting: "你好" }')
  write(
    'app.js',
    'const common = require("./common"); App({ onLaunch(o) { this.launch = o; this.greeting = common.greeting } })',
  )
  // Page a: renders in two setData calls (the second from a timer), and records the taps its handler gets.
  write(
    'pages/a/index.js',
    `Page({
      data: { root: { cn: [] } },
      taps: [],
      onLoad(query) {
        this.query = query
        const text = (sid, v) => ({ nn: '5', sid, cn: [{ nn: '9', sid: sid + 't', v }] })
        this.setData({ 'root.cn': [{ nn: '0', sid: '_1', cn: [text('_2', '标题')] }] })
        setTimeout(() => this.setData({ 'root.cn[0].cn.[1]': text('_4', '第二行') }), 20)
      },
      eh(event) {
        this.taps.push(event.currentTarget.dataset.sid + '<' + event.target.dataset.sid)
        wx.navigateTo({ url: '/pages/c/index?id=x%20y' })
      },
      onShareAppMessage() { return { title: 'A', path: '/pages/a/index?from=share' } },
    })`,
  )
  // Page b: a page built as a component.
  write(
    'pages/b/index.js',
    `Component({
      data: { root: { cn: [] } },
      methods: {
        onLoad(query) {
          this.setData({ 'root.cn': [{ nn: '9', sid: '_1', v: 'B ' + query.id + ' ' + getApp().greeting }] })
        },
      },
    })`,
  )
  // Page c: storage, launch options and navigation.
  write(
    'pages/c/index.js',
    `Page({
      data: { root: { cn: [] } },
      onLoad() {
        wx.setStorageSync('k', { n: 1 })
        const v = [wx.getLaunchOptionsSync().scene, wx.getStorageSync('k').n, wx.getStorageSync('old')].join(' ')
        this.setData({ 'root.cn': [{ nn: '9', sid: '_1', v }] })
        wx.navigateTo({ url: '/pages/b/index' })
        wx.switchTab({ url: '/sub/d/index' })
        wx.navigateTo({ url: '/sub/d/index?id=1' })
        wx.navigateTo({ url: '/nowhere/index' })
      },
    })`,
  )
  // Page d: everything that must be recorded as an error. (An unhandled rejection is recorded too when the harness runs
  // under plain Node, as in the bench; under jest, jest's own handler fails the running test with it.)
  write(
    'sub/d/index.js',
    `Page({
      data: {},
      onLoad() {
        setTimeout(() => { throw new Error('thrown in a timer') }, 0)
        console.error('a render error')
        wx.openBluetoothAdapter({})
      },
    })`,
  )
  // Page e: a subtree in a custom wrapper (Taro's CustomWrapper), which updates through its own setData.
  write(
    'custom-wrapper.js',
    `Component({
      properties: { i: { type: Object, value: {} } },
      attached() { getApp().wrapper = this },
    })`,
  )
  write('pages/e/index.json', JSON.stringify({ usingComponents: { 'custom-wrapper': '../../custom-wrapper' } }))
  write(
    'pages/e/index.js',
    `Page({
      data: { root: { cn: [] } },
      onLoad() {
        this.setData({ 'root.cn': [{ nn: '20', sid: '_w', cn: [{ nn: '9', sid: '_t', v: '之前' }] }] })
        setTimeout(() => getApp().wrapper.setData({ 'i.cn[0].v': '之后' }), 0)
      },
    })`,
  )
})
afterAll(() => rmSync(dist, { recursive: true, force: true }))
afterEach(() => harnesses.splice(0).forEach((h) => h.destroy()))

async function boot(options: Partial<Parameters<typeof bootApp>[0]> = {}) {
  const harness = await bootApp({ distDir: dist, apiOrigin: 'http://127.0.0.1:9', ...options })
  harnesses.push(harness)
  return harness
}

describe('data paths', () => {
  it('reads both index forms Taro writes', () => {
    expect(parseDataPath('root.cn.[0].cn[1].v')).toEqual(['root', 'cn', 0, 'cn', 1, 'v'])
    expect(parseDataPath('i.cn[2][3]')).toEqual(['i', 'cn', 2, 3])
  })

  it('creates arrays and objects on the way, and replaces what it points at', () => {
    const tree: Record<string, unknown> = {}
    applyDataPath(tree, 'root.cn.[1].v', 'x')
    expect(Array.isArray((tree.root as { cn: unknown[] }).cn)).toBe(true)
    applyDataPath(tree, 'root.cn', [{ v: 'y' }])
    expect(tree).toEqual({ root: { cn: [{ v: 'y' }] } })
  })

  it('keeps query values as written, and resolves relative paths', () => {
    expect(parsePageUrl('/a/b?id=x%20y&z=')).toEqual({ route: 'a/b', path: '/a/b', query: { id: 'x%20y', z: '' } })
    expect(parsePageUrl('../c/index?q=1', 'pages/a/index').route).toBe('pages/c/index')
  })
})

describe('a page registered with Page()', () => {
  it('renders every setData into the tree, reads it as text, and counts the first render', async () => {
    const harness = await boot()
    const page = await harness.openPage('/pages/a/index?id=1')

    expect(page.text()).toBe('标题\n第二行')
    expect(page.metrics.firstRender).toEqual(expect.objectContaining({ calls: 2 }))
    expect(page.metrics.firstRender!.bytes).toBe(page.metrics.setData.reduce((n, r) => n + r.bytes, 0))
    expect(page.metrics.nodes).toBe(5)
    expect(page.metrics.depth).toBe(3)
    expect((page.instance as { query: unknown }).query).toEqual({ id: '1' })
    expect(harness.errors).toEqual([])
  })

  it('delivers a tap to the nearest element that binds it, as WeChat does', async () => {
    const harness = await boot()
    const page = await harness.openPage('/pages/a/index')
    await page.tap('第二行') // a <text> that binds nothing: the tap bubbles to the <view> around it

    expect((page.instance as { taps: string[] }).taps).toEqual(['_1<_4'])
    expect(harness.navigations[0]).toEqual(
      expect.objectContaining({ type: 'navigateTo', path: '/pages/c/index', query: { id: 'x%20y' }, ok: true }),
    )
    await expect(page.tap('没有这段字')).rejects.toThrow(/no element shows that text/)
  })

  it('shares what onShareAppMessage returns, and fails loudly without onShareTimeline', async () => {
    const page = await (await boot()).openPage('/pages/a/index')
    expect(await page.share()).toEqual({ title: 'A', path: '/pages/a/index?from=share' })
    expect(() => page.shareTimeline()).toThrow(/cannot be shared to Moments/)
  })
})

describe('a page registered with Component()', () => {
  it('runs its onLoad from methods, with getApp() and require between files', async () => {
    const harness = await boot()
    const page = await harness.openPage('/pages/b/index?id=7')
    expect(page.text()).toBe('B 7 你好')
    expect(harness.app.launch).toEqual(expect.objectContaining({ scene: 1001, path: 'pages/a/index' }))
  })
})

describe('a custom wrapper', () => {
  it('is attached when its node renders, and its own setData shows and counts', async () => {
    const harness = await boot()
    const page = await harness.openPage('/pages/e/index')
    expect(page.text()).toBe('之后')
    expect(page.metrics.setData.map((r) => r.target)).toEqual(['page', 'custom-wrapper'])
    expect(page.data).toEqual({ root: { cn: [{ nn: '20', sid: '_w', cn: [{ nn: '9', sid: '_t', v: '之前' }] }] } })
  })
})

describe('wx', () => {
  it('keeps storage, answers launch options and checks navigation against app.json', async () => {
    const harness = await boot({ storage: { old: 'kept' }, launchOptions: { scene: 1007 } })
    const page = await harness.openPage('/pages/c/index')

    expect(page.text()).toBe('1007 1 kept')
    expect(harness.navigations.map((n) => [n.type, n.ok, n.errMsg])).toEqual([
      ['navigateTo', false, 'navigateTo:fail can not navigateTo a tabbar page'],
      ['switchTab', false, 'switchTab:fail can not switch to no-tabBar page'],
      ['navigateTo', true, 'navigateTo:ok'],
      ['navigateTo', false, 'navigateTo:fail page "nowhere/index" is not found'],
    ])
  })

  it('refuses navigation in Moments single-page mode (scene 1154)', async () => {
    const harness = await boot({ launchOptions: { scene: 1154 } })
    await harness.openPage('/pages/c/index')
    expect(harness.navigations.every((n) => !n.ok && /single page mode/.test(n.errMsg))).toBe(true)
  })

  it('records, rather than swallows, what goes wrong: throws, console.error, missing APIs', async () => {
    const harness = await boot()
    const page = await harness.openPage('/sub/d/index')
    const where = harness.errors.map((e) => e.where)

    expect(where).toEqual(
      expect.arrayContaining(['console.error', 'unimplemented wx API', 'sub/d/index onLoad', 'setTimeout callback']),
    )
    expect(harness.errors.find((e) => e.where === 'unimplemented wx API')?.message).toMatch(/wx\.openBluetoothAdapter/)
    expect(page.errors.length).toBe(harness.errors.length)
  })

  it('fails loudly for a page that is not in app.json', async () => {
    await expect((await boot()).openPage('/pages/zzz/index')).rejects.toThrow(/not a page of app.json/)
  })
})
