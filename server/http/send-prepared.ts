// Sends a response built when the content was compiled: its bytes in the encoding the client accepts (br, gzip or
// none), the ETag of that form, or a 304. Two ways, with the same status, headers and bytes: through Fastify
// (sendPrepared) and, for public answers already built, straight on Node's response (writeAnswer, the fast path).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { pickVariant } from '../content/accept-encoding'
import { encodingsOf, type Coding, type Prepared } from '../content/prepared'
import type { ContentView } from '../content/view'
import {
  EDGE_CACHE_SECONDS,
  HEALTH_PATH,
  PREVIEW_CACHE,
  PUBLIC_CACHE,
  type PublicAnswer,
  type PublicAnswers,
} from './public-answers'
import { SECURITY_HEADERS } from './security-headers'

export { HEALTH_CACHE, PREVIEW_CACHE, PUBLIC_CACHE } from './public-answers'

const JSON_TYPE = 'application/json; charset=utf-8'
/** A shared cache must not answer a preview request (header) with a public copy, nor br to a client without it. */
export const PUBLIC_VARY = 'X-Preview-Token, Accept-Encoding'

export function sendPrepared(request: FastifyRequest, reply: FastifyReply, prepared: Prepared, cacheControl?: string) {
  const variant = pickVariant(prepared.encoded ?? encodingsOf(prepared), request.headers['accept-encoding'])
  const policy = request.preview ? PREVIEW_CACHE : (cacheControl ?? PUBLIC_CACHE)
  reply.header('cache-control', policy)
  if (policy === PUBLIC_CACHE) reply.header('x-accel-expires', EDGE_CACHE_SECONDS)
  reply.header('etag', variant.etag)
  if (etagMatches(request.headers['if-none-match'], variant.etag)) {
    reply.code(304).send()
    return
  }
  reply.header('content-type', JSON_TYPE)
  if (variant.coding) reply.header('content-encoding', variant.coding)
  reply.send(variant.data)
}

/**
 * The same for an answer that depends on nothing but its URL and the view (no search): a public one is remembered
 * under the request's URL, so the next request for that URL takes the fast path and counts as a cached read.
 */
export function sendAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  view: ContentView,
  answers: PublicAnswers,
  prepared: Prepared,
  cacheControl = PUBLIC_CACHE,
) {
  if (!request.preview) {
    answers.remember(view, request.url, { prepared, cacheControl, counted: request.routeOptions.url !== HEALTH_PATH })
  }
  sendPrepared(request, reply, prepared, cacheControl)
}

/** `If-None-Match: "a", W/"b"` or `*` (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header === etag) return true
  return header.split(',').some((candidate) => {
    const tag = candidate.trim()
    return tag === '*' || tag === etag || tag === 'W/' + etag
  })
}

// The fast path's writer: the headers the Fastify path sends for a public answer (the request policy's, then
// sendPrepared's, then Fastify's Content-Length), in the same order, as flat arrays made once per form.

const BASE_HEADERS = [
  ...Object.entries(SECURITY_HEADERS).flat(),
  'access-control-allow-origin',
  '*',
  'vary',
  PUBLIC_VARY,
]

interface Heads {
  ok: string[]
  notModified: string[]
  /** Fastify's HEAD route adds Content-Length: 0 to a 304 without a body. */
  notModifiedHead: string[]
}

const headsByAnswer = new WeakMap<PublicAnswer, Partial<Record<Coding | 'identity', Heads>>>()

/** Answers a GET or HEAD with a public answer: 200 with the accepted form, or 304. */
export function writeAnswer(request: IncomingMessage, response: ServerResponse, answer: PublicAnswer): void {
  const { prepared, cacheControl } = answer
  const variant = pickVariant(prepared.encoded ?? encodingsOf(prepared), request.headers['accept-encoding'])
  let byForm = headsByAnswer.get(answer)
  if (!byForm) headsByAnswer.set(answer, (byForm = {}))
  const form = variant.coding ?? 'identity'
  let heads = byForm[form]
  if (!heads) {
    const edge = cacheControl === PUBLIC_CACHE ? ['x-accel-expires', EDGE_CACHE_SECONDS] : []
    const cached = [...BASE_HEADERS, 'cache-control', cacheControl, ...edge, 'etag', variant.etag]
    const type = ['content-type', JSON_TYPE, ...(variant.coding ? ['content-encoding', variant.coding] : [])]
    heads = byForm[form] = {
      ok: [...cached, ...type, 'content-length', String(variant.data.length)],
      notModified: cached,
      notModifiedHead: [...cached, 'content-length', '0'],
    }
  }
  const head = request.method === 'HEAD'
  if (etagMatches(request.headers['if-none-match'], variant.etag)) {
    response.writeHead(304, head ? heads.notModifiedHead : heads.notModified)
    response.end()
    return
  }
  response.writeHead(200, heads.ok)
  if (head) response.end()
  else response.end(variant.data)
}
