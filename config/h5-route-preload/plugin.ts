// A webpack plugin for the H5 build: index.html learns which script and style files each page needs and, before
// the app's own scripts run, asks the browser to fetch the current page's files (<link rel="preload">).
//
// Why: Taro loads a page's chunk with import() only after the app's main scripts have downloaded and run, so on a
// slow network a citizen waits for two downloads one after the other. With the preload both come at once. The
// page comes from the hash route (#/pages/warnings/index?…); no hash means the first page of app.config.ts.
// Proof: scripts/bench-h5.mjs (Lighthouse) and tests/e2e/network.test.ts, which checks the preloads in a browser.
//
// The preload and Taro's root font size script (pxtransform's rem: htmlPluginOption.script, which src/index.html no
// longer writes inline) go into one small file, js/start.<hash>.js, loaded first by index.html: the page's
// Content-Security-Policy allows scripts from our own origin only, never inline (scripts/serve-h5.mjs, deploy/nginx).
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Compilation, Compiler } from 'webpack'

const NAME = 'H5RoutePreloadPlugin'
// The html-webpack-plugin instance Taro's runner registered: its hooks are per instance of the module.
const runnerRequire = createRequire(require.resolve('@tarojs/webpack5-runner'))
const HtmlWebpackPlugin = runnerRequire('html-webpack-plugin') as typeof import('html-webpack-plugin')

export interface RoutePreloadOptions {
  /** Page paths in app.config.ts order ('pages/index/index', …); the first is the page opened without a hash. */
  pages: string[]
  /** Where the H5 sources live: Taro imports each page as a path under it. */
  sourceDir: string
}

/** Files of each page's chunk group (the page's own chunk and the chunks it shares), by page path. */
export function routeFiles(compilation: Compilation, options: RoutePreloadOptions): Record<string, string[]> {
  const publicPath = String(compilation.outputOptions.publicPath ?? '/').replace(/auto$/, '/')
  const files: Record<string, string[]> = {}
  for (const group of compilation.chunkGroups) {
    if (group.isInitial()) continue
    for (const origin of group.origins) {
      const request = origin.request ?? ''
      const page = path.isAbsolute(request)
        ? path.relative(options.sourceDir, request).split(path.sep).join('/')
        : request.replace(/^\.\//, '')
      if (!options.pages.includes(page)) continue
      const own = group.chunks.flatMap((chunk) => [...chunk.files]).filter((f) => /\.(js|css)$/.test(f))
      files[page] = [...new Set([...(files[page] ?? []), ...own])].map((f) => (f.startsWith('/') ? f : publicPath + f))
    }
  }
  return files
}

export class H5RoutePreloadPlugin {
  constructor(private readonly options: RoutePreloadOptions) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap(NAME, (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(NAME, (data) => {
        const files = routeFiles(compilation, this.options)
        const missing = this.options.pages.filter((page) => !files[page])
        if (missing.length > 0) {
          compilation.errors.push(
            new compiler.webpack.WebpackError(`${NAME}: no chunk found for ${missing.join(', ')}`),
          )
        }
        const preload = `(function(){var f=${JSON.stringify(files)};var p=location.hash.replace(/^#\\/?/,'').split('?')[0]||${JSON.stringify(this.options.pages[0])};(f[p]||[]).forEach(function(u){var l=document.createElement('link');l.rel='preload';l.as=/\\.css$/.test(u)?'style':'script';l.href=u;document.head.appendChild(l)})})()`
        const rootFontSize = String((data.plugin.options as { script?: unknown } | undefined)?.script ?? '')
        const script = `${rootFontSize}\n${preload}\n`
        const file = `js/start.${createHash('sha256').update(script).digest('hex').slice(0, 8)}.js`
        compilation.emitAsset(file, new compiler.webpack.sources.RawSource(script))
        const publicPath = String(compilation.outputOptions.publicPath ?? '/').replace(/auto$/, '/')
        // Blocking, first in <head>: it runs before the app's deferred scripts, as the inline script did
        data.headTags.unshift(HtmlWebpackPlugin.createHtmlTagObject('script', { src: publicPath + file }))
        return data
      })
    })
  }
}
