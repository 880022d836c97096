// The staff dashboard (staff/, built by `npm run build:staff` into dist/staff) served under /staff/ on the API's
// origin, so that its calls to /api/v1/staff/ are same-origin and carry the SameSite=Strict session cookie.
// index.html is checked again on each use (no-cache); files under assets/ carry a content hash and are immutable.
// The pages get a Content-Security-Policy of their own: scripts, styles and connections from this origin only, no
// inline script or style attribute, never framed. The one exception: <style> elements carrying the index response's
// nonce (a new one for each response, given to the page in <meta property="csp-nonce">), which the newsroom's
// CodeMirror editor writes its styles into (style-mod; EditorView.cspNonce). So the index is made per response and
// never stored (no-store: a cached page would hold an old nonce). Without a build, /staff/ answers 503 and says
// how to make one. STAFF_APP_DIR points at another folder holding index.html and assets/.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'

export const STAFF_APP_PREFIX = '/staff/'

export const STAFF_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** The index page's policy: STAFF_APP_CSP, and <style> elements with this response's nonce. */
export function staffIndexCsp(nonce: string): string {
  return STAFF_APP_CSP.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`)
}

/** The index page with its nonce in <meta property="csp-nonce"> (read by the page as the element's .nonce). */
export function withNonce(html: string, nonce: string): string {
  const meta = `<meta property="csp-nonce" nonce="${nonce}" />`
  return /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${meta}`)
    : html.replace(/^(<!doctype html>)?/i, (doctype) => `${doctype}${meta}`)
}

const IMMUTABLE = 'public, max-age=31536000, immutable'

/** The folder of the built dashboard: STAFF_APP_DIR, else dist/staff of the working directory. */
export function staffAppDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.STAFF_APP_DIR?.trim() || 'dist/staff')
}

export const staffApp: FastifyPluginAsync<{ dir: string }> = async (app, { dir }) => {
  app.addHook('onSend', async (_request, reply) => {
    // (the index sets its own, with its nonce)
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', STAFF_APP_CSP)
    reply.header('cross-origin-resource-policy', 'same-origin')
    reply.header('x-frame-options', 'DENY')
    reply.removeHeader('access-control-allow-origin')
    if (reply.statusCode >= 400) reply.header('cache-control', 'no-store')
  })

  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    const missing = async (_request: unknown, reply: FastifyReply) =>
      reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          `The staff dashboard is not built: run \`npm run build:staff\` (it builds into ${dir}),\n` +
            'or set STAFF_APP_DIR to the folder of a build.\n' +
            '传播力看板尚未构建：请运行 npm run build:staff。\n',
        )
    app.get(STAFF_APP_PREFIX, missing)
    app.get(`${STAFF_APP_PREFIX}*`, missing)
    return
  }

  await app.register(fastifyStatic, {
    root: dir,
    prefix: STAFF_APP_PREFIX,
    index: ['index.html'],
    redirect: false,
    list: false,
    dotfiles: 'ignore',
    // reply.sendFile in this plugin's scope only (the index below)
    decorateReply: true,
    wildcard: true,
    // .br and .gz written beside the files by the build (staff/vite.config.mts)
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      const inAssets = path.relative(dir, filePath).split(path.sep)[0] === 'assets'
      reply.header('cache-control', inAssets ? IMMUTABLE : 'no-cache')
    },
  })
  // /staff/, /staff (the router ignores a trailing slash) and /staff/index.html: the index page, with a new nonce
  const index = async (_request: unknown, reply: FastifyReply) => {
    const html = await fs.promises.readFile(path.join(dir, 'index.html'), 'utf8')
    const nonce = randomBytes(18).toString('base64')
    return reply
      .header('content-security-policy', staffIndexCsp(nonce))
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(withNonce(html, nonce))
  }
  app.get(STAFF_APP_PREFIX, index)
  app.get(`${STAFF_APP_PREFIX}index.html`, index)
}
