// Starts the content API: reads the environment, listens, prints the bound URL, reloads when content changes.
// WORKERS=n (default 1) runs n processes sharing the port (node:cluster), e.g. one per core.
import cluster from 'node:cluster'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import { buildApp } from './app'
import { countItems } from './content/load-content'
import { DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS, startRollups } from './staff/reach-rollup'
import { Store } from './store/database'

/** Costly requests (search, pages not built yet, previews, misses) a minute per client address. */
const DEFAULT_RATE_LIMIT = 600
/**
 * Every request a minute per client address, cached reads included, by default this many times RATE_LIMIT (600 →
 * 6000): many phones share one carrier address. RATE_LIMIT=0 alone thus turns both off, as before.
 */
const PUBLIC_TIMES_COSTLY = 10
const RELOAD_DELAY_MS = 300

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number, 0 or more (got "${raw}")`)
    process.exit(1)
  }
  return value
}

/** TRUST_PROXY: unset or `false`; `true`; a hop count (`1`: one proxy in front); or addresses/CIDRs, comma-separated. */
function trustProxyFromEnv(raw: string | undefined): boolean | number | string {
  const value = raw?.trim() ?? ''
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value
}

async function main() {
  const port = numberFromEnv('PORT', 3000)
  const host = process.env.HOST || '127.0.0.1'
  const contentDir = process.env.CONTENT_DIR || 'seeds'
  const corsOrigins = (process.env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
  const rateLimit = numberFromEnv('RATE_LIMIT', DEFAULT_RATE_LIMIT)
  const publicRateLimit = numberFromEnv('RATE_LIMIT_PUBLIC', rateLimit * PUBLIC_TIMES_COSTLY)
  const redisUrl = process.env.REDIS_URL?.trim() || undefined
  // Raw reach events are deleted after this many days, once their day is rolled up (0: kept); roll-ups are kept
  const retentionDays = numberFromEnv('EVENTS_RETENTION_DAYS', DEFAULT_RETENTION_DAYS)
  if (retentionDays > 0 && retentionDays < MIN_RETENTION_DAYS) {
    console.error(
      `EVENTS_RETENTION_DAYS must be 0 (keep) or at least ${MIN_RETENTION_DAYS}: events may arrive a week late`,
    )
    process.exit(1)
  }
  // Reach events: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR (default data/)
  const events = Store.connect({
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    dataDir: process.env.DATA_DIR?.trim() || 'data',
  })
  const app = buildApp({
    events: { store: events },
    // Staff sessions: Secure cookies even over plain HTTP to the API (TLS ends at a proxy not in TRUST_PROXY)
    staff: {
      cookieSecure: process.env.STAFF_COOKIE_SECURE === '1',
      addressKey: process.env.STAFF_ADDRESS_KEY?.trim() || undefined,
      h5Url: process.env.H5_URL?.trim() || undefined,
    },
    contentDir,
    previewToken: process.env.PREVIEW_TOKEN || undefined,
    corsOrigins,
    rateLimit,
    publicRateLimit,
    redisUrl,
    trustProxy: trustProxyFromEnv(process.env.TRUST_PROXY),
    logger: true,
  })

  // A database that cannot be reached now is tried again on each POST /api/v1/events (503 until then); reads go on
  await events.ready().then(
    () => app.log.info({ events: events.description }, 'events stored in the database'),
    (error: unknown) => app.log.error({ err: error, events: events.description }, 'events database unavailable'),
  )
  await app.listen({ port, host })
  // Reach roll-ups and retention: a pass soon after start and every 10 minutes (safe with several replicas)
  const stopRollups = startRollups(events, () => app.content.content, { retentionDays, log: app.log })
  // The Redis URL may hold a password: only whether counts are shared is logged
  app.log.info(
    { rateLimit, publicRateLimit, costlyCounts: redisUrl ? 'redis (shared)' : 'in memory (this process)' },
    'rate limits a minute per client address (0: off)',
  )
  const address = app.server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const { content } = app.content
  const line =
    `Shijian API listening on http://${shownHost}:${address.port} ` +
    `(content: ${contentDir}, ${countItems(content)} items, ${content.invalid} invalid)`
  if (cluster.isWorker) process.send?.(line)
  else console.log(line)

  // Reload when the content changes: built off to the side, swapped in whole; a change seen meanwhile drops it
  let timer: NodeJS.Timeout | undefined
  let watcher: fs.FSWatcher | undefined
  const reload = async () => {
    const reloaded = await app.reloadContentInBackground()
    if (reloaded) app.log.info({ items: countItems(reloaded), invalid: reloaded.invalid }, 'content reloaded')
  }
  try {
    watcher = fs.watch(contentDir, { recursive: true }, () => {
      app.content.supersede()
      clearTimeout(timer)
      timer = setTimeout(() => {
        reload().catch((error) => app.log.error({ err: error }, 'content reload failed'))
      }, RELOAD_DELAY_MS)
    })
  } catch (error) {
    app.log.warn({ err: error }, 'content changes will not be picked up until a restart')
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      watcher?.close()
      clearTimeout(timer)
      stopRollups()
      app
        .close()
        .then(() => events.close())
        .finally(() => process.exit(0))
    })
  }
}

function startWorkers(count: number) {
  let announced = false
  const fork = () => {
    const worker = cluster.fork()
    worker.on('message', (message: unknown) => {
      // The first worker's address line is the one scripts and tests read; the others share that port.
      if (!announced && typeof message === 'string' && message.startsWith('Shijian API listening')) {
        announced = true
        console.log(`${message} [${count} workers]`)
      }
    })
  }
  for (let i = 0; i < count; i++) fork()
  cluster.on('exit', (worker, code, signal) => {
    if (signal !== 'SIGTERM' && signal !== 'SIGINT' && code !== 0) {
      console.error(`worker ${worker.process.pid} stopped (${signal ?? code}); starting another`)
      fork()
    }
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal)
      process.exit(0)
    })
  }
}

const workers = numberFromEnv('WORKERS', 1)
if (cluster.isPrimary && workers > 1) {
  startWorkers(workers)
} else {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
