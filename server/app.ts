// The content API as a Fastify instance. buildApp() never listens: main.ts does, tests use app.inject().
import path from 'node:path'
import proxyAddr from '@fastify/proxy-addr'
import fastifyStatic from '@fastify/static'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify'
import { ContentStore } from './content/content-store'
import { eventsRoute } from './events/events-route'
import type { LoadedContent } from './content/load-content'
import { clientErrorHandler, frameworkErrors, registerErrorHandling, schemaErrorFormatter } from './http/api-error'
import { fastPath, serverWithFastPath, type TrustFunction } from './http/fast-path'
import { PublicAnswers } from './http/public-answers'
import { costlyCeiling, PublicCeiling } from './http/rate-limit'
import { preflight, requestPolicy } from './http/request-policy'
import { staffApp, staffAppDir } from './http/staff-app'
import { collectionRoutes } from './routes/collection-routes'
import { searchRoute } from './routes/search-route'
import { siteRoutes } from './routes/site-routes'
import { newsroomRoutes, NEWSROOM_PREFIX } from './newsroom/newsroom-routes'
import { draftRoutes } from './newsroom/preview-links'
import { auditRoutes } from './staff/audit-routes'
import { staffRoutes, STAFF_PREFIX } from './staff/staff-routes'
import { StaffStore } from './staff/staff-store'
import type { Store } from './store/database'

export interface BuildAppOptions {
  contentDir: string
  /** Unset or empty: no previews, and any token presented is answered 401. */
  previewToken?: string
  /** Origins allowed to read previews. Public responses may be read from any origin. */
  corsOrigins?: string[]
  /**
   * Costly requests a minute per client address: those with no answer built for their exact URL (search, list pages
   * not built yet, previews, misses, bad parameters). 0 or unset: no limit.
   */
  rateLimit?: number
  /** Every request a minute per client address, cached reads included (not /health, not preflights). 0 or unset: none. */
  publicRateLimit?: number
  /** Costly counts kept in this Redis, shared by every replica using it. Unset: in memory, per process. */
  redisUrl?: string
  /** Answer built public answers in front of Fastify (http/fast-path.ts). Default true; tests compare both ways. */
  fastPath?: boolean
  /**
   * Behind a reverse proxy or CDN: which hops to believe about the client address (X-Forwarded-For), as Fastify's
   * trustProxy takes it: true (all), a hop count, or addresses/CIDRs. Unset: the socket's address.
   */
  trustProxy?: boolean | number | string
  logger?: boolean
  /**
   * Reach events: POST /api/v1/events stores into this open store (server/store). Unset: the route does not exist
   * (POST gets 405 as everywhere) and no database is needed.
   */
  events?: { store: Store }
  /**
   * Staff accounts and sessions (server/staff), in the events store: the routes under /api/v1/staff exist only when
   * `events` is set. cookieSecure: Secure on every session cookie (STAFF_COOKIE_SECURE=1), not only over HTTPS;
   * addressKey: the key of the HMAC that login throttling keeps instead of addresses (STAFF_ADDRESS_KEY).
   */
  staff?: { cookieSecure?: boolean; addressKey?: string; h5Url?: string }
  /** The built staff dashboard served under /staff/ (http/staff-app.ts). Default: STAFF_APP_DIR, else dist/staff. */
  staffAppDir?: string
  /** The clock, in milliseconds since the epoch; tests fix it to check expiry and scheduled items. */
  now?: () => number
}

declare module 'fastify' {
  interface FastifyInstance {
    content: ContentStore
    /** Reads the content folder again, rebuilds every response, and logs what is wrong. */
    reloadContent(): LoadedContent
    /** The same, off to the side: served once complete; undefined when a later change overtook it. */
    reloadContentInBackground(): Promise<LoadedContent | undefined>
  }
}

/**
 * Media: phones and browsers keep a file 30 days (a file's bytes never change under its name: uploads are named by
 * their hash); a shared cache (a CDN) 5 s (s-maxage, which also makes it revalidate: a 304 by the ETag), so that a
 * withdrawal, which makes the file a 404 here at once, leaves it within seconds. nginx (deploy/) passes media through.
 */
const MEDIA_CACHE_CONTROL = 'public, max-age=2592000, s-maxage=5'
/** The API takes no request bodies (but POST /api/v1/events, with its own limit). */
const BODY_LIMIT = 1024
/** A request must arrive whole within this (slow clients hold no socket for long). */
const REQUEST_TIMEOUT_MS = 30_000

export function buildApp(opts: BuildAppOptions) {
  const trust = trustFunction(opts.trustProxy)
  const server = serverWithFastPath()
  const app = Fastify({
    serverFactory: server.factory,
    logger: opts.logger ? { level: 'info' } : false,
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 },
    ajv: {
      customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false },
    },
    schemaErrorFormatter,
    frameworkErrors,
    clientErrorHandler,
    return503OnClosing: false,
    bodyLimit: BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    trustProxy: trust ?? false,
  }).withTypeProvider<TypeBoxTypeProvider>()

  const store = new ContentStore({
    contentDir: opts.contentDir,
    withPreview: Boolean(opts.previewToken),
    now: opts.now,
  })
  logProblems(app.log, store.content)
  app.decorate('content', store)
  app.decorate('reloadContent', () => {
    const content = store.reload()
    logProblems(app.log, content)
    return content
  })
  app.decorate('reloadContentInBackground', async () => {
    const content = await store.reloadInBackground()
    if (content) logProblems(app.log, content)
    return content
  })
  app.decorateRequest('preview', false)

  // Rate limits (http/rate-limit.ts), and the public answers served before Fastify when they are built
  const answers = new PublicAnswers(store)
  const publicCeiling = opts.publicRateLimit ? new PublicCeiling(opts.publicRateLimit) : undefined
  const costly = opts.rateLimit ? costlyCeiling(app, opts.rateLimit, opts.redisUrl) : undefined
  if (opts.fastPath ?? true) server.setFastPath(fastPath({ answers, ceiling: publicCeiling, trust }))
  // Drafts opened from a preview link are read by the H5 app: its origin may read them too
  const draftOrigins = h5Origin(opts.staff?.h5Url)

  // CORS, rate limits, preview token
  app.addHook(
    'onRequest',
    requestPolicy({
      previewToken: opts.previewToken,
      corsOrigins: opts.corsOrigins ?? [],
      draftOrigins,
      answers,
      publicCeiling,
      costlyCeiling: costly,
      events: opts.events !== undefined,
      staff: opts.events !== undefined,
    }),
  )
  registerErrorHandling(app)
  app.options('*', preflight(opts.corsOrigins ?? [], opts.events !== undefined, draftOrigins))

  // Media: only the files a public answer names (content/served-media.ts); any other is a 404, as if not there
  app.register(async (media) => {
    media.addHook('onRequest', (request, reply, done) => {
      if (!store.servesMedia((request.params as { '*'?: string })['*'] ?? '')) return reply.callNotFound()
      reply.header('cache-control', MEDIA_CACHE_CONTROL)
      done()
    })
    await media.register(fastifyStatic, {
      root: path.resolve(opts.contentDir, 'media'),
      prefix: '/media/',
      cacheControl: false,
      index: false,
      redirect: false,
      list: false,
      dotfiles: 'ignore',
      decorateReply: false,
      wildcard: true,
    })
  })

  // The staff dashboard's pages (its API is under /api/v1/staff)
  app.register(staffApp, { dir: opts.staffAppDir ?? staffAppDir() })

  // API
  app.register(siteRoutes, { prefix: '/api/v1', store, answers })
  app.register(collectionRoutes, { prefix: '/api/v1', store, answers })
  app.register(searchRoute, { prefix: '/api/v1', store })
  if (opts.events) {
    app.register(eventsRoute, {
      prefix: '/api/v1',
      store: opts.events.store,
      content: store,
      now: opts.now ?? Date.now,
    })
    const staff = new StaffStore(opts.events.store, opts.now ?? Date.now, opts.staff?.addressKey)
    app.register(staffRoutes, {
      prefix: STAFF_PREFIX,
      staff,
      content: store,
      cookieSecure: opts.staff?.cookieSecure,
    })
    // The audit log for province staff: GET /audit, /audit.csv (staff/audit-routes.ts)
    app.register(auditRoutes, { prefix: STAFF_PREFIX, staff })
    // The newsroom (server/newsroom): publishing writes into contentDir, then reloads it here at once
    app.register(newsroomRoutes, {
      prefix: STAFF_PREFIX + NEWSROOM_PREFIX,
      staff,
      content: store,
      reload: () => app.reloadContentInBackground(),
      h5Url: opts.staff?.h5Url,
    })
    // A draft opened from its preview link (newsroom/preview-links.ts): the token is the only credential
    app.register(draftRoutes, { prefix: '/api/v1', staff, content: store })
  }

  return app
}

export type App = ReturnType<typeof buildApp>

/** The origin of H5_URL, as a list of none or one (an address that is not a URL names none). */
function h5Origin(h5Url: string | undefined): string[] {
  if (!h5Url) return []
  try {
    return [new URL(h5Url).origin]
  } catch {
    return []
  }
}

/** The trustProxy setting as one function, which Fastify (request.ip) and the fast path both use. */
function trustFunction(trust: BuildAppOptions['trustProxy']): TrustFunction | undefined {
  if (trust === undefined || trust === false) return undefined
  if (trust === true) return () => true
  if (typeof trust === 'number') return (_address, hop) => hop < trust
  return proxyAddr.compile(trust.split(',').map((address) => address.trim()))
}

function logProblems(log: FastifyBaseLogger, content: LoadedContent) {
  for (const problem of content.problems) {
    log.warn({ file: problem.file, pointer: problem.pointer, severity: problem.severity }, problem.message)
  }
}
