// Rate limits per client address (request.ip: the socket's, or with TRUST_PROXY the one the trusted proxies name;
// IPv6 by /64), in one-minute windows, with @fastify/rate-limit's stores. Two ceilings:
// - public (RATE_LIMIT_PUBLIC): every request but /health and CORS preflights. Kept in memory in each process, so the
//   fast path counts a cached read without waiting for anyone; high, because many phones share one carrier address.
// - costly (RATE_LIMIT): requests with no answer built for their exact URL (search, list pages not built yet,
//   previews, misses, bad parameters). Shared through Redis when REDIS_URL is set; in memory otherwise.
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Redis from 'ioredis'

export const RATE_WINDOW_MS = 60_000
/** Addresses remembered per ceiling (least recently seen dropped first): about 200 bytes each. */
const ADDRESSES_KEPT = 100_000
/** A Redis that does not answer within this is skipped (the request goes ahead), so Redis never stalls the API. */
const REDIS_COMMAND_TIMEOUT_MS = 250
/** On start, how long to wait for Redis before serving without it (costly requests uncounted until it answers). */
const REDIS_CONNECT_WAIT_MS = 2_000
export const REDIS_KEY_PREFIX = 'shijian-rate-limit:'

interface Count {
  current: number
  ttl: number
}
interface Store {
  incr(key: string, callback: (error: Error | null, result?: Count) => void, timeWindow: number, max: number): void
}
type StoreClass = new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => Store
// The plugin's own in-memory store (an LRU of windows), used as it is for the public ceiling; it ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const LocalStore = require('@fastify/rate-limit/store/LocalStore') as StoreClass

/** The client's key, as @fastify/rate-limit makes it: IPv4 as it is, IPv6 by its /64 (IPv4 skips its regex). */
export const clientKey = (ip: string | undefined) => (ip === undefined ? '' : ip.includes(':') ? normalizeIP(ip) : ip)

/** The public ceiling: synchronous, in memory, per process. */
export class PublicCeiling {
  private readonly store = new LocalStore(false, false, ADDRESSES_KEPT)

  constructor(readonly max: number) {}

  /** Counts one request; 0 when it may go ahead, else the seconds until the client may try again. */
  hit(ip: string | undefined): number {
    let count: Count | undefined
    this.store.incr(clientKey(ip), (_error, result) => (count = result), RATE_WINDOW_MS, this.max)
    return count && count.current > this.max ? Math.max(1, Math.ceil(count.ttl / 1000)) : 0
  }
}

/** Counts one costly request; resolves to 0 when it may go ahead, else the seconds until the client may try again. */
export type CostlyCeiling = (request: FastifyRequest) => Promise<number>

/**
 * Registers @fastify/rate-limit for the costly ceiling (no route limited by itself: the request policy asks it)
 * and returns the check. With `redisUrl`, counts live in Redis and every replica sees them; when Redis is down or
 * slow, requests go ahead uncounted (skipOnError) and the outage is logged once.
 */
export function costlyCeiling(app: FastifyInstance, max: number, redisUrl: string | undefined): CostlyCeiling {
  const redis = redisUrl ? redisClient(app, redisUrl) : undefined
  app.register(fastifyRateLimit, {
    global: false,
    max,
    timeWindow: RATE_WINDOW_MS,
    cache: ADDRESSES_KEPT,
    skipOnError: true,
    ...(redis ? { redis, nameSpace: REDIS_KEY_PREFIX } : {}),
  })
  let check: ReturnType<FastifyInstance['createRateLimit']> | undefined
  app.after(() => {
    check = app.createRateLimit()
  })
  return async (request) => {
    const result = await check!(request)
    return !result.isAllowed && result.isExceeded ? Math.max(1, result.ttlInSeconds) : 0
  }
}

function redisClient(app: FastifyInstance, url: string): Redis {
  const redis = new Redis(url, {
    // Fail at once while disconnected instead of queueing (a queued request would wait for Redis)
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 1_000,
    // On close, a socket that never connected is given this long to close (the default 2 s would hold the exit)
    disconnectTimeout: 200,
    // Keep trying to reconnect, at most every 2 s
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
  let down = false
  redis.on('error', (error: Error) => {
    if (down) return
    down = true
    app.log.warn({ err: error }, 'Redis unavailable: costly requests are not counted until it is back')
  })
  redis.on('ready', () => {
    if (down) app.log.info('Redis reachable again: costly requests are counted there')
    down = false
  })
  // Serve once Redis answers, or after REDIS_CONNECT_WAIT_MS without it
  app.addHook('onReady', async () => {
    if (redis.status === 'ready') return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, REDIS_CONNECT_WAIT_MS)
      function done() {
        clearTimeout(timer)
        redis.off('ready', done)
        resolve()
      }
      redis.once('ready', done)
    })
  })
  app.addHook('onClose', async () => {
    redis.disconnect()
  })
  return redis
}
