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
import { readFileSync, existsSync, statSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import vm from 'node:vm'

// ————————————————————————————————————————————————————————————————————————————————————————————————————————
// Public types

export interface LaunchOptions {
  /** Route of the launch page, without a leading slash, as WeChat gives it: 'detail/warning/index'. */
  path: string
  query: Record<string, string>
  /** 1001 main entry, 1007 chat card, 1008 group card, 1044 card with shareTicket, 1154 Moments single page. */
  scene: number
  referrerInfo: Record<string, unknown>
  shareTicket?: string
  apiCategory: string
}

export interface BootOptions {
  /** The build to run, e.g. path.resolve('dist/weapp'). */
  distDir: string
  /** The API under test; every wx.request is routed there by its path, whatever origin the build baked in. */
  apiOrigin: string
  /** Initial storage (a fresh harness is a fresh device: empty by default). Values are stored as JSON. */
  storage?: Record<string, unknown>
  /** Merged over a cold start from the home page in scene 1001. */
  launchOptions?: Partial<LaunchOptions>
  /** Merged over the answers of getSystemInfoSync / getAppBaseInfo / getWindowInfo / getDeviceInfo. */
  systemInfo?: Record<string, unknown>
  /** Forward the bundle's console to this process's console (it is always recorded in `logs`). */
  verbose?: boolean
  /** settle(): longest time to wait for requests and timers before failing (ms). */
  settleTimeoutMs?: number
  /** settle(): timeouts set for at most this many ms are waited for; longer ones (and intervals) are not. */
  timerWaitMs?: number
}

export interface Navigation {
  type: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack' | 'navigateToMiniProgram'
  /** The url as the app passed it (Taro appends its own `__key_` parameter). */
  url: string
  /** Absolute page path, e.g. '/detail/warning/index'. */
  path: string
  /** Query without Taro's `__key_`, values as written in the url (not decoded). */
  query: Record<string, string>
  /** Path and query without `__key_`: what a test compares with. */
  cleanUrl: string
  ok: boolean
  errMsg: string
  /** Route of the page that was on top when the call was made. */
  from?: string
  options?: Record<string, unknown>
}

export interface RequestRecord {
  method: string
  /** The url the bundle asked for (with its baked-in origin). */
  url: string
  /** Where the harness sent it: the API under test, same path and query. */
  routedTo: string
  header: Record<string, string>
  statusCode?: number
  errMsg?: string
  ms?: number
  done: boolean
}

export interface ApiCall {
  name: string
  args: unknown
}

export interface HarnessError {
  /** Where it was caught: a lifecycle, a timer, a request callback, console.error, an unimplemented wx API... */
  where: string
  message: string
  error?: unknown
}

export interface LogEntry {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug'
  text: string
}

export interface SetDataRecord {
  /** 'page', or the component's kind ('custom-wrapper', ...). */
  target: string
  /** Length of JSON.stringify(data): the brief's measure, and what the 1024 kB limit is about. */
  bytes: number
  /** UTF-8 size of the same JSON (Chinese text is 3 bytes a character), for information. */
  utf8Bytes: number
  keys: string[]
  /** ms since the page was created. */
  at: number
}

export interface Totals {
  calls: number
  bytes: number
  utf8Bytes: number
}

export interface PageMetrics {
  /** setData until the first full render: everything up to the first settle after onReady (requests settled, no
   *  further setData in the flush). null until openPage has finished. Page and component setData together. */
  firstRender: Totals | null
  /** All setData of this page and its components so far. */
  total: Totals
  /** Every setData, in order. */
  setData: SetDataRecord[]
  /** Nodes of the rendered tree (elements and text nodes, the page root excluded), now. */
  nodes: number
  /** Deepest nesting of that tree (a child of the page root is at depth 1; text nodes count), now. */
  depth: number
  /** nodes and depth when the first full render was taken. */
  firstRenderTree: { nodes: number; depth: number } | null
}

/** A node of Taro's data tree: `nn` template number, `sid` id, `cl` class, `v` text, `cn` children. */
export interface DataNode {
  nn?: string | number
  sid?: string
  uid?: string
  cl?: string
  v?: string
  cn?: DataNode[]
  [key: string]: unknown
}

export interface AccessibleElement {
  sid: string
  /** The element's tag in base.wxml: 'view', 'button', 'image', ... */
  tag: string
  role?: string
  label?: string
  /** The text shown inside the element (its own and its descendants'). */
  text: string
}

export interface ShareAppMessageResult {
  title?: string
  path?: string
  imageUrl?: string
  [key: string]: unknown
}

export interface ShareTimelineResult {
  title?: string
  query?: string
  imageUrl?: string
  [key: string]: unknown
}

export interface HarnessPage {
  /** Route without a leading slash, e.g. 'detail/warning/index'. */
  route: string
  /** What onLoad received. */
  query: Record<string, string>
  /** The page instance's data (the tree lives under data.root). */
  readonly data: Record<string, unknown>
  /** The page instance, as the bundle sees it (`this` in its lifecycles). */
  instance: Record<string, unknown>
  metrics: PageMetrics
  /** Errors recorded while this page was on top. */
  errors: HarnessError[]
  /** The rendered text: text nodes joined, one line per element that holds text directly. */
  text(): string
  /** Elements whose text (their own and their descendants') contains `text`, innermost first. */
  findAll(text: string): DataNode[]
  /** The node with this sid, if rendered. */
  node(sid: string): DataNode | undefined
  /**
   * What WeChat's screen reader is given: every element whose template renders a non-empty `aria-role` or
   * `aria-label` for it (read through base.wxml, as the view layer would), in document order, with its text.
   */
  accessible(): AccessibleElement[]
  /** Taps the innermost element showing `textOrSid` (or the node with that sid), then settles. */
  tap(textOrSid: string): Promise<void>
  /** Calls onShareAppMessage like the share menu does (a `promise` in the answer is awaited, up to 3 s). */
  share(options?: Record<string, unknown>): Promise<ShareAppMessageResult>
  /** Calls onShareTimeline like the Moments menu does. */
  shareTimeline(): ShareTimelineResult
  /** Calls a page lifecycle or handler by name (onPullDownRefresh, onReachBottom, onHide, ...), then settles. */
  call(name: string, ...args: unknown[]): Promise<unknown>
}

export interface Harness {
  distDir: string
  appJson: AppJson
  /** The App instance (getApp()). */
  app: Record<string, unknown>
  launchOptions: LaunchOptions
  /** Creates a page like WeChat: onLoad(query), onShow, onReady; waits until requests and timers settle. */
  openPage(pathWithQuery: string): Promise<HarnessPage>
  /** The pages opened so far, in order (the page stack: nothing is ever closed). */
  pages: HarnessPage[]
  /** The metrics of the page opened last (each page has its own: `page.metrics`). */
  readonly metrics: PageMetrics | undefined
  /** Every page path of app.json, with a leading slash (main package, then subpackages). */
  pagePaths(): string[]
  /** True if the path is a tab bar page. */
  isTabPage(pagePath: string): boolean
  navigations: Navigation[]
  requests: RequestRecord[]
  /** Calls of the other recorded wx APIs (makePhoneCall, showToast, setClipboardData, ...). */
  calls: ApiCall[]
  errors: HarnessError[]
  logs: LogEntry[]
  storage: Map<string, string>
  clipboard: string
  /** Waits until no request is in flight, no short timer is pending and no setData callback is due. */
  settle(): Promise<void>
  /** Stops every timer and request, and makes the harness inert. */
  destroy(): void
}

export interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string; text?: string }[] }
  usingComponents?: Record<string, string>
  [key: string]: unknown
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————
// base.wxml: which template number is a text node, which bind tap, which are custom components

export interface TemplateInfo {
  /** Template number (the `nn` of a node) of the text node: its template is `<block>{{i.v}}</block>`. */
  textNn: string
  /** Tag of each template number at level 0: 'view', 'text', 'button', ... */
  tags: Map<string, string>
  /** Template numbers whose element binds (or catches) tap to `eh`. */
  tapNns: Set<string>
  /** Template numbers whose element catches tap (stops bubbling). */
  catchTapNns: Set<string>
  /** Template numbers rendered by a custom component with its own setData ('custom-wrapper'). */
  wrapperNns: Set<string>
  /** Each template number's attributes as written on its element: name → value expression ('{{i.p2}}'). */
  attributes: Map<string, Record<string, string>>
}

const templateCache = new Map<string, TemplateInfo>()

/** Reads base.wxml's level-0 templates (`tmpl_0_<nn>`): later levels repeat them, deeper ones go through `comp`. */
export function readTemplates(distDir: string): TemplateInfo {
  const file = path.join(distDir, 'base.wxml')
  const key = `${file}:${statSync(file).mtimeMs}`
  const cached = templateCache.get(key)
  if (cached) return cached
  const source = readFileSync(file, 'utf8')
  const info: TemplateInfo = {
    textNn: '',
    tags: new Map(),
    tapNns: new Set(),
    catchTapNns: new Set(),
    wrapperNns: new Set(),
    attributes: new Map(),
  }
  const pattern = /<template name="tmpl_0_([\w-]+)">\s*([\s\S]*?)<\/template>/g
  for (const match of source.matchAll(pattern)) {
    const [, nn, body] = match
    if (/^<block>\s*\{\{\s*i\.v\s*\}\}\s*<\/block>\s*$/.test(body.trim())) {
      info.textNn = nn
      info.tags.set(nn, '#text')
      continue
    }
    const open = body.match(/^<([\w-]+)([^>]*)>/)
    if (!open) continue
    const [, tag, attributes] = open
    info.tags.set(nn, tag)
    const attributeMap = Object.fromEntries([...attributes.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
    // An input's template `tmpl_0_N` only picks `tmpl_0_N_focus` or `tmpl_0_N_blur` (the element without focus).
    const variant = nn.match(/^(\w+)_blur$/)
    info.attributes.set(variant ? variant[1] : nn, attributeMap)
    if (variant) info.tags.set(variant[1], tag)
    if (/\b(bind|catch):?tap="eh"/.test(attributes)) info.tapNns.add(nn)
    if (/\bcatch:?tap="eh"/.test(attributes)) info.catchTapNns.add(nn)
    if (tag === 'custom-wrapper') info.wrapperNns.add(nn)
  }
  if (!info.textNn) throw new Error(`${file}: no text-node template (<block>{{i.v}}</block>) found`)
  templateCache.set(key, info)
  return info
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————
// Small helpers

/** Splits a setData key ('root.cn.[0].cn[1].v', 'i.cn.[2]') into object keys and array indexes. */
export function parseDataPath(key: string): (string | number)[] {
  const parts: (string | number)[] = []
  for (const segment of key.split('.')) {
    const match = segment.match(/^([^[\]]*)((?:\[\d+\])*)$/)
    if (!match) throw new Error(`setData: cannot read the key ${JSON.stringify(key)}`)
    if (match[1]) parts.push(match[1])
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]))
  }
  return parts
}

/** Applies one setData key to a tree, creating objects and arrays on the way, as the client does. */
export function applyDataPath(tree: Record<string, unknown>, key: string, value: unknown): void {
  const parts = parseDataPath(key)
  let node: Record<string | number, unknown> = tree
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]
    let next = node[part]
    if (next === null || typeof next !== 'object') {
      next = typeof parts[i + 1] === 'number' ? [] : {}
      node[part] = next
    }
    node = next as Record<string | number, unknown>
  }
  node[parts[parts.length - 1]] = value
}

/** Splits '/a/b?x=1&y=2' into a route ('a/b') and a query whose values stay as written (WeChat does not decode). */
export function parsePageUrl(
  url: string,
  fromRoute = '',
): { route: string; path: string; query: Record<string, string> } {
  const [rawPath, search = ''] = url.split('?', 2)
  let route: string
  if (rawPath.startsWith('/')) route = rawPath.slice(1)
  else route = path.posix.normalize(path.posix.join(path.posix.dirname(fromRoute || 'x'), rawPath))
  route = route.replace(/\.html$/, '')
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    query[eq === -1 ? pair : pair.slice(0, eq)] = eq === -1 ? '' : pair.slice(eq + 1)
  }
  return { route, path: `/${route}`, query }
}

/** Parses a query string ('id=1&x=2') the way a Moments share's `query` reaches onLoad. */
export function parseQueryString(search: string): Record<string, string> {
  return parsePageUrl(`/x?${search.replace(/^\?/, '')}`).query
}

function withoutTaroKey(query: Record<string, string>): Record<string, string> {
  const rest = { ...query }
  delete rest.__key_
  return rest
}

function joinUrl(pagePath: string, query: Record<string, string>): string {
  const search = Object.entries(query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  return search ? `${pagePath}?${search}` : pagePath
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { name?: string; message?: string; stack?: string }
    return `${e.name ?? 'Error'}: ${e.message}`
  }
  return String(error)
}

function formatArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a
      if (a && typeof a === 'object' && 'stack' in a) return String((a as { stack: unknown }).stack)
      try {
        return JSON.stringify(a)
      } catch {
        return String(a)
      }
    })
    .join(' ')
}

/** Names of WeChat's `wx` APIs, from miniprogram-api-typings (interface Wx), to trap the ones not implemented. */
function knownWxApiNames(): string[] {
  try {
    const file = require.resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts')
    // Doc comments hold code samples (with braces and calls): drop them before reading the interface.
    const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
    const start = source.indexOf('interface Wx {')
    if (start === -1) return []
    const end = source.indexOf('\n    }\n', start)
    const block = source.slice(start, end === -1 ? undefined : end)
    return [...new Set([...block.matchAll(/^ {8}([a-zA-Z_]\w*)\s*[<(]/gm)].map((m) => m[1]))]
  } catch {
    return []
  }
}
let wxApiNames: string[] | undefined

// Compiled bundle files, shared by every harness (a vm.Script can run in any context).
const scriptCache = new Map<string, vm.Script>()

function compile(file: string): vm.Script {
  const stat = statSync(file)
  const key = `${file}:${stat.mtimeMs}:${stat.size}`
  let script = scriptCache.get(key)
  if (!script) {
    // WeChat's own wrapper hides the browser globals; `window`, `document` and friends stay undefined here too.
    const code = readFileSync(file, 'utf8')
    const wrapped = `(function (module, exports, require, window, document, self, navigator, location) {${code}\n})`
    script = new vm.Script(wrapped, { filename: file })
    scriptCache.set(key, script)
  }
  return script
}

// Unhandled rejections of promises made inside a harness are recorded there (one listener for all harnesses).
// Under plain Node (tsx, the bench) this catches them. Under jest, `process` is jest's copy and this listener is not
// called: jest's own handler fails the running test with the rejection instead, which is just as loud.
const liveHarnesses = new Set<{ owns: (promise: unknown) => boolean; record: (e: HarnessError) => void }>()
function onUnhandledRejection(reason: unknown, promise: Promise<unknown>): void {
  for (const h of liveHarnesses) {
    if (h.owns(promise)) {
      h.record({ where: 'unhandled promise rejection', message: messageOf(reason), error: reason })
      return
    }
  }
  // Not ours: keep Node's default of failing loudly.
  setImmediate(() => {
    throw reason
  })
}
function watchRejections(entry: { owns: (p: unknown) => boolean; record: (e: HarnessError) => void }): () => void {
  if (liveHarnesses.size === 0) process.on('unhandledRejection', onUnhandledRejection)
  liveHarnesses.add(entry)
  return () => {
    liveHarnesses.delete(entry)
    if (liveHarnesses.size === 0) process.off('unhandledRejection', onUnhandledRejection)
  }
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————
// The harness

const DEFAULT_SYSTEM_INFO: Record<string, unknown> = {
  // getDeviceInfo
  brand: 'devtools',
  model: 'iPhone 12',
  system: 'iOS 16.0',
  platform: 'devtools',
  abi: 'x64',
  benchmarkLevel: 1,
  // getWindowInfo
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 753,
  statusBarHeight: 47,
  screenTop: 91,
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  // getAppBaseInfo
  SDKVersion: '3.7.0',
  version: '8.0.50',
  language: 'zh_CN',
  theme: 'light',
  enableDebug: false,
  fontSizeSetting: 17,
  fontSizeScaleFactor: 1,
  host: { env: 'WeChat' },
}

export async function bootApp(options: BootOptions): Promise<Harness> {
  const distDir = path.resolve(options.distDir)
  const apiOrigin = options.apiOrigin.replace(/\/+$/, '')
  if (!existsSync(path.join(distDir, 'app.json'))) {
    throw new Error(`${distDir}/app.json not found: build the mini-program first (npm run build:weapp)`)
  }
  const appJson = JSON.parse(readFileSync(path.join(distDir, 'app.json'), 'utf8')) as AppJson
  const templates = readTemplates(distDir)
  const settleTimeoutMs = options.settleTimeoutMs ?? 5000
  const timerWaitMs = options.timerWaitMs ?? 500
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

  // Recorded state
  const navigations: Navigation[] = []
  const requests: RequestRecord[] = []
  const calls: ApiCall[] = []
  const errors: HarnessError[] = []
  const logs: LogEntry[] = []
  const storage = new Map<string, string>()
  for (const [key, value] of Object.entries(options.storage ?? {})) storage.set(key, JSON.stringify(value))
  let destroyed = false
  let userGesture = false
  const clip = { text: '' }

  // The page on top collects errors too, so a test can read them per page.
  const stack: PageState[] = []
  let pageCount = 0
  const record = (error: HarnessError) => {
    errors.push(error)
    stack[stack.length - 1]?.errors.push(error)
  }

  /** Runs bundle code called from the host (timers, callbacks): an exception is recorded, never thrown at Node. */
  const guard = <T>(where: string, fn: () => T): T | undefined => {
    if (destroyed) return undefined
    try {
      return fn()
    } catch (error) {
      record({ where, message: messageOf(error), error })
      return undefined
    }
  }

  // ———— Timers: real ones, tracked so settle() knows what is pending.
  interface TimerEntry {
    handle: NodeJS.Timeout
    delay: number
    interval: boolean
  }
  const timers = new Map<number, TimerEntry>()
  let nextTimerId = 1
  const addTimer = (fn: unknown, delay: unknown, args: unknown[], interval: boolean): number => {
    if (typeof fn !== 'function') throw new TypeError('setTimeout/setInterval: the callback must be a function')
    const id = nextTimerId++
    const ms = Math.max(0, Number(delay) || 0)
    const run = () => {
      if (!interval) timers.delete(id)
      guard(interval ? 'setInterval callback' : 'setTimeout callback', () => fn(...args))
    }
    const handle = interval ? setInterval(run, ms) : setTimeout(run, ms)
    timers.set(id, { handle, delay: ms, interval })
    return id
  }
  const clearTimer = (id: unknown) => {
    const entry = timers.get(Number(id))
    if (!entry) return
    if (entry.interval) clearInterval(entry.handle)
    else clearTimeout(entry.handle)
    timers.delete(Number(id))
  }
  /** setData callbacks and other host-side work the page is owed. */
  let owed = 0
  const later = (where: string, fn: () => void) => {
    owed++
    setTimeout(() => {
      owed--
      guard(where, fn)
    }, 0)
  }

  // ———— The vm context
  const vmConsole: Record<string, (...args: unknown[]) => void> = {}
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vmConsole[level] = (...args: unknown[]) => {
      const text = formatArgs(args)
      logs.push({ level, text })
      if (options.verbose) console[level](`[weapp] ${text}`)
      // console.error is how React reports a render error; Taro warns '小程序暂不支持 X' for a missing API.
      if (level === 'error') record({ where: 'console.error', message: text })
      else if (level === 'warn' && /暂不支持/.test(text))
        record({ where: 'unsupported API (Taro warning)', message: text })
    }
  }
  vmConsole.group = vmConsole.log
  vmConsole.groupEnd = () => undefined
  vmConsole.time = () => undefined
  vmConsole.timeEnd = () => undefined

  const sandbox: Record<string, unknown> = {
    console: vmConsole,
    setTimeout: (fn: unknown, delay?: unknown, ...args: unknown[]) => addTimer(fn, delay, args, false),
    setInterval: (fn: unknown, delay?: unknown, ...args: unknown[]) => addTimer(fn, delay, args, true),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
  }
  const context = vm.createContext(sandbox, { name: 'weapp logic layer' })
  const ctxJSON = vm.runInContext('JSON', context) as JSON
  const ctxPromise = vm.runInContext('Promise', context) as PromiseConstructor
  /** Copies a host value into the context's realm (so `instanceof Array` and friends hold inside the bundle). */
  const toCtx = <T>(value: T): T => (value === undefined ? value : (ctxJSON.parse(JSON.stringify(value)) as T))
  const stopWatching = watchRejections({ owns: (p) => p instanceof ctxPromise, record })

  // ———— require between bundle files
  const modules = new Map<string, { exports: unknown }>()
  const loading: string[] = []
  const resolveFile = (request: string, fromFile: string): string => {
    let file = request.startsWith('/') ? path.join(distDir, request) : path.resolve(path.dirname(fromFile), request)
    if (!file.endsWith('.js')) file += '.js'
    if (!file.startsWith(distDir + path.sep)) throw new Error(`require(${JSON.stringify(request)}): outside ${distDir}`)
    return file
  }
  const requireFrom = (fromFile: string) => (request: string) => load(resolveFile(request, fromFile))
  const load = (file: string): unknown => {
    const cached = modules.get(file)
    if (cached) return cached.exports
    if (!existsSync(file)) throw new Error(`require: ${path.relative(distDir, file)} is not in the build`)
    const module = { exports: {} as unknown }
    modules.set(file, module)
    const fn = compile(file).runInContext(context) as (...args: unknown[]) => void
    loading.push(file)
    try {
      fn(module, module.exports, requireFrom(file))
    } finally {
      loading.pop()
    }
    return module.exports
  }
  const currentModule = () => {
    const file = loading[loading.length - 1]
    return file ? path.relative(distDir, file).replace(/\\/g, '/').replace(/\.js$/, '') : ''
  }

  // ———— App, Page, Component, Behavior
  let appInstance: Record<string, unknown> | undefined
  const pageConfigs = new Map<string, { kind: 'Page' | 'Component'; config: Record<string, unknown> }>()
  const componentConfigs = new Map<string, Record<string, unknown>>()
  sandbox.App = (config: Record<string, unknown>) => {
    if (appInstance) throw new Error('App() called twice')
    appInstance = config
  }
  sandbox.Page = (config: Record<string, unknown>) => {
    const route = currentModule()
    if (!route) throw new Error('Page() called outside a page file')
    pageConfigs.set(route, { kind: 'Page', config })
  }
  sandbox.Component = (config: Record<string, unknown>) => {
    const module = currentModule()
    if (!module) throw new Error('Component() called outside a component file')
    componentConfigs.set(module, config)
    // A page file may register itself with Component() (pages built as components).
    if (pageRoutes.includes(module)) pageConfigs.set(module, { kind: 'Component', config })
  }
  sandbox.Behavior = (config: unknown) => config
  sandbox.getApp = () => appInstance
  sandbox.getCurrentPages = () => stack.map((p) => p.instance)
  sandbox.requirePlugin = (name: string) => {
    throw new Error(`requirePlugin(${JSON.stringify(name)}): plugins are not available in the harness`)
  }

  // ———— wx
  const wx: Record<string, unknown> = {}
  const callbacks = (name: string, opts: Record<string, unknown> | undefined, result: Record<string, unknown>) => {
    const ok = !/:fail/.test(String(result.errMsg ?? ''))
    const res = toCtx(result)
    later(`wx.${name} callback`, () => {
      if (!opts) return
      const fn = ok ? opts.success : opts.fail
      if (typeof fn === 'function') fn(res)
      if (typeof opts.complete === 'function') opts.complete(res)
    })
  }
  /** A recorded API that succeeds with `answer` (merged with errMsg '<name>:ok'). */
  const recorded =
    (name: string, answer: (opts: Record<string, unknown>) => Record<string, unknown> = () => ({})) =>
    (opts: Record<string, unknown> = {}) => {
      calls.push({ name, args: JSON.parse(JSON.stringify(opts ?? {})) })
      const result = answer(opts)
      callbacks(name, opts, { errMsg: `${name}:ok`, ...result })
    }
  const sync =
    (name: string, answer: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      calls.push({ name, args })
      return answer(...args)
    }

  // Trap every WeChat API first: anything the bundle calls that is not implemented below fails loudly with its name,
  // and is recorded in `errors` even if the app catches the exception. (Without the typings package there are no
  // traps, and `Taro.x` for a missing `wx.x` is undefined: a TypeError naming x, still loud.)
  wxApiNames ??= knownWxApiNames()
  for (const name of wxApiNames) {
    wx[name] = () => {
      const message = `wx.${name} is not implemented in the weapp harness (tests/weapp/harness.ts)`
      record({ where: 'unimplemented wx API', message })
      throw new Error(message)
    }
  }

  // System information
  const pick = (keys: string[]) => () =>
    toCtx(Object.fromEntries(keys.filter((k) => k in systemInfo).map((k) => [k, systemInfo[k]])))
  const windowKeys = [
    'pixelRatio',
    'screenWidth',
    'screenHeight',
    'windowWidth',
    'windowHeight',
    'statusBarHeight',
    'screenTop',
    'safeArea',
  ]
  const deviceKeys = ['brand', 'model', 'system', 'platform', 'abi', 'benchmarkLevel']
  const baseKeys = [
    'SDKVersion',
    'version',
    'language',
    'theme',
    'enableDebug',
    'fontSizeSetting',
    'fontSizeScaleFactor',
    'host',
  ]
  wx.getSystemInfoSync = () => toCtx(systemInfo)
  wx.getSystemInfo = (opts: Record<string, unknown>) =>
    callbacks('getSystemInfo', opts, { ...systemInfo, errMsg: 'getSystemInfo:ok' })
  wx.getSystemInfoAsync = wx.getSystemInfo
  wx.getWindowInfo = pick(windowKeys)
  wx.getDeviceInfo = pick(deviceKeys)
  wx.getAppBaseInfo = pick(baseKeys)
  wx.getSystemSetting = () =>
    toCtx({ bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait' })
  wx.getAppAuthorizeSetting = () => toCtx({})
  wx.getAccountInfoSync = () => toCtx({ miniProgram: { appId: 'wx-harness', envVersion: 'release', version: '' } })
  wx.getMenuButtonBoundingClientRect = () =>
    toCtx({ width: 87, height: 32, top: 51, right: 383, bottom: 83, left: 296 })
  wx.canIUse = () => true
  wx.getLaunchOptionsSync = () => toCtx(launchOptions)
  wx.getEnterOptionsSync = () => toCtx(launchOptions)
  wx.nextTick = (fn: () => void) => {
    void Promise.resolve().then(() => guard('wx.nextTick callback', fn))
  }
  wx.env = toCtx({ USER_DATA_PATH: 'wxfile://usr' })

  // Storage: in memory, stored as JSON like the client (so a value comes back as a copy, never the same object).
  const getItem = (key: unknown) => {
    const raw = storage.get(String(key))
    return raw === undefined ? '' : ctxJSON.parse(raw)
  }
  const setItem = (key: unknown, data: unknown) => {
    if (typeof key !== 'string' || key === '')
      throw new Error('setStorageSync:fail parameter error: key must be a non-empty string')
    storage.set(key, JSON.stringify(data === undefined ? null : data))
  }
  const storageInfo = () => ({
    keys: [...storage.keys()],
    currentSize: Math.ceil([...storage.values()].reduce((n, v) => n + v.length, 0) / 1024),
    limitSize: 10240,
  })
  wx.getStorageSync = (key: unknown) => getItem(key)
  wx.setStorageSync = (key: unknown, data: unknown) => setItem(key, data)
  wx.removeStorageSync = (key: unknown) => void storage.delete(String(key))
  wx.clearStorageSync = () => storage.clear()
  wx.getStorageInfoSync = () => toCtx(storageInfo())
  wx.getStorage = (opts: Record<string, unknown>) => {
    const key = String(opts.key)
    if (!storage.has(key)) return callbacks('getStorage', opts, { errMsg: 'getStorage:fail data not found' })
    const data = getItem(key)
    later('wx.getStorage callback', () => {
      const res = Object.assign(toCtx({ errMsg: 'getStorage:ok' }), { data })
      if (typeof opts.success === 'function') opts.success(res)
      if (typeof opts.complete === 'function') opts.complete(res)
    })
  }
  wx.setStorage = (opts: Record<string, unknown>) => {
    try {
      setItem(opts.key, opts.data)
      callbacks('setStorage', opts, { errMsg: 'setStorage:ok' })
    } catch (error) {
      callbacks('setStorage', opts, { errMsg: `setStorage:fail ${messageOf(error)}` })
    }
  }
  wx.removeStorage = (opts: Record<string, unknown>) => {
    storage.delete(String(opts.key))
    callbacks('removeStorage', opts, { errMsg: 'removeStorage:ok' })
  }
  wx.clearStorage = (opts: Record<string, unknown>) => {
    storage.clear()
    callbacks('clearStorage', opts, { errMsg: 'clearStorage:ok' })
  }
  wx.getStorageInfo = (opts: Record<string, unknown>) =>
    callbacks('getStorageInfo', opts, { ...storageInfo(), errMsg: 'getStorageInfo:ok' })

  // Network: every request goes to the API under test, by path; the baked-in origin is ignored.
  let inflight = 0
  const liveRequests = new Set<http.ClientRequest>()
  wx.request = (opts: Record<string, unknown>) => {
    const method = String(opts.method ?? 'GET').toUpperCase()
    const given = String(opts.url ?? '')
    let target: URL
    try {
      const parsed = new URL(given, apiOrigin)
      target = new URL(parsed.pathname + parsed.search, apiOrigin)
    } catch {
      callbacks('request', opts, { errMsg: `request:fail invalid url "${given}"` })
      return { abort: () => undefined, onHeadersReceived: () => undefined, offHeadersReceived: () => undefined }
    }
    const header: Record<string, string> = {}
    for (const [k, v] of Object.entries((opts.header as Record<string, unknown>) ?? {})) header[k] = String(v)
    let body: string | undefined
    if (opts.data !== undefined && opts.data !== null) {
      if (method === 'GET') {
        // WeChat turns an object `data` into query parameters for GET.
        if (typeof opts.data === 'object') {
          for (const [k, v] of Object.entries(opts.data as Record<string, unknown>))
            target.searchParams.append(k, String(v))
        } else target.search += (target.search ? '&' : '?') + String(opts.data)
      } else {
        body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data)
        if (!Object.keys(header).some((k) => k.toLowerCase() === 'content-type'))
          header['content-type'] = 'application/json'
      }
    }
    const entry: RequestRecord = { method, url: given, routedTo: target.href, header, done: false }
    requests.push(entry)
    inflight++
    const started = Date.now()
    let finished = false
    const finish = (result: Record<string, unknown>) => {
      if (finished) return
      finished = true
      inflight--
      entry.done = true
      entry.ms = Date.now() - started
      entry.statusCode = result.statusCode as number | undefined
      entry.errMsg = String(result.errMsg)
      if (destroyed) return
      // The result is made in the context's realm: data parsed by the context's JSON.
      const res: Record<string, unknown> = { ...result }
      if (typeof result.data === 'string' && (opts.dataType ?? 'json') === 'json') {
        try {
          res.data = ctxJSON.parse(result.data)
        } catch {
          // Not JSON: WeChat hands the string over as it is.
        }
      }
      const ctxRes = ctxJSON.parse(JSON.stringify({ ...res, data: null }))
      ctxRes.data = res.data
      const ok = !/:fail/.test(String(result.errMsg))
      guard('wx.request callback', () => {
        const fn = ok ? opts.success : opts.fail
        if (typeof fn === 'function') fn(ctxRes)
        if (typeof opts.complete === 'function') opts.complete(ctxRes)
      })
    }
    const client = target.protocol === 'https:' ? https : http
    const req = client.request(target, { method, headers: header }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        liveRequests.delete(req)
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(response.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
        finish({
          data: Buffer.concat(chunks).toString('utf8'),
          statusCode: response.statusCode,
          header: headers,
          cookies: [],
          errMsg: 'request:ok',
        })
      })
      response.on('error', (error) => finish({ errMsg: `request:fail ${error.message}` }))
    })
    liveRequests.add(req)
    const timeout = Number(opts.timeout ?? 60000)
    req.setTimeout(timeout, () => {
      req.destroy()
      finish({ errMsg: 'request:fail timeout' })
    })
    req.on('error', (error) => {
      liveRequests.delete(req)
      finish({ errMsg: `request:fail ${error.message}` })
    })
    if (body !== undefined) req.write(body)
    req.end()
    return {
      abort: () => {
        req.destroy()
        finish({ errMsg: 'request:fail abort' })
      },
      onHeadersReceived: () => undefined,
      offHeadersReceived: () => undefined,
      onChunkReceived: () => undefined,
      offChunkReceived: () => undefined,
    }
  }
  wx.getNetworkType = (opts: Record<string, unknown>) =>
    callbacks('getNetworkType', opts, { networkType: 'wifi', errMsg: 'getNetworkType:ok' })
  for (const name of [
    'onNetworkStatusChange',
    'offNetworkStatusChange',
    'onNetworkWeakChange',
    'offNetworkWeakChange',
  ]) {
    wx[name] = sync(name, () => undefined)
  }

  // Navigation: recorded and checked against app.json like WeChat checks it; never opens the page by itself.
  const navigate =
    (type: Navigation['type']) =>
    (opts: Record<string, unknown> = {}) => {
      const top = stack[stack.length - 1]
      const url = String(opts.url ?? '')
      const parsed = parsePageUrl(url, top?.route)
      const query = withoutTaroKey(parsed.query)
      let errMsg = `${type}:ok`
      if (singlePageMode) errMsg = `${type}:fail can not ${type} in single page mode (scene 1154)`
      else if (!pageRoutes.includes(parsed.route)) errMsg = `${type}:fail page "${parsed.route}" is not found`
      else if ((type === 'navigateTo' || type === 'redirectTo') && tabRoutes.has(parsed.route)) {
        errMsg = `${type}:fail can not ${type} a tabbar page`
      } else if (type === 'switchTab' && !tabRoutes.has(parsed.route))
        errMsg = `${type}:fail can not switch to no-tabBar page`
      else if (type === 'navigateTo' && stack.length >= 10) errMsg = `${type}:fail webview count limit exceed`
      navigations.push({
        type,
        url,
        path: parsed.path,
        query,
        cleanUrl: joinUrl(parsed.path, query),
        ok: !errMsg.includes(':fail'),
        errMsg,
        from: top?.route,
      })
      callbacks(type, opts, { errMsg })
    }
  wx.navigateTo = navigate('navigateTo')
  wx.redirectTo = navigate('redirectTo')
  wx.switchTab = navigate('switchTab')
  wx.reLaunch = navigate('reLaunch')
  wx.navigateBack = (opts: Record<string, unknown> = {}) => {
    const top = stack[stack.length - 1]
    const ok = !singlePageMode && stack.length > 1
    const errMsg = ok ? 'navigateBack:ok' : 'navigateBack:fail cannot navigate back at first page.'
    navigations.push({
      type: 'navigateBack',
      url: '',
      path: '',
      query: {},
      cleanUrl: '',
      ok,
      errMsg,
      from: top?.route,
      options: { delta: opts.delta ?? 1 },
    })
    callbacks('navigateBack', opts, { errMsg })
  }
  wx.navigateToMiniProgram = (opts: Record<string, unknown> = {}) => {
    const top = stack[stack.length - 1]
    // WeChat opens another mini-program only from a user's tap, after a confirmation (taken as confirmed here).
    let errMsg = 'navigateToMiniProgram:ok'
    if (singlePageMode) errMsg = 'navigateToMiniProgram:fail can not navigateToMiniProgram in single page mode'
    else if (!userGesture) errMsg = 'navigateToMiniProgram:fail can only be invoked by user TAP gesture.'
    else if (!opts.appId && !opts.shortLink) errMsg = 'navigateToMiniProgram:fail invalid appId'
    navigations.push({
      type: 'navigateToMiniProgram',
      url: String(opts.shortLink ?? opts.path ?? ''),
      path: String(opts.path ?? ''),
      query: {},
      cleanUrl: String(opts.shortLink ?? opts.path ?? ''),
      ok: !errMsg.includes(':fail'),
      errMsg,
      from: top?.route,
      options: JSON.parse(JSON.stringify(opts)),
    })
    callbacks('navigateToMiniProgram', opts, { errMsg })
  }
  wx.exitMiniProgram = recorded('exitMiniProgram')

  // UI feedback and device features: recorded, answered like a user who confirms.
  wx.showToast = recorded('showToast')
  wx.hideToast = recorded('hideToast')
  wx.showLoading = recorded('showLoading')
  wx.hideLoading = recorded('hideLoading')
  wx.showModal = recorded('showModal', () => ({ confirm: true, cancel: false }))
  wx.showActionSheet = recorded('showActionSheet', () => ({ tapIndex: 0 }))
  wx.makePhoneCall = recorded('makePhoneCall')
  wx.setClipboardData = recorded('setClipboardData', (opts) => {
    clip.text = String(opts.data ?? '')
    return {}
  })
  wx.getClipboardData = recorded('getClipboardData', () => ({ data: clip.text }))
  wx.stopPullDownRefresh = recorded('stopPullDownRefresh')
  wx.startPullDownRefresh = recorded('startPullDownRefresh')
  wx.pageScrollTo = recorded('pageScrollTo')
  wx.setNavigationBarTitle = recorded('setNavigationBarTitle')
  wx.setNavigationBarColor = recorded('setNavigationBarColor')
  wx.showNavigationBarLoading = recorded('showNavigationBarLoading')
  wx.hideNavigationBarLoading = recorded('hideNavigationBarLoading')
  wx.showShareMenu = recorded('showShareMenu')
  wx.hideShareMenu = recorded('hideShareMenu')
  wx.updateShareMenu = recorded('updateShareMenu')
  wx.previewImage = recorded('previewImage')
  wx.openLocation = recorded('openLocation')
  wx.vibrateShort = recorded('vibrateShort')
  wx.reportAnalytics = sync('reportAnalytics', () => undefined)
  wx.reportEvent = sync('reportEvent', () => undefined)
  for (const name of [
    'onAppShow',
    'offAppShow',
    'onAppHide',
    'offAppHide',
    'onError',
    'offError',
    'onUnhandledRejection',
    'offUnhandledRejection',
    'onPageNotFound',
    'offPageNotFound',
    'onThemeChange',
    'offThemeChange',
    'onMemoryWarning',
    'offMemoryWarning',
    'onWindowResize',
    'offWindowResize',
  ]) {
    wx[name] = sync(name, () => undefined)
  }
  wx.getUpdateManager = sync('getUpdateManager', () => ({
    onCheckForUpdate: (fn: (res: unknown) => void) =>
      later('UpdateManager.onCheckForUpdate', () => fn(toCtx({ hasUpdate: false }))),
    onUpdateReady: () => undefined,
    onUpdateFailed: () => undefined,
    applyUpdate: () => calls.push({ name: 'UpdateManager.applyUpdate', args: [] }),
  }))
  const selectorQuery = (): Record<string, unknown> => {
    const requested: unknown[] = []
    const query: Record<string, unknown> = {}
    const nodesRef = (): Record<string, unknown> => {
      const ref: Record<string, unknown> = {}
      for (const field of ['boundingClientRect', 'scrollOffset', 'fields', 'node', 'context']) {
        ref[field] = (callback?: (res: unknown) => void) => {
          requested.push(callback)
          return query
        }
      }
      return ref
    }
    query.in = () => query
    query.select = nodesRef
    query.selectAll = nodesRef
    query.selectViewport = nodesRef
    query.exec = (callback?: (res: unknown[]) => void) => {
      // Answers empty: null for every requested node (nothing is laid out here).
      later('SelectorQuery.exec', () => {
        const results = requested.map(() => null)
        requested.forEach((cb) => typeof cb === 'function' && cb(null))
        if (typeof callback === 'function') callback(toCtx(results))
      })
    }
    return query
  }
  wx.createSelectorQuery = sync('createSelectorQuery', selectorQuery)
  const observer = () => ({
    relativeTo: function () {
      return this
    },
    relativeToViewport: function () {
      return this
    },
    observe: () => undefined,
    disconnect: () => undefined,
  })
  wx.createIntersectionObserver = sync('createIntersectionObserver', observer)
  const mediaContext = (name: string) => (id: unknown) => {
    const ctx: Record<string, unknown> = {}
    for (const method of [
      'play',
      'pause',
      'stop',
      'seek',
      'requestFullScreen',
      'exitFullScreen',
      'sendDanmu',
      'playbackRate',
    ]) {
      ctx[method] = (...args: unknown[]) => calls.push({ name: `${name}(${String(id)}).${method}`, args })
    }
    return ctx
  }
  wx.createVideoContext = mediaContext('createVideoContext')
  // Not APIs: the chunk registry is made by the bundle itself, and there is no cloud development here.
  delete wx.webpackJsonp
  delete wx.cloud
  sandbox.wx = wx

  // ———— Pages
  interface PageState {
    route: string
    query: Record<string, string>
    instance: Record<string, unknown>
    kind: 'Page' | 'Component'
    config: Record<string, unknown>
    created: number
    setData: SetDataRecord[]
    firstRender: Totals | null
    firstRenderTree: { nodes: number; depth: number } | null
    errors: HarnessError[]
    wrappers: Map<string, Record<string, unknown>>
  }

  const recordSetData = (state: PageState, target: string, data: unknown) => {
    const json = JSON.stringify(data) ?? '{}'
    state.setData.push({
      target,
      bytes: json.length,
      utf8Bytes: Buffer.byteLength(json, 'utf8'),
      keys: Object.keys((data as object) ?? {}),
      at: Date.now() - state.created,
    })
    return json
  }

  /** A component instance, as Component() would create it (properties, data, methods, setData). */
  const createComponentInstance = (
    config: Record<string, unknown>,
    props: Record<string, unknown>,
    onSetData: (data: unknown) => string,
    afterSetData: () => void = () => undefined,
  ): Record<string, unknown> => {
    const inst: Record<string, unknown> = {}
    const data: Record<string, unknown> = {}
    const properties = (config.properties ?? {}) as Record<string, unknown>
    for (const [name, def] of Object.entries(properties)) {
      if (def && typeof def === 'object' && 'value' in def) data[name] = (def as { value: unknown }).value
    }
    Object.assign(data, toCtx(config.data ?? {}), props)
    inst.data = data
    inst.properties = data
    inst.props = data
    for (const [name, fn] of Object.entries((config.methods ?? {}) as Record<string, unknown>)) inst[name] = fn
    inst.setData = (patch: Record<string, unknown>, cb?: () => void) => {
      if (destroyed) return
      const json = onSetData(patch)
      const copy = ctxJSON.parse(json) as Record<string, unknown>
      for (const key of Object.keys(copy)) applyDataPath(data, key, copy[key])
      afterSetData()
      if (typeof cb === 'function') later('setData callback', () => cb.call(inst))
    }
    inst.triggerEvent = sync('triggerEvent', () => undefined)
    inst.selectComponent = () => null
    inst.selectAllComponents = () => []
    inst.createSelectorQuery = selectorQuery
    inst.createIntersectionObserver = observer
    inst.getPageId = () => `harness-page-${pageCount}`
    return inst
  }
  const lifetime = (config: Record<string, unknown>, name: string): unknown => {
    const lifetimes = (config.lifetimes ?? {}) as Record<string, unknown>
    return lifetimes[name] ?? config[name]
  }

  /** Creates or drops custom-wrapper instances for the wrapper nodes now in the tree (they setData themselves). */
  const syncWrappers = (state: PageState) => {
    if (templates.wrapperNns.size === 0) return
    const config =
      componentConfigs.get('custom-wrapper') ?? [...componentConfigs.values()].find((c) => c.isCustomWrapper)
    const seen = new Set<string>()
    const walk = (node: DataNode | undefined) => {
      if (!node || typeof node !== 'object') return
      if (node.nn !== undefined && templates.wrapperNns.has(String(node.nn)) && node.sid) {
        seen.add(node.sid)
        if (!state.wrappers.has(node.sid) && config) {
          const inst = createComponentInstance(config, { i: toCtx(node) }, (d) =>
            recordSetData(state, 'custom-wrapper', d),
          )
          state.wrappers.set(node.sid, inst)
          const attached = lifetime(config, 'attached')
          if (typeof attached === 'function') guard('custom-wrapper attached', () => attached.call(inst))
        }
        return
      }
      node.cn?.forEach(walk)
    }
    walk((state.instance.data as Record<string, unknown> | undefined)?.root as DataNode | undefined)
    for (const [sid, inst] of state.wrappers) {
      if (seen.has(sid)) continue
      state.wrappers.delete(sid)
      const detached = config && lifetime(config, 'detached')
      if (typeof detached === 'function') guard('custom-wrapper detached', () => detached.call(inst))
    }
  }

  /** The tree as shown: custom wrappers show their own data. */
  const viewRoot = (state: PageState): DataNode | undefined => {
    const root = (state.instance.data as Record<string, unknown> | undefined)?.root as DataNode | undefined
    if (!root || state.wrappers.size === 0) return root
    const substitute = (node: DataNode): DataNode => {
      const wrapper = node.sid ? state.wrappers.get(node.sid) : undefined
      const shown = wrapper ? (((wrapper.data as Record<string, unknown>).i as DataNode) ?? node) : node
      return shown.cn ? { ...shown, cn: shown.cn.map(substitute) } : shown
    }
    return substitute(root)
  }

  const isText = (node: DataNode) => String(node.nn) === templates.textNn

  const treeSize = (root: DataNode | undefined) => {
    let nodes = 0
    let depth = 0
    const walk = (node: DataNode, level: number) => {
      nodes++
      depth = Math.max(depth, level)
      node.cn?.forEach((child) => walk(child, level + 1))
    }
    root?.cn?.forEach((child) => walk(child, 1))
    return { nodes, depth }
  }

  const textOf = (root: DataNode | undefined): string => {
    const lines: string[] = []
    let line = ''
    const flush = () => {
      if (line.trim()) lines.push(line.trim())
      line = ''
    }
    const walk = (node: DataNode) => {
      if (isText(node)) {
        line += node.v ?? ''
        return
      }
      flush()
      node.cn?.forEach(walk)
      flush()
    }
    root?.cn?.forEach(walk)
    flush()
    return lines.join('\n')
  }

  /** The first node that matches, with its ancestors: outermost first, the node last; undefined if none. */
  const pathTo = (root: DataNode | undefined, match: (node: DataNode) => boolean): DataNode[] | undefined => {
    const walk = (node: DataNode, trail: DataNode[]): DataNode[] | undefined => {
      const here = [...trail, node]
      if (match(node)) return here
      for (const child of node.cn ?? []) {
        const found = walk(child, here)
        if (found) return found
      }
      return undefined
    }
    for (const child of root?.cn ?? []) {
      const found = walk(child, [])
      if (found) return found
    }
    return undefined
  }

  /** An attribute as the view layer renders it: only plain bindings ({{i.pN}}) and literals are understood. */
  const attributeValue = (node: DataNode, name: string): string | undefined => {
    const expression = templates.attributes.get(String(node.nn))?.[name]
    if (expression === undefined) return undefined
    const binding = expression.match(/^\{\{i\.(\w+)\}\}$/)
    if (binding) {
      const value = node[binding[1]]
      return value === undefined || value === null ? undefined : String(value)
    }
    if (expression.includes('{{')) throw new Error(`${name}="${expression}": expression not understood`)
    return expression
  }

  const accessibleOf = (root: DataNode | undefined): AccessibleElement[] => {
    const found: AccessibleElement[] = []
    const walk = (node: DataNode) => {
      if (isText(node)) return
      const role = attributeValue(node, 'aria-role') || undefined
      const label = attributeValue(node, 'aria-label') || undefined
      if (role || label) {
        const tag = templates.tags.get(String(node.nn)) ?? String(node.nn)
        found.push({ sid: String(node.sid), tag, role, label, text: fullText(node) })
      }
      node.cn?.forEach(walk)
    }
    root?.cn?.forEach(walk)
    return found
  }

  const fullText = (node: DataNode): string => (isText(node) ? (node.v ?? '') : (node.cn ?? []).map(fullText).join(''))

  const findAll = (root: DataNode | undefined, text: string): DataNode[] => {
    const found: { node: DataNode; level: number }[] = []
    const walk = (node: DataNode, level: number) => {
      if (isText(node)) return
      if (fullText(node).includes(text)) found.push({ node, level })
      node.cn?.forEach((child) => walk(child, level + 1))
    }
    root?.cn?.forEach((child) => walk(child, 1))
    // Innermost first; among equals, document order.
    return found
      .map((f, index) => ({ ...f, index }))
      .sort((a, b) => b.level - a.level || a.index - b.index)
      .map((f) => f.node)
  }

  const createPage = (route: string, query: Record<string, string>): PageState => {
    const registered = pageConfigs.get(route)
    if (!registered) throw new Error(`${route}.js did not register a page (Page() or Component())`)
    const { kind, config } = registered
    const state: PageState = {
      route,
      query,
      instance: {},
      kind,
      config,
      created: Date.now(),
      setData: [],
      firstRender: null,
      firstRenderTree: null,
      errors: [],
      wrappers: new Map(),
    }
    const inst = state.instance
    const pageId = `harness-page-${++pageCount}`
    const onSetData = (data: unknown) => recordSetData(state, 'page', data)
    if (kind === 'Page') {
      // WeChat copies the page object onto the instance; data is deep-copied.
      for (const [key, value] of Object.entries(config)) if (key !== 'data') inst[key] = value
      const data = toCtx((config.data ?? {}) as Record<string, unknown>)
      inst.data = data
      inst.setData = (patch: Record<string, unknown>, cb?: () => void) => {
        if (destroyed) return
        if (!patch || typeof patch !== 'object') throw new Error('setData: the data must be an object')
        const json = onSetData(patch)
        const copy = ctxJSON.parse(json) as Record<string, unknown>
        for (const key of Object.keys(copy)) applyDataPath(data, key, copy[key])
        syncWrappers(state)
        if (typeof cb === 'function') later('setData callback', () => cb.call(inst))
      }
      inst.selectComponent = () => null
      inst.selectAllComponents = () => []
      inst.createSelectorQuery = selectorQuery
      inst.createIntersectionObserver = observer
    } else {
      Object.assign(
        inst,
        createComponentInstance(config, {}, onSetData, () => syncWrappers(state)),
      )
      const pageLifetimes = (config.pageLifetimes ?? {}) as Record<string, unknown>
      for (const [from, to] of [
        ['show', 'onShow'],
        ['hide', 'onHide'],
      ]) {
        if (typeof pageLifetimes[from] === 'function' && typeof inst[to] !== 'function') inst[to] = pageLifetimes[from]
      }
    }
    inst.getPageId = () => pageId
    inst.route = route
    inst.__route__ = route
    inst.options = toCtx(query)
    inst.is = route
    inst.getOpenerEventChannel = () => ({
      emit: () => undefined,
      on: () => undefined,
      once: () => undefined,
      off: () => undefined,
    })
    inst.getTabBar = () => null
    return state
  }

  const callLifecycle = (state: PageState, name: string, ...args: unknown[]): unknown => {
    const inst = state.instance
    const fn =
      state.kind === 'Component' && ['created', 'attached', 'ready', 'detached'].includes(name)
        ? lifetime(state.config, name)
        : inst[name]
    if (typeof fn !== 'function') return undefined
    try {
      return fn.apply(inst, args)
    } catch (error) {
      record({ where: `${state.route} ${name}`, message: messageOf(error), error })
      return undefined
    }
  }

  // ———— settle
  const busy = (): string | undefined => {
    if (inflight > 0)
      return `${inflight} request(s) in flight: ${requests
        .filter((r) => !r.done)
        .map((r) => r.url)
        .join(', ')}`
    if (owed > 0) return `${owed} callback(s) due`
    const short = [...timers.values()].filter((t) => !t.interval && t.delay <= timerWaitMs)
    if (short.length > 0) return `${short.length} timer(s) pending (${short.map((t) => t.delay).join(', ')} ms)`
    return undefined
  }
  const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))
  const settle = async () => {
    const deadline = Date.now() + settleTimeoutMs
    let quiet = 0
    // Several quiet timer rounds in a row: a setData callback or a promise may start more work.
    while (quiet < 3) {
      if (destroyed) return
      await macrotask()
      const reason = busy()
      if (!reason) quiet++
      else {
        quiet = 0
        if (Date.now() > deadline) throw new Error(`settle(): still busy after ${settleTimeoutMs} ms: ${reason}`)
      }
    }
  }

  // ———— Boot: app.js, then App's onLaunch and onShow
  load(path.join(distDir, 'app.js'))
  if (!appInstance) throw new Error('app.js did not call App()')
  const app = appInstance as Record<string, unknown>
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

  const pageHandle = (state: PageState): HarnessPage => {
    const metrics: PageMetrics = {
      get firstRender() {
        return state.firstRender
      },
      get total() {
        return {
          calls: state.setData.length,
          bytes: state.setData.reduce((n, r) => n + r.bytes, 0),
          utf8Bytes: state.setData.reduce((n, r) => n + r.utf8Bytes, 0),
        }
      },
      get setData() {
        return state.setData
      },
      get nodes() {
        return treeSize(viewRoot(state)).nodes
      },
      get depth() {
        return treeSize(viewRoot(state)).depth
      },
      get firstRenderTree() {
        return state.firstRenderTree
      },
    }
    const handle: HarnessPage = {
      route: state.route,
      query: state.query,
      get data() {
        return state.instance.data as Record<string, unknown>
      },
      instance: state.instance,
      metrics,
      errors: state.errors,
      text: () => textOf(viewRoot(state)),
      findAll: (text) => findAll(viewRoot(state), text),
      node: (sid) => pathTo(viewRoot(state), (n) => n.sid === sid)?.pop(),
      accessible: () => accessibleOf(viewRoot(state)),
      tap: async (textOrSid) => {
        const root = viewRoot(state)
        let trail = pathTo(root, (n) => n.sid === textOrSid && !isText(n))
        if (!trail) {
          const target = findAll(root, textOrSid)[0]
          if (!target)
            throw new Error(
              `tap(${JSON.stringify(textOrSid)}): no element shows that text on ${state.route}:\n${textOf(root)}`,
            )
          trail = pathTo(root, (n) => n === target)
        }
        if (!trail) throw new Error(`tap(${JSON.stringify(textOrSid)}): lost the node`)
        const target = trail[trail.length - 1]
        const idOf = (n: DataNode) => String(n.uid || n.sid)
        const targetInfo = { id: idOf(target), dataset: { sid: target.sid }, offsetLeft: 0, offsetTop: 0 }
        // WeChat delivers the tap to the target's binding, then to each ancestor that binds tap, until a catch.
        const bound = [...trail].reverse().filter((n) => templates.tapNns.has(String(n.nn)))
        if (bound.length === 0) {
          throw new Error(
            `tap(${JSON.stringify(textOrSid)}): neither the element nor its ancestors bind tap in base.wxml`,
          )
        }
        const eh = state.instance.eh
        if (typeof eh !== 'function') throw new Error(`${state.route} has no eh handler`)
        userGesture = true
        try {
          for (const node of bound) {
            const event = toCtx({
              type: 'tap',
              timeStamp: Date.now() - state.created,
              target: targetInfo,
              currentTarget: { id: idOf(node), dataset: { sid: node.sid } },
              detail: { x: 10, y: 10 },
              touches: [],
              changedTouches: [{ identifier: 0, pageX: 10, pageY: 10, clientX: 10, clientY: 10 }],
              mark: {},
              mut: false,
            })
            try {
              eh.call(state.instance, event)
            } catch (error) {
              record({ where: `${state.route} tap`, message: messageOf(error), error })
            }
            if (templates.catchTapNns.has(String(node.nn))) break
          }
        } finally {
          userGesture = false
        }
        await settle()
      },
      share: async (shareOptions = {}) => {
        const fn = state.instance.onShareAppMessage
        if (typeof fn !== 'function') {
          throw new Error(`${state.route} has no onShareAppMessage: its share menu item is grey`)
        }
        const result = callLifecycle(state, 'onShareAppMessage', toCtx({ from: 'menu', ...shareOptions })) as
          ShareAppMessageResult | undefined
        const answer: ShareAppMessageResult = { ...(result ?? {}) }
        const promise = answer.promise as Promise<ShareAppMessageResult> | undefined
        if (promise && typeof promise.then === 'function') {
          // Its value wins if it resolves within 3 s (PLATFORM.md).
          const value = await Promise.race([promise, new Promise<undefined>((r) => setTimeout(r, 3000))])
          if (value) Object.assign(answer, value)
        }
        delete answer.promise
        return JSON.parse(JSON.stringify(answer))
      },
      shareTimeline: () => {
        if (typeof state.instance.onShareTimeline !== 'function') {
          throw new Error(`${state.route} has no onShareTimeline: it cannot be shared to Moments`)
        }
        if (typeof state.instance.onShareAppMessage !== 'function') {
          record({ where: `${state.route} onShareTimeline`, message: 'Moments sharing needs onShareAppMessage too' })
        }
        const result = callLifecycle(state, 'onShareTimeline') as ShareTimelineResult | undefined
        return JSON.parse(JSON.stringify(result ?? {}))
      },
      call: async (name, ...args) => {
        const result = callLifecycle(state, name, ...args.map((a) => toCtx(a)))
        await settle()
        return result
      },
    }
    return handle
  }

  const opened: HarnessPage[] = []
  const openPage = async (pathWithQuery: string): Promise<HarnessPage> => {
    if (destroyed) throw new Error('openPage: the harness was destroyed')
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
    await macrotask()
    if (state.kind === 'Component') callLifecycle(state, 'ready')
    callLifecycle(state, 'onReady')
    await settle()
    const handle = pageHandle(state)
    state.firstRender = handle.metrics.total
    state.firstRenderTree = treeSize(viewRoot(state))
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
    navigations,
    requests,
    calls,
    errors,
    logs,
    storage,
    get clipboard() {
      return clip.text
    },
    settle,
    destroy: () => {
      if (destroyed) return
      destroyed = true
      for (const id of [...timers.keys()]) clearTimer(id)
      for (const req of liveRequests) req.destroy()
      liveRequests.clear()
      stopWatching()
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
