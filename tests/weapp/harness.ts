// A WeChat mini-program host, small enough to read, that runs Taro's production weapp output (dist/weapp) in Node.
//
// What it is: a `vm` context playing WeChat's logic layer. It provides `App`, `Page`, `Component`, `Behavior`,
// `getApp`, `getCurrentPages`, a CommonJS `require` between the bundle's files (webpack jsonp chunks that share
// `wx.webpackJsonp`), timers, and a `wx` object whose `request` goes to a real API process. It plays the view layer
// too, as far as tests need: every `setData` is applied to a data tree the way the client applies it, and the
// tree is read back as text through the template numbers in base.wxml. Taps are delivered like WeChat delivers
// them: to the page's `eh` handler, bubbling through the ancestors whose template binds `tap`.
//
// What it is not: a renderer. CSS, `hidden`, layout, the tab bar and native components (video, button
// open-type) are not simulated; `createSelectorQuery` answers empty.
//
// How it was learned: shared/TARO-NOTES.md, "Running the weapp build in Node", and Taro 4.2.1's runtime
// (@tarojs/runtime dist/dsl/common.js for the page lifecycles, dist/dom/root.js for setData and custom wrappers,
// dist/dom/event.js for events).
//
// Usage:
//   const harness = await bootApp({ distDir: 'dist/weapp', apiOrigin: 'http://127.0.0.1:34567' })
//   const page = await harness.openPage('/detail/warning/index?id=counterfeit-goods') // runs the lifecycle, settles
//   page.text()                 // the rendered text, one line per element that holds text
//   await page.tap('拨打 12315')  // a tap on the innermost element showing that text (or on a node's sid)
//   await page.share()          // what onShareAppMessage returns; page.shareTimeline() for Moments
//   harness.navigations, harness.requests, harness.calls, harness.errors, page.metrics
//   harness.destroy()
//   const cold = await openCold(options, card.path, 1007) // a fresh mini-program started from a share card
//
// Errors never pass silently: an exception in a lifecycle, a timer or a callback, console.error (React's report of a
// render error), Taro's '暂不支持' warning and any call of a wx API not implemented here all land in `errors`
// (and `page.errors`); tests assert that it stays empty.
//
// The parts (tests/weapp/host/): runtime.ts (the vm context, timers, what is recorded, settle), loader.ts (require
// between bundle files; App, Page, Component), wx.ts with wx-calls.ts, wx-network.ts and wx-navigation.ts (the `wx`
// object), pages.ts (page and component instances, setData and the data tree), view-tree.ts and templates.ts
// (reading the tree through base.wxml), tap.ts (tap delivery), page-handle.ts (what a test holds for a page),
// paths.ts (setData keys, page urls), types.ts. This file boots the app and opens pages.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createLoader } from './host/loader'
import { pageHandle } from './host/page-handle'
import { createPages } from './host/pages'
import { parsePageUrl } from './host/paths'
import { messageOf, Runtime } from './host/runtime'
import { readTemplates } from './host/templates'
import type { AppJson, BootOptions, Harness, HarnessPage, LaunchOptions } from './host/types'
import { treeReader } from './host/view-tree'
import { createWx, DEFAULT_SYSTEM_INFO } from './host/wx'

export { applyDataPath, parseDataPath, parsePageUrl, parseQueryString } from './host/paths'
export { readTemplates, type TemplateInfo } from './host/templates'
export type {
  AccessibleElement,
  ApiCall,
  AppJson,
  BootOptions,
  DataNode,
  Harness,
  HarnessError,
  HarnessPage,
  LaunchOptions,
  LogEntry,
  Navigation,
  PageMetrics,
  RequestRecord,
  SetDataRecord,
  ShareAppMessageResult,
  ShareTimelineResult,
  Totals,
} from './host/types'

export async function bootApp(options: BootOptions): Promise<Harness> {
  const distDir = path.resolve(options.distDir)
  const apiOrigin = options.apiOrigin.replace(/\/+$/, '')
  if (!existsSync(path.join(distDir, 'app.json'))) {
    throw new Error(`${distDir}/app.json not found: build the mini-program first (npm run build:weapp)`)
  }
  const appJson = JSON.parse(readFileSync(path.join(distDir, 'app.json'), 'utf8')) as AppJson
  const templates = readTemplates(distDir)
  const systemInfo = { ...DEFAULT_SYSTEM_INFO, ...options.systemInfo }

  const subPackages = appJson.subPackages ?? appJson.subpackages ?? []
  const pageRoutes = [
    ...appJson.pages,
    ...subPackages.flatMap((sub) => sub.pages.map((p) => path.posix.join(sub.root, p))),
  ]
  const tabRoutes = new Set((appJson.tabBar?.list ?? []).map((tab) => tab.pagePath.replace(/^\//, '')))

  const launchOptions: LaunchOptions = {
    path: appJson.pages[0],
    query: {},
    scene: 1001,
    referrerInfo: {},
    apiCategory: 'default',
    ...options.launchOptions,
  }
  const singlePageMode = launchOptions.scene === 1154

  const runtime = new Runtime({
    verbose: options.verbose,
    settleTimeoutMs: options.settleTimeoutMs ?? 5000,
    timerWaitMs: options.timerWaitMs ?? 500,
  })
  const { stack, record, toCtx, settle } = runtime
  for (const [key, value] of Object.entries(options.storage ?? {})) runtime.storage.set(key, JSON.stringify(value))
  const loader = createLoader(runtime, distDir, pageRoutes)
  const { load, resolveFile } = loader
  const wxHost = createWx(runtime, { apiOrigin, systemInfo, launchOptions, pageRoutes, tabRoutes, singlePageMode })
  runtime.sandbox.wx = wxHost.wx
  const tree = treeReader(templates)
  const pages = createPages(runtime, templates, loader, wxHost)
  const { createPage, callLifecycle, viewRoot } = pages

  // ———— Boot: app.js, then App's onLaunch and onShow
  load(path.join(distDir, 'app.js'))
  const app = loader.app()
  if (!app) throw new Error('app.js did not call App()')
  for (const name of ['onLaunch', 'onShow']) {
    const fn = app[name]
    if (typeof fn === 'function') {
      try {
        fn.call(app, toCtx(launchOptions))
      } catch (error) {
        record({ where: `App ${name}`, message: messageOf(error), error })
      }
    }
  }
  const loadUsingComponents = (jsonFile: string) => {
    if (!existsSync(jsonFile)) return
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> }
    for (const target of Object.values(json.usingComponents ?? {})) {
      if (target.startsWith('plugin://')) continue
      load(resolveFile(target, jsonFile))
    }
  }
  loadUsingComponents(path.join(distDir, 'app.json'))
  await settle()

  const opened: HarnessPage[] = []
  const openPage = async (pathWithQuery: string): Promise<HarnessPage> => {
    if (runtime.destroyed) throw new Error('openPage: the harness was destroyed')
    const { route, query } = parsePageUrl(pathWithQuery, stack[stack.length - 1]?.route)
    if (!pageRoutes.includes(route)) throw new Error(`openPage(${pathWithQuery}): ${route} is not a page of app.json`)
    loadUsingComponents(path.join(distDir, `${route}.json`))
    load(path.join(distDir, `${route}.js`))
    const previous = stack[stack.length - 1]
    if (previous) callLifecycle(previous, 'onHide')
    const state = createPage(route, query)
    stack.push(state)
    const ctxQuery = toCtx(query)
    if (state.kind === 'Component') {
      callLifecycle(state, 'created')
      callLifecycle(state, 'attached')
    }
    callLifecycle(state, 'onLoad', ctxQuery)
    callLifecycle(state, 'onShow')
    // The view layer renders the initial data, then WeChat calls onReady.
    await runtime.macrotask()
    if (state.kind === 'Component') callLifecycle(state, 'ready')
    callLifecycle(state, 'onReady')
    await settle()
    const handle = pageHandle(runtime, templates, tree, pages, state)
    state.firstRender = handle.metrics.total
    state.firstRenderTree = tree.treeSize(viewRoot(state))
    opened.push(handle)
    return handle
  }

  const harness: Harness = {
    distDir,
    appJson,
    app,
    launchOptions,
    openPage,
    pages: opened,
    get metrics() {
      return opened[opened.length - 1]?.metrics
    },
    pagePaths: () => pageRoutes.map((r) => `/${r}`),
    isTabPage: (pagePath) => tabRoutes.has(pagePath.replace(/^\//, '').split('?')[0]),
    navigations: runtime.navigations,
    requests: runtime.requests,
    calls: runtime.calls,
    errors: runtime.errors,
    logs: runtime.logs,
    storage: runtime.storage,
    get clipboard() {
      return runtime.clip.text
    },
    settle,
    destroy: () => {
      if (runtime.destroyed) return
      runtime.destroy()
      wxHost.stopRequests()
    },
  }
  return harness
}

/**
 * A cold start from a share card: a fresh harness (fresh storage, fresh runtime) launched on `pathWithQuery`
 * in `scene` (1007 chat card by default; 1154 for a page opened from Moments), then that page opened.
 */
export async function openCold(
  options: BootOptions,
  pathWithQuery: string,
  scene = 1007,
): Promise<{ harness: Harness; page: HarnessPage }> {
  const { route, query } = parsePageUrl(pathWithQuery)
  const harness = await bootApp({ ...options, launchOptions: { ...options.launchOptions, path: route, query, scene } })
  try {
    const page = await harness.openPage(pathWithQuery)
    return { harness, page }
  } catch (error) {
    harness.destroy()
    throw error
  }
}
