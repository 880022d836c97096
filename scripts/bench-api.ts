// The content API under load, side by side with nginx serving the same bytes from files and with json-server over
// the same items (shared/DESIGN.md, "Budgets"). A benchmark, not a test: it prints PASS/MISS per goal and exits
// non-zero only when something fails (a server does not start, a request errors), never for a missed goal.
//
// Usage: tsx scripts/bench-api.ts [--duration 10] [--warmup 2] [--rounds 3] [--connections 50] [--items 1000]
//        [--workers <cores>] [--keep]
// Needs Debian's nginx (apt-get install nginx). Everything runs on 127.0.0.1; every child is stopped by its pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import matter from 'gray-matter'
import { compileContent } from '../server/content/compile'
import { countItems, loadContent } from '../server/content/load-content'
import { shanghaiDate } from '../server/content/shanghai-date'

const ROOT = path.resolve(__dirname, '..')
const SEEDS = path.join(ROOT, 'seeds')

// Options

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  if (at < 0) return fallback
  const value = Number(process.argv[at + 1])
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} needs a positive number`)
  return value
}

const DURATION_S = option('duration', 10)
const WARMUP_S = option('warmup', 2)
const ROUNDS = option('rounds', 3)
const CONNECTIONS = option('connections', 50)
const ITEMS = option('items', 1000)
// API processes (WORKERS), one per core by default, as nginx runs `worker_processes auto`.
const API_WORKERS = option('workers', os.cpus().length)
const KEEP = process.argv.includes('--keep')

const LIST_PATH = '/api/v1/explainers?page=1&pageSize=20'
const DETAIL_ID = 'prepaid-card-rights'
const DETAIL_PATH = `/api/v1/explainers/${DETAIL_ID}`
const SEARCH_QUERIES = ['预付卡', '退货', '直播带货', '虚假 广告']
/** Generated titles say so, in front. */
const GENERATED_MARK = '【基准测试生成】'

const GOALS = {
  /** API requests/s at least this share of nginx's, for the same bytes. */
  ofNginx: 0.7,
  /** API requests/s at least this many times json-server's. */
  timesJsonServer: 10,
  listDetailP99Ms: 10,
  searchP99Ms: 5,
}

/** Setup, all rounds and shutdown; past this the benchmark stops everything and exits 1. */
const TIME_LIMIT_MS = (ROUNDS * 7 * (DURATION_S + WARMUP_S + 2) + 180) * 1000

// Children: every one is stopped by its pid, at the end, on failure and on Ctrl-C

const children = new Set<ChildProcess>()

async function stopAll(): Promise<void> {
  await Promise.all([...children].map(stopChild))
}

function stopChild(child: ChildProcess): Promise<void> {
  children.delete(child)
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve()
  const pid = child.pid
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }, 3000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      clearTimeout(force)
      resolve()
    }
  })
}

function fail(message: string): never {
  throw new BenchError(message)
}

class BenchError extends Error {}

let workDir: string | undefined

async function cleanUpAndExit(code: number): Promise<never> {
  await stopAll()
  if (workDir && !KEEP) fs.rmSync(workDir, { recursive: true, force: true })
  else if (workDir) console.log(`kept ${workDir}`)
  process.exit(code)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every server this benchmark started`)
    void cleanUpAndExit(130)
  })
}

// Content: the seeds, and generated items made by varying real seed items, up to ITEMS

function makeContent(dir: string): { total: number; generated: number } {
  fs.cpSync(SEEDS, dir, { recursive: true, filter: (source) => !source.includes(`${path.sep}sources`) })
  const seeds = loadContent(SEEDS)
  const plan = [
    { collection: 'explainers', share: 0.42 },
    { collection: 'warnings', share: 0.32 },
    { collection: 'news', share: 0.26 },
  ] as const
  const existing = countItems(seeds)
  const extra = Math.max(0, ITEMS - existing)
  const today = shanghaiDate(Date.now())
  let generated = 0
  for (const [index, { collection, share }] of plan.entries()) {
    const sources = seeds.items[collection].filter((item) => item.data.status === 'published')
    const count = index === plan.length - 1 ? extra - generated : Math.round(extra * share)
    for (let n = 0; n < count; n++) {
      const source = sources[n % sources.length]
      const file = path.join(SEEDS, source.file)
      const parsed = matter(fs.readFileSync(file, 'utf8'))
      const number = String(generated + 1).padStart(4, '0')
      const data = { ...parsed.data } as Record<string, unknown>
      data.id = `${source.id}-bench-${number}`
      data.title = `${GENERATED_MARK}${number} ${String(data.title)}`.slice(0, 80)
      data.summary = rotateSentences(String(data.summary), n).slice(0, 200)
      data.publishedAt = dayBefore(today, 1 + ((n * 7) % 900))
      delete data.updatedAt
      data.status = 'published'
      fs.writeFileSync(
        path.join(dir, collection, `${String(data.id)}.md`),
        matter.stringify(rotateBlocks(parsed.content, n), data),
      )
      generated++
    }
  }
  return { total: existing + generated, generated }
}

/** The body's blocks (split at blank lines) turned round by n: same words, different order. */
function rotateBlocks(markdown: string, n: number): string {
  const blocks = markdown.trim().split(/\n\s*\n/)
  const k = n % blocks.length
  return blocks.slice(k).concat(blocks.slice(0, k)).join('\n\n') + '\n'
}

function rotateSentences(text: string, n: number): string {
  const sentences = text.match(/[^。！？]+[。！？]?/g) ?? [text]
  const k = n % sentences.length
  return sentences.slice(k).concat(sentences.slice(0, k)).join('')
}

function dayBefore(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') - days * 86_400_000).toISOString().slice(0, 10)
}

// Servers

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function startChild(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('exit', () => children.delete(child))
  return { child, output: () => output }
}

async function startApi(contentDir: string): Promise<string> {
  const { child, output } = startChild(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: contentDir, RATE_LIMIT: '0', WORKERS: String(API_WORKERS) },
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    const match = /Shijian API listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())
    if (match) return match[1]
    if (child.exitCode !== null) fail(`the API exited with ${child.exitCode}:\n${output()}`)
    if (Date.now() > deadline) fail(`the API printed no address within 60 s:\n${output()}`)
    await sleep(50)
  }
}

async function startNginx(dir: string, files: { urlPath: string; file: string }[]): Promise<string> {
  const nginx = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((candidate) =>
    fs.existsSync(candidate),
  )
  if (!nginx) fail("nginx is not installed: apt-get install nginx (Debian's package)")
  const port = await freePort()
  const locations = files
    .map(({ urlPath, file }) => `    location = ${urlPath} {\n      alias ${file};\n    }`)
    .join('\n')
  const conf = `# Generated by scripts/bench-api.ts
daemon off;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
  worker_connections 1024;
}
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:${port};
${locations}
    location / {
      return 404;
    }
  }
}
`
  const confFile = path.join(dir, 'nginx.conf')
  fs.writeFileSync(confFile, conf)
  const { child, output } = startChild(nginx, ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', confFile], {
    cwd: dir,
  })
  const origin = `http://127.0.0.1:${port}`
  await waitUntilServing(origin + files[0].urlPath, child, () => output() + readIfThere(path.join(dir, 'error.log')))
  return origin
}

async function startJsonServer(dir: string, db: unknown): Promise<string> {
  fs.writeFileSync(path.join(dir, 'db.json'), JSON.stringify(db))
  const port = await freePort()
  const bin = path.join(ROOT, 'node_modules/json-server/lib/cli/bin.js')
  if (!fs.existsSync(bin)) fail('json-server is not installed: npm ci')
  const { child, output } = startChild(
    process.execPath,
    [bin, 'db.json', '--port', String(port), '--host', '127.0.0.1', '--quiet', '--read-only'],
    { cwd: dir },
  )
  const origin = `http://127.0.0.1:${port}`
  await waitUntilServing(`${origin}/explainers/${DETAIL_ID}`, child, output)
  return origin
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      if ((await get(url)).status === 200) return
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) fail(`${url}: the server exited with ${child.exitCode}:\n${output()}`)
    if (Date.now() > deadline) fail(`${url} did not answer 200 within 30 s:\n${output()}`)
    await sleep(100)
  }
}

/** One GET with no Accept-Encoding (identity): the exact bytes and status. */
function get(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { 'accept-encoding': 'identity' }, timeout: 5000 }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer in 5 s`)))
    request.on('error', reject)
  })
}

// Load

interface AutocannonResult {
  requests: { average: number }
  latency: { p50: number; p99: number }
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>
// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types
const autocannon = require('autocannon') as Autocannon

interface Measurement {
  rps: number
  p50: number
  p99: number
  /** Errors, time-outs and non-2xx answers. */
  bad: number
}

async function load(origin: string, paths: string[], seconds: number): Promise<Measurement> {
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    requests: paths.map((urlPath) => ({ method: 'GET', path: urlPath })),
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.errors + result.timeouts + result.non2xx,
  }
}

// The run

type Target = 'list' | 'detail' | 'search'
type ServerName = 'api' | 'nginx' | 'json-server'

async function main() {
  const started = Date.now()
  const watchdog = setTimeout(() => {
    console.error(`the benchmark ran past ${Math.round(TIME_LIMIT_MS / 1000)} s: stopping`)
    void cleanUpAndExit(1)
  }, TIME_LIMIT_MS)
  watchdog.unref()

  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-bench-api-'))
  fs.chmodSync(workDir, 0o755) // nginx's workers run as nobody
  const contentDir = path.join(workDir, 'content')
  const { total, generated } = makeContent(contentDir)
  const loaded = loadContent(contentDir)
  if (loaded.invalid) fail(`generated content has ${loaded.invalid} invalid files: ${loaded.problems[0]?.message}`)

  const nginxVersion = spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '')
  console.log(
    `bench:api  node ${process.version}, ${nginxVersion || 'nginx'}, json-server 0.17.4, ${os.cpus().length} cores`,
  )
  console.log(
    `content: ${total} items (${generated} generated from seed items, titled ${GENERATED_MARK}…) in ${contentDir}`,
  )
  console.log(
    `load: autocannon, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per measurement, ` +
      `${ROUNDS} rounds, servers interleaved; medians reported`,
  )

  const api = await startApi(contentDir)
  console.log(`API:         ${api}  (RATE_LIMIT=0: the rate limit is off for this benchmark; WORKERS=${API_WORKERS})`)
  console.log(`load average at start: ${loadAverage()}`)

  // nginx: the API's exact bytes (identity) for the same list and detail URLs, from files
  const nginxDir = path.join(workDir, 'nginx')
  fs.mkdirSync(nginxDir, { mode: 0o755 })
  const files: { urlPath: string; file: string }[] = []
  const bytes: Record<string, number> = {}
  for (const [name, urlPath] of [
    ['list', LIST_PATH],
    ['detail', DETAIL_PATH],
  ] as const) {
    const response = await get(api + urlPath)
    if (response.status !== 200) fail(`${urlPath}: the API answered ${response.status}`)
    const file = path.join(nginxDir, `${name}.json`)
    fs.writeFileSync(file, response.body, { mode: 0o644 })
    files.push({ urlPath: urlPath.split('?')[0], file })
    bytes[`${name}/api`] = bytes[`${name}/nginx`] = response.body.length
  }
  const nginx = await startNginx(nginxDir, files)
  console.log(`nginx:       ${nginx}  (the same bytes from files)`)

  // json-server: the same explainers, as full items
  const jsonDir = path.join(workDir, 'json-server')
  fs.mkdirSync(jsonDir)
  const view = compileContent(loaded, { today: shanghaiDate(Date.now()), preview: false })
  const explainers = view.collections.explainers.entries.map(
    (entry) => JSON.parse(view.collections.explainers.details.get(entry.item.id)?.body ?? '{}') as unknown,
  )
  const jsonServer = await startJsonServer(jsonDir, { explainers })
  console.log(`json-server: ${jsonServer}  (${explainers.length} explainers in db.json)`)

  const targets: { target: Target; paths: Record<ServerName, string[] | undefined> }[] = [
    {
      target: 'list',
      paths: { api: [LIST_PATH], nginx: [LIST_PATH], 'json-server': ['/explainers?_page=1&_limit=20'] },
    },
    {
      target: 'detail',
      paths: { api: [DETAIL_PATH], nginx: [DETAIL_PATH], 'json-server': [`/explainers/${DETAIL_ID}`] },
    },
    {
      target: 'search',
      paths: {
        api: SEARCH_QUERIES.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`),
        nginx: undefined,
        'json-server': undefined,
      },
    },
  ]
  const origins: Record<ServerName, string> = { api, nginx, 'json-server': jsonServer }

  // Every URL answers 200 before any load, and the sizes go in the table
  for (const { target, paths } of targets) {
    for (const server of Object.keys(origins) as ServerName[]) {
      for (const urlPath of paths[server] ?? []) {
        const response = await get(origins[server] + urlPath)
        if (response.status !== 200) fail(`${server} ${urlPath}: ${response.status}`)
        bytes[`${target}/${server}`] ??= response.body.length
      }
    }
  }

  const results = new Map<string, Measurement[]>()
  const servers = Object.keys(origins) as ServerName[]
  for (let round = 1; round <= ROUNDS; round++) {
    for (const { target, paths } of targets) {
      // Every other round in the reverse order, so that no server always runs first or last
      for (const server of round % 2 ? servers : [...servers].reverse()) {
        const urlPaths = paths[server]
        if (!urlPaths) continue
        await load(origins[server], urlPaths, WARMUP_S)
        const measured = await load(origins[server], urlPaths, DURATION_S)
        const key = `${target}/${server}`
        results.set(key, [...(results.get(key) ?? []), measured])
        console.log(
          `  round ${round}/${ROUNDS}  ${target.padEnd(6)} ${server.padEnd(11)} ` +
            `${Math.round(measured.rps).toString().padStart(7)} req/s  p99 ${measured.p99} ms` +
            (measured.bad ? `  ${measured.bad} errors/non-2xx` : ''),
        )
      }
    }
  }

  const code = report(
    targets.map((t) => t.target),
    results,
    bytes,
  )
  console.log(`load average now: ${loadAverage()}`)
  console.log(`done in ${Math.round((Date.now() - started) / 1000)} s`)
  await cleanUpAndExit(code)
}

function loadAverage(): string {
  const busy = os.loadavg()[0] > os.cpus().length / 2 ? ': other work shares this machine, expect noisy figures' : ''
  return `${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')} (${os.cpus().length} cores)${busy}`
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Prints the table and the goals; returns the exit code (1 when any request failed). */
function report(targets: Target[], results: Map<string, Measurement[]>, bytes: Record<string, number>): number {
  const summary = (key: string) => {
    const runs = results.get(key)
    if (!runs) return undefined
    return {
      rps: median(runs.map((run) => run.rps)),
      p99: median(runs.map((run) => run.p99)),
      bad: runs.reduce((sum, run) => sum + run.bad, 0),
    }
  }
  /** API req/s over another server's, each round's pair measured side by side, then the median over rounds. */
  const ratio = (target: Target, other: ServerName) => {
    const api = results.get(`${target}/api`) ?? []
    const others = results.get(`${target}/${other}`) ?? []
    return median(api.map((run, round) => run.rps / others[round].rps))
  }
  const rows: string[][] = [['target', 'server', 'req/s', 'p99 ms', 'errors/non-2xx', 'bytes', 'API/this']]
  let anyBad = false
  for (const target of targets) {
    const api = summary(`${target}/api`)
    for (const server of ['api', 'nginx', 'json-server'] as const) {
      const s = summary(`${target}/${server}`)
      if (!s) continue
      anyBad ||= s.bad > 0
      const shown = server === 'api' || !api ? '' : `${ratio(target, server).toFixed(2)}×`
      rows.push([
        target,
        server,
        Math.round(s.rps).toString(),
        String(s.p99),
        String(s.bad),
        String(bytes[`${target}/${server}`] ?? ''),
        shown,
      ])
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  console.log('')
  for (const [n, row] of rows.entries()) {
    console.log(
      row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '),
    )
    if (n === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  }

  console.log("\ngoals (medians; ratios are medians of each round's side-by-side pair):")
  const goal = (ok: boolean, text: string) => console.log(`  ${ok ? 'PASS' : 'MISS'}  ${text}`)
  for (const target of ['list', 'detail'] as const) {
    const api = summary(`${target}/api`)
    const nginx = summary(`${target}/nginx`)
    const jsonServer = summary(`${target}/json-server`)
    if (!api || !nginx || !jsonServer) continue
    const ofNginx = ratio(target, 'nginx')
    const ofJsonServer = ratio(target, 'json-server')
    goal(ofNginx >= GOALS.ofNginx, `${target}: API ≥ ${GOALS.ofNginx * 100}% of nginx (${Math.round(100 * ofNginx)}%)`)
    goal(
      ofJsonServer >= GOALS.timesJsonServer,
      `${target}: API ≥ ${GOALS.timesJsonServer}× json-server (${ofJsonServer.toFixed(1)}×)`,
    )
    goal(
      api.p99 < GOALS.listDetailP99Ms,
      `${target}: API p99 < ${GOALS.listDetailP99Ms} ms at ${CONNECTIONS} connections (${api.p99} ms)`,
    )
    goal(api.bad === 0, `${target}: API zero errors (${api.bad})`)
  }
  const search = summary('search/api')
  if (search) {
    goal(
      search.p99 < GOALS.searchP99Ms,
      `search: API p99 < ${GOALS.searchP99Ms} ms with ${ITEMS} items (${search.p99} ms)`,
    )
    goal(search.bad === 0, `search: API zero errors (${search.bad})`)
  }
  if (anyBad) console.log('\nsome requests failed (see errors/non-2xx): exit 1')
  return anyBad ? 1 : 0
}

function readIfThere(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

main().catch(async (error: unknown) => {
  console.error(error instanceof BenchError ? `bench:api: ${error.message}` : error)
  await cleanUpAndExit(1)
})
