// The `wx` object the bundle calls: system information, storage, network (wx-network.ts), navigation
// (wx-navigation.ts), UI feedback and device features (recorded, answered like a user who confirms), selector
// queries that answer empty. Any other WeChat API is a trap that records an error and throws.
import { readFileSync } from 'node:fs'
import type { Runtime } from './runtime'
import { messageOf } from './runtime'
import type { LaunchOptions } from './types'
import { wxCalls } from './wx-calls'
import { installNavigation, type Routes } from './wx-navigation'
import { installNetwork } from './wx-network'

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

export const DEFAULT_SYSTEM_INFO: Record<string, unknown> = {
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

export interface WxEnvironment extends Routes {
  /** The API under test. */
  apiOrigin: string
  systemInfo: Record<string, unknown>
  launchOptions: LaunchOptions
}

export interface WxHost {
  wx: Record<string, unknown>
  /** What createSelectorQuery returns (pages and components have their own too). */
  selectorQuery: () => Record<string, unknown>
  /** What createIntersectionObserver returns. */
  observer: () => Record<string, unknown>
  /** A recorded synchronous API (see wx-calls.ts). */
  sync: (name: string, answer: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown
  /** Stops the requests still in flight. */
  stopRequests: () => void
}

export function createWx(runtime: Runtime, env: WxEnvironment): WxHost {
  const { calls, storage, clip, record, guard, later, toCtx, ctxJSON } = runtime
  const { systemInfo, launchOptions } = env
  const wx: Record<string, unknown> = {}
  const wxCallsOf = wxCalls(runtime)
  const { callbacks, recorded, sync } = wxCallsOf

  // Trap every WeChat API first: anything the bundle calls that is not implemented below fails loudly with its name,
  // and is recorded in `errors` even if the app catches the exception. (Without the typings package there are no
  // traps, and `Taro.x` for a missing `wx.x` is undefined: a TypeError naming x, still loud.)
  wxApiNames ??= knownWxApiNames()
  for (const name of wxApiNames) {
    wx[name] = () => {
      const message = `wx.${name} is not implemented in the weapp harness (tests/weapp/host/wx.ts)`
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

  const network = installNetwork(wx, runtime, wxCallsOf, env.apiOrigin)
  installNavigation(wx, runtime, wxCallsOf, env)

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
  return { wx, selectorQuery, observer, sync, stopRequests: network.stop }
}
