// The harness's public types: what bootApp takes, what a Harness and a HarnessPage give a test. PageState is the
// harness's own record of an open page, shared by its modules.
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

/** What the harness keeps about an open page (the test sees it through a HarnessPage). */
export interface PageState {
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
