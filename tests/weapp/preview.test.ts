// Staff preview, proven in the weapp bundle (DESIGN.md "Mini-program"): a build made with a preview token, against a
// local API that accepts it, shows drafts marked 草稿 and sends the token with every request; the production build
// (dist/weapp) never sends a token and never shows a draft, against the same API.
// The preview bundle is built once into dist/weapp-preview (TARO_OUTPUT_DIR), again only when src/, config/ or the
// build inputs are newer, or it was made with another token. Content: tests/api/fixtures/valid (test data, drafts
// in every collection). The bundle is built for the local API's origin: the harness routes every request to the API
// under test by its path.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, startApi, stop, type Started } from '../../scripts/lib/processes'
import { COLLECTIONS, DETAIL_ROUTES, DIST_DIR, LIST_ROUTES, NOT_FOUND_TEXT, type Collection } from './app-pages'
import { bootApp, type Harness, type RequestRecord } from './harness'

jest.setTimeout(20000)

const TOKEN = 'weapp-preview-test-token'
const PREVIEW_DIR = path.join(ROOT, 'dist/weapp-preview')
const TOKEN_MARKER = path.join(PREVIEW_DIR, '.preview-token')
const CONTENT_DIR = 'tests/api/fixtures/valid'
/** The fixture's drafts, one in each collection. */
const DRAFTS: Record<Collection, { id: string; title: string }> = {
  explainers: { id: 'test-explainer-draft', title: 'Test explainer test-explainer-draft' },
  warnings: { id: 'test-warning-draft', title: 'Test warning test-warning-draft' },
  videos: { id: 'test-video-draft', title: 'Test video test-video-draft' },
  news: { id: 'test-news-draft', title: 'Test news test-news-draft' },
}
const DRAFT_MARK = '草稿'

/** Newest modification time under a folder (as scripts/build-if-stale.mjs reckons it). */
function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs)
  }
  return latest
}

function previewBuildIsFresh(): boolean {
  const marker = path.join(PREVIEW_DIR, 'app.json')
  if (!existsSync(marker) || !existsSync(TOKEN_MARKER)) return false
  if (readFileSync(TOKEN_MARKER, 'utf8') !== TOKEN) return false
  const inputs = Math.max(
    newest(path.join(ROOT, 'src')),
    newest(path.join(ROOT, 'config')),
    ...['.env.production', 'package-lock.json', 'babel.config.js']
      .map((file) => path.join(ROOT, file))
      .filter(existsSync)
      .map((file) => statSync(file).mtimeMs),
  )
  return statSync(marker).mtimeMs > inputs
}

/** `taro build --type weapp` into dist/weapp-preview with the token; its output is shown only if it fails. */
function buildPreview(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'weapp'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TARO_OUTPUT_DIR: 'dist/weapp-preview',
          TARO_APP_API: 'http://127.0.0.1:3000',
          TARO_APP_PREVIEW_TOKEN: TOKEN,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0 && existsSync(path.join(PREVIEW_DIR, 'app.json'))) {
        writeFileSync(TOKEN_MARKER, TOKEN)
        resolve()
      } else reject(new Error(`the preview build failed (exit ${code}):\n${output.slice(-4000)}`))
    })
  })
}

const previewHeader = (request: RequestRecord) =>
  Object.entries(request.header).find(([name]) => name.toLowerCase() === 'x-preview-token')?.[1]

let api: Started
const harnesses: Harness[] = []

beforeAll(async () => {
  const [started] = await Promise.all([
    startApi({ CONTENT_DIR, PREVIEW_TOKEN: TOKEN }),
    previewBuildIsFresh() ? Promise.resolve() : buildPreview(),
  ])
  api = started
}, 240_000)
afterAll(() => stop(api))
afterEach(() => {
  harnesses.splice(0).forEach((h) => h.destroy())
})

async function boot(distDir: string): Promise<Harness> {
  const harness = await bootApp({ distDir, apiOrigin: api.origin })
  harnesses.push(harness)
  return harness
}

describe('a preview build (dist/weapp-preview, built with a preview token)', () => {
  it.each(COLLECTIONS)('%s: the list shows the draft with 草稿 next to its title', async (collection) => {
    const harness = await boot(PREVIEW_DIR)
    const page = await harness.openPage(`/${LIST_ROUTES[collection]}`)
    const { title } = DRAFTS[collection]

    expect(page.text()).toContain(title)
    // The mark and the title in one element, the mark first: "草稿" + title is that element's whole text.
    expect(page.findAll(DRAFT_MARK + title).length).toBeGreaterThan(0)
    expect(harness.requests.length).toBeGreaterThan(0)
    expect(harness.requests.filter((r) => r.statusCode !== 200)).toEqual([])
    expect(harness.requests.filter((r) => previewHeader(r) !== TOKEN)).toEqual([])
    expect(harness.errors).toEqual([])
  })

  it.each(COLLECTIONS)('%s: the draft opens from the list, marked 草稿', async (collection) => {
    const harness = await boot(PREVIEW_DIR)
    const { id, title } = DRAFTS[collection]
    const list = await harness.openPage(`/${LIST_ROUTES[collection]}`)
    await list.tap(title)
    const navigation = harness.navigations.at(-1)
    expect(navigation).toMatchObject({ ok: true, path: `/${DETAIL_ROUTES[collection]}`, query: { id } })

    const page = await harness.openPage(navigation!.cleanUrl)
    expect(page.text()).toContain(title)
    expect(page.findAll(DRAFT_MARK + title).length).toBeGreaterThan(0)
    expect(page.text()).not.toContain(NOT_FOUND_TEXT)
    expect(harness.requests.map((r) => new URL(r.routedTo).pathname)).toContain(`/api/v1/${collection}/${id}`)
    expect(harness.requests.filter((r) => r.statusCode !== 200)).toEqual([])
    expect(harness.requests.filter((r) => previewHeader(r) !== TOKEN)).toEqual([])
    expect(harness.errors).toEqual([])
  })
})

describe('the production build (dist/weapp), against the same API', () => {
  it.each(COLLECTIONS)('%s: the list leaves the draft out and no request carries a token', async (collection) => {
    const harness = await boot(DIST_DIR)
    const page = await harness.openPage(`/${LIST_ROUTES[collection]}`)

    expect(page.text()).not.toContain(DRAFTS[collection].title)
    expect(page.text()).not.toContain(DRAFT_MARK)
    expect(harness.requests.length).toBeGreaterThan(0)
    expect(harness.requests.filter((r) => r.statusCode !== 200)).toEqual([])
    expect(harness.requests.filter((r) => previewHeader(r) !== undefined)).toEqual([])
    expect(harness.errors).toEqual([])
  })

  it.each(COLLECTIONS)('%s: the draft detail says the content is gone', async (collection) => {
    const harness = await boot(DIST_DIR)
    const { id, title } = DRAFTS[collection]
    const page = await harness.openPage(`/${DETAIL_ROUTES[collection]}?id=${id}`)

    expect(page.text()).toContain(NOT_FOUND_TEXT)
    expect(page.text()).not.toContain(title)
    expect(page.text()).not.toContain(DRAFT_MARK)
    expect(harness.requests.map((r) => r.statusCode)).toEqual([404])
    expect(harness.requests.filter((r) => previewHeader(r) !== undefined)).toEqual([])
    expect(harness.errors).toEqual([])
  })
})
