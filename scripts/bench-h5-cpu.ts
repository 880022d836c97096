// `npm run bench:h5-cpu`: how much main-thread CPU each H5 page costs on a cold load, this build against a baseline,
// paired. Lighthouse's TBT is built from wall-clock task times, and on this 2-vCPU machine a page's main thread
// gets well under one core during a run (its wall time was 2.3–2.8× its CPU time), so a 10% change drowns in
// noise. This script reads each task's thread CPU time from a Chromium trace instead, and compares the two builds
// in pairs (A then B, then B then A, each load in a fresh browser), reporting the median of the per-pair ratios.
// Use it to decide whether a change helps; `npm run bench:h5` (Lighthouse) stays the measure of the goals.
//
// Per page and build, medians over the loads (ms of main-thread CPU, from navigation until the network is idle):
//   total   all tasks;        script  script evaluation and calls (EvaluateScript, FunctionCall, microtasks);
//   layout  Layout;           style   style recalculation (UpdateLayoutTree)
// and `long` = Σ max(0, 4·cpu − 50) over tasks: a rough stand-in for blocking time at Lighthouse's 4× slowdown.
//
// Environment: BASELINE_DIR (required: an H5 build to compare with, e.g. made from an earlier commit in a git
// worktree), H5_DIR (default dist/h5, built first when stale), PAIRS (default 8), PAGES (comma-separated keys
// of scripts/h5-bench.ts: home, list, detail, services, videos, video; default all).
// Usage: BASELINE_DIR=/tmp/base/dist/h5 npm run bench:h5-cpu
import path from 'node:path'
import puppeteer from 'puppeteer-core'
import chromium from './chromium.json'
import { ROOT, startApi, startH5, stop, type Started } from './lib/processes'
import { benchPages, buildH5IfStale, median, warmUp } from './h5-bench'

const H5_DIR = path.resolve(ROOT, process.env.H5_DIR || 'dist/h5')
const BASELINE_DIR = process.env.BASELINE_DIR ? path.resolve(ROOT, process.env.BASELINE_DIR) : undefined
const PAIRS = Math.max(1, Number(process.env.PAIRS ?? 8))
const FIGURES = ['total', 'script', 'layout', 'style', 'long'] as const
type Figure = (typeof FIGURES)[number]
type Load = Record<Figure, number>

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string; data?: { isLoadingMainFrame?: boolean } }
}

const SCRIPT = new Set(['EvaluateScript', 'FunctionCall', 'RunMicrotasks', 'V8.Execute', 'TimerFire'])
/** CPU figures of one cold load of `url`, from the main thread of the page's renderer. */
async function load(url: string): Promise<Load> {
  const browser = await puppeteer.launch({ executablePath: chromium.path, args: chromium.flags, headless: true })
  try {
    const page = await browser.newPage()
    await page.setViewport({ width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true })
    await page.tracing.start({
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'],
    })
    await page.goto(url, { waitUntil: 'networkidle0' })
    const { traceEvents } = JSON.parse(Buffer.from((await page.tracing.stop())!).toString('utf8')) as {
      traceEvents: TraceEvent[]
    }
    const nav = traceEvents.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame)
    const mainThread = traceEvents.find(
      (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === nav?.pid,
    )
    if (!nav || !mainThread) throw new Error(`no page load in the trace of ${url}`)
    const events = traceEvents
      .filter((e) => e.pid === nav.pid && e.tid === mainThread.tid && e.ph === 'X' && e.ts >= nav.ts && e.dur)
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
    const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000
    const figures: Load = { total: 0, script: 0, layout: 0, style: 0, long: 0 }
    // Self time of each event (its CPU minus that of the events nested in it), summed by kind.
    const stack: TraceEvent[] = []
    const self = new Map<TraceEvent, number>()
    for (const e of events) {
      while (stack.length && stack[stack.length - 1].ts + (stack[stack.length - 1].dur ?? 0) <= e.ts) stack.pop()
      const parent = stack[stack.length - 1]
      if (parent) self.set(parent, (self.get(parent) ?? 0) - cpu(e))
      self.set(e, (self.get(e) ?? 0) + cpu(e))
      stack.push(e)
      if (e.name === 'RunTask') {
        figures.total += cpu(e)
        figures.long += Math.max(0, 4 * cpu(e) - 50)
      }
    }
    for (const [e, ms] of self) {
      if (SCRIPT.has(e.name)) figures.script += ms
      else if (e.name === 'Layout') figures.layout += ms
      else if (e.name === 'UpdateLayoutTree') figures.style += ms
    }
    return figures
  } finally {
    await browser.close()
  }
}

async function main() {
  if (!BASELINE_DIR) {
    process.stderr.write('BASELINE_DIR is required: the H5 build to compare with (see the header of this file)\n')
    process.exit(2)
  }
  if (!process.env.H5_DIR) buildH5IfStale()
  let api: Started | undefined
  const servers: Started[] = []
  try {
    api = await startApi({ RATE_LIMIT: '0' })
    for (const dir of [H5_DIR, BASELINE_DIR]) servers.push(await startH5(api.origin, dir))
    const pages = (await benchPages(api.origin)).filter(
      (p) => !process.env.PAGES || process.env.PAGES.split(',').includes(p.key),
    )
    await warmUp(servers[0].origin, H5_DIR)
    await warmUp(servers[1].origin, BASELINE_DIR)

    console.log(`main-thread CPU per cold load, ms (medians of ${PAIRS} pairs); ratio = this build / baseline, paired`)
    console.log(
      `${'page'.padEnd(10)}${'figure'.padEnd(8)}${'this'.padStart(8)}${'base'.padStart(8)}${'ratio'.padStart(8)}`,
    )
    for (const page of pages) {
      const loads: [Load[], Load[]] = [[], []]
      for (let pair = 0; pair < PAIRS; pair++) {
        const order = pair % 2 ? [1, 0] : [0, 1]
        for (const i of order) loads[i].push(await load(`${servers[i].origin}/#${page.route}`))
        process.stderr.write(`  ${page.key}: pair ${pair + 1}/${PAIRS}\n`)
      }
      for (const figure of FIGURES) {
        const [mine, base] = loads.map((l) => median(l.map((x) => x[figure])) ?? NaN)
        const ratios = loads[0].map((x, i) => (loads[1][i][figure] > 0 ? x[figure] / loads[1][i][figure] : NaN))
        const ratio = median(ratios.filter((r) => Number.isFinite(r))) ?? NaN
        console.log(
          `${page.key.padEnd(10)}${figure.padEnd(8)}${mine.toFixed(1).padStart(8)}${base.toFixed(1).padStart(8)}${(Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '-').padStart(8)}`,
        )
      }
    }
  } finally {
    await Promise.all([...servers, api].map((server) => stop(server)))
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
