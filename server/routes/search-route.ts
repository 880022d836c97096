// GET /search?q=&page=&pageSize= (how search works: search-query.ts, search-index.ts, search-page.ts)
// A search that finds nothing is logged for staff (event search_no_result) with the query only, after digit runs
// that may be a phone or ID number are blanked: no address, no user agent, no request id.
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox'
import { searchPage } from '../content/search-page'
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
    const prepared = searchPage(store.view(request.preview), q, page, pageSize)
    if (prepared.total === 0 && page === 1)
      app.log.info({ event: 'search_no_result', q: withoutNumbers(q) }, 'search found nothing')
    sendPrepared(request, reply, prepared)
  })
  done()
}

/** Runs of 7 or more digits (a phone, ID or order number, perhaps with spaces or dashes inside) become ＊. */
export function withoutNumbers(q: string): string {
  return q.replace(/[\p{Nd}](?:[\p{Nd}\s-]*[\p{Nd}])?/gu, (run) =>
    run.replace(/[^\p{Nd}]/gu, '').length >= 7 ? '＊' : run,
  )
}
