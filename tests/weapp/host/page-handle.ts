// What a test holds for an open page (HarnessPage): its metrics, its text and elements as shown, and the ways a
// user or WeChat drives it: a tap, the share menus, a lifecycle call. Each ends by settling.
import type { Pages } from './pages'
import type { Runtime } from './runtime'
import { deliverTap } from './tap'
import type { TemplateInfo } from './templates'
import type { HarnessPage, PageMetrics, PageState, ShareAppMessageResult, ShareTimelineResult } from './types'
import type { TreeReader } from './view-tree'

export function pageHandle(
  runtime: Runtime,
  templates: TemplateInfo,
  tree: TreeReader,
  pages: Pages,
  state: PageState,
): HarnessPage {
  const { toCtx, record, settle } = runtime
  const { treeSize, textOf, findAll, pathTo, accessibleOf } = tree
  const { viewRoot, callLifecycle } = pages
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
      deliverTap(runtime, templates, tree, state, viewRoot(state), textOrSid)
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
