// server/main.ts as a process: PORT=0, the printed URL, a real socket.
import net from 'node:net'
import { startApi, stop, type Started } from '../../scripts/lib/processes'

const LISTENING = /^Shijian API listening on (http:\/\/\S+) \(content: (.+), (\d+) items, (\d+) invalid\)$/m

let server: Started
let origin: string
let stdout = ''

beforeAll(async () => {
  server = await startApi({ CONTENT_DIR: 'tests/api/fixtures/valid' })
  origin = server.origin
  stdout = server.output()
}, 30_000)

afterAll(() => stop(server))

describe('npm run api (server/main.ts)', () => {
  test('prints one line with the URL actually bound, the content folder and its counts', () => {
    const match = LISTENING.exec(stdout)
    expect(match?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(match?.[1]).not.toBe('http://127.0.0.1:0')
    expect(match?.slice(2)).toEqual(['tests/api/fixtures/valid', '18', '0'])
  })

  test('answers over a real socket', async () => {
    const response = await fetch(`${origin}/api/v1/health`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await response.json()).toMatchObject({ status: 'ok', items: 18, invalid: 0 })
  })

  test('serves media with ranges', async () => {
    const response = await fetch(`${origin}/media/videos/test-clip.mp4`, { headers: { range: 'bytes=0-3' } })
    expect(response.status).toBe(206)
    expect(await response.text()).toBe('test')
  })

  test('a request Node cannot parse still gets the error shape, not a 5xx', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(origin)
      const socket = net.connect(Number(port), hostname, () =>
        socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
      )
      let data = ''
      socket.on('data', (chunk) => (data += chunk.toString()))
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    expect(raw).toMatch(/^HTTP\/1\.1 400 /)
    expect(raw).toContain('x-content-type-options: nosniff\r\n')
    expect(raw).toContain('{"error":{"code":"BAD_REQUEST","message":"The request could not be read"}}')
  })

  test('headers too large get 431 with the error shape', async () => {
    const response = await fetch(`${origin}/api/v1/health`, { headers: { 'x-big': 'x'.repeat(20_000) } })
    expect(response.status).toBe(431)
    expect(await response.json()).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) } })
  })
})
