// GET /search?q=&page=&pageSize=
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox'
import { searchPage } from '../content/pages'
import type { ContentStore } from '../content/content-store'
import { badParameter } from '../http/api-error'
import { pagingOf } from '../http/paging'
import { SearchQuery } from '../http/query-schemas'
import { sendPrepared } from '../http/send-prepared'

export const searchRoute: FastifyPluginCallbackTypebox<{ store: ContentStore }> = (app, { store }, done) => {
  app.get('/search', { schema: { querystring: SearchQuery } }, (request, reply) => {
    const { page, pageSize } = pagingOf(request.query)
    const q = request.query.q.trim()
    if (!q) throw badParameter('q must contain a word to search for')
    sendPrepared(request, reply, searchPage(store.view(request.preview), q, page, pageSize))
  })
  done()
}
