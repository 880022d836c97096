// GET /health, /site, /home, /services
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox'
import type { Prepared } from '../content/prepared'
import type { ContentStore } from '../content/content-store'
import { ApiError } from '../http/api-error'
import { PreviewOnlyQuery } from '../http/query-schemas'
import { HEALTH_CACHE, sendPrepared } from '../http/send-prepared'

const unavailable = (what: string) =>
  new ApiError(503, 'CONTENT_UNAVAILABLE', `${what} could not be loaded; the content check names the problem`)

export const siteRoutes: FastifyPluginCallbackTypebox<{ store: ContentStore }> = (app, { store }, done) => {
  const schema = { querystring: PreviewOnlyQuery }
  const send = (key: 'site' | 'home' | 'services', what: string) => {
    app.get(`/${key}`, { schema }, (request, reply) => {
      const prepared: Prepared | undefined = store.view(request.preview)[key]
      if (!prepared) throw unavailable(what)
      sendPrepared(request, reply, prepared)
    })
  }

  app.get('/health', { schema }, (request, reply) => {
    sendPrepared(request, reply, store.view(request.preview).health, HEALTH_CACHE)
  })
  send('site', 'site.yaml')
  send('home', 'site.yaml')
  send('services', 'services.yaml or site.yaml')
  done()
}
