// Navigation APIs: recorded in `navigations` and checked against app.json like WeChat checks them (tab pages,
// the page stack limit, single-page mode from Moments, another mini-program only from a tap). They never open
// the page: a test opens it with openPage.
import { joinUrl, parsePageUrl, withoutTaroKey } from './paths'
import type { Runtime } from './runtime'
import type { Navigation } from './types'
import type { WxCalls } from './wx-calls'

export interface Routes {
  /** Every page route of app.json, without a leading slash. */
  pageRoutes: string[]
  tabRoutes: Set<string>
  /** Launched from Moments (scene 1154): no navigation at all. */
  singlePageMode: boolean
}

export function installNavigation(
  wx: Record<string, unknown>,
  runtime: Runtime,
  { callbacks, recorded }: WxCalls,
  { pageRoutes, tabRoutes, singlePageMode }: Routes,
): void {
  const { stack, navigations } = runtime
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
    else if (!runtime.userGesture) errMsg = 'navigateToMiniProgram:fail can only be invoked by user TAP gesture.'
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
}
