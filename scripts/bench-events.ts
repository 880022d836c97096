// Reach events on a production build (issue 13, "Speed and reliability"): the API is compiled from a commit (tsc,
// as `npm run build:api`: `git archive <ref>` into a temporary folder, node_modules linked) and run as its own
// process (node dist/api/server/main.js, one worker, rate limits too high to trip) on a free port with a temporary
// DATA_DIR (SQLite). Three measurements, each interleaved with its baseline in the same rounds, medians:
//
//  a. ingest: POST /api/v1/events, batches of 20 fresh valid events (unique UUIDs made in wrk's Lua), from
//     concurrent connections, against a minimal script inserting the same rows straight into the same kind of store
//     (better-sqlite3, WAL, synchronous=FULL, 20 rows in one statement). Goals: ≥ 0.5× the script, ≥ 5,000 events/s.
//  b. public reads (a warning detail, the warnings list) idle, and while events are sent at --ingest-rate events/s
//     (paced: wrk's delay()). Goal: ≥ 0.8× idle. The same while ingesting flat out is printed for information.
//  c. the staff dashboard's query: a temporary CONTENT_DIR of 1,000 items (the seeds and copies of them, every third
//     credited to a city), --events (1,000,000) events over 180 days from the demo generator
//     (scripts/lib/reach-generator.ts), then GET /api/v1/staff/reach for the whole 180 days as a province account and
//     a city account, --queries times each: p50/p95. Goal p95 < 300 ms. When the commit has `npm run reach:rollup`,
//     it is run before the queries (and the figures are given without and with it).
//
// Usage: tsx scripts/bench-events.ts [--ref HEAD] [--rounds 3] [--duration 5] [--warmup 1] [--connections 16]
//        [--threads 2] [--ingest-rate 1000] [--events 1000000] [--queries 20] [--only ingest,reads,dashboard]
//        [--data <dir>]   (keep the dashboard's generated store there and reuse it on the next run)
//        [--build <dir>]  (a checkout built already, with dist/api and node_modules, instead of --ref)
// A benchmark, not a test: it prints PASS/MISS, and exits non-zero only when something fails (a server does not
// start, a request errors, events go missing).
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import YAML from 'yaml'
import matter from 'gray-matter'
import { ContentStore } from '../server/content/content-store'
import { searchPage } from '../server/content/search-page'
import { shanghaiDate } from '../server/content/shanghai-date'
import type { Store as StoreClass } from '../server/store/database'
import type { StaffStore as StaffStoreClass } from '../server/staff/staff-store'
import { BenchError, loadAverage, median, numberOption, wrkAvailable, type Measurement } from './lib/load'
import { ROOT, start, stop, type Started } from './lib/processes'
import { generate, toRows } from './lib/reach-generator'

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`)
  return at < 0 ? fallback : (process.argv[at + 1] ?? fallback)
}

const REF = option('ref', 'HEAD')
const ROUNDS = numberOption('rounds', 3)
const DURATION_S = numberOption('duration', 5)
const WARMUP_S = numberOption('warmup', 1)
const CONNECTIONS = numberOption('connections', 16)
const THREADS = numberOption('threads', 2)
const INGEST_RATE = numberOption('ingest-rate', 1000)
const EVENTS = numberOption('events', 1_000_000)
const QUERIES = numberOption('queries', 20)
const ONLY = option('only', 'ingest,reads,dashboard').split(',')
const BUILT = process.argv.includes('--build') ? path.resolve(option('build', '')) : undefined
const KEEP_DATA = process.argv.includes('--data') ? path.resolve(option('data', '')) : undefined

const BATCH = 20
const NEVER_TRIPS = '1000000000'
const DAYS = 180
const ITEMS = 1000
const PASSWORD = 'bench-events-password-1'
const GOALS = { ingestRatio: 0.5, ingestRate: 5000, readRatio: 0.8, dashboardP95: 300 }
const READS = [
  { name: 'detail', url: '/api/v1/warnings/counterfeit-goods' },
  { name: 'list', url: '/api/v1/warnings?page=1&pageSize=20' },
] as const

const fail = (message: string): never => {
  throw new BenchError(message)
}
const started: Started[] = []
const temporary: string[] = []
const tempDir = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `shijian-bench-events-${name}-`))
  temporary.push(dir)
  return dir
}

// The build

interface Build {
  dir: string
  commit: string
  main: string
  /** The build's own store and staff code, so the stores written here have the build's schema. */
  Store: typeof StoreClass
  StaffStore: typeof StaffStoreClass
  /** `npm run reach:rollup` in the commit's package.json. */
  rollupScript: boolean
  /** Else the roll-up pass of its server/staff/reach-rollup.ts, when it has one. */
  rollUp?: (store: StoreClass, content: unknown, options: { now: number }) => Promise<{ rolled: string[] }>
  loadContent: (contentDir: string) => unknown
}

function build(): Build {
  let commit: string
  let dir: string
  if (BUILT) {
    // A checkout built already (dist/api/server/main.js), e.g. with a change being tried
    dir = BUILT
    if (!fs.existsSync(path.join(dir, 'dist/api/server/main.js')))
      fail(`--build ${dir}: no dist/api/server/main.js there`)
    commit = `${dir} (built already)`
  } else {
    commit = spawnSync('git', ['rev-parse', '--short', REF], { cwd: ROOT, encoding: 'utf8' }).stdout.trim()
    if (!commit) fail(`--ref ${REF}: not a commit of ${ROOT}`)
    dir = tempDir('build')
    compile(commit, dir)
  }
  return loadBuild(dir, commit)
}

function compile(commit: string, dir: string) {
  // The commit's files only (not what is being edited in the working tree), with the installed node_modules
  const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 1 << 30 })
  if (archive.status !== 0) fail(`git archive ${commit} failed: ${archive.stderr}`)
  execFileSync('tar', ['-x', '-C', dir], { input: archive.stdout, maxBuffer: 1 << 30 })
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  const began = Date.now()
  const tsc = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.api.json'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  )
  if (tsc.status !== 0)
    fail(`tsc -p tsconfig.api.json (the build:api of ${commit}) failed:\n${tsc.stdout}${tsc.stderr}`)
  console.log(
    `built ${commit} (tsc -p tsconfig.api.json, as npm run build:api) in ${Math.round((Date.now() - began) / 1000)} s`,
  )
}

function loadBuild(dir: string, commit: string): Build {
  const scripts = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: object }).scripts
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    dir,
    commit,
    main: path.join(dir, 'dist/api/server/main.js'),
    Store: (require(path.join(dir, 'dist/api/server/store/database.js')) as { Store: typeof StoreClass }).Store,
    StaffStore: (
      require(path.join(dir, 'dist/api/server/staff/staff-store.js')) as { StaffStore: typeof StaffStoreClass }
    ).StaffStore,
    rollupScript: Object.hasOwn(scripts, 'reach:rollup'),
    rollUp: fs.existsSync(path.join(dir, 'dist/api/server/staff/reach-rollup.js'))
      ? (require(path.join(dir, 'dist/api/server/staff/reach-rollup.js')) as { rollUp?: Build['rollUp'] }).rollUp
      : undefined,
    loadContent: (
      require(path.join(dir, 'dist/api/server/content/load-content.js')) as { loadContent: Build['loadContent'] }
    ).loadContent,
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

async function startApi(built: Build, env: Record<string, string>): Promise<Started> {
  const api = await start(process.execPath, [built.main], {
    cwd: built.dir,
    ready: { line: /^Shijian API listening on (http:\/\/\S+)/m },
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT: NEVER_TRIPS,
      RATE_LIMIT_PUBLIC: NEVER_TRIPS,
      WORKERS: '1',
      DATABASE_URL: '',
      // Every generated event is kept (the oldest are 180 days old)
      EVENTS_RETENTION_DAYS: '400',
      ...env,
    },
    timeoutMs: 120_000,
  })
  started.push(api)
  return api
}

// wrk with a Lua script (load.ts's wrk() takes none)

interface ScriptRun extends Measurement {
  requests: number
  /** Answers other than 2xx/3xx (an event refused). */
  refused: number
  /** Connection errors and time-outs (wrk gives up after 2 s). */
  socketErrors: number
}

function wrkScript(url: string, script: string, args: string[], seconds: number, connections: number) {
  const wrkArgs = ['-t', String(Math.min(THREADS, connections)), '-c', String(connections), '-d', `${seconds}s`]
  wrkArgs.push('--latency', '-s', script, url, '--', ...args)
  return new Promise<ScriptRun>((resolve, reject) => {
    const child = spawn('wrk', wrkArgs, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error) => reject(new BenchError(`wrk: ${error.message}`)))
    child.on('exit', (code) => {
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(output)
      const total = /(\d+) requests in/.exec(output)
      if (code !== 0 || !rps || !total) return reject(new BenchError(`wrk ${wrkArgs.join(' ')} failed:\n${output}`))
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
      const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output)
      const ms = (pattern: RegExp) => {
        const match = /^([\d.]+)(us|ms|s)$/.exec(pattern.exec(output)?.[1] ?? '')
        return match ? Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'] : NaN
      }
      const socketErrors = errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0
      resolve({
        rps: Number(rps[1]),
        requests: Number(total[1]),
        refused: Number(non2xx?.[1] ?? 0),
        socketErrors,
        p50Ms: ms(/^\s+50%\s+([\d.]+\w+)/m),
        p99Ms: ms(/^\s+99%\s+([\d.]+\w+)/m),
        bad: socketErrors + Number(non2xx?.[1] ?? 0),
      })
    })
  })
}

/**
 * The ingest load: each request a batch of 20 events with ids unique to the run, thread and request (nonce, thread,
 * counter), of published items of the content: 14 item views, 2 home views, a share, an open from a share, a video
 * play and a hotline tap. With a pace (ms), each connection waits that long after each answer.
 */
function ingestScripts(dir: string, items: { collection: string; id: string; page: string }[], videos: string[]) {
  const lua = (values: string[]) => `{ ${values.map((value) => JSON.stringify(value)).join(', ')} }`
  const file = path.join(dir, 'ingest.lua')
  const paced = path.join(dir, 'ingest-paced.lua')
  const text = `-- Generated by scripts/bench-events.ts
local collections = ${lua(items.map((item) => item.collection))}
local ids = ${lua(items.map((item) => item.id))}
local pages = ${lua(items.map((item) => item.page))}
local videos = ${lua(videos)}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
local nonce = 0
local pace = 0
function init(args)
  nonce = tonumber(args[1]) or 0
  pace = tonumber(args[2]) or 0
  math.randomseed(nonce + tid * 7919)
end
local function uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-a%03x-%012x", nonce, tid, math.random(0, 4095), math.random(0, 4095), counter)
end
local function item()
  local n = math.random(1, #ids)
  return n
end
local headers = { ["Content-Type"] = "application/json" }
function request()
  local now = os.time() * 1000
  local visitor = string.format("bench-%08x-%04x-%06d", nonce, tid, counter % 1000000)
  local parts = {}
  for i = 1, ${BATCH} do
    local at = now - math.random(0, 60000)
    local head = string.format('{"id":"%s","at":%d,"visitor":"%s"', uuid(), at, visitor)
    local n = item()
    local it = string.format(',"collection":"%s","itemId":"%s","page":"%s"', collections[n], ids[n], pages[n])
    local body
    if i <= 14 then body = ',"type":"view"' .. it
    elseif i <= 16 then body = ',"type":"view","page":"pages/index/index"'
    elseif i == 17 then body = string.format(',"type":"share","collection":"%s","itemId":"%s","shareId":"s%015x"', collections[n], ids[n], counter)
    elseif i == 18 then body = string.format(',"type":"share_open","collection":"%s","itemId":"%s","fromShareId":"s%015x","scene":1007', collections[n], ids[n], counter)
    elseif i == 19 then body = string.format(',"type":"video_play","collection":"videos","itemId":"%s"', videos[math.random(1, #videos)])
    else body = ',"type":"hotline_tap","page":"pages/services/index"' end
    parts[i] = head .. body .. "}"
  end
  return wrk.format("POST", "/api/v1/events", headers, '{"events":[' .. table.concat(parts, ",") .. ']}')
end
`
  fs.writeFileSync(file, text)
  // wrk waits delay() ms after each answer on a connection, only when the script defines it
  fs.writeFileSync(paced, `${text}\nfunction delay()\n  return pace\nend\n`)
  return { file, paced }
}

/** The minimal direct insert: the same mix of rows, 20 in one statement, for `seconds`; prints events/s. */
const DIRECT_SCRIPT = `'use strict'
const Sqlite = require('better-sqlite3')
const { randomUUID } = require('node:crypto')
const [file, seconds, itemsJson, videosJson] = process.argv.slice(2)
const items = JSON.parse(itemsJson)
const videos = JSON.parse(videosJson)
const db = new Sqlite(file, { timeout: 5000 })
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.pragma('foreign_keys = ON')
const columns = ['id', 'type', 'at', 'day', 'visitor', 'collection', 'item_id', 'page', 'scene', 'share_id', 'from_share_id', 'q', 'received_at']
const one = '(' + columns.map(() => '?').join(', ') + ')'
const insert = db.prepare('insert into events (' + columns.join(', ') + ') values ' + Array(${BATCH}).fill(one).join(', ') + ' on conflict (id) do nothing')
const day = (at) => new Date(at + 8 * 3600000).toISOString().slice(0, 10)
let counter = 0
function rows() {
  const now = Date.now()
  const visitor = 'bench-direct-' + String(counter % 1000000).padStart(6, '0')
  const values = []
  for (let i = 1; i <= ${BATCH}; i++) {
    counter++
    const at = now - Math.floor(Math.random() * 60000)
    const it = items[Math.floor(Math.random() * items.length)]
    let row
    if (i <= 14) row = ['view', it.collection, it.id, it.page, null, null, null]
    else if (i <= 16) row = ['view', null, null, 'pages/index/index', null, null, null]
    else if (i === 17) row = ['share', it.collection, it.id, null, null, 's' + counter.toString(16).padStart(15, '0'), null]
    else if (i === 18) row = ['share_open', it.collection, it.id, null, 1007, null, 's' + counter.toString(16).padStart(15, '0')]
    else if (i === 19) row = ['video_play', 'videos', videos[Math.floor(Math.random() * videos.length)], null, null, null, null]
    else row = ['hotline_tap', null, null, 'pages/services/index', null, null, null]
    const [type, collection, itemId, page, scene, shareId, fromShareId] = row
    values.push(randomUUID(), type, at, day(at), visitor, collection, itemId, page, scene, shareId, fromShareId, null, now)
  }
  return values
}
const end = Date.now() + Number(seconds) * 1000
let events = 0
const began = Date.now()
while (Date.now() < end) {
  events += insert.run(...rows()).changes
}
console.log(JSON.stringify({ eventsPerSecond: events / ((Date.now() - began) / 1000), events }))
`

function direct(script: string, file: string, seconds: number, itemsJson: string, videosJson: string) {
  const result = spawnSync(process.execPath, [script, file, String(seconds), itemsJson, videosJson], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  })
  if (result.status !== 0) fail(`the direct insert failed:\n${result.stderr}`)
  return JSON.parse(result.stdout) as { eventsPerSecond: number; events: number }
}

// a and b

async function ingestAndReads(built: Build): Promise<string[]> {
  const verdicts: string[] = []
  const contentDir = path.join(ROOT, 'seeds')
  const content = new ContentStore({ contentDir, withPreview: false }).content
  const detailPage: Record<string, string> = {
    explainers: 'detail/explainer/index',
    warnings: 'detail/warning/index',
    videos: 'detail/video/index',
    news: 'detail/news/index',
  }
  const items = Object.values(content.items)
    .flat()
    .filter((item) => item.data.status === 'published')
    .map((item) => ({ collection: item.collection, id: item.id, page: detailPage[item.collection] }))
  const videos = items.filter((item) => item.collection === 'videos').map((item) => item.id)
  const work = tempDir('work')
  const scripts = ingestScripts(work, items, videos)
  const directFile = path.join(work, 'direct.cjs')
  fs.writeFileSync(directFile, DIRECT_SCRIPT)

  const apiData = tempDir('api-data')
  const api = await startApi(built, { CONTENT_DIR: contentDir, DATA_DIR: apiData })
  // The direct insert's store: the same schema, made by the build's own Store
  const directData = tempDir('direct-data')
  await (await built.Store.open({ dataDir: directData })).close()
  const directDb = path.join(directData, 'shijian.sqlite')
  const itemsJson = JSON.stringify(items)
  const videosJson = JSON.stringify(videos)
  console.log(`api: ${api.origin} (${built.commit}, CONTENT_DIR seeds, DATA_DIR ${apiData})`)
  console.log(`load average at start: ${loadAverage()}\n`)
  let nonce = Math.floor(Date.now() / 1000) % 0x7fffffff
  const ingest = (seconds: number, pace = 0, connections = CONNECTIONS) =>
    wrkScript(api.origin, pace ? scripts.paced : scripts.file, [String(++nonce), String(pace)], seconds, connections)
  // Paced: PACED_CONNECTIONS connections each waiting `pace` ms after an answer
  const PACED_CONNECTIONS = 10
  const pace = Math.round((PACED_CONNECTIONS * 1000 * BATCH) / INGEST_RATE)
  const read = (url: string, seconds: number) =>
    wrkScript(api.origin + url, path.join(work, 'get.lua'), [], seconds, CONNECTIONS)
  fs.writeFileSync(path.join(work, 'get.lua'), '-- plain GET\n')

  const ingested: number[] = []
  const directRates: number[] = []
  const ingestRatios: number[] = []
  const ingestP99: number[] = []
  let acknowledged = 0
  let refused = 0
  let ingestErrors = 0
  let readErrors = 0
  const reads = new Map<string, number[]>()
  const note = (key: string, value: number) => reads.set(key, [...(reads.get(key) ?? []), value])

  for (let round = 0; round < ROUNDS; round++) {
    if (ONLY.includes('ingest')) {
      // a. the API and the direct insert, order turned each round
      const order = round % 2 === 0 ? ['api', 'direct'] : ['direct', 'api']
      let apiRate = 0
      let directRate = 0
      for (const which of order) {
        if (which === 'api') {
          await ingest(WARMUP_S)
          const run = await ingest(DURATION_S)
          refused += run.refused
          ingestErrors += run.socketErrors
          acknowledged += run.requests * BATCH
          apiRate = run.rps * BATCH
          ingestP99.push(run.p99Ms)
        } else {
          directRate = direct(directFile, directDb, DURATION_S, itemsJson, videosJson).eventsPerSecond
        }
      }
      ingested.push(apiRate)
      directRates.push(directRate)
      ingestRatios.push(apiRate / directRate)
      console.log(
        `  round ${round + 1}/${ROUNDS}  ingest  api ${Math.round(apiRate)} events/s  direct ${Math.round(directRate)} events/s` +
          `  ${(apiRate / directRate).toFixed(2)}×`,
      )
    }
    if (ONLY.includes('reads')) {
      // b. each read idle, then while events come at INGEST_RATE, then while they come flat out
      for (const target of READS) {
        await read(target.url, WARMUP_S)
        // Idle first in even rounds, last in odd ones: the machine's other load drifts
        const idleFirst = round % 2 === 0
        let idle = idleFirst ? await read(target.url, DURATION_S) : undefined
        const during = async (paceMs: number, connections: number) => {
          const load = ingest(DURATION_S + 2, paceMs, connections)
          await new Promise((resolve) => setTimeout(resolve, 1000))
          const measured = await read(target.url, DURATION_S)
          const sent = await load
          refused += sent.refused + measured.refused
          ingestErrors += sent.socketErrors
          readErrors += measured.socketErrors
          acknowledged += sent.requests * BATCH
          return { measured, eventsPerSecond: sent.rps * BATCH }
        }
        const paced = await during(pace, PACED_CONNECTIONS)
        idle ??= await read(target.url, DURATION_S)
        readErrors += idle.socketErrors
        const flat = await during(0, CONNECTIONS)
        note(`${target.name}/idle`, idle.rps)
        note(`${target.name}/paced`, paced.measured.rps)
        note(`${target.name}/pacedRatio`, paced.measured.rps / idle.rps)
        note(`${target.name}/pacedIngest`, paced.eventsPerSecond)
        note(`${target.name}/flat`, flat.measured.rps)
        note(`${target.name}/flatRatio`, flat.measured.rps / idle.rps)
        note(`${target.name}/flatIngest`, flat.eventsPerSecond)
        console.log(
          `  round ${round + 1}/${ROUNDS}  read ${target.name.padEnd(6)} idle ${Math.round(idle.rps)} req/s;` +
            ` ingesting ${Math.round(paced.eventsPerSecond)} events/s: ${Math.round(paced.measured.rps)} req/s` +
            ` (${(paced.measured.rps / idle.rps).toFixed(2)}×); flat out (${Math.round(flat.eventsPerSecond)} events/s):` +
            ` ${Math.round(flat.measured.rps)} req/s (${(flat.measured.rps / idle.rps).toFixed(2)}×)`,
        )
      }
    }
  }
  await stop(api)
  // Nothing acknowledged may be missing (wrk counts answered requests: every one of them was a 202)
  const store = await built.Store.open({ dataDir: apiData })
  const stored = Number(
    (
      await store.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  await store.close()
  console.log(
    `\nevents acknowledged (202) ${acknowledged}, stored ${stored}${stored < acknowledged ? ': EVENTS MISSING' : ''}`,
  )
  if (refused > 0) console.log(`${refused} answers were not 2xx`)
  // Time-outs (wrk waits 2 s) happen to reads while ingest runs flat out: counted, not a failure of the run
  if (ingestErrors + readErrors > 0)
    console.log(`connection errors or time-outs (> 2 s): ${ingestErrors} posting events, ${readErrors} reading`)

  if (ONLY.includes('ingest')) {
    const ratio = median(ingestRatios)
    const rate = median(ingested)
    console.log(
      `ingest: api median ${Math.round(rate)} events/s (p99 of a batch ${median(ingestP99).toFixed(1)} ms), ` +
        `direct median ${Math.round(median(directRates))} events/s`,
    )
    verdicts.push(
      `${ratio >= GOALS.ingestRatio ? 'PASS' : 'MISS'}  ingest ≥ ${GOALS.ingestRatio}× the direct insert: ${ratio.toFixed(2)}×`,
    )
    verdicts.push(
      `${rate >= GOALS.ingestRate ? 'PASS' : 'MISS'}  ingest ≥ ${GOALS.ingestRate} events/s: ${Math.round(rate)}`,
    )
  }
  if (ONLY.includes('reads')) {
    for (const target of READS) {
      const m = (key: string) => median(reads.get(`${target.name}/${key}`) ?? [])
      console.log(
        `read ${target.name}: idle ${Math.round(m('idle'))} req/s; ingesting ${Math.round(m('pacedIngest'))} events/s ` +
          `${Math.round(m('paced'))} req/s (${m('pacedRatio').toFixed(2)}×); flat out ${Math.round(m('flatIngest'))} events/s ` +
          `${Math.round(m('flat'))} req/s (${m('flatRatio').toFixed(2)}×, for information)`,
      )
      verdicts.push(
        `${m('pacedRatio') >= GOALS.readRatio ? 'PASS' : 'MISS'}  ${target.url} while ingesting ${Math.round(m('pacedIngest'))} events/s ≥ ` +
          `${GOALS.readRatio}× idle: ${m('pacedRatio').toFixed(2)}×`,
      )
    }
  }
  if (stored < acknowledged || refused > 0) throw new BenchError('events were refused or went missing (see above)')
  return verdicts
}

// c

/** A content folder of ITEMS items: the seeds, and copies of them with new ids, spread over the period. */
function fixtures(end: string): string {
  const dir = tempDir('content')
  const seeds = path.join(ROOT, 'seeds')
  for (const file of ['site.yaml', 'services.yaml', 'search.yaml'])
    fs.copyFileSync(path.join(seeds, file), path.join(dir, file))
  fs.symlinkSync(path.join(seeds, 'media'), path.join(dir, 'media'))
  const site = YAML.parse(fs.readFileSync(path.join(seeds, 'site.yaml'), 'utf8')) as {
    regions: { id: string; kind: string }[]
  }
  const cities = site.regions.filter((region) => region.kind === 'city').map((region) => region.id)
  const originals: { collection: string; file: string }[] = []
  for (const collection of ['explainers', 'warnings', 'news', 'videos']) {
    fs.mkdirSync(path.join(dir, collection))
    for (const file of fs
      .readdirSync(path.join(seeds, collection))
      .filter((name) => name.endsWith('.md'))
      .sort()) {
      fs.copyFileSync(path.join(seeds, collection, file), path.join(dir, collection, file))
      originals.push({ collection, file })
    }
  }
  const last = Date.parse(`${end}T00:00:00Z`)
  for (let n = 0; originals.length + n < ITEMS; n++) {
    const { collection, file } = originals[n % originals.length]
    const parsed = matter(fs.readFileSync(path.join(seeds, collection, file), 'utf8'))
    const data = parsed.data as Record<string, unknown>
    const id = `${String(data.id)}-copy-${n}`
    // Spread over the period and the 60 days before it, a third credited to a city
    const published = new Date(last - ((n * 7919) % (DAYS + 60)) * 86_400_000).toISOString().slice(0, 10)
    const copy: Record<string, unknown> = {
      ...data,
      id,
      title: `${String(data.title)}（${n}）`,
      publishedAt: published,
    }
    delete copy.updatedAt
    if (typeof copy.expiresAt === 'string') copy.expiresAt = '2099-12-31'
    if (n % 3 === 0) copy.publisher = cities[n % cities.length]
    fs.writeFileSync(path.join(dir, collection, `${id}.md`), `---\n${YAML.stringify(copy)}---\n${parsed.content}`)
  }
  return dir
}

async function dashboard(built: Build): Promise<string[]> {
  const verdicts: string[] = []
  const now = Date.now()
  const end = shanghaiDate(now)
  const contentDir = fixtures(end)
  const contentStore = new ContentStore({ contentDir, withPreview: false, now: () => now })
  const content = contentStore.content
  const items = Object.values(content.items).flat().length
  if (content.invalid > 0 || items !== ITEMS)
    fail(
      `the fixtures have ${items} valid items, ${content.invalid} invalid: ${JSON.stringify(content.problems.slice(0, 3))}`,
    )
  const dataDir = KEEP_DATA ?? tempDir('dashboard-data')
  const store = await built.Store.open({ dataDir })
  const held = Number(
    (
      await store.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  const generation = generate({
    content,
    end,
    days: DAYS,
    events: EVENTS,
    seed: 1,
    now,
    searchFinds: (q) => searchPage(contentStore.view(false), q, 1, 1).total > 0,
  })
  let count = held
  if (held === 0) {
    const began = Date.now()
    await store.db
      .insertInto('meta')
      .values({
        key: 'generated',
        value: `演示数据：由 npm run bench:events 于 ${end} 生成（种子 1），不是真实的传播数据`,
      })
      .execute()
    let pending: ReturnType<typeof toRows> = []
    for (const day of generation.days) {
      pending.push(...toRows(day, content))
      while (pending.length >= 1000) count += await store.insertEvents(pending.splice(0, 1000))
    }
    count += await store.insertEvents(pending)
    console.log(
      `generated ${count} events for ${ITEMS} items over ${DAYS} days in ${Math.round((Date.now() - began) / 1000)} s`,
    )
  } else {
    console.log(`reusing ${held} events in ${dataDir} (--data)`)
  }
  const staff = new built.StaffStore(store, Date.now)
  const city = 'nanjing'
  const province = (YAML.parse(fs.readFileSync(path.join(contentDir, 'site.yaml'), 'utf8')) as { province: string })
    .province
  for (const [username, role, region] of [
    ['bench-province', 'province', province],
    ['bench-city', 'city', city],
  ] as const) {
    const exists = await store.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirst()
    if (!exists) await staff.add(username, PASSWORD, role, region, 'bench')
  }
  await store.close()
  const from = shanghaiDate(now - (DAYS - 1) * 86_400_000)
  const size = fs.statSync(path.join(dataDir, 'shijian.sqlite')).size
  console.log(`dashboard store: ${count} events, ${Math.round(size / 1e6)} MB (${dataDir}); period ${from} to ${end}`)

  const measure = async (label: string) => {
    const api = await startApi(built, { CONTENT_DIR: contentDir, DATA_DIR: dataDir })
    const results: string[] = []
    for (const [username, who] of [
      ['bench-province', 'province'],
      ['bench-city', `city (${city})`],
    ] as const) {
      const login = await fetch(`${api.origin}/api/v1/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
      if (login.status !== 204) fail(`login as ${username}: ${login.status} ${await login.text()}`)
      const cookie = /shijian_staff=[^;]*/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? ''
      const url = `${api.origin}/api/v1/staff/reach?from=${from}&to=${end}`
      const times: number[] = []
      let bytes = 0
      let views = 0
      // At most QUERIES, and no more once a minute has gone by (a slow query would take the run too long)
      const until = performance.now() + 60_000
      for (let n = 0; n < QUERIES + 2 && (n < 4 || performance.now() < until); n++) {
        const began = performance.now()
        const response = await fetch(url, { headers: { cookie } })
        const body = await response.text()
        const ms = performance.now() - began
        if (response.status !== 200) fail(`GET ${url} as ${username}: ${response.status} ${body.slice(0, 300)}`)
        if (n >= 2) times.push(ms) // two warm-ups
        bytes = body.length
        views = (JSON.parse(body) as { totals: { views: number } }).totals.views
      }
      times.sort((a, b) => a - b)
      const p95 = times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)]
      const line = `${label}, ${who}: p50 ${median(times).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (${times.length} queries, ${Math.round(bytes / 1024)} KB, ${views} views)`
      console.log(`  ${line}`)
      results.push(`${p95 < GOALS.dashboardP95 ? 'PASS' : 'MISS'}  dashboard p95 < ${GOALS.dashboardP95} ms: ${line}`)
    }
    await stop(api)
    return results
  }
  console.log(`load average: ${loadAverage()}`)
  const began = Date.now()
  if (built.rollupScript) {
    // The API rolls up by itself soon after it starts (and every 10 min): the pass is run first, as the API would,
    // so that it is not running during the queries. For figures straight from raw events, --ref a commit before it.
    const rollup = spawnSync('npm', ['run', 'reach:rollup'], {
      cwd: built.dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        CONTENT_DIR: contentDir,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        EVENTS_RETENTION_DAYS: '400',
      },
    })
    if (rollup.status !== 0) fail(`npm run reach:rollup failed:\n${rollup.stdout}${rollup.stderr}`)
    console.log(`npm run reach:rollup: ${Math.round((Date.now() - began) / 1000)} s`)
    return [...verdicts, ...(await measure('after the roll-up pass'))]
  }
  if (!built.rollUp) return [...verdicts, ...(await measure('raw events (no roll-ups in this commit)'))]
  // Roll-ups, but no pass in the API: figures from raw events, then after the pass
  const raw = await measure('before the roll-up pass')
  const rollStore = await built.Store.open({ dataDir })
  const result = await built.rollUp(rollStore, built.loadContent(contentDir), { now: Date.now() })
  await rollStore.close()
  console.log(
    `roll-up pass (rollUp of server/staff/reach-rollup.ts): ${result.rolled.length} days in ${Math.round((Date.now() - began) / 1000)} s`,
  )
  const rolled = await measure('after the roll-up pass')
  return [...verdicts, ...raw.map((line) => `(before the roll-up) ${line}`), ...rolled]
}

// The run

async function main() {
  if (!wrkAvailable()) fail("wrk is not installed: apt-get install wrk (Debian's package)")
  const begun = Date.now()
  console.log(`bench:events  node ${process.version}, ${os.cpus().length} cores, load average ${loadAverage()}`)
  console.log(`command: tsx scripts/bench-events.ts ${process.argv.slice(2).join(' ')}`)
  console.log(
    `rounds ${ROUNDS}, wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION_S}s after ${WARMUP_S} s of warm-up; ` +
      `batches of ${BATCH}; paced ingest ${INGEST_RATE} events/s; dashboard: ${ITEMS} items, ${EVENTS} events, ${DAYS} days, ${QUERIES} queries`,
  )
  const built = build()
  const verdicts: string[] = []
  if (ONLY.includes('ingest') || ONLY.includes('reads')) verdicts.push(...(await ingestAndReads(built)))
  if (ONLY.includes('dashboard')) verdicts.push(...(await dashboard(built)))
  console.log(`\ngoals (${built.commit}):`)
  for (const line of verdicts) console.log(`  ${line}`)
  console.log(`\nload average now: ${loadAverage()}`)
  console.log(`done in ${Math.round((Date.now() - begun) / 1000)} s`)
}

function cleanUp() {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true })
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers this benchmark started`)
    void Promise.all(started.map((server) => stop(server))).then(() => {
      cleanUp()
      process.exit(130)
    })
  })
}

main().then(
  async () => {
    await Promise.all(started.map((server) => stop(server)))
    cleanUp()
    process.exit(0)
  },
  async (error: unknown) => {
    console.error(error instanceof BenchError ? `bench:events: ${error.message}` : error)
    await Promise.all(started.map((server) => stop(server)))
    cleanUp()
    process.exit(1)
  },
)
