import { testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

describe('/media', () => {
  const files = [
    { url: '/media/images/test-figure.png', type: 'image/png' },
    { url: '/media/posters/test-poster.png', type: 'image/png' },
    { url: '/media/videos/test-clip.mp4', type: 'video/mp4' },
  ]
  test.each(files)('$url -> 200 $type, kept 30 days by phones, 5 s by shared caches', async ({ url, type }) => {
    const response = await app.inject(url)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe(type)
    expect(response.headers['cache-control']).toBe('public, max-age=2592000, s-maxage=5')
    expect(response.headers['accept-ranges']).toBe('bytes')
    expect(response.headers.etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/) // @fastify/static: size-mtime, weak
    expect(response.headers['access-control-allow-origin']).toBe('*')
  })

  test('a range request gets 206 with just those bytes, so video seeking works', async () => {
    const response = await app.inject({ url: '/media/videos/test-clip.mp4', headers: { range: 'bytes=5-11' } })
    expect(response.statusCode).toBe(206)
    expect(response.headers['content-range']).toBe('bytes 5-11/2304')
    expect(response.body).toBe('fixture')
  })

  test('a range past the end is 416, not a server error', async () => {
    const response = await app.inject({ url: '/media/videos/test-clip.mp4', headers: { range: 'bytes=99999-' } })
    expect(response.statusCode).toBe(416)
  })

  test('a media ETag gives 304', async () => {
    const first = await app.inject('/media/images/test-figure.png')
    const again = await app.inject({
      url: '/media/images/test-figure.png',
      headers: { 'if-none-match': first.headers.etag as string },
    })
    expect(again.statusCode).toBe(304)
  })

  const refused = [
    { url: '/media/', status: 404, code: 'NOT_FOUND' },
    { url: '/media/images', status: 404, code: 'NOT_FOUND' },
    { url: '/media/images/', status: 404, code: 'NOT_FOUND' },
    { url: '/media/.hidden', status: 404, code: 'NOT_FOUND' },
    { url: '/media/images/none.png', status: 404, code: 'NOT_FOUND' },
  ]
  test.each(refused)(
    '$url -> $status $code with the error body (no listings, no dotfiles)',
    async ({ url, status, code }) => {
      const response = await app.inject(url)
      expect(response.statusCode).toBe(status)
      expect(response.json()).toEqual({ error: { code, message: expect.any(String) } })
    },
  )
})
