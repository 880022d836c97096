// The fast path, in front of Fastify (its serverFactory): a GET or HEAD whose exact URL has a public answer built
// (public-answers.ts) is answered straight on Node's response, with the same status, headers and bytes as the
// Fastify path (send-prepared.ts), after counting it against the public ceiling. Everything else goes to Fastify:
// previews (X-Preview-Token; `?preview=` URLs are never public answers), other methods, URLs without a built answer,
// and a request over the ceiling (marked, so that Fastify answers the 429 without counting it again).
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http'
import proxyAddr from '@fastify/proxy-addr'
import type { FastifyServerFactory } from 'fastify'
import type { PublicAnswers } from './public-answers'
import type { PublicCeiling } from './rate-limit'
import { writeAnswer } from './send-prepared'

/** Which hops to believe about the client address, as a function (Fastify and the fast path use the same one). */
export type TrustFunction = (address: string, hop: number) => boolean

export interface FastPathOptions {
  answers: PublicAnswers
  ceiling: PublicCeiling | undefined
  trust: TrustFunction | undefined
}

const OVER_CEILING = Symbol('shijian.overPublicCeiling')
type Marked = IncomingMessage & { [OVER_CEILING]?: number }

/** Seconds to wait, when the fast path found this request over the public ceiling and passed it to Fastify. */
export const overCeiling = (raw: IncomingMessage): number | undefined => (raw as Marked)[OVER_CEILING]

/** The client address as Fastify's request.ip has it: the socket's, or the first hop not trusted. */
export function clientAddress(raw: IncomingMessage, trust: TrustFunction | undefined): string | undefined {
  if (!trust) return raw.socket.remoteAddress
  const addresses = proxyAddr.all(raw, trust)
  return addresses[addresses.length - 1]
}

/** True when it answered; false when the request is Fastify's. */
export function fastPath({ answers, ceiling, trust }: FastPathOptions) {
  return function answerBuilt(request: IncomingMessage, response: ServerResponse): boolean {
    const method = request.method
    if ((method !== 'GET' && method !== 'HEAD') || request.headers['x-preview-token'] !== undefined) return false
    const answer = answers.lookup(request.url ?? '')
    if (!answer) return false
    if (answer.counted && ceiling) {
      const retryAfter = ceiling.hit(clientAddress(request, trust))
      if (retryAfter) {
        ;(request as Marked)[OVER_CEILING] = retryAfter
        return false
      }
    }
    writeAnswer(request, response, answer)
    return true
  }
}

/** The settings Fastify passes to a serverFactory, as it has them after its defaults. */
interface ServerSettings {
  http?: http.ServerOptions | null
  keepAliveTimeout?: number
  requestTimeout?: number
  connectionTimeout?: number
  maxRequestsPerSocket?: number
}

/**
 * Fastify's serverFactory: Node's HTTP server as Fastify would make it (same timeouts), asking the fast path first.
 * The fast path is set once the content is loaded (`setFastPath`); until then every request is Fastify's.
 */
export function serverWithFastPath() {
  let fast: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined
  const factory: FastifyServerFactory = (handler, rawOptions) => {
    const fastifyHandler = handler as unknown as RequestListener
    const options = rawOptions as ServerSettings
    const server = http.createServer(options.http ?? {}, (request, response) => {
      if (!fast?.(request, response)) fastifyHandler(request, response)
    })
    // What Fastify sets on a server it makes itself (lib/server.js)
    server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout
    server.setTimeout(options.connectionTimeout ?? 0)
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket
    return server
  }
  return {
    factory,
    setFastPath(answer: typeof fast) {
      fast = answer
    },
  }
}
