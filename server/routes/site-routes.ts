// GET /health, /site, /home, /services
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox'
import type { Prepared } from '../content/prepared'
import type { ContentStore } from '../content/content-store'
import { ApiError } from '../http/api-error'
import { PreviewOnlyQuery } from '../http/query-schemas'
import { HEALTH_CACHE, type PublicAnswers } from '../http/public-answers'
import { sendAnswer } from '../http/send-prepared'

const unavailable = (what: string) =>
  new ApiError(503, 'CONTENT_UNAVAILABLE', `${what} could not be loaded; the content check names the problem`)

export const siteRoutes: FastifyPluginCallbackTypebox<{ store: ContentStore; answers: PublicAnswers }> = (
  app,
  { store, answers },
  done,
) => {
  const schema = { querystring: PreviewOnlyQuery }
  const send = (key: 'site' | 'home' | 'services', what: string) => {
    app.get(`/${key}`, { schema }, (request, reply) => {
      const view = store.view(request.preview)
      const prepared: Prepared | undefined = view[key]
      if (!prepared) throw unavailable(what)
      sendAnswer(request, reply, view, answers, prepared)
    })
  }

  app.get('/health', { schema }, (request, reply) => {
    const view = store.view(request.preview)
    sendAnswer(request, reply, view, answers, view.health, HEALTH_CACHE)
  })
  send('site', 'site.yaml')
  send('home', 'site.yaml')
  send('services', 'services.yaml or site.yaml')
  done()
}
