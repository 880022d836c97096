// Sends a response built when the content was compiled: its bytes in the encoding the client accepts (br, gzip or
// none), the ETag of that form, or a 304.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { pickVariant } from '../content/accept-encoding'
import { encodingsOf, type Prepared } from '../content/prepared'

const JSON_TYPE = 'application/json; charset=utf-8'
export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=600'
export const PREVIEW_CACHE = 'private, no-store'
export const HEALTH_CACHE = 'no-cache'

export function sendPrepared(request: FastifyRequest, reply: FastifyReply, prepared: Prepared, cacheControl?: string) {
  const variant = pickVariant(prepared.encoded ?? encodingsOf(prepared), request.headers['accept-encoding'])
  reply.header('cache-control', request.preview ? PREVIEW_CACHE : (cacheControl ?? PUBLIC_CACHE))
  reply.header('etag', variant.etag)
  if (etagMatches(request.headers['if-none-match'], variant.etag)) {
    reply.code(304).send()
    return
  }
  reply.header('content-type', JSON_TYPE)
  if (variant.coding) reply.header('content-encoding', variant.coding)
  reply.send(variant.data)
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
