// The deployed stack under load: deploy/nginx/shijian.conf.template rendered, nginx in front of the API, public answers
// from nginx's cache, against the same nginx serving the same bytes from files (another server block, the API's
// headers copied). A warning detail and a list page; wrk, interleaved rounds, medians; goal: deployed ≥ 0.9× static.
// A benchmark, not a test: it prints PASS/MISS and exits non-zero only when something fails (a server does not start,
// a request errors, an answer is not a cache HIT), never for a missed goal.
//
// Usage: npm run bench:deploy -- [--rounds 5] [--duration 5] [--connections 50] [--threads 2] [--workers 1] [--br]
//   --br: requests send `Accept-Encoding: gzip, deflate, br` (a browser's), so both serve the API's brotli bytes
// Needs Debian's nginx, wrk and envsubst. Everything runs on 127.0.0.1; every child is stopped by its pid.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { loadAverage, median, numberOption, wrk, type Measurement } from './lib/load'
import { startNginx, type StartedNginx } from './lib/nginx'
import { freePort, ROOT, startApi, stop, type Started } from './lib/processes'

const ROUNDS = numberOption('rounds', 5)
const DURATION_S = numberOption('duration', 5)
const CONNECTIONS = numberOption('connections', 50)
const THREADS = numberOption('threads', 2)
/** nginx worker processes, the same for both server blocks (they are one nginx). */
const NGINX_WORKERS = numberOption('workers', 1)
const GOAL = 0.9
/** What every request sends as Accept-Encoding: none (identity bytes), or a browser's (the API's brotli bytes). */
const ACCEPT_ENCODING = process.argv.includes('--br') ? 'gzip, deflate, br' : undefined
const REQUEST_HEADERS: Record<string, string> = ACCEPT_ENCODING ? { 'accept-encoding': ACCEPT_ENCODING } : {}
const load = (seconds: number) => ({
  seconds,
  threads: THREADS,
  connections: CONNECTIONS,
  acceptEncoding: ACCEPT_ENCODING,
})
/** Headers of the API's answer that the static block repeats, so that both answers are about the same size. */
const COPIED_HEADERS = [
  'cache-control',
  'content-encoding',
  'vary',
  'x-content-type-options',
  'referrer-policy',
  'content-security-policy',
  'cross-origin-resource-policy',
  'access-control-allow-origin',
]

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** Status line, headers and body, as sent. */
  bytes: number
}

function get(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: 10_000, headers: REQUEST_HEADERS }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const body = Buffer.concat(chunks)
        const head = response.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0) + 20
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, bytes: head + body.length })
      })
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer in 10 s`)))
    request.on('error', reject)
  })
}

async function main(): Promise<number> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-bench-deploy-'))
  let api: Started | undefined
  let nginx: StartedNginx | undefined
  try {
    const h5Root = path.join(prefix, 'h5')
    fs.mkdirSync(h5Root)
    fs.writeFileSync(path.join(h5Root, 'index.html'), '<!doctype html><title>bench</title>\n')
    api = await startApi({ CONTENT_DIR: path.join(ROOT, 'seeds'), RATE_LIMIT: '0', TRUST_PROXY: '127.0.0.1' })

    const warnings = JSON.parse((await get(`${api.origin}/api/v1/warnings?pageSize=1`)).body.toString()) as {
      items: { id: string }[]
    }
    const targets = [
      { name: 'detail', path: `/api/v1/warnings/${warnings.items[0].id}` },
      { name: 'list', path: '/api/v1/warnings?page=1&pageSize=20' },
    ]

    // The static block: each answer's exact body in a file, with the API's headers
    const staticDir = path.join(prefix, 'static')
    fs.mkdirSync(staticDir, { mode: 0o755 })
    const staticPort = await freePort()
    const locations: string[] = []
    for (const target of targets) {
      const answer = await get(api.origin + target.path)
      if (answer.status !== 200) throw new Error(`${target.path}: the API answered ${answer.status}`)
      const file = path.join(staticDir, `${target.name}.json`)
      fs.writeFileSync(file, answer.body, { mode: 0o644 })
      const headers = COPIED_HEADERS.filter((name) => answer.headers[name] !== undefined)
        .map((name) => `            add_header ${name} '${String(answer.headers[name]).replace(/'/g, "\\'")}';`)
        .join('\n')
      locations.push(`        location = ${target.path.split('?')[0]} {
            alias ${file};
            default_type 'application/json; charset=utf-8';
            etag on;
${headers}
        }`)
    }
    nginx = await startNginx({
      prefix,
      api: new URL(api.origin).host,
      h5Root,
      workers: NGINX_WORKERS,
      extraHttp: `    # The same bytes from files, for comparison (scripts/bench-deploy.ts)
    server {
        listen 127.0.0.1:${staticPort};
        access_log off;
${locations.join('\n')}
    }`,
    })
    const origins = { deployed: nginx.origin, static: `http://127.0.0.1:${staticPort}` }

    console.log(`bench:deploy  node ${process.version}, ${nginxVersion()}, ${os.cpus().length} cores`)
    console.log(`deployed: ${origins.deployed}  (rendered template: nginx → API ${api.origin}, answers from the cache)`)
    console.log(`static:   ${origins.static}  (the same nginx, the same bytes and headers from files)`)
    console.log(
      `load: wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION_S}s, ${ROUNDS} rounds, the two interleaved ` +
        `(order alternating), 1 s warm-up each; Accept-Encoding: ${ACCEPT_ENCODING ?? 'none'}; ` +
        `nginx workers: ${NGINX_WORKERS}; load average ${loadAverage()}`,
    )

    // Both answer the same body; the deployed one from the cache
    for (const target of targets) {
      await get(origins.deployed + target.path) // a MISS, which fills the cache
      const deployed = await get(origins.deployed + target.path)
      const fromFile = await get(origins.static + target.path)
      if (deployed.headers['x-cache-status'] !== 'HIT') {
        throw new Error(`${target.path}: nginx answered ${String(deployed.headers['x-cache-status'])}, not HIT`)
      }
      if (!deployed.body.equals(fromFile.body)) throw new Error(`${target.path}: the bodies differ`)
      const coding = deployed.headers['content-encoding']
      if (coding !== fromFile.headers['content-encoding']) throw new Error(`${target.path}: the encodings differ`)
      console.log(
        `  ${target.name.padEnd(6)} ${target.path}: ${deployed.body.length} bytes of JSON (${coding ?? 'identity'}); ` +
          `answer ${deployed.bytes} bytes deployed, ${fromFile.bytes} static`,
      )
    }

    const runs = new Map<string, Measurement[]>()
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets) {
        const order =
          (round + targets.indexOf(target)) % 2 ? (['deployed', 'static'] as const) : (['static', 'deployed'] as const)
        for (const server of order) {
          const url = origins[server] + target.path
          await wrk(url, load(1))
          const run = await wrk(url, load(DURATION_S))
          const key = `${target.name}/${server}`
          runs.set(key, [...(runs.get(key) ?? []), run])
          console.log(
            `  round ${round}/${ROUNDS}  ${target.name.padEnd(6)} ${server.padEnd(8)} ` +
              `${Math.round(run.rps).toString().padStart(7)} req/s  p99 ${run.p99Ms.toFixed(2)} ms` +
              (run.bad ? `  ${run.bad} errors/non-2xx` : ''),
          )
        }
      }
    }
    // Still served from the cache after the load (nothing expired into a MISS during the runs)
    for (const target of targets) {
      const status = (await get(origins.deployed + target.path)).headers['x-cache-status']
      console.log(`  after the runs: ${target.path} X-Cache-Status ${String(status)}`)
    }

    console.log('\ntarget  server    req/s (median)  p99 ms  errors  deployed/static (median of rounds)')
    let bad = 0
    const verdicts: string[] = []
    for (const target of targets) {
      const deployed = runs.get(`${target.name}/deployed`)!
      const fromFile = runs.get(`${target.name}/static`)!
      const ratio = median(deployed.map((run, i) => run.rps / fromFile[i].rps))
      for (const [server, list] of [
        ['deployed', deployed],
        ['static', fromFile],
      ] as const) {
        const errors = list.reduce((sum, run) => sum + run.bad, 0)
        bad += errors
        console.log(
          `${target.name.padEnd(8)}${server.padEnd(10)}${Math.round(median(list.map((r) => r.rps)))
            .toString()
            .padStart(14)}${median(list.map((r) => r.p99Ms))
            .toFixed(2)
            .padStart(8)}${String(errors).padStart(8)}${server === 'deployed' ? `  ${ratio.toFixed(2)}×` : ''}`,
        )
      }
      verdicts.push(
        `  ${ratio >= GOAL ? 'PASS' : 'MISS'}  ${target.name}: deployed ≥ ${GOAL}× nginx static (${ratio.toFixed(2)}×)`,
      )
    }
    console.log(`\ngoals:\n${verdicts.join('\n')}`)
    console.log(`load average now: ${loadAverage()}`)
    if (bad) console.log('\nsome requests failed (see errors): exit 1')
    return bad ? 1 : 0
  } finally {
    await Promise.all([stop(nginx), stop(api)])
    fs.rmSync(prefix, { recursive: true, force: true })
  }
}

function nginxVersion(): string {
  const result = spawnSync('nginx', ['-v'], { encoding: 'utf8' })
  return result.stderr?.trim().replace('nginx version: ', '') || 'nginx'
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:deploy: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  },
)
