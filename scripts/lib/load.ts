// What the load benchmarks (bench:api, bench:deploy) share: their numeric options, one wrk run parsed, the median of
// the rounds, and the machine's load average to print beside the figures.
import { spawn, spawnSync } from 'node:child_process'
import os from 'node:os'

/** A problem that stops a benchmark, shown as one line rather than a stack. */
export class BenchError extends Error {}

/** `--name <n>`: a whole number above 0, else the fallback when the option is absent. */
export function numberOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  const value = at < 0 ? fallback : Number(process.argv[at + 1])
  if (!Number.isInteger(value) || value <= 0) throw new BenchError(`--${name} needs a whole number above 0`)
  return value
}

export interface WrkOptions {
  seconds: number
  threads: number
  connections: number
  /** Sent as Accept-Encoding; unset: wrk sends none (identity bytes). */
  acceptEncoding?: string
}

export interface Measurement {
  rps: number
  p50Ms: number
  p99Ms: number
  /** Socket errors, time-outs and non-2xx/3xx answers. */
  bad: number
}

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined
}

/** One wrk run against `url`: requests/s, p50 and p99 latency and failures, parsed from its report. */
export function wrk(url: string, options: WrkOptions): Promise<Measurement> {
  const args = ['-t', String(options.threads), '-c', String(options.connections), '-d', `${options.seconds}s`]
  args.push('--latency')
  if (options.acceptEncoding) args.push('-H', `Accept-Encoding: ${options.acceptEncoding}`)
  args.push(url)
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error) => reject(new BenchError(`wrk: ${error.message} (apt-get install wrk)`)))
    child.on('exit', (code) => {
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(output)
      const p99 = /^\s+99%\s+([\d.]+\w+)/m.exec(output)
      if (code !== 0 || !rps || !p99)
        return reject(new BenchError(`wrk ${args.join(' ')} failed (${code}):\n${output}`))
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
      const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output)
      resolve({
        rps: Number(rps[1]),
        p50Ms: milliseconds(/^\s+50%\s+([\d.]+\w+)/m.exec(output)?.[1]),
        p99Ms: milliseconds(p99[1]),
        bad: (errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) + Number(non2xx?.[1] ?? 0),
      })
    })
  })
}

/** wrk's `1.23ms`, `456.00us`, `1.02s` in milliseconds. */
function milliseconds(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '')
  if (!match) return NaN
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as 'us' | 'ms' | 's' | 'm']
  return Number(match[1]) * scale
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** The load averages and core count, with a warning when other work is busy on this machine. */
export function loadAverage(): string {
  const cores = os.cpus().length
  const busy = os.loadavg()[0] > cores / 2 ? ': other work shares this machine, expect noisy figures' : ''
  return `${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')} (${cores} cores)${busy}`
}
