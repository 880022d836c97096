// What every staff route shares: the cookie plugin, answers never cached nor readable from other origins, and the
// preHandler that finds the session (401 without one) and, for a state-changing call, checks X-CSRF-Token (403).
// Staff plugins (reach, newsroom) call `staffScope` once in their own scope and put `authenticate` before each route.
import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../http/api-error'
import { sameSecret, type StaffAccount, type StaffStore } from './staff-store'

export const STAFF_PREFIX = '/api/v1/staff'
export const SESSION_COOKIE = 'shijian_staff'
export const CSRF_HEADER = 'x-csrf-token'

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-shadow -- declaration merging names the interface it extends
  interface FastifyRequest {
    staffSession?: { id: string; csrfToken: string; account: StaffAccount }
  }
}

/** In a staff plugin's scope: cookies, and `Cache-Control: no-store` without the public CORS header on every answer. */
export async function staffScope(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie)
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    reply.removeHeader('access-control-allow-origin')
  })
}

/** A preHandler: the session or 401; for any method but GET/HEAD also the CSRF token or 403. */
export function staffAuthenticator(staff: StaffStore) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await staff.session(request.cookies[SESSION_COOKIE])
    if (!session) return sendError(reply, 401, 'NO_SESSION', 'Log in first: no valid staff session')
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const presented = request.headers[CSRF_HEADER]
      if (typeof presented !== 'string' || !sameSecret(presented, session.csrfToken)) {
        return sendError(reply, 403, 'BAD_CSRF_TOKEN', 'The X-CSRF-Token header is missing or wrong')
      }
    }
    request.staffSession = session
  }
}
