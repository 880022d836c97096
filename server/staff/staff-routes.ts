// Staff routes under /api/v1/staff (registered only when a store is open): login and logout (a session cookie, a
// CSRF token), who is logged in, and reach figures for the account's region (JSON, and CSV audited as
// 'reach.export'). Every call checks the session in the database; every state-changing call but the login checks
// X-CSRF-Token against the session's (constant time).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ContentStore } from '../content/content-store'
import { sendError } from '../http/api-error'
import { demoMark } from './demo-mark'
import { csvFileName, reachCsv } from './reach-csv'
import { reachReport, ReachProblem } from './reach-query'
import { SESSION_COOKIE, STAFF_PREFIX, staffAuthenticator, staffScope } from './session-auth'
import type { StaffStore } from './staff-store'

export { CSRF_HEADER, SESSION_COOKIE, STAFF_PREFIX } from './session-auth'

interface ReachQuerystring {
  from?: string
  to?: string
  collection?: string
  region?: string
}

export interface StaffRoutesOptions {
  staff: StaffStore
  content: ContentStore
  /** Set Secure on the cookie for every response (STAFF_COOKIE_SECURE=1), not only for requests over HTTPS. */
  cookieSecure?: boolean
}

export const staffRoutes: FastifyPluginAsync<StaffRoutesOptions> = async (app, { staff, content, cookieSecure }) => {
  await staffScope(app)
  const authenticate = staffAuthenticator(staff)

  const cookieOptions = (request: FastifyRequest) => ({
    httpOnly: true,
    sameSite: 'strict' as const,
    path: STAFF_PREFIX,
    // request.protocol believes X-Forwarded-Proto only when TRUST_PROXY trusts the hop
    secure: cookieSecure === true || request.protocol === 'https',
  })

  app.post<{ Body: { username: string; password: string } }>(
    '/session',
    {
      bodyLimit: 1024,
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 100 },
            password: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body
      // Counted before the password is checked, so parallel logins never check more than the limits allow
      const reserved = await staff.reserveAttempt(username, request.ip)
      if ('wait' in reserved) {
        const known = (await staff.find(username)) !== undefined
        await staff.audit({
          at: staff.now(),
          actor: known ? username : '(unknown)',
          action: 'login.throttled',
          detail: {},
        })
        reply.header('retry-after', String(reserved.wait))
        return sendError(reply, 429, 'TOO_MANY_LOGINS', `Too many failed logins: try again in ${reserved.wait} s`)
      }
      const { account, reason } = await staff.verify(username, password)
      if (!account) {
        // The reservation stays: it is the failure counted
        // An unknown name is not written (it may be a password typed in the wrong field)
        const actor = reason === 'unknown' ? '(unknown)' : username
        await staff.audit({ at: staff.now(), actor, action: 'login.refused', detail: { reason } })
        return sendError(reply, 401, 'BAD_LOGIN', 'Wrong username or password')
      }
      await staff.releaseAttempt(reserved.attempt)
      const { token, csrfToken } = await staff.createSession(account)
      await staff.audit({ at: staff.now(), actor: username, action: 'login', detail: {} })
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(request))
      reply.header('x-csrf-token', csrfToken)
      return reply.code(204).send()
    },
  )

  app.delete('/session', { preHandler: authenticate }, async (request, reply) => {
    const session = request.staffSession!
    await staff.deleteSession(session.id)
    await staff.audit({ at: staff.now(), actor: session.account.username, action: 'logout', detail: {} })
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request))
    return reply.code(204).send()
  })

  // Whether this server runs on demo data (npm start -- --demo), for the login page's 演示数据 banner: no session
  app.get('/demo', async () => ({ demo: await demoMark(staff.store) }))

  app.get('/me', { preHandler: authenticate }, async (request) => {
    const { account, csrfToken } = request.staffSession!
    // Regions by name (the header's 省局 · 江苏省, the audit log's 地区), and the demo's mark for its banner
    const regions = (content.content.site?.regions ?? []).map(({ id, name }) => ({ id, name }))
    const regionName = regions.find((region) => region.id === account.region)?.name ?? account.region
    const demo = await demoMark(staff.store)
    return {
      username: account.username,
      role: account.role,
      region: account.region,
      regionName,
      regions,
      demo,
      csrfToken,
    }
  })

  type ReachRequest = FastifyRequest<{ Querystring: ReachQuerystring }>
  /** The report for the session's account, or an error sent (403 another region for a city account, 400). */
  const report = async (request: ReachRequest, reply: FastifyReply) => {
    const { account } = request.staffSession!
    const region = request.query.region || (account.role === 'city' ? account.region : undefined)
    if (account.role === 'city' && region !== account.region) {
      sendError(reply, 403, 'FORBIDDEN_REGION', 'A city account sees its own region only')
      return undefined
    }
    try {
      return await reachReport(staff.store, content.content, {
        from: request.query.from,
        to: request.query.to,
        collection: request.query.collection || undefined,
        region,
        // A city account's region list is its own region only
        regionsShown: account.role === 'city' ? [account.region] : undefined,
        now: staff.now(),
      })
    } catch (error) {
      if (error instanceof ReachProblem) {
        sendError(reply, 400, 'BAD_PARAMETER', error.message)
        return undefined
      }
      throw error
    }
  }

  app.get<{ Querystring: ReachQuerystring }>('/reach', { preHandler: authenticate }, async (request, reply) => {
    const answer = await report(request, reply)
    return answer ?? reply
  })

  app.get<{ Querystring: ReachQuerystring }>('/reach.csv', { preHandler: authenticate }, async (request, reply) => {
    const answer = await report(request, reply)
    if (!answer) return reply
    const csv = reachCsv(answer, new Map((content.content.site?.regions ?? []).map((r) => [r.id, r.name])))
    await staff.audit({
      at: staff.now(),
      actor: request.staffSession!.account.username,
      action: 'reach.export',
      detail: {
        from: answer.from,
        to: answer.to,
        region: answer.region,
        collection: request.query.collection || null,
        rows: answer.items.length,
      },
    })
    reply.header('content-type', 'text/csv; charset=utf-8')
    reply.header('content-disposition', `attachment; filename="${csvFileName(answer)}"`)
    return csv
  })
}
