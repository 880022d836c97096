// Preview tokens: compared in constant time over SHA-256 digests, so lengths never leak.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

/** A function telling whether a presented token is the configured one; always false when previews are off. */
export function previewTokenMatcher(expected: string | undefined): (token: string) => boolean {
  if (!expected) return () => false
  const expectedDigest = digest(expected)
  return (token) => timingSafeEqual(digest(token), expectedDigest)
}

/** The token a request presents (header `X-Preview-Token` or `?preview=`), or undefined when it presents none. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-preview-token']
  if (header !== undefined) return Array.isArray(header) ? header.join(',') : header
  const query = request.query as Record<string, unknown> | undefined
  const param = query?.preview
  if (param === undefined) return undefined
  return Array.isArray(param) ? param.join(',') : String(param)
}

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-shadow -- declaration merging names the interface it extends
  interface FastifyRequest {
    /** True when the request presents a preview token (a wrong one is answered 401 before routing). */
    preview: boolean
  }
}
