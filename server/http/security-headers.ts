// Headers on every response: nothing here is a page, so nothing may be sniffed, framed, scripted or leak a referrer.
import type { FastifyReply } from 'fastify'

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  // Public JSON and media may be embedded by the H5 app and the mini-program from any origin
  'cross-origin-resource-policy': 'cross-origin',
} as const

/** Previews stay with the origin that asked for them (CORS still lets allowed origins read them). */
export const PREVIEW_RESOURCE_POLICY = 'same-origin'

const ENTRIES = Object.entries(SECURITY_HEADERS)

export function addSecurityHeaders(reply: FastifyReply) {
  for (const [name, value] of ENTRIES) reply.header(name, value)
}

/** The same, as raw header lines for responses written straight to the socket. */
export const SECURITY_HEADER_LINES = ENTRIES.map(([name, value]) => `${name}: ${value}\r\n`).join('')
