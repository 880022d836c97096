import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import path from 'node:path'
import { readConfig } from '@tarojs/helper'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import { H5RoutePreloadPlugin } from './h5-route-preload/plugin'
import devConfig from './dev'
import prodConfig from './prod'

const SOURCE_DIR = path.resolve(__dirname, '../src')

/** Every page of src/app.config.ts, main package first, as Taro's router names them. */
function appPages(): string[] {
  const app = readConfig(path.join(SOURCE_DIR, 'app.config.ts')) as {
    pages: string[]
    subPackages?: { root: string; pages: string[] }[]
  }
  return [...app.pages, ...(app.subPackages ?? []).flatMap((sub) => sub.pages.map((p) => `${sub.root}/${p}`))]
}

/** Where this build writes: TARO_OUTPUT_DIR lets a test or a release write a second bundle beside the real one. */
const OUTPUT_ROOT = process.env.TARO_OUTPUT_DIR || `dist/${process.env.TARO_ENV}`

// A weapp bundle without an absolute API origin would call nothing on a phone. .env.production leaves it empty on
// purpose: local builds pass the local API's origin, releases go through scripts/release-weapp.mjs.
if (process.env.TARO_ENV === 'weapp' && !process.env.TARO_APP_API) {
  throw new Error(
    'TARO_APP_API is empty: a weapp build needs the API origin. For the local API use `npm run build:weapp` ' +
      '(or TARO_APP_API=http://127.0.0.1:3000); for WeChat use TARO_APP_API=https://<api domain> ' +
      'WEAPP_APPID=wx<16 hex> npm run release:weapp',
  )
}

// https://taro-docs.jd.com/docs/next/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'shijian',
    date: '2026-11-26',
    designWidth: 375,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: OUTPUT_ROOT,
    // weapp-a11y: aria-role / aria-label reach WeChat's screen reader (config/weapp-a11y/plugin.ts).
    plugins: [path.join(__dirname, 'weapp-a11y/plugin.ts')],
    defineConstants: {},
    copy: {
      // WeChat search reads sitemap.json beside app.json (sitemapLocation in src/app.config.ts).
      patterns:
        process.env.TARO_ENV === 'weapp'
          ? [{ from: 'src/sitemap.json', to: path.join(OUTPUT_ROOT, 'sitemap.json') }]
          : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false,
    },
    mini: {
      miniCssExtractPluginOption: {
        ignoreOrder: true,
      },
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false, // 默认为 false，如需使用 css modules 功能，则设为 true
          config: {
            namingPattern: 'module', // 转换模式，取值为 global/module
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      useHtmlComponents: true,
      publicPath: '/',
      staticDirectory: 'static',
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false, // 默认为 false，如需使用 css modules 功能，则设为 true
          config: {
            namingPattern: 'module', // 转换模式，取值为 global/module
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // Taro's router and H5 API without Stencil web components: see config/h5-no-web-components/index.js.
        chain.module
          .rule('h5-no-web-components')
          .test(/[\\/]node_modules[\\/]@tarojs[\\/](router|taro-h5)[\\/]/)
          .resolve.alias.set(
            '@tarojs/components/dist/components$',
            path.join(__dirname, 'h5-no-web-components/index.js'),
          )
        // Taro's own component styles go into the app's stylesheet like ours, instead of being injected from
        // JavaScript at start (Taro's default for them, rule 'taroStyle': style-loader). That takes their CSS text
        // out of app.js and their parsing out of its start-up task. Their order before ours is kept by
        // src/taro-styles.h5.ts, which app.tsx imports before app.scss.
        chain.module
          .rule('taroStyle')
          .use('0')
          .loader(chain.module.rule('customStyle').use('0').get('loader'))
          .options({})
        // index.html starts fetching the opened page's chunk at once (config/h5-route-preload/plugin.ts).
        chain.plugin('route-preload').use(H5RoutePreloadPlugin, [{ pages: appPages(), sourceDir: SOURCE_DIR }])
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    // 本地开发构建配置（不混淆压缩）
    return merge({}, baseConfig, devConfig)
  }
  // 生产构建配置（默认开启压缩混淆等）
  return merge({}, baseConfig, prodConfig)
})
