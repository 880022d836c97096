// GET /<collection>?page=&pageSize=&<filters> and GET /<collection>/<id>, for explainers, warnings, videos, news
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CollectionName } from '../../src/model/labels'
import { listPage } from '../content/pages'
import type { ContentView, Entry } from '../content/view'
import type { ContentStore } from '../content/content-store'
import { notAllowedValue, notFound } from '../http/api-error'
import { pagingOf } from '../http/paging'
import {
  ExplainersQuery,
  IdParams,
  NewsQuery,
  PreviewOnlyQuery,
  VideosQuery,
  WarningsQuery,
} from '../http/query-schemas'
import type { PublicAnswers } from '../http/public-answers'
import { sendAnswer } from '../http/send-prepared'

type Condition = { key: string; test: (entry: Entry) => boolean }

/** All conditions together, or undefined when there are none. */
function allOf(conditions: (Condition | false | undefined)[]): Condition | undefined {
  const active = conditions.filter((condition): condition is Condition => Boolean(condition))
  if (!active.length) return undefined
  return {
    key: active.map((condition) => condition.key).join('&'),
    test: (entry) => active.every((condition) => condition.test(entry)),
  }
}

const NAMES: Record<CollectionName, string> = {
  explainers: 'explainer',
  warnings: 'warning',
  videos: 'video',
  news: 'news item',
}

export const collectionRoutes: FastifyPluginCallbackTypebox<{ store: ContentStore; answers: PublicAnswers }> = (
  app,
  { store, answers },
  done,
) => {
  const sendList = (
    request: FastifyRequest,
    reply: FastifyReply,
    view: ContentView,
    collection: CollectionName,
    query: { page?: number; pageSize?: number },
    filter: Condition | undefined,
  ) => {
    const { page, pageSize } = pagingOf(query)
    sendAnswer(request, reply, view, answers, listPage(view, collection, filter, page, pageSize))
  }

  app.get('/explainers', { schema: { querystring: ExplainersQuery } }, (request, reply) => {
    const { category } = request.query
    const filter = allOf([
      category && {
        key: `category=${category}`,
        test: (e) => e.summary.collection === 'explainers' && e.summary.category === category,
      },
    ])
    sendList(request, reply, store.view(request.preview), 'explainers', request.query, filter)
  })

  app.get('/warnings', { schema: { querystring: WarningsQuery } }, (request, reply) => {
    const view = store.view(request.preview)
    const { level, region, includeExpired } = request.query
    if (region !== undefined && !view.regionIds.includes(region)) throw notAllowedValue('region', view.regionIds)
    const filter = allOf([
      level && { key: `level=${level}`, test: (e) => e.summary.collection === 'warnings' && e.summary.level === level },
      // A city's warnings and the province-wide ones, which apply in every city
      region !== undefined && {
        key: `region=${region}`,
        test: (e) =>
          e.summary.collection === 'warnings' && (e.summary.region === region || e.summary.region === view.province),
      },
      !includeExpired && { key: 'active', test: (e) => e.summary.collection === 'warnings' && !e.summary.expired },
    ])
    sendList(request, reply, view, 'warnings', request.query, filter)
  })

  app.get('/videos', { schema: { querystring: VideosQuery } }, (request, reply) => {
    const { award } = request.query
    const filter = allOf([
      award && { key: `award=${award}`, test: (e) => e.summary.collection === 'videos' && e.summary.award === award },
    ])
    sendList(request, reply, store.view(request.preview), 'videos', request.query, filter)
  })

  app.get('/news', { schema: { querystring: NewsQuery } }, (request, reply) => {
    const view = store.view(request.preview)
    const { topic } = request.query
    if (topic !== undefined && !view.topicIds.includes(topic)) throw notAllowedValue('topic', view.topicIds)
    const filter = allOf([
      topic !== undefined && {
        key: `topic=${topic}`,
        test: (e) => e.summary.collection === 'news' && e.summary.topics.includes(topic),
      },
    ])
    sendList(request, reply, view, 'news', request.query, filter)
  })

  for (const collection of ['explainers', 'warnings', 'videos', 'news'] as const) {
    app.get(`/${collection}/:id`, { schema: { params: IdParams, querystring: PreviewOnlyQuery } }, (request, reply) => {
      const view = store.view(request.preview)
      const prepared = view.collections[collection].details.get(request.params.id)
      if (!prepared) throw notFound(`No ${NAMES[collection]} has the id "${clip(request.params.id)}"`)
      sendAnswer(request, reply, view, answers, prepared)
    })
  }
  done()
}

function clip(text: string): string {
  return text.length > 80 ? text.slice(0, 80) + '…' : text
}
