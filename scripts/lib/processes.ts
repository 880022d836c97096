// Starts and stops the project's servers (the API, the H5 preview server, nginx…) as child processes, for tests and
// scripts alike. `start` waits for a line or a port, keeps draining the child's output and puts it in any error;
// `stop` sends SIGTERM and resolves once the child has exited (SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

// Resolved through require (not __dirname), so it is right also when an ESM script loads this file through tsx.
export const ROOT = path.dirname(require.resolve('../../package.json'))

/** How much of a child's output (stdout and stderr, interleaved) is kept for errors and `output()`. */
const KEPT_OUTPUT = 64 * 1024
const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_GRACE_MS = 5_000

export interface Started {
  process: ChildProcess
  /** `http://host:port`: from the ready line, or the port waited for. */
  origin: string
  /** The child's output so far (the last 64 KB of stdout and stderr). */
  output(): string
}

/** When a child is ready: a line of its output matches (the origin is group 1, else the first http URL in the
 * match), or a TCP connection to the port succeeds. */
export type Ready = { line: RegExp } | { port: number; host?: string }

export interface StartOptions {
  ready: Ready
  env?: Record<string, string | undefined>
  cwd?: string
  timeoutMs?: number
}

/** Any http(s) origin printed: the default ready line of the project's servers. */
export const ANY_ORIGIN: Ready = { line: /(https?:\/\/[\w.[\]:-]+:\d+)/ }

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

/** Runs `command`, resolves once it is ready (see `Ready`); rejects with its output if it exits or times out first. */
export function start(command: string, args: string[], options: StartOptions): Promise<Started> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  // Listening to both streams for the child's whole life keeps them draining: a chatty child never blocks on a full pipe.
  const keep = (chunk: Buffer) => {
    output += chunk.toString()
    if (output.length > 2 * KEPT_OUTPUT) output = output.slice(-KEPT_OUTPUT)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const name = [command, ...args]
    .map((part) => (part.startsWith(ROOT + path.sep) ? path.relative(ROOT, part) : part))
    .map((part) => (part.length > 80 ? `${part.slice(0, 77)}…` : part))
    .join(' ')
  const shown = () => output.slice(-KEPT_OUTPUT)
  const started = (origin: string): Started => ({ process: child, origin, output: shown })

  return new Promise<Started>((resolve, reject) => {
    let settled = false
    const finish = (error: Error | undefined, origin?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearInterval(poll)
      child.off('exit', onExit)
      child.stdout?.off('data', onLine)
      child.stderr?.off('data', onLine)
      if (error) {
        // Rejected: the child is of no use, so it is stopped before the caller hears of it
        void stop(started('')).then(() => reject(error))
      } else resolve(started(origin!))
    }
    const timer = setTimeout(
      () => finish(new Error(`${name} was not ready within ${timeoutMs} ms; its output:\n${shown()}`)),
      timeoutMs,
    )
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // Its last output may still be in the pipes: wait for them to close (briefly: a grandchild may hold them)
      const report = () =>
        finish(new Error(`${name} exited (${signal ?? code}) before it was ready; its output:\n${shown()}`))
      const wait = setTimeout(report, 500)
      child.once('close', () => {
        clearTimeout(wait)
        report()
      })
    }
    child.once('exit', onExit)
    child.once('error', (error) => finish(new Error(`${name} could not start: ${error.message}`)))

    const onLine = () => {
      if (!('line' in options.ready)) return
      const match = options.ready.line.exec(output)
      if (!match) return
      const origin = match[1] ?? /https?:\/\/[\w.[\]:-]+:\d+/.exec(match[0])?.[0] ?? ''
      finish(undefined, origin)
    }
    let poll: NodeJS.Timeout | undefined
    if ('line' in options.ready) {
      // Registered after `keep`, so `output` already holds the chunk
      child.stdout?.on('data', onLine)
      child.stderr?.on('data', onLine)
    } else {
      const { port, host = '127.0.0.1' } = options.ready
      let trying = false
      poll = setInterval(() => {
        if (trying || settled) return
        trying = true
        canConnect(port, host).then((ok) => {
          trying = false
          if (ok) finish(undefined, `http://${host.includes(':') ? `[${host}]` : host}:${port}`)
        })
      }, 50)
    }
  })
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * Sends SIGTERM and resolves once the child has exited; after `graceMs` it sends SIGKILL. Resolves at once when
 * there is nothing to stop (undefined, never started, already exited). Never rejects.
 */
export function stop(started: Started | undefined, graceMs = DEFAULT_GRACE_MS): Promise<void> {
  const child = started?.process
  if (!child || child.pid === undefined || hasExited(child)) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** A TCP port that was free a moment ago on `host` (for servers that cannot listen on port 0 and say which). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

const API_LINE: Ready = { line: /^Shijian API listening on (http:\/\/\S+)/m }

export interface ApiOptions {
  /** `source` (default): server/main.ts through tsx; `built`: dist/api/server/main.js (npm run build:api) with node. */
  from?: 'source' | 'built'
  timeoutMs?: number
}

/**
 * The content API on a free port of 127.0.0.1, on the seed content with no rate limit unless `env` says otherwise,
 * storing events in a fresh temporary DATA_DIR (not the repository's data/) unless `env` names one.
 * Runs in one process (node --import tsx, not the tsx CLI, which would add a parent process).
 */
export function startApi(env: Record<string, string> = {}, options: ApiOptions = {}): Promise<Started> {
  const args =
    options.from === 'built'
      ? [path.join(ROOT, 'dist/api/server/main.js')]
      : ['--import', 'tsx', path.join(ROOT, 'server/main.ts')]
  return start(process.execPath, args, {
    ready: API_LINE,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      CONTENT_DIR: 'seeds',
      RATE_LIMIT: '0',
      DATA_DIR: env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-api-data-')),
      ...env,
    },
    timeoutMs: options.timeoutMs,
  })
}

/**
 * The H5 preview server (scripts/serve-h5.mjs) over `h5Dir` (default dist/h5), passing /api/ to `apiOrigin`; `env`
 * adds to its environment (TARO_APP_API: the API origin its pages' CSP allows; empty by default, as the tests' and
 * benchmarks' H5 builds are made: scripts/build-if-stale.mjs).
 */
export function startH5(apiOrigin: string, h5Dir?: string, env: Record<string, string> = {}): Promise<Started> {
  return start(process.execPath, [path.join(ROOT, 'scripts/serve-h5.mjs')], {
    ready: ANY_ORIGIN,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      API_ORIGIN: apiOrigin,
      TARO_APP_API: '',
      ...(h5Dir ? { H5_DIR: h5Dir } : {}),
      ...env,
    },
  })
}
