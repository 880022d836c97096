// The content API against a bare node:http server sending the same prebuilt bytes with the same headers, for a
// cached warning detail and a list page (issue 11: goal API ≥ 0.85× bare node). One process each, wrk from Debian,
// interleaved rounds (the order turns every round), medians. A benchmark, not a test: it prints PASS/MISS and exits
// non-zero only when something fails (a server does not start, the two servers' answers differ, a request errors).
//
// Usage: tsx scripts/bench-api.ts [--rounds 5] [--duration 5] [--warmup 1] [--connections 50] [--threads 2]
//        [--baseline <checkout>] [--accept-encoding 'gzip, deflate, br']
// --baseline runs the API of another checkout too (e.g. `git worktree add /tmp/base <commit>` with node_modules
// linked), in the same rounds, for before/after figures from one run.
// The API runs with its real rate limits set too high to trip (so their cost is counted), WORKERS=1.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { BenchError, loadAverage, median, numberOption, wrk, wrkAvailable, type Measurement } from './lib/load'
import { freePort, ROOT, start, startApi, stop, type Started } from './lib/processes'

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`)
  return at < 0 ? fallback : (process.argv[at + 1] ?? fallback)
}

const ROUNDS = numberOption('rounds', 5)
const DURATION_S = numberOption('duration', 5)
const WARMUP_S = numberOption('warmup', 1)
const CONNECTIONS = numberOption('connections', 50)
const THREADS = numberOption('threads', 2)
const BASELINE = process.argv.includes('--baseline') ? path.resolve(option('baseline', '')) : undefined
const ACCEPT_ENCODING = option('accept-encoding', 'gzip, deflate, br')

const GOAL = 0.85
const load = (seconds: number) => ({
  seconds,
  threads: THREADS,
  connections: CONNECTIONS,
  acceptEncoding: ACCEPT_ENCODING,
})
/** High enough never to trip in a run (wrk sends ~10^5 requests a minute from one address), so counting is measured. */
const NEVER_TRIPS = '1000000000'
const CONTENT_DIR = 'seeds'
const TARGETS = [
  { name: 'detail', what: 'a cached warning detail', url: '/api/v1/warnings/counterfeit-goods' },
  { name: 'list', what: 'a list page (as the app asks for it)', url: '/api/v1/warnings?page=1&pageSize=20' },
] as const
/** Headers Node writes for itself on every response: the bare server's Node writes them too. */
const TRANSPORT_HEADERS = ['date', 'connection', 'keep-alive', 'transfer-encoding']

type ServerName = 'api' | 'bare' | 'baseline'

function fail(message: string): never {
  throw new BenchError(message)
}

// Servers

const started: Started[] = []

async function startServers(workDir: string): Promise<Record<ServerName, string | undefined>> {
  const env = { CONTENT_DIR, RATE_LIMIT: NEVER_TRIPS, RATE_LIMIT_PUBLIC: NEVER_TRIPS, WORKERS: '1' }
  const api = await startApi(env, { timeoutMs: 60_000 })
  started.push(api)
  let baseline: Started | undefined
  if (BASELINE) {
    if (!fs.existsSync(path.join(BASELINE, 'server/main.ts'))) fail(`--baseline ${BASELINE}: no server/main.ts there`)
    baseline = await start(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: BASELINE,
      ready: { line: /^Shijian API listening on (http:\/\/\S+)/m },
      env: { PORT: '0', HOST: '127.0.0.1', ...env },
      timeoutMs: 60_000,
    })
    started.push(baseline)
  }

  // The bare server: each target's answer as the API sent it (status, headers in order, bytes), from a file
  const answers: Record<string, { status: number; headers: string[]; body: string }> = {}
  for (const target of TARGETS) {
    const answer = await get(api.origin + target.url)
    if (answer.status !== 200) fail(`${target.url}: the API answered ${answer.status}`)
    answers[target.url] = { status: answer.status, headers: answer.headers, body: answer.body.toString('base64') }
  }
  const answersFile = path.join(workDir, 'answers.json')
  fs.writeFileSync(answersFile, JSON.stringify(answers))
  const port = await freePort()
  const bareFile = path.join(workDir, 'bare-server.cjs')
  fs.writeFileSync(bareFile, BARE_SERVER)
  const bare = await start(process.execPath, [bareFile, answersFile, String(port)], { ready: { port } })
  started.push(bare)
  return { api: api.origin, bare: bare.origin, baseline: baseline?.origin }
}

/** Node's http server and nothing else: a map lookup and one write, as a floor for what the API could do. */
const BARE_SERVER = `'use strict'
const http = require('node:http')
const fs = require('node:fs')
const answers = new Map()
for (const [url, a] of Object.entries(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')))) {
  answers.set(url, { status: a.status, headers: a.headers, body: Buffer.from(a.body, 'base64') })
}
const server = http.createServer((request, response) => {
  const answer = answers.get(request.url)
  if (!answer) {
    response.writeHead(404, ['content-length', '0'])
    return response.end()
  }
  response.writeHead(answer.status, answer.headers)
  response.end(request.method === 'HEAD' ? undefined : answer.body)
})
server.keepAliveTimeout = 72000
server.listen(Number(process.argv[3]), '127.0.0.1')
`

interface Answer {
  status: number
  /** Flat [name, value, …] in the order sent, without Node's own transport headers. */
  headers: string[]
  body: Buffer
}

function get(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { 'accept-encoding': ACCEPT_ENCODING }, timeout: 5000 }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const headers: string[] = []
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          const name = response.rawHeaders[i].toLowerCase()
          if (!TRANSPORT_HEADERS.includes(name)) headers.push(name, response.rawHeaders[i + 1])
        }
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) })
      })
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer in 5 s`)))
    request.on('error', reject)
  })
}

/** Both servers must send the same status, headers and bytes, or the comparison means nothing. */
async function checkSameAnswers(origins: Record<ServerName, string | undefined>) {
  for (const target of TARGETS) {
    const api = await get(origins.api + target.url)
    const bare = await get(origins.bare + target.url)
    if (api.status !== bare.status || api.headers.join('\n') !== bare.headers.join('\n') || !api.body.equals(bare.body))
      fail(`${target.url}: the bare server's answer differs from the API's`)
    if (origins.baseline) {
      const baseline = await get(origins.baseline + target.url)
      if (baseline.status !== 200 || !baseline.body.equals(api.body))
        console.log(`  note: the baseline's ${target.name} body differs from the API's (other content or encoding)`)
    }
  }
}

// The run

async function main() {
  if (!wrkAvailable()) fail("wrk is not installed: apt-get install wrk (Debian's package)")
  const begun = Date.now()
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-bench-api-'))
  try {
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim()
    const baseCommit = BASELINE
      ? spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BASELINE, encoding: 'utf8' }).stdout.trim()
      : ''
    console.log(`bench:api  node ${process.version}, ${os.cpus().length} cores, content: ${CONTENT_DIR}`)
    console.log(
      `load: wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION_S}s (after ${WARMUP_S} s of warm-up), ` +
        `Accept-Encoding: ${ACCEPT_ENCODING}; ${ROUNDS} rounds, servers interleaved (order turned every round); medians`,
    )
    const origins = await startServers(workDir)
    console.log(`api:      ${origins.api}  (${commit}; one process; RATE_LIMIT and RATE_LIMIT_PUBLIC ${NEVER_TRIPS})`)
    console.log(`bare:     ${origins.bare}  (node:http, the API's answers: same status, headers and bytes)`)
    if (origins.baseline) console.log(`baseline: ${origins.baseline}  (${BASELINE} at ${baseCommit}, same settings)`)
    await checkSameAnswers(origins)
    console.log(`load average at start: ${loadAverage()}\n`)

    const servers = (['api', 'bare', 'baseline'] as const).filter((name) => origins[name])
    const results = new Map<string, Measurement[]>()
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of TARGETS) {
        // Rotate the order each round, so that no server always runs first or last
        const order = servers.map((_, n) => servers[(n + round) % servers.length])
        for (const server of order) {
          const url = origins[server] + target.url
          await wrk(url, load(WARMUP_S))
          const measured = await wrk(url, load(DURATION_S))
          const key = `${target.name}/${server}`
          results.set(key, [...(results.get(key) ?? []), measured])
          console.log(
            `  round ${round + 1}/${ROUNDS}  ${target.name.padEnd(6)} ${server.padEnd(8)} ` +
              `${Math.round(measured.rps).toString().padStart(7)} req/s  p99 ${measured.p99Ms.toFixed(2)} ms` +
              (measured.bad ? `  ${measured.bad} errors/non-2xx` : ''),
          )
        }
      }
    }
    const code = report(servers, results)
    console.log(`\nload average now: ${loadAverage()}`)
    console.log(`done in ${Math.round((Date.now() - begun) / 1000)} s`)
    return code
  } finally {
    await Promise.all(started.map((server) => stop(server)))
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

function report(servers: ServerName[], results: Map<string, Measurement[]>): number {
  const runs = (target: string, server: ServerName) => results.get(`${target}/${server}`) ?? []
  /** This server's req/s over bare node's, pairing the runs of each round, then the median over rounds. */
  const ratio = (target: string, server: ServerName) => {
    const bare = runs(target, 'bare')
    return median(runs(target, server).map((run, round) => run.rps / bare[round].rps))
  }
  const rows = [['target', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', '÷ bare']]
  let anyBad = false
  for (const target of TARGETS) {
    for (const server of servers) {
      const measured = runs(target.name, server)
      const bad = measured.reduce((sum, run) => sum + run.bad, 0)
      anyBad ||= bad > 0
      rows.push([
        target.name,
        server,
        String(Math.round(median(measured.map((run) => run.rps)))),
        median(measured.map((run) => run.p50Ms)).toFixed(2),
        median(measured.map((run) => run.p99Ms)).toFixed(2),
        String(bad),
        server === 'bare' ? '' : `${ratio(target.name, server).toFixed(2)}×`,
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
  console.log(`\ngoal: the API ≥ ${GOAL}× bare node:http (median of each round's pair):`)
  for (const target of TARGETS) {
    const value = ratio(target.name, 'api')
    console.log(`  ${value >= GOAL ? 'PASS' : 'MISS'}  ${target.what}: ${value.toFixed(2)}×`)
  }
  if (anyBad) console.log('\nsome requests failed (see errors): exit 1')
  return anyBad ? 1 : 0
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers this benchmark started`)
    void Promise.all(started.map((server) => stop(server))).then(() => process.exit(130))
  })
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof BenchError ? `bench:api: ${error.message}` : error)
    void Promise.all(started.map((server) => stop(server))).then(() => process.exit(1))
  },
)
