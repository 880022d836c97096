import { SECURITY_HEADERS } from '../../server/http/security-headers'
import { PREVIEW_ORIGIN, PREVIEW_TOKEN, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

describe('security headers on every response', () => {
  const requests = [
    { name: 'a list', method: 'GET', url: '/api/v1/explainers', status: 200 },
    { name: 'a detail, br', method: 'GET', url: '/api/v1/warnings/test-warning-active', status: 200, br: true },
    { name: 'HEAD', method: 'HEAD', url: '/api/v1/home', status: 200 },
    { name: 'an unknown id', method: 'GET', url: '/api/v1/news/none', status: 404 },
    { name: 'an unknown path', method: 'GET', url: '/nothing/here', status: 404 },
    { name: 'a broken %-escape', method: 'GET', url: '/api/v1/%ZZ', status: 400 },
    { name: 'a bad parameter', method: 'GET', url: '/api/v1/news?page=0', status: 400 },
    { name: 'a wrong preview token', method: 'GET', url: '/api/v1/news?preview=wrong', status: 401, preview: true },
    { name: 'POST', method: 'POST', url: '/api/v1/news', status: 405 },
    { name: 'a preflight', method: 'OPTIONS', url: '/api/v1/news', status: 204 },
    { name: 'media', method: 'GET', url: '/media/images/test-figure.png', status: 200 },
    { name: 'a media range', method: 'GET', url: '/media/videos/test-clip.mp4', status: 206, range: 'bytes=0-3' },
  ] as const
  test.each(requests)(
    '$name ($method $url) -> $status with nosniff, CSP, referrer and resource policies',
    async (request) => {
      const headers: Record<string, string> = {}
      if ('br' in request) headers['accept-encoding'] = 'br'
      if ('range' in request) headers.range = request.range
      const response = await app.inject({ method: request.method, url: request.url, headers })
      expect(response.statusCode).toBe(request.status)
      const resourcePolicy = 'preview' in request ? 'same-origin' : 'cross-origin'
      expect(response.headers).toMatchObject({ ...SECURITY_HEADERS, 'cross-origin-resource-policy': resourcePolicy })
      expect(response.headers['x-powered-by']).toBeUndefined()
      expect(response.headers.server).toBeUndefined()
    },
  )

  test('a 304 carries them too', async () => {
    const first = await app.inject('/api/v1/home')
    const again = await app.inject({ url: '/api/v1/home', headers: { 'if-none-match': first.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    expect(again.headers).toMatchObject(SECURITY_HEADERS)
  })

  test('JSON may not run or frame anything: default-src none, frame-ancestors none', async () => {
    const response = await app.inject('/api/v1/home')
    expect(response.headers['content-security-policy']).toMatch(/default-src 'none'/)
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
  })

  test('public JSON and media may be embedded from any origin (the H5 app); previews only from their own', async () => {
    expect((await app.inject('/media/posters/test-poster.png')).headers['cross-origin-resource-policy']).toBe(
      'cross-origin',
    )
    const preview = await app.inject({
      url: '/api/v1/explainers',
      headers: { 'x-preview-token': PREVIEW_TOKEN, origin: PREVIEW_ORIGIN },
    })
    expect(preview.headers['cross-origin-resource-policy']).toBe('same-origin')
    expect(preview.headers['access-control-allow-origin']).toBe(PREVIEW_ORIGIN)
  })
})

describe('only GET, HEAD and OPTIONS', () => {
  const methods = ['POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'PROPFIND'] as const
  const urls = [
    '/api/v1/explainers',
    '/api/v1/explainers/test-explainer-alpha',
    '/api/v1/nothing',
    '/media/images/test-figure.png',
  ]
  const cases = methods.flatMap((method) => urls.map((url) => ({ method, url })))
  test.each(cases)('$method $url -> 405 METHOD_NOT_ALLOWED, Allow: GET, HEAD, OPTIONS', async ({ method, url }) => {
    // PROPFIND is not in light-my-request's list of methods, but it sends it all the same
    const response = await app.inject({ method: method as 'POST', url })
    expect(response.statusCode).toBe(405)
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.json()).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining(method) } })
  })

  test('a body is never read: a large POST is refused with 405, not parsed', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/explainers',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ a: 'x'.repeat(2_000_000) }),
    })
    expect(response.statusCode).toBe(405)
  })
})

describe('request size limits', () => {
  test('a body over 1 KB (OPTIONS may carry one) -> 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/explainers',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ a: 'x'.repeat(2000) }),
    })
    expect(response.statusCode).toBe(413)
    expect(response.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } })
  })

  const urls = [
    { name: '2,048 characters', url: '/api/v1/explainers?x=' + 'a'.repeat(2048 - 21), status: 200 },
    { name: '2,049 characters', url: '/api/v1/explainers?x=' + 'a'.repeat(2049 - 21), status: 414 },
    { name: 'a 100 KB query', url: '/api/v1/search?q=' + 'a'.repeat(100_000), status: 414 },
    { name: 'a long path', url: '/api/v1/' + 'a/'.repeat(2000), status: 414 },
  ]
  test.each(urls)('a URL of $name -> $status', async ({ url, status }) => {
    const response = await app.inject(url)
    expect(response.statusCode).toBe(status)
    if (status === 414)
      expect(response.json()).toEqual({ error: { code: 'URI_TOO_LONG', message: expect.any(String) } })
  })
})
