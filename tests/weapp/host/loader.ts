// The bundle's files in the vm context: a CommonJS `require` between them (webpack jsonp chunks that share
// `wx.webpackJsonp`), and the registration globals they call: App, Page, Component, Behavior, getApp,
// getCurrentPages.
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import type { Runtime } from './runtime'

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

export type PageConfigs = Map<string, { kind: 'Page' | 'Component'; config: Record<string, unknown> }>

export interface Loader {
  /** Runs a file of the build once (later calls return its exports). */
  load(file: string): unknown
  /** A `require` path as seen from `fromFile`, as a file of the build. */
  resolveFile(request: string, fromFile: string): string
  /** The App() config, once app.js has run. */
  app(): Record<string, unknown> | undefined
  /** Page() and Component() calls of page files, by route. */
  pageConfigs: PageConfigs
  /** Component() calls, by module path ('custom-wrapper', 'comp', ...). */
  componentConfigs: Map<string, Record<string, unknown>>
}

export function createLoader(runtime: Runtime, distDir: string, pageRoutes: string[]): Loader {
  const { sandbox, context } = runtime
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

  // App, Page, Component, Behavior
  let appInstance: Record<string, unknown> | undefined
  const pageConfigs: PageConfigs = new Map()
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
  sandbox.getCurrentPages = () => runtime.stack.map((p) => p.instance)
  sandbox.requirePlugin = (name: string) => {
    throw new Error(`requirePlugin(${JSON.stringify(name)}): plugins are not available in the harness`)
  }

  return { load, resolveFile, app: () => appInstance, pageConfigs, componentConfigs }
}
