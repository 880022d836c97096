// Rate limits (server/http/rate-limit.ts): costly requests (RATE_LIMIT, shared through Redis with REDIS_URL) and
// every request but /health and preflights (RATE_LIMIT_PUBLIC, in memory per process), per client address.
import { spawnSync } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import Redis from 'ioredis'
import { freePort, start, startApi, stop, type Started } from '../../scripts/lib/processes'
import { REDIS_KEY_PREFIX } from '../../server/http/rate-limit'
import { requireInCi } from '../support/ci-requires'
import { PREVIEW_TOKEN, testApp, type TestApp } from './test-app'

const DETAIL = '/api/v1/explainers/test-explainer-alpha'
const SEARCH = '/api/v1/search?q=test'
const rateLimited = {
  error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests: try again in \d+ s$/) },
}

const apps: TestApp[] = []
function limitedApp(options: Parameters<typeof testApp>[0]) {
  const app = testApp(options)
  apps.push(app)
  return app
}
afterEach(async () => {
  jest.restoreAllMocks()
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

const statusOf = async (app: TestApp, url: string, headers: Record<string, string> = {}) =>
  (await app.inject({ url, headers })).statusCode

async function listen(app: TestApp): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

/** Over a real socket from 127.0.0.1, so that the fast path (which app.inject skips) takes its part. */
async function statusOver(origin: string, url: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(origin + url, { method, headers })
  await response.arrayBuffer()
  return response.status
}

describe('costly requests: RATE_LIMIT a minute per address', () => {
  test('the one after the limit gets 429 RATE_LIMITED with Retry-After, no-store and the usual headers; a minute later it is open again', async () => {
    let now = Date.parse('2025-06-01T04:00:00Z')
    jest.spyOn(Date, 'now').mockImplementation(() => now)
    const app = limitedApp({ rateLimit: 3 })
    for (let i = 0; i < 3; i++) expect(await statusOf(app, SEARCH)).toBe(200)
    const refused = await app.inject(SEARCH)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual(rateLimited)
    expect(refused.headers['retry-after']).toBe('60')
    expect(refused.headers['cache-control']).toBe('no-store')
    expect(refused.headers['access-control-allow-origin']).toBe('*')
    expect(refused.headers['x-content-type-options']).toBe('nosniff')
    expect(refused.headers['content-security-policy']).toContain("default-src 'none'")
    // No per-client counters on answers a shared cache may keep
    expect(Object.keys(refused.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([])
    now += 20_000
    expect((await app.inject(SEARCH)).headers['retry-after']).toBe('40')
    now += 40_000
    expect(await statusOf(app, SEARCH)).toBe(200)
  })

  test('misses, bad parameters and preview tokens are costly; built answers are not', async () => {
    const app = limitedApp({ rateLimit: 3 })
    expect(await statusOf(app, '/api/v1/explainers/no-such-item')).toBe(404)
    expect(await statusOf(app, '/api/v1/news?page=0')).toBe(400)
    expect(await statusOf(app, '/api/v1/site', { 'x-preview-token': 'wrong' })).toBe(401)
    for (let i = 0; i < 20; i++) expect(await statusOf(app, DETAIL)).toBe(200)
    expect(await statusOf(app, '/api/v1/nothing/here')).toBe(429)
    expect(await statusOf(app, '/api/v1/site', { 'x-preview-token': PREVIEW_TOKEN })).toBe(429)
    expect(await statusOf(app, DETAIL)).toBe(200)
  })

  test('a list page is costly once, when it is built for its URL; afterwards that URL is a cached read', async () => {
    const app = limitedApp({ rateLimit: 1 })
    for (let i = 0; i < 10; i++) expect(await statusOf(app, '/api/v1/warnings?page=1&pageSize=2')).toBe(200)
    expect(await statusOf(app, '/api/v1/warnings?page=2&pageSize=2')).toBe(429)
  })

  test('0 or unset: no limit', async () => {
    for (const rateLimit of [0, undefined]) {
      const open = limitedApp({ rateLimit })
      const statuses = await Promise.all(Array.from({ length: 50 }, () => statusOf(open, SEARCH)))
      expect(new Set(statuses)).toEqual(new Set([200]))
    }
  })
})

describe('cached reads: the higher RATE_LIMIT_PUBLIC a minute per address', () => {
  const cachedReads = [
    '/api/v1/site',
    '/api/v1/home',
    '/api/v1/services',
    DETAIL,
    '/api/v1/warnings/test-warning-active',
    '/api/v1/videos?page=1&pageSize=20',
    '/media/posters/test-poster.png',
  ]

  test('site, home, services, details, built lists and media go on past RATE_LIMIT up to RATE_LIMIT_PUBLIC (Fastify path)', async () => {
    const app = limitedApp({ rateLimit: 2, publicRateLimit: 30 })
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) statuses.push(await statusOf(app, cachedReads[i % cachedReads.length]))
    expect(statuses).toEqual(Array(30).fill(200))
    const refused = await app.inject(DETAIL)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual(rateLimited)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(await statusOf(app, '/media/posters/test-poster.png')).toBe(429)
  })

  test('the same over a socket, where the fast path answers the built ones', async () => {
    const origin = await listen(limitedApp({ rateLimit: 2, publicRateLimit: 30 }))
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) statuses.push(await statusOver(origin, cachedReads[i % cachedReads.length]))
    expect(statuses).toEqual(Array(30).fill(200))
    expect(await statusOver(origin, DETAIL)).toBe(429)
    expect(await statusOver(origin, '/api/v1/site', {}, 'HEAD')).toBe(429)
  })

  test('costly requests count against the public ceiling too', async () => {
    const app = limitedApp({ rateLimit: 100, publicRateLimit: 5 })
    for (let i = 0; i < 5; i++) expect(await statusOf(app, SEARCH)).toBe(200)
    expect(await statusOf(app, DETAIL)).toBe(429)
  })
})

describe('/health and CORS preflights are never limited', () => {
  test('well over both ceilings, through Fastify and over a socket, in every spelling', async () => {
    const app = limitedApp({ rateLimit: 1, publicRateLimit: 3 })
    const origin = await listen(app)
    const spellings = ['/api/v1/health', '/api/v1/health/', '//api//v1/health', '/api/v1/health?x=1']
    for (let i = 0; i < 100; i++) {
      const url = spellings[i % spellings.length]
      expect(await statusOf(app, url)).toBe(200)
      expect(await statusOver(origin, url, {}, i % 2 ? 'HEAD' : 'GET')).toBe(200)
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: DETAIL,
        headers: { origin: 'https://example.com', 'access-control-request-method': 'GET' },
      })
      expect(preflight.statusCode).toBe(204)
    }
    // None of that was counted: the ceilings are untouched
    for (let i = 0; i < 3; i++) expect(await statusOver(origin, DETAIL)).toBe(200)
    expect(await statusOver(origin, DETAIL)).toBe(429)
  })
})

describe('the client address (TRUST_PROXY), on both paths', () => {
  const from = (client: string) => ({ 'x-forwarded-for': client })

  test.each([
    {
      name: 'trusted proxy address: clients are counted apart by X-Forwarded-For',
      trustProxy: '127.0.0.1',
      apart: true,
    },
    { name: 'a hop count works the same way', trustProxy: 1, apart: true },
    { name: 'not trusted (the default): X-Forwarded-For cannot dodge the limit', trustProxy: undefined, apart: false },
    { name: 'another proxy trusted: this one cannot set the client address', trustProxy: '10.9.9.9', apart: false },
  ])('$name', async ({ trustProxy, apart }) => {
    // Cached reads (the fast path)
    const cached = await listen(limitedApp({ publicRateLimit: 2, trustProxy }))
    expect(await statusOver(cached, DETAIL, from('203.0.113.1'))).toBe(200)
    expect(await statusOver(cached, DETAIL, from('203.0.113.1'))).toBe(200)
    expect(await statusOver(cached, DETAIL, from('203.0.113.1'))).toBe(429)
    expect(await statusOver(cached, DETAIL, from('203.0.113.2'))).toBe(apart ? 200 : 429)
    // Costly requests (the Fastify path)
    const costly = await listen(limitedApp({ rateLimit: 1, trustProxy }))
    expect(await statusOver(costly, SEARCH, from('198.51.100.1'))).toBe(200)
    expect(await statusOver(costly, SEARCH, from('198.51.100.2'))).toBe(apart ? 200 : 429)
    expect(await statusOver(costly, SEARCH, from('198.51.100.1'))).toBe(429)
  })
})

describe('IPv6 clients are counted by their /64 (one host or home network), IPv4-mapped ones as IPv4', () => {
  test.each([
    { name: 'two addresses in one /64 share a count', first: '2001:db8::1', second: '2001:db8::2', apart: false },
    { name: 'another /64 is counted apart', first: '2001:db8::1', second: '2001:db8:0:1::1', apart: true },
    { name: 'an IPv4-mapped address is its IPv4 one', first: '::ffff:192.0.2.7', second: '192.0.2.7', apart: false },
  ])('$name', async ({ first, second, apart }) => {
    const app = limitedApp({ publicRateLimit: 1 })
    expect((await app.inject({ url: DETAIL, remoteAddress: first })).statusCode).toBe(200)
    expect((await app.inject({ url: DETAIL, remoteAddress: second })).statusCode).toBe(apart ? 200 : 429)
  })
})

describe('npm run api: RATE_LIMIT and RATE_LIMIT_PUBLIC from the environment', () => {
  test('both ceilings apply in the real server; /health stays open', async () => {
    const api = await startApi({ CONTENT_DIR: 'tests/api/fixtures/valid', RATE_LIMIT: '1', RATE_LIMIT_PUBLIC: '4' })
    try {
      for (let i = 0; i < 20; i++) expect(await statusOver(api.origin, '/api/v1/health')).toBe(200)
      expect(await statusOver(api.origin, SEARCH)).toBe(200)
      expect(await statusOver(api.origin, SEARCH)).toBe(429)
      for (let i = 0; i < 2; i++) expect(await statusOver(api.origin, DETAIL)).toBe(200)
      expect(await statusOver(api.origin, DETAIL)).toBe(429)
    } finally {
      await stop(api)
    }
  }, 30_000)

  test('RATE_LIMIT=0 alone turns both off (RATE_LIMIT_PUBLIC defaults to 10 × RATE_LIMIT)', async () => {
    const api = await startApi({ CONTENT_DIR: 'tests/api/fixtures/valid', RATE_LIMIT: '0' })
    try {
      const statuses = await Promise.all(Array.from({ length: 200 }, () => statusOver(api.origin, DETAIL)))
      expect(new Set(statuses)).toEqual(new Set([200]))
    } finally {
      await stop(api)
    }
  }, 30_000)
})

// Redis: Debian's redis-server, started here on a free port and stopped by its pid
const hasRedis = spawnSync('redis-server', ['--version']).status === 0
requireInCi(hasRedis, 'redis-server (for the REDIS_URL tests)', 'apt-get install redis-server')
const describeRedis = hasRedis ? describe : describe.skip

describeRedis('REDIS_URL: costly counts shared by replicas', () => {
  let redis: Started
  let redisUrl: string
  beforeAll(async () => {
    const port = await freePort()
    redis = await start(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        ready: { port },
      },
    )
    redisUrl = `redis://127.0.0.1:${port}`
  }, 20_000)
  afterAll(() => stop(redis))

  test('two app instances share one count; the public ceiling stays per instance', async () => {
    const one = limitedApp({ rateLimit: 3, publicRateLimit: 4, redisUrl })
    const two = limitedApp({ rateLimit: 3, publicRateLimit: 4, redisUrl })
    await Promise.all([one.ready(), two.ready()])
    expect(await statusOf(one, SEARCH)).toBe(200)
    expect(await statusOf(two, SEARCH)).toBe(200)
    expect(await statusOf(one, SEARCH)).toBe(200)
    const refused = await two.inject(SEARCH)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual(rateLimited)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(59)
    expect(await statusOf(one, SEARCH)).toBe(429)
    // The count is in Redis, under the client's address
    const client = new Redis(redisUrl)
    expect(await client.keys(`${REDIS_KEY_PREFIX}*`)).toEqual([`${REDIS_KEY_PREFIX}127.0.0.1`])
    await client.flushall()
    client.disconnect()
    // The public ceiling is each instance's own: `two` has counted its 2 searches, `three` nothing yet
    expect(await statusOf(two, DETAIL)).toBe(200)
    expect(await statusOf(two, DETAIL)).toBe(200)
    expect(await statusOf(two, DETAIL)).toBe(429)
    const three = limitedApp({ rateLimit: 3, publicRateLimit: 4, redisUrl })
    expect(await statusOf(three, DETAIL)).toBe(200)
  }, 20_000)

  test('Redis going away never takes the API down: requests go ahead uncounted, and quickly', async () => {
    const port = await freePort()
    const own = await start(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        ready: { port },
      },
    )
    const app = limitedApp({ rateLimit: 2, redisUrl: `redis://127.0.0.1:${port}` })
    await app.ready()
    expect(await statusOf(app, SEARCH)).toBe(200)
    await stop(own)
    const started = Date.now()
    for (let i = 0; i < 10; i++) expect(await statusOf(app, SEARCH)).toBe(200)
    expect(Date.now() - started).toBeLessThan(5_000)
  }, 20_000)

  test('no Redis at all on start: the API starts within a few seconds and serves', async () => {
    const port = await freePort()
    const started = Date.now()
    const app = limitedApp({ rateLimit: 2, redisUrl: `redis://127.0.0.1:${port}` })
    await app.ready()
    expect(Date.now() - started).toBeLessThan(5_000)
    for (let i = 0; i < 5; i++) expect(await statusOf(app, SEARCH)).toBe(200)
  }, 20_000)
})
