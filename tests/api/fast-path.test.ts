// The fast path (server/http/fast-path.ts) answers built public answers before Fastify: over a real socket it must
// give exactly what the Fastify path gives (app.inject never takes the fast path) for the same request: status,
// headers and bytes. Each case also checks which path answered, so that a fast path that never answers fails.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as fc from 'fast-check'
import { PREVIEW_ORIGIN, PREVIEW_TOKEN, testApp, type TestApp } from './test-app'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** Per connection or per response, set by Node (or not at all by app.inject): not part of the answer compared. */
const TRANSPORT = ['date', 'connection', 'keep-alive', 'transfer-encoding']

function answerOnly(headers: Record<string, string | string[] | number | undefined>) {
  const kept: Answer['headers'] = {}
  for (const [name, value] of Object.entries(headers)) {
    if (!TRANSPORT.includes(name)) kept[name] = typeof value === 'number' ? String(value) : value
  }
  return kept
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 })
afterAll(() => agent.destroy())

function overSocket(origin: string, method: string, url: string, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(origin + url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: answerOnly(response.headers),
          body: Buffer.concat(chunks),
        }),
      )
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end()
  })
}

async function throughFastify(app: TestApp, method: string, url: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: method as 'GET', url, headers })
  return { status: response.statusCode, headers: answerOnly(response.headers), body: response.rawPayload }
}

/** An app listening on 127.0.0.1 that counts the responses Fastify sent (errors from hooks included). */
async function listening(options: Parameters<typeof testApp>[0] = {}) {
  const app = testApp(options)
  const seen = { fastify: 0 }
  app.addHook('onResponse', (_request, _reply, done) => {
    seen.fastify++
    done()
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  return { app, origin, seen }
}

let app: TestApp
let origin: string
let seen: { fastify: number }
beforeAll(async () => {
  ;({ app, origin, seen } = await listening())
})
afterAll(() => app.close())

/** The same request both ways; returns which path answered it over the socket. */
async function compare(method: string, url: string, headers: Record<string, string> = {}): Promise<'fast' | 'fastify'> {
  const before = seen.fastify
  const fast = await overSocket(origin, method, url, headers)
  const path = seen.fastify === before ? 'fast' : 'fastify'
  const slow = await throughFastify(app, method, url, headers)
  expect({ status: fast.status, headers: fast.headers }).toEqual({ status: slow.status, headers: slow.headers })
  expect(fast.body.equals(slow.body)).toBe(true)
  return path
}

const DETAILS = [
  '/api/v1/explainers/test-explainer-alpha',
  '/api/v1/warnings/test-warning-active',
  '/api/v1/videos/test-video-first',
  '/api/v1/news/test-news-one',
]
const FIXED = ['/api/v1/site', '/api/v1/home', '/api/v1/services', '/api/v1/health', ...DETAILS]
const ENCODINGS = ['', 'br', 'gzip', 'gzip, deflate, br', 'identity', 'gzip;q=0.5, br;q=0.1', '*', 'br;q=0, gzip;q=0']

describe('the fast path answers built public answers exactly as Fastify does', () => {
  test.each(FIXED)('%s: GET and HEAD, every Accept-Encoding', async (url) => {
    for (const method of ['GET', 'HEAD']) {
      for (const encoding of ENCODINGS) {
        const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {}
        expect(await compare(method, url, headers)).toBe('fast')
      }
    }
  })

  test.each(DETAILS)('%s: If-None-Match with the ETag of the form sent, weak, *, another form, a list', async (url) => {
    for (const encoding of ['br', 'gzip', '']) {
      const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {}
      const etag = String((await overSocket(origin, 'GET', url, headers)).headers.etag)
      const other = etag.replace(/(-br|-gz)?"$/, '-xx"')
      for (const ifNoneMatch of [etag, 'W/' + etag, '*', other, `"a", ${etag}`]) {
        for (const method of ['GET', 'HEAD']) {
          expect(await compare(method, url, { ...headers, 'if-none-match': ifNoneMatch })).toBe('fast')
        }
      }
      expect((await overSocket(origin, 'GET', url, { ...headers, 'if-none-match': etag })).status).toBe(304)
    }
  })

  test('a list page is built by Fastify the first time, then served by the fast path under that exact URL', async () => {
    const url = '/api/v1/warnings?page=1&pageSize=2'
    expect(await compare('GET', url, { 'accept-encoding': 'br' })).toBe('fastify')
    expect(await compare('GET', url, { 'accept-encoding': 'br' })).toBe('fast')
    expect(await compare('HEAD', url)).toBe('fast')
    // Another spelling of the same page is another URL: Fastify first, then fast
    expect(await compare('GET', '/api/v1/warnings?pageSize=2&page=1')).toBe('fastify')
    expect(await compare('GET', '/api/v1/warnings?pageSize=2&page=1')).toBe('fast')
  })

  test('errors, search and unknown URLs are never remembered: Fastify answers them every time', async () => {
    for (const url of ['/api/v1/search?q=test', '/api/v1/explainers/no-such-item', '/api/v1/warnings?level=x', '/x']) {
      expect(await compare('GET', url)).toBe('fastify')
      expect(await compare('GET', url)).toBe('fastify')
    }
  })

  test('random requests (URL, method, Accept-Encoding, If-None-Match) get the same answer both ways', async () => {
    await overSocket(origin, 'GET', '/api/v1/news?page=1&pageSize=20')
    const urls = [...FIXED, '/api/v1/news?page=1&pageSize=20', '/api/v1/site/', '/api/v1/explainers/x']
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...urls),
        fc.constantFrom('GET', 'HEAD'),
        fc.oneof(fc.constantFrom(...ENCODINGS), fc.string({ maxLength: 20 })),
        fc.constantFrom(undefined, '*', '"nope"', 'W/"x", *'),
        async (url, method, encoding, ifNoneMatch) => {
          const headers: Record<string, string> = { 'accept-encoding': encoding }
          if (ifNoneMatch) headers['if-none-match'] = ifNoneMatch
          await compare(method, url, headers)
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('the server in front keeps what Fastify would set on its own', () => {
  test('request timeout 30 s (slow clients hold no socket for long), keep-alive 72 s', () => {
    expect(app.server.requestTimeout).toBe(30_000)
    expect(app.server.keepAliveTimeout).toBe(72_000)
  })
})

describe('previews never take the public fast path', () => {
  test('a valid X-Preview-Token on a built URL is answered by Fastify, privately, with drafts', async () => {
    const { app: previewing, origin: at, seen: counted } = await listening()
    const headers = { 'x-preview-token': PREVIEW_TOKEN, origin: PREVIEW_ORIGIN }
    const before = counted.fastify
    const preview = await overSocket(at, 'GET', '/api/v1/explainers/test-explainer-draft', headers)
    expect(preview.status).toBe(200)
    const alpha = await overSocket(at, 'GET', '/api/v1/explainers/test-explainer-alpha', headers)
    expect(counted.fastify).toBe(before + 2)
    expect(alpha.headers['cache-control']).toBe('private, no-store')
    expect(alpha.headers['access-control-allow-origin']).toBe(PREVIEW_ORIGIN)
    await previewing.close()
  })

  test('a wrong token on a built URL is a 401, never the public answer', async () => {
    for (const method of ['GET', 'HEAD']) {
      expect(await compare(method, '/api/v1/site', { 'x-preview-token': 'wrong' })).toBe('fastify')
      expect((await overSocket(origin, method, '/api/v1/site', { 'x-preview-token': 'wrong' })).status).toBe(401)
    }
  })

  test('?preview= is never a built URL, and a preview answer is never remembered for the public', async () => {
    const url = `/api/v1/explainers?preview=${PREVIEW_TOKEN}`
    expect(await compare('GET', url)).toBe('fastify')
    expect(await compare('GET', url)).toBe('fastify')
    const previewed = '/api/v1/news?page=1&pageSize=3'
    await overSocket(origin, 'GET', previewed, { 'x-preview-token': PREVIEW_TOKEN })
    const publicAnswer = await overSocket(origin, 'GET', previewed)
    expect(publicAnswer.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600')
    expect(JSON.parse(publicAnswer.body.toString()).items.map((item: { id: string }) => item.id)).not.toContain(
      'test-news-draft',
    )
  })

  test('other methods on a built URL go to Fastify (405, preflight)', async () => {
    expect(await compare('POST', '/api/v1/site')).toBe('fastify')
    expect(await compare('OPTIONS', '/api/v1/site', { origin: 'https://example.com' })).toBe('fastify')
  })
})

describe('the fast path and the rate limit', () => {
  test('over the public ceiling, a built URL gets the same 429 as through Fastify (counted once)', async () => {
    const limited = await listening({ publicRateLimit: 2 })
    const url = '/api/v1/explainers/test-explainer-alpha'
    expect((await overSocket(limited.origin, 'GET', url)).status).toBe(200)
    expect((await overSocket(limited.origin, 'GET', url)).status).toBe(200)
    expect(limited.seen.fastify).toBe(0)
    const fast = await overSocket(limited.origin, 'GET', url)
    expect(fast.status).toBe(429)
    expect(limited.seen.fastify).toBe(1)
    const slow = await throughFastify(limited.app, 'GET', url)
    expect(slow.status).toBe(429)
    expect(fast.headers).toEqual(slow.headers)
    expect(fast.body.equals(slow.body)).toBe(true)
    expect(JSON.parse(fast.body.toString())).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests: try again in \d+ s$/) },
    })
    expect(Number(fast.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(fast.headers['cache-control']).toBe('no-store')
    expect(fast.headers['x-content-type-options']).toBe('nosniff')
    await limited.app.close()
  })

  test('/health is answered by the fast path and never counted', async () => {
    const limited = await listening({ publicRateLimit: 2, rateLimit: 1 })
    for (let i = 0; i < 30; i++) expect((await overSocket(limited.origin, 'GET', '/api/v1/health')).status).toBe(200)
    expect(limited.seen.fastify).toBe(0)
    expect((await overSocket(limited.origin, 'GET', '/api/v1/site')).status).toBe(200)
    await limited.app.close()
  })
})
