#!/usr/bin/env node
// Serves the H5 build (dist/h5) and passes /api/, /media/ and the staff pages (/staff/) through to the content API,
// so the H5 preview, the staff pages and the end-to-end tests use one origin, as nginx does in deploy/ (the H5 build is
// made with TARO_APP_API empty). The Host header is passed on unchanged, as nginx's `proxy_set_header Host $host`
// does: the newsroom's preview links point at the origin the staff pages were opened on.
// Text files (JS, CSS, HTML, JSON, SVG) are sent brotli- or gzip-compressed when the browser accepts it, as nginx
// or a CDN in front of a real deployment would (`gzip_static`/`brotli_static` on files compressed at deploy time):
// each is compressed once, on its first request, and kept in memory (the build's file names carry their hash).
// The app's files are sent with the Content-Security-Policy deploy/nginx/shijian.conf.template sends (below, CSP).
// Usage: API_ORIGIN=http://127.0.0.1:3000 PORT=10086 node scripts/serve-h5.mjs   (PORT=0: a free port)
// TARO_APP_API: the API origin the build calls, when it was built with one (the CSP then allows it too).
import { createReadStream, readFileSync, statSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'

const root = path.resolve(process.env.H5_DIR ?? 'dist/h5')
const apiOrigin = new URL(process.env.API_ORIGIN ?? 'http://127.0.0.1:3000')
const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? 10086)

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/**
 * The H5 app's Content-Security-Policy, the same as deploy/nginx/shijian.conf.template's (tests/support/h5-csp.ts
 * holds what both must send): scripts, styles, images, media and API calls from our own origins only, the page's
 * and the API's when the build calls another (TARO_APP_API); never framed, no plugins, no <base> elsewhere.
 * 'unsafe-inline' for styles only: Taro's H5 router writes its page and navigation styles into <style> elements at
 * start, and its showToast/showModal (a copied link's 内容已复制) set style attributes, text no header can name in
 * advance. Styles cannot run script; scripts stay 'self' only (the build has no inline script: index.html's start
 * script is a file, config/h5-route-preload/plugin.ts). data: images and fonts: the build inlines its small icons,
 * and Taro's component styles an icon font, as data: URLs (nothing is fetched for them). No 'unsafe-eval': nothing in
 * the build evaluates strings. Checked in Chromium on every page: tests/e2e/csp.test.ts.
 */
const apiAllowed = process.env.TARO_APP_API ? ` ${new URL(process.env.TARO_APP_API).origin}` : ''
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data:${apiAllowed}`,
  "font-src 'self' data:",
  `media-src 'self'${apiAllowed}`,
  `connect-src 'self'${apiAllowed}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg'])
const compressed = new Map() // `${file}:${mtime}:${encoding}` → bytes

/** The encoding to send: br, then gzip, when the request accepts it (q=0 refuses); undefined for none. */
function chooseEncoding(acceptEncoding = '') {
  const accepted = new Map(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(/\s*;\s*q=/))
      .map(([name, q]) => [name.toLowerCase(), q === undefined ? 1 : Number(q)]),
  )
  const allows = (name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (allows('br')) return 'br'
  if (allows('gzip')) return 'gzip'
  return undefined
}

function compressedBody(file, stat, encoding) {
  const key = `${file}:${stat.mtimeMs}:${encoding}`
  let body = compressed.get(key)
  if (!body) {
    const bytes = readFileSync(file)
    body =
      encoding === 'br'
        ? brotliCompressSync(bytes, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
          })
        : gzipSync(bytes, { level: 9 })
    compressed.set(key, body)
  }
  return body
}

function passToApi(req, res) {
  const upstream = http.request(
    {
      host: apiOrigin.hostname,
      port: apiOrigin.port,
      path: req.url,
      method: req.method,
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    },
  )
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify({ error: { code: 'API_UNREACHABLE', message: 'The content API is not reachable' } }))
  })
  req.pipe(upstream)
}

function serveFile(req, res) {
  const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname)
  let file = path.join(root, pathname)
  if (!file.startsWith(root)) {
    res.writeHead(400).end()
    return
  }
  let stat
  try {
    stat = statSync(file)
    if (stat.isDirectory()) {
      file = path.join(file, 'index.html')
      stat = statSync(file)
    }
  } catch {
    // The app's own routes (browser history mode) fall back to index.html.
    file = path.join(root, 'index.html')
    stat = statSync(file)
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream'
  const cache = file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'
  const headers = { 'content-type': type, 'cache-control': cache, 'content-security-policy': CSP }
  const encoding = COMPRESSIBLE.has(path.extname(file)) ? chooseEncoding(req.headers['accept-encoding']) : undefined
  if (COMPRESSIBLE.has(path.extname(file))) headers.vary = 'Accept-Encoding'
  if (encoding) {
    const body = compressedBody(file, stat, encoding)
    res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length })
    res.end(req.method === 'HEAD' ? undefined : body)
    return
  }
  res.writeHead(200, { ...headers, 'content-length': stat.size })
  if (req.method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
}

const server = http.createServer((req, res) => {
  try {
    if (/^\/(?:api|media|staff)\//.test(req.url) || req.url === '/staff') passToApi(req, res)
    else serveFile(req, res)
  } catch {
    if (!res.headersSent) res.writeHead(400)
    res.end()
  }
})

server.listen(port, host, () => {
  const { port: bound } = server.address()
  console.log(`Shijian H5 preview on http://${host}:${bound}/ (API ${apiOrigin.origin}, files ${root})`)
})
