// `npm run release:weapp` (scripts/release-weapp.mjs), run as an operator would: one release build into a
// temporary folder with a public origin and an AppID, checked file by file and booted in the harness; then the
// settings it must refuse, each stopped with a message that says what to set before anything is built.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, startApi, stop, type Started } from '../support/processes'
import { apiJson, appRoutes, DETAIL_ROUTES, HOME_ROUTE, LIST_ROUTES, PRIVACY_ROUTE } from './app-pages'
import { bootApp, type Harness } from './harness'

const ORIGIN = 'https://api.example.gov.cn'
const APPID = 'wx0123456789abcdef'
/** Set in the release's environment, as a staff member's shell might hold it: it must not reach the bundle. */
const TOKEN = 'release-test-preview-token'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the release script with exactly these settings (none inherited from the shell running the tests). */
function release(env: Record<string, string>): Promise<Run> {
  const base = { ...process.env }
  for (const key of ['TARO_APP_API', 'WEAPP_APPID', 'TARO_OUTPUT_DIR', 'TARO_APP_PREVIEW_TOKEN', 'PREVIEW_TOKEN'])
    delete base[key]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/release-weapp.mjs')], {
      cwd: ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  )
}

interface SitemapRule {
  action: 'allow' | 'disallow'
  page: string
}
/** WeChat's reading of sitemap.json: the first rule whose page matches decides; no rule means indexed. */
function indexed(rules: SitemapRule[], route: string): boolean {
  const rule = rules.find((r) => r.page === '*' || r.page === route)
  return rule ? rule.action === 'allow' : true
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'shijian-release-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('a release with a public HTTPS origin and an AppID', () => {
  const out = path.join(tmp, 'weapp')
  let run: Run
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8')
  const json = <T>(file: string) => JSON.parse(read(file)) as T

  beforeAll(async () => {
    run = await release({
      TARO_APP_API: ORIGIN,
      WEAPP_APPID: APPID,
      TARO_OUTPUT_DIR: out,
      TARO_APP_PREVIEW_TOKEN: TOKEN,
      PREVIEW_TOKEN: TOKEN,
    })
    if (run.code !== 0) throw new Error(`release:weapp exited ${run.code}:\n${(run.stdout + run.stderr).slice(-4000)}`)
  }, 300_000)

  it('builds and prints each package against its budget', () => {
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/\(main\)\s+\d+\s+[\d.]+\s+400\s+ok/)
    expect(run.stdout).toMatch(/more\s+\d+\s+[\d.]+\s+200\s+ok/)
  })

  it('calls that origin, and no local address or preview token is left anywhere in the bundle', () => {
    const texts = files(out)
      .filter((f) => /\.(js|json|wxml|wxss|wxs)$/.test(f))
      .map((f) => ({ file: path.relative(out, f), text: readFileSync(f, 'utf8') }))
    expect(texts.filter((t) => t.file.endsWith('.js') && t.text.includes(ORIGIN)).length).toBeGreaterThan(0)
    expect(texts.filter((t) => /127\.0\.0\.1|localhost/.test(t.text)).map((t) => t.file)).toEqual([])
    expect(texts.filter((t) => t.text.includes(TOKEN)).map((t) => t.file)).toEqual([])
  })

  it("has the AppID in the bundle's project config, with the domain check on", () => {
    const project = json<{ appid: string; miniprogramRoot: string; setting: { urlCheck: boolean } }>(
      'project.config.json',
    )
    expect(project.appid).toBe(APPID)
    expect(project.miniprogramRoot).toBe('./')
    expect(project.setting.urlCheck).toBe(true)
    // The repository's own devtools project still opens the local build.
    const local = JSON.parse(readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as Record<string, unknown>
    expect(local.miniprogramRoot).toBe('dist/weapp/')
  })

  it('injects components lazily and lists the privacy page', () => {
    const app = json<{ lazyCodeLoading?: string; sitemapLocation?: string }>('app.json')
    expect(app.lazyCodeLoading).toBe('requiredComponents')
    expect(app.sitemapLocation).toBe('sitemap.json')
    expect(appRoutes(out)).toContain(PRIVACY_ROUTE)
  })

  it('has a sitemap that lets content pages be indexed, but not search, 收藏 or the privacy guide', () => {
    const { rules } = json<{ rules: SitemapRule[] }>('sitemap.json')
    const routes = appRoutes(out)
    const hidden = routes.filter((route) => !indexed(rules, route))
    expect(hidden.sort()).toEqual(['more/mine/index', PRIVACY_ROUTE, 'more/search/index'].sort())
    for (const route of [HOME_ROUTE, ...Object.values(LIST_ROUTES), ...Object.values(DETAIL_ROUTES)])
      expect(indexed(rules, route)).toBe(true)
    // Every page a rule names exists: a renamed page cannot silently fall back to being indexed.
    for (const rule of rules.filter((r) => r.page !== '*')) expect(routes).toContain(rule.page)
  })

  describe('booted against the API', () => {
    let api: Started | undefined
    let harness: Harness | undefined
    beforeAll(async () => {
      api = await startApi()
    })
    afterAll(() => stop(api))
    afterEach(() => harness?.destroy())

    it('the privacy page shows the guide and the bureau, asking the release origin', async () => {
      const site = await apiJson<{ bureauName: string }>(api!.origin, '/site')
      harness = await bootApp({ distDir: out, apiOrigin: api!.origin })
      const page = await harness.openPage(`/${PRIVACY_ROUTE}`)
      expect(harness.errors).toEqual([])
      expect(page.text()).toContain('隐私保护指引')
      expect(page.text()).toContain(site.bureauName)
      expect(page.text()).toContain('api.example.gov.cn')
      expect(harness.requests.map((r) => r.url)).toEqual([`${ORIGIN}/api/v1/site`])
    }, 30_000)
  })
})

describe('settings a release refuses, before building anything', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a local IP address', { TARO_APP_API: 'http://127.0.0.1:3000', WEAPP_APPID: APPID }, /is an IP address/],
    ['plain HTTP', { TARO_APP_API: 'http://x.gov.cn', WEAPP_APPID: APPID }, /is not HTTPS/],
    ['localhost', { TARO_APP_API: 'https://localhost', WEAPP_APPID: APPID }, /is localhost/],
    ['an origin with a path', { TARO_APP_API: `${ORIGIN}/api/v1`, WEAPP_APPID: APPID }, /more than an origin/],
    ['no origin', { WEAPP_APPID: APPID }, /TARO_APP_API is not set/],
    ['no AppID', { TARO_APP_API: ORIGIN }, /WEAPP_APPID is not set/],
    ["devtools' placeholder AppID", { TARO_APP_API: ORIGIN, WEAPP_APPID: 'touristappid' }, /is not an AppID/],
  ]

  it.each(cases)('%s: stops, says what to set, builds nothing', async (_name, env, reason) => {
    const out = path.join(tmp, `refused-${Math.random().toString(36).slice(2)}`)
    const run = await release({ ...env, TARO_OUTPUT_DIR: out })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(reason)
    // What to set, spelled out.
    expect(run.stderr).toContain(`For example: TARO_APP_API=${ORIGIN} WEAPP_APPID=wx0123456789abcdef`)
    expect(run.stdout).not.toContain('building')
    expect(existsSync(out)).toBe(false)
  })
})
