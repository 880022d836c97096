import zlib from 'node:zlib'
import { acceptedCodings } from '../../server/content/accept-encoding'
import { MIN_COMPRESS_BYTES } from '../../server/content/prepared'
import { PREVIEW_TOKEN, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

const decode = {
  br: (data: Buffer) => zlib.brotliDecompressSync(data),
  gzip: (data: Buffer) => zlib.gunzipSync(data),
  identity: (data: Buffer) => data,
}

// Bodies of 1 KB and more: details and home are compressed when compiled, list and search pages on first build
const URLS = [
  '/api/v1/home',
  '/api/v1/explainers/test-explainer-alpha',
  '/api/v1/warnings/test-warning-active',
  '/api/v1/warnings?includeExpired=true',
  '/api/v1/search?q=test',
]

const ENCODINGS = [
  { accept: 'gzip, deflate, br', coding: 'br', suffix: '-br' },
  { accept: 'gzip', coding: 'gzip', suffix: '-gz' },
  { accept: 'identity', coding: 'identity', suffix: '' },
] as const

describe('precompressed responses follow Accept-Encoding', () => {
  const cases = URLS.flatMap((url) => ENCODINGS.map((encoding) => ({ url, ...encoding })))

  test.each(cases)('$url with Accept-Encoding: $accept -> $coding, the same JSON', async ({ url, accept, coding }) => {
    const plain = await app.inject(url)
    const response = await app.inject({ url, headers: { 'accept-encoding': accept } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-encoding']).toBe(coding === 'identity' ? undefined : coding)
    expect(response.headers.vary).toBe('X-Preview-Token, Accept-Encoding')
    expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length)
    const body = decode[coding](response.rawPayload).toString('utf8')
    expect(body).toBe(plain.body)
    expect(JSON.parse(body)).toEqual(plain.json())
    if (coding !== 'identity') expect(response.rawPayload.length).toBeLessThan(plain.rawPayload.length)
  })

  test.each(cases)(
    '$url as $coding: its own ETag, and If-None-Match with it gives 304',
    async ({ url, accept, suffix }) => {
      const plain = await app.inject(url)
      const first = await app.inject({ url, headers: { 'accept-encoding': accept } })
      const etag = first.headers.etag as string
      expect(etag).toBe((plain.headers.etag as string).slice(0, -1) + suffix + '"')

      const again = await app.inject({ url, headers: { 'accept-encoding': accept, 'if-none-match': etag } })
      expect(again.statusCode).toBe(304)
      expect(again.body).toBe('')
      expect(again.headers.etag).toBe(etag)
      expect(again.headers['content-encoding']).toBeUndefined()

      const weak = await app.inject({ url, headers: { 'accept-encoding': accept, 'if-none-match': `W/${etag}` } })
      expect(weak.statusCode).toBe(304)
    },
  )

  test('an ETag of another encoding gives the full response in the encoding asked for', async () => {
    const url = '/api/v1/explainers/test-explainer-alpha'
    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } })
    const br = await app.inject({
      url,
      headers: { 'accept-encoding': 'br', 'if-none-match': gzip.headers.etag as string },
    })
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
  })

  test('HEAD answers the Content-Length and ETag of the encoding GET would send', async () => {
    const url = '/api/v1/explainers/test-explainer-alpha'
    const headers = { 'accept-encoding': 'br' }
    const get = await app.inject({ url, headers })
    const head = await app.inject({ method: 'HEAD', url, headers })
    expect(head.body).toBe('')
    expect(head.headers['content-length']).toBe(get.headers['content-length'])
    expect(head.headers['content-encoding']).toBe('br')
    expect(head.headers.etag).toBe(get.headers.etag)
  })

  test('bodies under 1 KB are sent as they are, whatever the client accepts', async () => {
    const response = await app.inject({ url: '/api/v1/news?pageSize=1', headers: { 'accept-encoding': 'br, gzip' } })
    expect(response.rawPayload.length).toBeLessThan(MIN_COMPRESS_BYTES)
    expect(response.headers['content-encoding']).toBeUndefined()
    expect(response.headers.etag).toMatch(/^"[\w-]{27}"$/)
    expect(response.headers.vary).toBe('X-Preview-Token, Accept-Encoding')
  })

  test('a page built on request is compressed once and then served as the same bytes', async () => {
    const url = '/api/v1/search?q=explainer&pageSize=7'
    const headers = { 'accept-encoding': 'br' }
    const [a, b] = [await app.inject({ url, headers }), await app.inject({ url, headers })]
    expect(a.headers['content-encoding']).toBe('br')
    expect(b.rawPayload.equals(a.rawPayload)).toBe(true)
  })

  test('every detail is compressed when the content is compiled, not on request', () => {
    const view = app.content.view(false)
    for (const collection of Object.values(view.collections)) {
      for (const prepared of collection.details.values()) expect(prepared.encoded?.identity.etag).toBe(prepared.etag)
    }
    expect(view.home?.encoded?.br?.etag).toBe(view.home?.etag.replace(/"$/, '-br"'))
  })

  test('previews are compressed too, and stay private', async () => {
    const response = await app.inject({
      url: '/api/v1/explainers',
      headers: { 'accept-encoding': 'gzip', 'x-preview-token': PREVIEW_TOKEN },
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-encoding']).toBe('gzip')
    expect(response.headers['cache-control']).toBe('private, no-store')
    expect(response.headers.vary).toBe('Origin, X-Preview-Token, Accept-Encoding')
    const { items } = JSON.parse(zlib.gunzipSync(response.rawPayload).toString())
    expect(items).toContainEqual(expect.objectContaining({ id: 'test-explainer-draft', draft: true }))
  })

  test('a URL with doubled slashes is compressed and varies the same way', async () => {
    const response = await app.inject({ url: '//api//v1//home', headers: { 'accept-encoding': 'br' } })
    expect(response.headers['content-encoding']).toBe('br')
    expect(response.headers.vary).toBe('X-Preview-Token, Accept-Encoding')
  })

  test('errors are not compressed', async () => {
    const response = await app.inject({ url: '/api/v1/explainers/none', headers: { 'accept-encoding': 'br' } })
    expect(response.statusCode).toBe(404)
    expect(response.headers['content-encoding']).toBeUndefined()
  })
})

describe('Accept-Encoding', () => {
  const headers = [
    { header: 'gzip, deflate, br', codings: ['br', 'gzip'] },
    { header: 'br;q=1.0, gzip;q=0.8, *;q=0.1', codings: ['br', 'gzip'] },
    { header: 'gzip;q=1, br;q=0.5', codings: ['gzip', 'br'] },
    { header: 'GZIP', codings: ['gzip'] },
    { header: 'x-gzip', codings: ['gzip'] },
    { header: 'br;q=0, gzip', codings: ['gzip'] },
    { header: '*', codings: ['br', 'gzip'] },
    { header: '*;q=0.5, br;q=0', codings: ['gzip'] },
    { header: 'identity', codings: [] },
    { header: 'deflate, compress', codings: [] },
    { header: 'br;q=nonsense, gzip;q=2', codings: [] },
    { header: '', codings: [] },
    { header: ',;=,', codings: [] },
  ]
  test.each(headers)('$header -> $codings', ({ header, codings }) => {
    expect(acceptedCodings(header)).toEqual(codings)
  })
})
