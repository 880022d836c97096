// Every request, before routing: security headers, allowed methods and URL length, who may read it (CORS),
// how often (rate limits: rate-limit.ts), and whether it is a preview.
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import { sendError } from './api-error'
import { overCeiling } from './fast-path'
import { presentedToken, previewTokenMatcher } from './preview-token'
import { HEALTH_PATH, type PublicAnswers } from './public-answers'
import type { CostlyCeiling, PublicCeiling } from './rate-limit'
import { addSecurityHeaders, PREVIEW_RESOURCE_POLICY } from './security-headers'
import { PUBLIC_VARY } from './send-prepared'

/** Longer URLs get 414; the longest valid request (a 100-character search in escaped UTF-8) is about 1,300. */
export const MAX_URL_LENGTH = 2048
/**
 * The API only reads: anything else gets 405 with the error shape, before a body is read. The one exception is
 * POST /api/v1/events when events are enabled (events/events-route.ts), and POST/PUT/DELETE on the staff routes.
 */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS'
export const EVENTS_PATH = '/api/v1/events'
/** Drafts opened from a newsroom preview link (newsroom/preview-links.ts): readable from our own origins only. */
export const DRAFTS_PATH_PREFIX = '/api/v1/drafts/'
/** Staff routes (POST, PUT and DELETE allowed there): never public, never cached, never from the fast path. */
export const STAFF_PATH_PREFIX = '/api/v1/staff/'

/** True for /api/v1/events however written (`//api//v1/events/?x`), as the router matches it. */
export const isEventsPath = (url: string) =>
  url
    .split('?')[0]
    .replace(/\/{2,}/g, '/')
    .replace(/(.)\/$/, '$1') === EVENTS_PATH

/** True for a path under /api/v1/drafts/ however written (`//api//v1/drafts/…`), as the router matches it. */
export const isDraftsPath = (url: string) =>
  url
    .split('?')[0]
    .replace(/\/{2,}/g, '/')
    .startsWith(DRAFTS_PATH_PREFIX)

export interface RequestPolicyOptions {
  previewToken?: string
  /** Origins allowed to read previews and drafts; public responses may be read from any origin. */
  corsOrigins: string[]
  /** Origins also allowed to read drafts opened from a preview link: the H5 app's (H5_URL), when it names one. */
  draftOrigins?: string[]
  /** The public answers already built: a request for one is a cached read. */
  answers: PublicAnswers
  /** Every request but /health and preflights, per address; undefined: no ceiling. */
  publicCeiling?: PublicCeiling
  /** Requests that are not cached reads, per address; undefined: no ceiling. */
  costlyCeiling?: CostlyCeiling
  /** POST /api/v1/events is served (a store is open). */
  events?: boolean
  /** POST, PUT and DELETE under /api/v1/staff/ are served (staff/staff-routes.ts; newsroom autosaves use PUT). */
  staff?: boolean
}

export function requestPolicy(options: RequestPolicyOptions): onRequestHookHandler {
  const matches = previewTokenMatcher(options.previewToken)
  const allowedOrigins = new Set(options.corsOrigins)
  const draftOrigins = new Set([...options.corsOrigins, ...(options.draftOrigins ?? [])])
  const { answers, publicCeiling, costlyCeiling } = options
  const previewsOff = !options.previewToken

  return function checkRequest(request, reply, done) {
    addSecurityHeaders(reply)
    const token = presentedToken(request)
    if (token === undefined && isDraftsPath(request.url)) {
      ownOriginsCors(request, reply, draftOrigins, 'Origin, Accept-Encoding')
    } else if (token === undefined) {
      reply.header('access-control-allow-origin', '*')
      // Every path but media, so that `//api//v1/…` is covered too
      if (!request.url.startsWith('/media/')) reply.header('vary', PUBLIC_VARY)
    } else {
      request.preview = true
      ownOriginsCors(request, reply, allowedOrigins, 'Origin, X-Preview-Token, Accept-Encoding')
    }
    const method = request.method
    const isEvent = method === 'POST' && options.events === true && request.routeOptions.url === EVENTS_PATH
    const isStaff =
      (method === 'POST' || method === 'PUT' || method === 'DELETE') &&
      options.staff === true &&
      request.routeOptions.url?.startsWith(STAFF_PATH_PREFIX) === true
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && !isEvent && !isStaff) {
      reply.header('allow', ALLOWED_METHODS)
      return sendError(reply, 405, 'METHOD_NOT_ALLOWED', `${method.slice(0, 20)} is not allowed: use GET or HEAD`)
    }
    if (request.url.length > MAX_URL_LENGTH) {
      return sendError(reply, 414, 'URI_TOO_LONG', `The URL is longer than ${MAX_URL_LENGTH} characters`)
    }

    const checkToken = () => {
      if (token !== undefined && !matches(token)) {
        const message = previewsOff
          ? 'Previews are not enabled on this server'
          : 'The preview token is not valid: check X-Preview-Token or ?preview='
        return sendError(reply, 401, 'BAD_PREVIEW_TOKEN', message)
      }
      done()
    }

    // Rate limits: never /health (load balancers) nor preflights
    if (method === 'OPTIONS' || request.routeOptions.url === HEALTH_PATH) return checkToken()
    const marked = overCeiling(request.raw)
    if (marked) return tooMany(reply, marked)
    const overPublic = publicCeiling?.hit(request.ip)
    if (overPublic) return tooMany(reply, overPublic)
    // A cached read: an answer built for this exact URL (the fast path's), or media
    const cached =
      token === undefined && (answers.lookup(request.url) !== undefined || isMedia(request.routeOptions.url))
    if (cached || !costlyCeiling) return checkToken()
    costlyCeiling(request).then(
      (retryAfter) => (retryAfter ? tooMany(reply, retryAfter) : checkToken()),
      (error: unknown) => {
        // Never expected (the limiter skips its own errors); the request goes ahead rather than fail
        request.log.error({ err: error }, 'rate limit check failed')
        checkToken()
      },
    )
  }
}

const isMedia = (routeUrl: string | undefined) => routeUrl !== undefined && routeUrl.startsWith('/media/')

function tooMany(reply: FastifyReply, retryAfter: number) {
  reply.header('retry-after', String(retryAfter))
  sendError(reply, 429, 'RATE_LIMITED', `Too many requests: try again in ${retryAfter} s`)
}

/**
 * A preview (X-Preview-Token) or a draft from a preview link: readable cross-origin only from the allowed origins,
 * never embedded elsewhere. `vary`: what else the answer depends on.
 */
function ownOriginsCors(request: FastifyRequest, reply: FastifyReply, allowedOrigins: Set<string>, vary: string) {
  const origin = request.headers.origin
  if (origin && allowedOrigins.has(origin)) reply.header('access-control-allow-origin', origin)
  else reply.removeHeader('access-control-allow-origin')
  reply.header('vary', vary)
  reply.header('cross-origin-resource-policy', PREVIEW_RESOURCE_POLICY)
}

/**
 * CORS preflight: previews (the X-Preview-Token header) only from allowed origins, drafts from a preview link only
 * from those and the H5 app's, public reads from anywhere; with events enabled, POST /api/v1/events with a JSON body
 * from anywhere.
 */
export function preflight(corsOrigins: string[], events = false, draftOrigins: string[] = []) {
  const allowedOrigins = new Set(corsOrigins)
  const draftAllowed = new Set([...corsOrigins, ...draftOrigins])
  return function answerPreflight(request: FastifyRequest, reply: FastifyReply) {
    if (events && isEventsPath(request.url)) {
      reply.header('access-control-allow-origin', '*')
      reply.header('access-control-allow-headers', 'Content-Type')
      reply.header('access-control-allow-methods', 'POST')
      reply.header('access-control-max-age', '600')
      reply.header('cache-control', 'no-store')
      return reply.code(204).send()
    }
    const wanted = String(request.headers['access-control-request-headers'] ?? '').toLowerCase()
    const origin = request.headers.origin
    /** A preflight answered for the listed origins only: the others get no allow-origin at all. */
    const onlyFrom = (allowed: ReadonlySet<string>, headers: string) => {
      if (origin && allowed.has(origin)) {
        reply.header('access-control-allow-origin', origin)
        reply.header('access-control-allow-headers', headers)
      } else {
        reply.removeHeader('access-control-allow-origin')
      }
      reply.header('vary', 'Origin, Access-Control-Request-Headers')
    }
    if (isDraftsPath(request.url)) {
      onlyFrom(draftAllowed, 'If-None-Match')
    } else if (wanted.includes('x-preview-token')) {
      onlyFrom(allowedOrigins, 'X-Preview-Token, If-None-Match')
    } else {
      reply.header('access-control-allow-origin', '*')
      reply.header('access-control-allow-headers', 'If-None-Match')
    }
    reply.header('access-control-allow-methods', 'GET, HEAD')
    reply.header('access-control-max-age', '600')
    reply.header('cache-control', 'no-store')
    reply.code(204).send()
  }
}
