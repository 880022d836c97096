// Page and component instances as WeChat creates them, and the data tree their setData builds: every setData is
// recorded (size, keys, time) and applied to the instance's data the way the client applies it; Taro's custom
// wrappers get instances of their own, which set their part of the tree themselves.
import type { Loader } from './loader'
import { applyDataPath } from './paths'
import { messageOf, type Runtime } from './runtime'
import type { TemplateInfo } from './templates'
import type { DataNode, PageState } from './types'
import type { WxHost } from './wx'

export interface Pages {
  /** A page instance for a route whose file has run (Page() or Component()), not yet loaded. */
  createPage(route: string, query: Record<string, string>): PageState
  /** Calls a lifecycle or handler of the page; an exception is recorded. */
  callLifecycle(state: PageState, name: string, ...args: unknown[]): unknown
  /** The tree as shown: custom wrappers show their own data. */
  viewRoot(state: PageState): DataNode | undefined
}

export function createPages(runtime: Runtime, templates: TemplateInfo, loader: Loader, wxHost: WxHost): Pages {
  const { ctxJSON, toCtx, later, guard, record } = runtime
  const { pageConfigs, componentConfigs } = loader
  const { selectorQuery, observer, sync } = wxHost

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
      if (runtime.destroyed) return
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
    inst.getPageId = () => `harness-page-${runtime.pageCount}`
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
    const pageId = `harness-page-${++runtime.pageCount}`
    const onSetData = (data: unknown) => recordSetData(state, 'page', data)
    if (kind === 'Page') {
      // WeChat copies the page object onto the instance; data is deep-copied.
      for (const [key, value] of Object.entries(config)) if (key !== 'data') inst[key] = value
      const data = toCtx((config.data ?? {}) as Record<string, unknown>)
      inst.data = data
      inst.setData = (patch: Record<string, unknown>, cb?: () => void) => {
        if (runtime.destroyed) return
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

  return { createPage, callLifecycle, viewRoot }
}
