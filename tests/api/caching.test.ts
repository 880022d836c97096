import { PREVIEW_TOKEN, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

const URLS = [
  '/api/v1/health',
  '/api/v1/site',
  '/api/v1/home',
  '/api/v1/services',
  '/api/v1/search?q=test',
  '/api/v1/explainers',
  '/api/v1/explainers?category=prices',
  '/api/v1/explainers/test-explainer-alpha',
  '/api/v1/warnings?includeExpired=true&pageSize=2',
  '/api/v1/warnings/test-warning-active',
  '/api/v1/videos',
  '/api/v1/videos/test-video-first',
  '/api/v1/news?page=2&pageSize=1',
  '/api/v1/news/test-news-one',
]

describe('ETag and 304', () => {
  test.each(URLS)('%s has a strong ETag, and If-None-Match with it gives 304 with no body', async (url) => {
    const first = await app.inject(url)
    expect(first.statusCode).toBe(200)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[\w-]{27}"$/)

    const again = await app.inject({ url, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers.etag).toBe(etag)
    expect(again.headers['cache-control']).toBe(first.headers['cache-control'])
    expect(again.headers['access-control-allow-origin']).toBe('*')
  })

  const matching = [
    { name: 'a list of tags containing it', header: (etag: string) => `"nope", ${etag}` },
    { name: 'its weak form', header: (etag: string) => `W/${etag}` },
    { name: '*', header: () => '*' },
  ]
  test.each(matching)('If-None-Match with $name gives 304', async ({ header }) => {
    const { headers } = await app.inject('/api/v1/explainers')
    const response = await app.inject({
      url: '/api/v1/explainers',
      headers: { 'if-none-match': header(headers.etag as string) },
    })
    expect(response.statusCode).toBe(304)
  })

  test.each(['"stale"', 'garbage', '""', ','])('If-None-Match: %s gives the full 200', async (header) => {
    const response = await app.inject({ url: '/api/v1/explainers', headers: { 'if-none-match': header } })
    expect(response.statusCode).toBe(200)
    expect(response.json().items).toHaveLength(3)
  })

  test('the same response keeps its ETag across requests; different responses have different ETags', async () => {
    const a = await app.inject('/api/v1/explainers')
    const b = await app.inject('/api/v1/explainers')
    const c = await app.inject('/api/v1/explainers?pageSize=2')
    expect(a.headers.etag).toBe(b.headers.etag)
    expect(c.headers.etag).not.toBe(a.headers.etag)
  })

  test('a preview and the public answer of the same URL do not share an ETag', async () => {
    const open = await app.inject('/api/v1/explainers')
    const preview = await app.inject({ url: '/api/v1/explainers', headers: { 'x-preview-token': PREVIEW_TOKEN } })
    expect(preview.headers.etag).not.toBe(open.headers.etag)
  })
})

describe('Cache-Control and CORS on public responses', () => {
  test.each(URLS.filter((url) => !url.endsWith('/health')))(
    '%s may be cached by CDNs and read from any origin',
    async (url) => {
      const response = await app.inject({ url, headers: { origin: 'https://anywhere.example.test' } })
      expect(response.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600')
      // nginx's cache (deploy/) revalidates after 5 s, so a withdrawn item leaves it within seconds
      expect(response.headers['x-accel-expires']).toBe('5')
      expect(response.headers['access-control-allow-origin']).toBe('*')
      expect(response.headers.vary).toBe('X-Preview-Token, Accept-Encoding')
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    },
  )

  test('/health is revalidated every time', async () => {
    const response = await app.inject('/api/v1/health')
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers['x-accel-expires']).toBeUndefined()
  })

  test('preview responses are private and never stored, with their own ETag', async () => {
    const response = await app.inject({ url: '/api/v1/health', headers: { 'x-preview-token': PREVIEW_TOKEN } })
    expect(response.headers['cache-control']).toBe('private, no-store')
    expect(response.headers['x-accel-expires']).toBeUndefined()
    expect(response.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/) // SHA-1 of the body, base64url
  })

  test('errors are never stored', async () => {
    const response = await app.inject('/api/v1/explainers/no-such-item')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['x-accel-expires']).toBeUndefined()
    expect(response.headers.etag).toBeUndefined()
  })
})

describe('HEAD', () => {
  test.each(URLS)('HEAD %s answers the GET headers with no body', async (url) => {
    const get = await app.inject(url)
    const head = await app.inject({ method: 'HEAD', url })
    expect(head.statusCode).toBe(200)
    expect(head.body).toBe('')
    expect(head.headers.etag).toBe(get.headers.etag)
    expect(head.headers['content-length']).toBe(get.headers['content-length'])
    expect(head.headers['content-type']).toBe(get.headers['content-type'])
  })

  test('HEAD with a matching If-None-Match is 304', async () => {
    const { headers } = await app.inject('/api/v1/news')
    const head = await app.inject({
      method: 'HEAD',
      url: '/api/v1/news',
      headers: { 'if-none-match': headers.etag as string },
    })
    expect(head.statusCode).toBe(304)
  })

  test('HEAD of an unknown id is 404', async () => {
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/news/no-such-item' })
    expect(head.statusCode).toBe(404)
  })
})

describe('responses are built once, when content loads', () => {
  test('repeated requests get identical bytes', async () => {
    const bodies = await Promise.all(Array.from({ length: 5 }, () => app.inject('/api/v1/home')))
    expect(new Set(bodies.map((response) => response.body)).size).toBe(1)
  })
})
