// The deployment as an operator runs it: deploy/nginx/shijian.conf.template rendered by envsubst, Debian's nginx in
// front of a real API process, the H5 build precompressed by deploy/precompress.mjs. What a browser, a phone and a
// load balancer see through nginx.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { withNonce } from '../../server/http/staff-app'
import { startNginx, type StartedNginx } from '../../scripts/lib/nginx'
import { ROOT, startApi, stop, type Started } from '../../scripts/lib/processes'
import { expectedH5Csp } from '../support/h5-csp'

const H5_BUILD = path.join(ROOT, 'dist/h5')
const CONTENT = path.join(ROOT, 'tests/api/fixtures/valid')
const TOKEN = 'deploy-test-preview-token'
/** Low, so that the health checks below go well past it (the test's other requests to the API stay under it). */
const RATE_LIMIT = 30
/** The API's public answers say max-age=60: the stale check waits until an entry is older than this. */
const MAX_AGE_S = 60
/** Primed first, checked last, once expired, with the API stopped. */
const STALE_PATH = '/api/v1/news?pageSize=2'

let prefix: string
let contentDir: string
let api: Started | undefined
let nginx: StartedNginx | undefined
let primedAt = 0
let primedBody: Buffer

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  /** The bytes as sent (still compressed when Content-Encoding says so). */
  body: Buffer
}

/** One GET with exactly these headers (no Accept-Encoding unless given): the raw answer. */
function get(origin: string, urlPath: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(origin + urlPath, { headers, agent: false, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      )
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`${urlPath}: no answer in 10 s`)))
    request.on('error', reject)
  })
}
const viaNginx = (urlPath: string, headers?: Record<string, string>) => get(nginx!.origin, urlPath, headers)
const cacheStatus = (answer: Answer) => answer.headers['x-cache-status']
const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>
const ids = (answer: Answer) => (json(answer).items as { id: string }[]).map((item) => item.id)

beforeAll(async () => {
  if (!fs.existsSync(path.join(H5_BUILD, 'index.html'))) {
    throw new Error('No H5 build in dist/h5: run `npm run test:deploy`, which builds it first.')
  }
  prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-deploy-'))
  // The H5 build as deployed: a copy, precompressed (dist/h5 itself is left as the build wrote it)
  const h5Root = path.join(prefix, 'h5')
  fs.cpSync(H5_BUILD, h5Root, { recursive: true })
  const precompress = spawnSync(process.execPath, [path.join(ROOT, 'deploy/precompress.mjs'), h5Root], {
    encoding: 'utf8',
  })
  if (precompress.status !== 0) throw new Error(`deploy/precompress.mjs failed:\n${precompress.stderr}`)

  // A copy of the fixtures: one test withdraws an item as the newsroom does (its file moved to withdrawn/)
  contentDir = path.join(prefix, 'content')
  fs.cpSync(CONTENT, contentDir, { recursive: true })
  api = await startApi({
    CONTENT_DIR: contentDir,
    PREVIEW_TOKEN: TOKEN,
    // Both ceilings (costly requests; every request but /health) low: /health goes past them below
    RATE_LIMIT: String(RATE_LIMIT),
    RATE_LIMIT_PUBLIC: String(RATE_LIMIT),
    TRUST_PROXY: '127.0.0.1',
  })
  nginx = await startNginx({ prefix, api: new URL(api.origin).host, h5Root })

  const primed = await viaNginx(STALE_PATH)
  expect([primed.status, cacheStatus(primed)]).toEqual([200, 'MISS'])
  primedAt = Date.now()
  primedBody = primed.body
}, 60_000)

afterAll(async () => {
  await Promise.all([stop(nginx), stop(api)])
  if (prefix) fs.rmSync(prefix, { recursive: true, force: true })
})

test("envsubst fills the four variables and leaves nginx's own alone", () => {
  expect(nginx!.rendered).not.toMatch(/\$\{?SHIJIAN_/)
  expect(nginx!.rendered).toContain(`server ${new URL(api!.origin).host};`)
  expect(nginx!.rendered).toContain(`proxy_cache_path ${path.join(prefix, 'cache')} `)
  expect(nginx!.rendered).toContain('proxy_cache_key "$scheme://$host$request_uri|$shijian_encoding";')
})

describe('the H5 build', () => {
  test('index.html: HTML, compressed, checked again on every use; an app route falls back to it', async () => {
    const index = await viaNginx('/', { 'accept-encoding': 'gzip, deflate, br' })
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(index.headers['content-encoding']).toBe('gzip')
    const html = gunzipSync(index.body).toString('utf8')
    expect(html).toBe(fs.readFileSync(path.join(H5_BUILD, 'index.html'), 'utf8'))

    const route = await viaNginx('/pages/warnings/index')
    expect(route.status).toBe(200)
    expect(route.body.toString('utf8')).toBe(html)
  })

  test('a hashed script: the precompressed file, cached for a year; a missing asset is a 404, not index.html', async () => {
    const html = fs.readFileSync(path.join(H5_BUILD, 'index.html'), 'utf8')
    const script = /<script\b[^>]*\bsrc="\/?(js\/[^"]+\.[0-9a-f]{8}\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const answer = await viaNginx(`/${script}`, { 'accept-encoding': 'gzip' })
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('application/javascript; charset=utf-8')
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(answer.headers['content-encoding']).toBe('gzip')
    // gzip_static sends the .gz written at deploy time as it is (on-the-fly gzip would not know its length)
    expect(Number(answer.headers['content-length'])).toBe(fs.statSync(path.join(prefix, 'h5', `${script}.gz`)).size)
    const file = fs.readFileSync(path.join(H5_BUILD, script!))
    expect(gunzipSync(answer.body).equals(file)).toBe(true)

    const plain = await viaNginx(`/${script}`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.equals(file)).toBe(true)

    expect((await viaNginx('/js/no-such-chunk.0123abcd.js')).status).toBe(404)
  })

  test("the H5 app's Content-Security-Policy on its page, an app route and its files, as serve-h5 sends it", async () => {
    const html = fs.readFileSync(path.join(H5_BUILD, 'index.html'), 'utf8')
    const script = /<script\b[^>]*\bsrc="(\/js\/[^"]+\.[0-9a-f]{8}\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    // A file of the build without a hash in its name (the second location): a tab icon
    const icon = fs
      .readdirSync(path.join(H5_BUILD, 'static/images/assets/tab'))
      .find((name) => /^[^.]+\.png$/.test(name))
    expect(icon).toBeDefined()
    for (const url of ['/', '/index.html', '/pages/warnings/index', script!, `/static/images/assets/tab/${icon}`]) {
      const answer = await viaNginx(url, { 'accept-encoding': 'gzip' })
      expect([url, answer.status, answer.headers['content-security-policy']]).toEqual([url, 200, expectedH5Csp()])
    }
  })
})

describe('the staff dashboard through nginx', () => {
  const STAFF_BUILD = path.join(ROOT, 'dist/staff')

  test('/staff/ and its files come from the API (never the cache, never the H5 build), with its own policy', async () => {
    if (!fs.existsSync(path.join(STAFF_BUILD, 'index.html'))) {
      throw new Error('No staff build in dist/staff: run `npm run test:deploy`, which builds it first.')
    }
    const html = fs.readFileSync(path.join(STAFF_BUILD, 'index.html'), 'utf8')
    for (let i = 0; i < 2; i++) {
      const index = await viaNginx('/staff/')
      expect([index.status, index.headers['content-type'], cacheStatus(index)]).toEqual([
        200,
        'text/html; charset=utf-8',
        undefined,
      ])
      // Made per response with a new nonce for the editor's styles (server/http/staff-app.ts): never stored
      expect(index.headers['cache-control']).toBe('no-store')
      const csp = String(index.headers['content-security-policy'])
      expect(csp).toContain("script-src 'self'")
      const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1]
      expect(nonce).toBeDefined()
      expect(index.body.toString('utf8')).toBe(withNonce(html, nonce!))
    }
    const redirect = await viaNginx('/staff')
    expect(redirect.status).toBe(301)
    expect(redirect.headers.location).toMatch(/\/staff\/$/)

    // A hashed script (name-hash.js, not the H5 build's name.hash.js): the API's brotli copy, cached for a year
    const script = /<script\b[^>]*\bsrc="(\/staff\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    for (let i = 0; i < 2; i++) {
      const answer = await viaNginx(script!, { 'accept-encoding': 'gzip, deflate, br' })
      expect([answer.status, answer.headers['content-encoding'], cacheStatus(answer)]).toEqual([200, 'br', undefined])
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      const file = fs.readFileSync(path.join(STAFF_BUILD, script!.replace('/staff/', '')))
      expect(brotliDecompressSync(answer.body).equals(file)).toBe(true)
    }
  })
})

describe('the API through nginx', () => {
  test('the same answer as the API, a MISS, then a HIT from the cache', async () => {
    const direct = await get(api!.origin, '/api/v1/warnings?pageSize=3')
    const first = await viaNginx('/api/v1/warnings?pageSize=3')
    expect([first.status, cacheStatus(first)]).toEqual([200, 'MISS'])
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(first.headers['cache-control']).toBe(direct.headers['cache-control'])
    expect(first.body.toString()).toBe(direct.body.toString())
    const second = await viaNginx('/api/v1/warnings?pageSize=3')
    expect([second.status, cacheStatus(second)]).toEqual([200, 'HIT'])
    expect(second.body.toString()).toBe(direct.body.toString())
    expect(second.headers.etag).toBe(first.headers.etag)
  })

  test('one cached copy per encoding, however the browser spells Accept-Encoding', async () => {
    const urlPath = '/api/v1/home' // over 1 KB, so the API compresses it
    const br = await viaNginx(urlPath, { 'accept-encoding': 'gzip, deflate, br' })
    expect([cacheStatus(br), br.headers['content-encoding']]).toEqual(['MISS', 'br'])
    const brAgain = await viaNginx(urlPath, { 'accept-encoding': 'br, gzip' })
    expect([cacheStatus(brAgain), brAgain.headers['content-encoding']]).toEqual(['HIT', 'br'])
    const unusual = await viaNginx(urlPath, { 'accept-encoding': 'deflate;q=0.5, br;q=0.9, gzip;q=0.8' })
    expect([cacheStatus(unusual), unusual.headers['content-encoding']]).toEqual(['HIT', 'br'])
    const gzip = await viaNginx(urlPath, { 'accept-encoding': 'gzip, deflate' })
    expect([cacheStatus(gzip), gzip.headers['content-encoding']]).toEqual(['MISS', 'gzip'])
    const identity = await viaNginx(urlPath)
    expect([cacheStatus(identity), identity.headers['content-encoding']]).toEqual(['MISS', undefined])
    expect(gunzipSync(gzip.body).toString()).toBe(identity.body.toString())
    expect(json(identity)).toHaveProperty('warnings')
    // An answer the API leaves uncompressed (under 1 KB) is not compressed by nginx either: the cached bytes are sent
    const small = await viaNginx('/api/v1/warnings?pageSize=1', { 'accept-encoding': 'gzip' })
    expect(small.headers['content-encoding']).toBeUndefined()
  })

  test('If-None-Match with the ETag gives 304 from the cache', async () => {
    const urlPath = '/api/v1/warnings/test-warning-active'
    const first = await viaNginx(urlPath)
    expect(first.status).toBe(200)
    const etag = first.headers.etag!
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/)
    const revalidated = await viaNginx(urlPath, { 'if-none-match': etag })
    expect([revalidated.status, cacheStatus(revalidated), revalidated.body.length]).toEqual([304, 'HIT', 0])
    const changed = await viaNginx(urlPath, { 'if-none-match': '"something-else"' })
    expect([changed.status, cacheStatus(changed)]).toEqual([200, 'HIT'])
  })

  test('a preview is never cached, and never served to a public request', async () => {
    const urlPath = '/api/v1/warnings?pageSize=20'
    // The preview asks first: if it were stored, the public request below would get it
    const preview = await viaNginx(urlPath, { 'x-preview-token': TOKEN })
    expect([preview.status, cacheStatus(preview)]).toEqual([200, 'BYPASS'])
    expect(ids(preview)).toContain('test-warning-draft')
    expect(preview.headers['cache-control']).toBe('private, no-store')

    const publicFirst = await viaNginx(urlPath)
    expect([publicFirst.status, cacheStatus(publicFirst)]).toEqual([200, 'MISS'])
    expect(ids(publicFirst)).not.toContain('test-warning-draft')
    // Once the public answer is cached, a preview still goes to the API, and the public one stays public
    const previewAgain = await viaNginx(urlPath, { 'x-preview-token': TOKEN })
    expect(cacheStatus(previewAgain)).toBe('BYPASS')
    expect(ids(previewAgain)).toContain('test-warning-draft')
    const publicAgain = await viaNginx(urlPath)
    expect(cacheStatus(publicAgain)).toBe('HIT')
    expect(ids(publicAgain)).not.toContain('test-warning-draft')

    // ?preview= (for what cannot send a header) likewise, every time
    for (let i = 0; i < 2; i++) {
      const byQuery = await viaNginx(`/api/v1/warnings?pageSize=20&preview=${TOKEN}`)
      expect([byQuery.status, cacheStatus(byQuery)]).toEqual([200, 'BYPASS'])
      expect(ids(byQuery)).toContain('test-warning-draft')
    }
  })

  test('staff routes and drafts opened from a preview link are never cached', async () => {
    for (const urlPath of [
      '/api/v1/staff/reach?from=2026-01-01&to=2026-01-31',
      '//api/v1/staff/session',
      '/api/v1/drafts/warnings.test-warning-draft.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      for (let i = 0; i < 2; i++) {
        expect(cacheStatus(await viaNginx(urlPath))).toBe('BYPASS')
      }
    }
  })

  test('a staff upload of 20 MB (a video) reaches the API, past the default 1 MB body limit of nginx', async () => {
    const body = Buffer.alloc(20 * 1024 * 1024, 0x61)
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = http.request(
        `${nginx!.origin}/api/v1/staff/newsroom/uploads`,
        {
          method: 'POST',
          agent: false,
          timeout: 30_000,
          headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': body.length },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
          )
        },
      )
      request.on('error', reject)
      request.end(body)
    })
    // The API's own answer (no session here), not nginx's 413 page
    expect([answer.status, answer.headers['content-type']]).toEqual([401, 'application/json; charset=utf-8'])
    expect((json(answer).error as { code: string }).code).toBe('NO_SESSION')
  })

  test('media are passed to the API: videos with ranges, images (not taken for H5 files)', async () => {
    const answer = await viaNginx('/media/videos/test-clip.mp4', { range: 'bytes=0-3' })
    expect(answer.status).toBe(206)
    expect(answer.body.toString()).toBe('test')
    const poster = await viaNginx('/media/posters/test-poster.png')
    expect([poster.status, poster.headers['content-type']]).toEqual([200, 'image/png'])
    expect(poster.body.equals(fs.readFileSync(path.join(CONTENT, 'media/posters/test-poster.png')))).toBe(true)
  })

  test('a withdrawn item (撤稿) leaves the cache within seconds, not the minute a client may keep it', async () => {
    const urlPath = '/api/v1/explainers/test-explainer-gamma'
    await viaNginx(urlPath)
    const cached = await viaNginx(urlPath)
    expect([cached.status, cacheStatus(cached)]).toEqual([200, 'HIT'])
    expect(cached.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600')
    expect(cached.headers['x-accel-expires']).toBeUndefined() // for nginx only, never passed on

    // What the newsroom's withdrawal does: the file moved to withdrawn/; the API's watcher reloads
    const withdrawnDir = path.join(contentDir, 'withdrawn/explainers')
    fs.mkdirSync(withdrawnDir, { recursive: true })
    fs.renameSync(
      path.join(contentDir, 'explainers/test-explainer-gamma.md'),
      path.join(withdrawnDir, 'test-explainer-gamma.md'),
    )
    const withdrawnAt = Date.now()
    const seen: string[] = []
    let status = 200
    while (status !== 404 && Date.now() - withdrawnAt < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const answer = await viaNginx(urlPath)
      status = answer.status
      seen.push(`${answer.status} ${cacheStatus(answer) ?? '-'}`)
    }
    const seconds = (Date.now() - withdrawnAt) / 1000
    expect(seen.join(', ')).toMatch(/404 [A-Z-]+$/)
    // 5 s in nginx's cache, then revalidated: the API's 404 passes (it replaced no copy before background updates
    // were turned off: the old copy came back STALE for the whole stale-while-revalidate time)
    expect(seconds).toBeLessThan(10)
    expect(seen.at(-1)).toMatch(/^404 /)
  }, 30_000)

  test('a withdrawn item’s image: served while the item is public, a 404 through nginx within seconds after', async () => {
    // An item of its own with an image no other item names, added as publishing does (the watcher reloads)
    const image = 'images/deploy-withdrawn-only.png'
    // A client address of its own (nginx appends it to X-Forwarded-For, the API trusts nginx's hop): the other tests'
    // requests leave no room under RATE_LIMIT_PUBLIC=30 a minute from 127.0.0.1
    const ownAddress = { 'x-forwarded-for': '10.77.0.1' }
    fs.copyFileSync(path.join(contentDir, 'media/images/test-figure.png'), path.join(contentDir, 'media', image))
    const gamma = fs.readFileSync(path.join(CONTENT, 'explainers/test-explainer-gamma.md'), 'utf8')
    const item = gamma
      .replaceAll('test-explainer-gamma', 'test-explainer-media')
      .replace(/relatedWarnings:\n(?: {2}- .*\n)+/, '')
      .replace(/\n---\n\n/, `\n---\n\n![figure](${image})\n\n`)
    const file = path.join(contentDir, 'explainers/test-explainer-media.md')
    // Before: an upload no public item names is a 404 (as every upload is until its item is published)
    expect((await viaNginx(`/media/${image}`, ownAddress)).status).toBe(404)
    fs.writeFileSync(file, item)
    // The content reloaded (/health's loadedAt, never rate limited), then one request for the image: the public
    // ceiling here (RATE_LIMIT_PUBLIC=30) leaves no room for polling the image itself
    const loadedAt = async () => json(await get(api!.origin, '/api/v1/health')).loadedAt
    const until = async (status: number) => {
      const started = Date.now()
      const before = await loadedAt()
      while ((await loadedAt()) === before && Date.now() - started < 15_000) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      const answer = await viaNginx(`/media/${image}`, ownAddress)
      expect(answer.status).toBe(status)
      return { answer, seconds: (Date.now() - started) / 1000 }
    }
    const { answer: served } = await until(200)
    expect(served.headers['content-type']).toBe('image/png')
    // Phones keep it 30 days; a shared cache 5 s (nginx keeps no media: passed through, so nothing to wait for here)
    expect(served.headers['cache-control']).toBe('public, max-age=2592000, s-maxage=5')
    expect(served.headers['x-cache-status']).toBeUndefined()

    const withdrawnDir = path.join(contentDir, 'withdrawn/explainers')
    fs.mkdirSync(withdrawnDir, { recursive: true })
    fs.renameSync(file, path.join(withdrawnDir, 'test-explainer-media.md'))
    const { answer: gone, seconds } = await until(404)
    expect(gone.headers['cache-control']).toBe('no-store')
    // The watcher's reload (300 ms after the change) is all it takes
    expect(seconds).toBeLessThan(5)
    // The other media are served as before
    expect((await viaNginx('/media/images/test-figure.png', ownAddress)).status).toBe(200)
  }, 40_000)

  test(`/api/v1/health, ${RATE_LIMIT * 2} times from one address (RATE_LIMIT=${RATE_LIMIT}): never 429, never cached`, async () => {
    const statuses = new Map<string, number>()
    for (let i = 0; i < RATE_LIMIT * 2; i++) {
      const answer = await viaNginx('/api/v1/health')
      const key = `${answer.status} ${cacheStatus(answer) ?? '-'}`
      statuses.set(key, (statuses.get(key) ?? 0) + 1)
    }
    // no-cache: every check reaches a replica, so that a load balancer sees the replica itself
    expect(Object.fromEntries(statuses)).toEqual({ '200 MISS': RATE_LIMIT * 2 })
  })

  test(
    'while the API is stopped, cached answers still come: a fresh one as a HIT, an expired one as stale',
    async () => {
      // Asked twice: nginx keeps an answer 5 s (X-Accel-Expires) before revalidating it, so the second is a HIT
      await viaNginx('/api/v1/warnings?pageSize=3')
      const fresh = await viaNginx('/api/v1/warnings?pageSize=3')
      expect(cacheStatus(fresh)).toBe('HIT')
      const wait = primedAt + (MAX_AGE_S + 2) * 1000 - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      await stop(api)

      const down = await viaNginx('/api/v1/warnings?pageSize=20&preview=' + TOKEN)
      expect(down.status).toBe(502) // a preview has no cached copy to fall back on

      const stale = await viaNginx(STALE_PATH)
      expect(stale.status).toBe(200)
      expect(['STALE', 'UPDATING']).toContain(cacheStatus(stale))
      expect(stale.body.toString()).toBe(primedBody.toString())
      const again = await viaNginx('/api/v1/warnings?pageSize=3')
      expect(again.status).toBe(200)
      expect(again.body.toString()).toBe(fresh.body.toString())
    },
    (MAX_AGE_S + 30) * 1000,
  )
})
