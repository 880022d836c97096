// The staff dashboard's pages under /staff/ (server/http/staff-app.ts), over a small build made here: the index
// checked again on each use, hashed files immutable, a policy of their own, and 503 saying how to build when there
// is no build.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib'
import { STAFF_APP_CSP, staffAppDir, staffIndexCsp, withNonce } from '../../server/http/staff-app'
import { testApp, type TestApp } from './test-app'

let dir: string
let app: TestApp
let missing: TestApp
const INDEX = '<!doctype html><script type="module" src="/staff/assets/index-Ab12Cd34.js"></script>'
const SCRIPT = 'console.log("staff")\n'.repeat(100)

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-staff-app-'))
  fs.mkdirSync(path.join(dir, 'assets'))
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX)
  fs.writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js'), SCRIPT)
  fs.writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.br'), brotliCompressSync(SCRIPT))
  app = testApp({ staffAppDir: dir })
  missing = testApp({ staffAppDir: path.join(dir, 'not-built') })
  await Promise.all([app.ready(), missing.ready()])
})

afterAll(async () => {
  await Promise.all([app.close(), missing.close()])
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('/staff/', () => {
  test.each(['/staff/', '/staff', '/staff/index.html'])(
    '%s: the index, never stored, with the pages’ policy and a nonce of its own for <style> elements',
    async (url) => {
      const response = await app.inject({ method: 'GET', url })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(response.headers['cache-control']).toBe('no-store')
      const nonce = /<meta property="csp-nonce" nonce="([A-Za-z0-9+/]{24})" \/>/.exec(response.body)?.[1]
      expect(nonce).toBeDefined()
      expect(response.headers['content-security-policy']).toBe(staffIndexCsp(nonce!))
      expect(response.headers['content-security-policy']).toContain(`style-src 'self' 'nonce-${nonce}';`)
      expect(response.headers['access-control-allow-origin']).toBeUndefined()
      expect(response.headers['cross-origin-resource-policy']).toBe('same-origin')
      expect(response.body).toBe(withNonce(INDEX, nonce!))
      expect(response.body.replace(/<meta property="csp-nonce"[^>]*>/, '')).toBe(INDEX)
      // A new nonce for each response
      const again = await app.inject({ method: 'GET', url })
      expect(again.body).not.toContain(nonce)
    },
  )

  test('the nonce goes into the page’s <head> when it has one', () => {
    expect(withNonce('<!doctype html><html><head><title>x</title></head></html>', 'abc')).toBe(
      '<!doctype html><html><head>\n    <meta property="csp-nonce" nonce="abc" /><title>x</title></head></html>',
    )
  })

  test('the policy allows no inline script or style and no other origin', () => {
    expect(STAFF_APP_CSP).toContain("script-src 'self'")
    expect(STAFF_APP_CSP).toContain("frame-ancestors 'none'")
    expect(STAFF_APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
    expect(staffIndexCsp('abc')).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
    expect(staffIndexCsp('abc')).toContain("script-src 'self';")
  })

  test('a hashed file: immutable for a year, its brotli copy when accepted, the file otherwise', async () => {
    const url = '/staff/assets/index-Ab12Cd34.js'
    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } })
    expect(br.statusCode).toBe(200)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['content-type']).toMatch(/^application\/javascript/)
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT)
    const plain = await app.inject({ method: 'GET', url })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(SCRIPT)
  })

  test('a missing file is a 404, a path out of the folder is refused, nothing is listed', async () => {
    expect((await app.inject({ method: 'GET', url: '/staff/assets/nope.js' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/staff/../package.json' })).statusCode).not.toBe(200)
    expect((await app.inject({ method: 'GET', url: '/staff/%2e%2e/package.json' })).statusCode).not.toBe(200)
    expect((await app.inject({ method: 'GET', url: '/staff/assets/' })).statusCode).toBe(404)
  })

  test('no build: 503, plain text saying to run npm run build:staff, never cached', async () => {
    for (const url of ['/staff/', '/staff/assets/index-Ab12Cd34.js']) {
      const response = await missing.inject({ method: 'GET', url })
      expect(response.statusCode).toBe(503)
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(response.headers['cache-control']).toBe('no-store')
      expect(response.body).toContain('npm run build:staff')
    }
  })

  test('STAFF_APP_DIR names the folder; unset, dist/staff of the working directory', () => {
    expect(staffAppDir({ STAFF_APP_DIR: '/srv/staff' })).toBe('/srv/staff')
    expect(staffAppDir({})).toBe(path.resolve('dist/staff'))
  })
})
