#!/usr/bin/env node
// `npm run release:weapp`: the mini-program build to upload to WeChat.
//   TARO_APP_API=https://api.example.gov.cn WEAPP_APPID=wx0123456789abcdef npm run release:weapp
// TARO_APP_API is the content API's origin (HTTPS, a domain with ICP filing, no path: the client appends /api/v1);
// WEAPP_APPID the mini-program's AppID (mp.weixin.qq.com → 开发管理 → 开发设置). Both are checked before anything
// is built: WeChat on a phone calls no IP address, no localhost and no plain HTTP, whatever devtools lets through.
// Then a production build into TARO_OUTPUT_DIR (default dist/weapp) with that origin and no preview token, its
// project.config.json given the AppID and urlCheck on; the bundle is checked (lazyCodeLoading, sitemap, no local
// address, no token, the origin present) and its package sizes printed against the budgets. Exit 0 only when
// all of that holds: 2 for a refused setting, 1 for a failed build or check.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { printPackageSizes } from './size.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const EXAMPLE = 'TARO_APP_API=https://api.example.gov.cn WEAPP_APPID=wx0123456789abcdef npm run release:weapp'
const WANTED_ORIGIN = "the content API's HTTPS origin on a domain with ICP filing, e.g. https://api.example.gov.cn"

/** Why this origin cannot serve a released mini-program, or undefined when it can. */
function originProblem(value) {
  if (!value) return `TARO_APP_API is not set: set it to ${WANTED_ORIGIN}.`
  let url
  try {
    url = new URL(value)
  } catch {
    return `TARO_APP_API=${value} is not a URL: set it to ${WANTED_ORIGIN}.`
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (isIP(host))
    return `TARO_APP_API=${value} is an IP address: WeChat accepts only domain names. Set it to ${WANTED_ORIGIN}.`
  if (host === 'localhost' || host.endsWith('.localhost'))
    return `TARO_APP_API=${value} is localhost: a phone cannot reach it. Set it to ${WANTED_ORIGIN}.`
  if (url.protocol !== 'https:')
    return `TARO_APP_API=${value} is not HTTPS: WeChat calls only https:// domains. Set it to ${WANTED_ORIGIN}.`
  if (!host.includes('.')) return `TARO_APP_API=${value} is not a public domain name. Set it to ${WANTED_ORIGIN}.`
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash)
    return `TARO_APP_API=${value} has more than an origin: set scheme and host only (the app appends /api/v1), e.g. ${url.origin}.`
  return undefined
}

/** Why this AppID cannot be uploaded, or undefined. */
function appidProblem(value) {
  const where = "the mini-program's AppID from mp.weixin.qq.com → 开发管理 → 开发设置 (wx and 16 hex characters)"
  if (!value) return `WEAPP_APPID is not set: set it to ${where}.`
  if (!/^wx[0-9a-f]{16}$/.test(value)) return `WEAPP_APPID=${value} is not an AppID: set it to ${where}.`
  return undefined
}

function fail(lines, code) {
  console.error(['release:weapp: stopped.', ...lines.map((line) => `  - ${line}`)].join('\n'))
  process.exit(code)
}

const origin = (process.env.TARO_APP_API ?? '').trim()
const appid = (process.env.WEAPP_APPID ?? '').trim()
const refused = [originProblem(origin), appidProblem(appid)].filter(Boolean)
if (refused.length > 0) fail([...refused, `For example: ${EXAMPLE}`], 2)
const apiOrigin = new URL(origin).origin

const outDir = process.env.TARO_OUTPUT_DIR || 'dist/weapp'
const out = path.resolve(root, outDir)
console.log(`release:weapp: building the WeChat release for ${apiOrigin} (AppID ${appid}) into ${outDir} …`)
const build = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'weapp'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      TARO_OUTPUT_DIR: outDir,
      TARO_APP_API: apiOrigin,
      TARO_APP_ID: appid, // Taro writes it into the bundle's project.config.json
      TARO_APP_PREVIEW_TOKEN: '', // a release never sends a preview token
    },
  },
)
if (build.status !== 0 || !existsSync(path.join(out, 'app.json'))) fail([`the build failed (exit ${build.status})`], 1)

// The bundle's devtools project: this AppID, and the domain check on, so devtools fails as a phone would.
const projectFile = path.join(out, 'project.config.json')
const project = existsSync(projectFile) ? JSON.parse(readFileSync(projectFile, 'utf8')) : {}
project.miniprogramRoot = './'
project.appid = appid
project.setting = { ...project.setting, urlCheck: true }
writeFileSync(projectFile, `${JSON.stringify(project, null, 2)}\n`)

// What the bundle must and must not hold.
const problems = []
const app = JSON.parse(readFileSync(path.join(out, 'app.json'), 'utf8'))
if (app.lazyCodeLoading !== 'requiredComponents') problems.push('app.json lacks lazyCodeLoading: "requiredComponents"')
if (!app.sitemapLocation || !existsSync(path.join(out, app.sitemapLocation)))
  problems.push(`app.json's sitemapLocation (${app.sitemapLocation}) is not in the bundle`)

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  )
// Every preview token this machine knows of: the environment's and any TARO_APP_PREVIEW_TOKEN of a .env file.
const envFileTokens = readdirSync(root)
  .filter((name) => name.startsWith('.env'))
  .flatMap((name) => [
    ...readFileSync(path.join(root, name), 'utf8').matchAll(/^\s*TARO_APP_PREVIEW_TOKEN\s*=\s*(.*)$/gm),
  ])
  .map((match) => match[1].trim().replace(/^(['"])(.*)\1$/, '$2'))
const tokens = [process.env.TARO_APP_PREVIEW_TOKEN, process.env.PREVIEW_TOKEN, ...envFileTokens].filter(Boolean)
const forbidden = [
  { what: 'a local address', test: (text) => /127\.0\.0\.1|\blocalhost\b|\[::1\]/.test(text) },
  { what: 'a preview token', test: (text) => tokens.some((token) => text.includes(token)) },
]
let originSeen = false
for (const file of files(out).filter((f) => /\.(js|json|wxml|wxss|wxs)$/.test(f))) {
  const text = readFileSync(file, 'utf8')
  const rel = path.relative(out, file)
  for (const { what, test } of forbidden) if (test(text)) problems.push(`${rel} contains ${what}`)
  if (file.endsWith('.js') && text.includes(apiOrigin)) originSeen = true
}
if (!originSeen) problems.push(`no script of the bundle contains ${apiOrigin}`)

console.log(`\npackage sizes of ${outDir}:`)
if (!printPackageSizes(out)) problems.push('a package is over its budget (main ≤ 400 KB, each subpackage ≤ 200 KB)')
if (problems.length > 0) fail(problems, 1)

console.log(`
release:weapp: ${outDir} is ready for AppID ${appid}, calling ${apiOrigin}.
  In WeChat devtools, import the folder ${out} (its project.config.json has the AppID), check that pages load
  with the domain check on, then 上传. Before the first upload, see the README's "Release to WeChat" section: request and
  downloadFile domains, the 用户隐私保护指引 declaration.`)
