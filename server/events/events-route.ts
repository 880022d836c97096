// POST /api/v1/events (contract: shared DESIGN.md, "Reach"): a batch of 1–50 events, each checked
// (validate-events.ts), stored in one statement; 202 only once it is committed. Nothing about the client (address,
// user agent) is stored.
import type { FastifyPluginCallback } from 'fastify'
import { MAX_EVENTS_BODY_BYTES, type EventsResponse } from '../../src/model/events'
import type { ContentStore } from '../content/content-store'
import { sendError } from '../http/api-error'
import { EVENTS_PATH } from '../http/request-policy'
import type { Store } from '../store/database'
import { EventProblem, validateEvents } from './validate-events'

export { EVENTS_PATH }
export const EVENTS_ALLOWED_METHODS = 'POST, OPTIONS'

export interface EventsRouteOptions {
  store: Store
  content: ContentStore
  now: () => number
}

export const eventsRoute: FastifyPluginCallback<EventsRouteOptions> = (app, { store, content, now }, done) => {
  app.post('/events', { bodyLimit: MAX_EVENTS_BODY_BYTES }, async (request, reply) => {
    let rows
    try {
      rows = validateEvents(request.body, content.content, now())
    } catch (error) {
      if (error instanceof EventProblem) return sendError(reply, 400, 'BAD_EVENT', error.message)
      throw error
    }
    let accepted: number
    try {
      accepted = await store.insertEvents(rows)
    } catch (error) {
      request.log.error({ err: error }, 'events not stored: the database is unavailable')
      return sendError(reply, 503, 'STORE_UNAVAILABLE', 'Events cannot be stored right now: send them again later')
    }
    const body: EventsResponse = { accepted, duplicates: rows.length - accepted }
    reply.code(202).header('cache-control', 'no-store')
    return body
  })
  // Reading events is for staff (later): the public route takes POST only
  app.route({
    method: ['GET', 'HEAD'],
    url: '/events',
    handler: (_request, reply) => {
      reply.header('allow', EVENTS_ALLOWED_METHODS)
      sendError(reply, 405, 'METHOD_NOT_ALLOWED', 'Events are sent with POST')
    },
  })
  done()
}
