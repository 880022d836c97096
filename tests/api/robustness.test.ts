import * as fc from 'fast-check'
import { testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

const errorShape = { error: { code: expect.any(String), message: expect.any(String) } }

describe('never a 5xx for anything a client sends', () => {
  const urls = [
    { url: '/api/v1/explainers/%E0%A4%A', status: 400 },
    { url: '/api/v1/explainers/%', status: 400 },
    { url: '/api/v1/%ZZ', status: 400 },
    { url: '/api/v1/search?q=%E0%A4%A', status: 200 },
    { url: '/api/v1/search?q=%', status: 200 },
    { url: '/api/v1/explainers?page=%ZZ', status: 400 },
    { url: '/api/v1/explainers?__proto__=x&constructor=y', status: 200 },
    { url: '/api/v1/explainers?page[]=1', status: 200 },
    { url: '/api/v1/explainers?' + 'a=1&'.repeat(500), status: 200 },
    { url: '/api/v1/explainers?' + 'a=1&'.repeat(5000), status: 414 },
    { url: '/api/v1/search?q=' + '%F0%9F%98%80'.repeat(50), status: 200 },
    { url: '/api/v1/search?q=' + '%F0%9F%98%80'.repeat(51), status: 400 },
    { url: '/api/v1/explainers/' + 'a'.repeat(500), status: 404 },
    { url: '/api/v1/explainers/' + 'a'.repeat(150), status: 404 },
    { url: '/api/v1/explainers/..%2f..%2fsite.yaml', status: 404 },
    { url: '/api/v1/explainers/%00', status: 404 },
    { url: '//api//v1//explainers', status: 200 },
    { url: '/api/v1/explainers;page=2', status: 404 },
  ]
  test.each(urls)('$url -> $status', async ({ url, status }) => {
    const response = await app.inject(url)
    expect(response.statusCode).toBe(status)
    if (status >= 400) expect(response.json()).toEqual(errorShape)
  })

  const headers: { name: string; headers: Record<string, string> }[] = [
    { name: 'a huge If-None-Match', headers: { 'if-none-match': '"x",'.repeat(2000) } },
    { name: 'an Accept nobody serves', headers: { accept: 'application/xml' } },
    { name: 'Accept-Encoding: gzip', headers: { 'accept-encoding': 'gzip, br' } },
    { name: 'a Content-Type with no body', headers: { 'content-type': 'application/json' } },
    { name: 'a bogus Range on JSON', headers: { range: 'bytes=abc' } },
    { name: 'an Origin of null', headers: { origin: 'null' } },
    { name: 'X-Forwarded-For garbage', headers: { 'x-forwarded-for': 'not-an-ip, ::::' } },
  ]
  test.each(headers)('$name still gets 200', async ({ headers: sent }) => {
    const response = await app.inject({ url: '/api/v1/explainers', headers: sent })
    expect(response.statusCode).toBe(200)
  })

  const methods = [
    { method: 'POST', status: 405 },
    { method: 'PUT', status: 405 },
    { method: 'DELETE', status: 405 },
    { method: 'PATCH', status: 405 },
  ] as const
  test.each(methods)(
    '$method with a broken JSON body -> $status before the body is read',
    async ({ method, status }) => {
      const response = await app.inject({
        method,
        url: '/api/v1/explainers',
        headers: { 'content-type': 'application/json' },
        payload: '{not json',
      })
      expect(response.statusCode).toBe(status)
      expect(response.json()).toEqual(errorShape)
    },
  )

  test('random paths and query strings never answer 5xx, and every error has the error shape', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'api',
        'v1',
        'explainers',
        'warnings',
        'videos',
        'news',
        'search',
        'home',
        'media',
        '..',
        '%',
        '%2F',
      ),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
      fc.string({ maxLength: 6 }),
    )
    const query = fc.dictionary(
      fc.constantFrom('page', 'pageSize', 'q', 'level', 'region', 'category', 'award', 'topic', 'includeExpired', 'x'),
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.integer().map(String),
        fc.constantFrom('', '1e999', 'NaN', '-0', '0x10'),
      ),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 5 }), query, async (segments, params) => {
        const url =
          '/' +
          segments.join('/') +
          '?' +
          Object.entries(params)
            .map(([key, value]) => `${key}=${value}`)
            .join('&')
        let response
        try {
          response = await app.inject(url)
        } catch {
          return // light-my-request refuses some strings as URLs before they reach the server
        }
        expect(response.statusCode).toBeLessThan(500)
        if (response.statusCode >= 400 && response.headers['content-type']?.toString().includes('json')) {
          expect(response.json()).toEqual(errorShape)
        }
      }),
      { numRuns: 300 },
    )
  })
})
