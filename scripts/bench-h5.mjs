#!/usr/bin/env node
// `npm run bench:h5`: Lighthouse 12.2.3 with Debian's Chromium on the H5 production build (dist/h5), served by
// scripts/serve-h5.mjs in front of the real content API, each on a free loopback port.
//
// For each page of scripts/h5-bench.ts (home, a list, a detail, services, videos, a video): 3 runs each on
// Lighthouse's default mobile profile (Moto G Power screen, simulated slow 4G and 4x CPU slowdown), categories
// performance and accessibility; prints the median of each figure and, when accessibility is under 100, the
// failing audits by id. Then the same pages once more in large-text mode (长辈模式, accessibility only: its
// switch is remembered in localStorage, which Lighthouse would otherwise clear before loading the page).
// Last, "initial JavaScript": the scripts index.html loads plus the chunks the home route loads at start (as
// Lighthouse's network records show), summed gzip-compressed (level 9), against the 150 KB goal.
//
// Goals (the issues): accessibility 100, performance ≥ 95 (mobile), initial JavaScript < 150 KB compressed.
// Exit status 0 unless Lighthouse itself fails (a missed goal is printed, not an error).
// Environment: CHROME_PATH (default /usr/bin/chromium), RUNS (default 3), REPORT_DIR (write each run's JSON report
// there), PAGES (keys of scripts/h5-bench.ts, comma-separated: only those pages), H5_DIR (measure another H5 build
// instead of dist/h5, which is then not built), BASELINE_DIR (an H5 build
// to compare with, e.g. one made from the previous commit: its runs are interleaved with this build's, against the
// same API, and the table gains the baseline's figures and this build's ratios to them — this machine is shared
// and noisy, so compare within one run, never across runs).
// Usage: npm run bench:h5 (tsx scripts/bench-h5.mjs: tsx loads the shared TypeScript helpers of tests/support)
// (builds dist/h5 first only when it is stale: scripts/build-if-stale.mjs)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { constants, gzipSync } from 'node:zlib'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import puppeteer from 'puppeteer-core'
import { ROOT, startApi, startH5, stop } from './lib/processes.ts'
import { benchPages, buildH5IfStale, median, warmUp } from './h5-bench.ts'

const chromium = createRequire(import.meta.url)('./chromium.json')
const CHROME_PATH = process.env.CHROMIUM_PATH || process.env.CHROME_PATH || chromium.path
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3))
const H5_DIR = path.resolve(ROOT, process.env.H5_DIR || 'dist/h5')
const BASELINE_DIR = process.env.BASELINE_DIR ? path.resolve(ROOT, process.env.BASELINE_DIR) : undefined
const CHROME_FLAGS = ['--headless', ...chromium.flags]
const GOALS = { accessibility: 100, performance: 95, initialJsKb: 150 }
// Taro's H5 storage keeps every value as JSON {"data": value} (Taro.setStorageSync).
const ELDER_KEY = 'shijian:elder-mode'
const ELDER_VALUE = JSON.stringify({ data: true })

const log = (line) => process.stderr.write(`${line}\n`)
/** One Lighthouse run in a fresh Chromium; `elder` seeds large-text mode and keeps storage. */
async function runLighthouse(url, { categories, elder = false }) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS })
  let browser
  try {
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories }
    let page
    if (elder) {
      browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null })
      page = await browser.newPage()
      await page.goto(new URL('/', url).href)
      await page.evaluate((key, value) => localStorage.setItem(key, value), ELDER_KEY, ELDER_VALUE)
      await page.goto('about:blank')
      flags.disableStorageReset = true
    }
    const result = await lighthouse(url, flags, undefined, page)
    const lhr = result?.lhr
    if (elder && !(await page.evaluate(() => Boolean(document.querySelector('.page.elder'))))) {
      throw new Error(`large-text mode did not come on at ${url}: is ${ELDER_KEY} still the key?`)
    }
    if (lhr && process.env.REPORT_DIR) {
      mkdirSync(process.env.REPORT_DIR, { recursive: true })
      const name = `${new URL(url).hash.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '')}${elder ? '-elder' : ''}-${Date.now()}.json`
      writeFileSync(path.join(process.env.REPORT_DIR, name), JSON.stringify(lhr))
    }
    if (!lhr) throw new Error(`Lighthouse returned no report for ${url}`)
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
    return lhr
  } finally {
    await browser?.disconnect().catch(() => {})
    chrome.kill() // by its pid
  }
}

function summarise(lhrs) {
  const score = (lhr, id) =>
    lhr.categories[id]?.score == null ? undefined : Math.round(lhr.categories[id].score * 100)
  const metric = (lhr, id) => lhr.audits[id]?.numericValue
  const failing = new Set()
  for (const lhr of lhrs) {
    for (const ref of lhr.categories.accessibility?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id]
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) failing.add(ref.id)
    }
  }
  return {
    performance: median(lhrs.map((l) => score(l, 'performance'))),
    accessibility: median(lhrs.map((l) => score(l, 'accessibility'))),
    fcp: median(lhrs.map((l) => metric(l, 'first-contentful-paint'))),
    lcp: median(lhrs.map((l) => metric(l, 'largest-contentful-paint'))),
    tbt: median(lhrs.map((l) => metric(l, 'total-blocking-time'))),
    // Lighthouse's measure of this machine's CPU speed during the run: a low figure (a busy machine) inflates TBT.
    cpu: median(lhrs.map((l) => l.environment?.benchmarkIndex)),
    failing: [...failing],
  }
}

/** Failing audits with the elements they name, for the reader who has to fix them. */
function failingDetails(lhr) {
  const lines = []
  for (const ref of lhr.categories.accessibility?.auditRefs ?? []) {
    const audit = lhr.audits[ref.id]
    if (!(ref.weight > 0 && audit.score !== null && audit.score < 1)) continue
    lines.push(`    ${ref.id}: ${audit.title}`)
    for (const item of (audit.details?.items ?? []).slice(0, 3)) {
      const node = item.node ?? {}
      lines.push(`      ${(node.snippet ?? '').slice(0, 160)}  ${node.explanation?.split('\n')[1]?.trim() ?? ''}`)
    }
  }
  return lines
}

/** The JS the home page needs before it shows anything: index.html's scripts and the home route's chunks. */
function initialJavaScript(homeLhr, origin) {
  const html = readFileSync(path.join(H5_DIR, 'index.html'), 'utf8')
  const fromHtml = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => new URL(m[1], origin).pathname)
  const requests = homeLhr.audits['network-requests']?.details?.items ?? []
  const loaded = requests
    .filter((r) => r.resourceType === 'Script' && r.url.startsWith(origin))
    .map((r) => ({ path: new URL(r.url).pathname, transferSize: r.transferSize }))
  const paths = [...new Set([...fromHtml, ...loaded.map((r) => r.path)])]
  const files = paths.map((p) => {
    const bytes = readFileSync(path.join(H5_DIR, p))
    return {
      path: p,
      from: fromHtml.includes(p) ? 'index.html' : 'home route',
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length,
      transfer: loaded.find((r) => r.path === p)?.transferSize,
    }
  })
  return files
}

const kb = (bytes) => (bytes / 1024).toFixed(1)
const ms = (value) => (value === undefined ? '-' : `${Math.round(value)} ms`)
const pad = (value, width) => String(value ?? '-').padEnd(width)

async function main() {
  if (!process.env.H5_DIR) buildH5IfStale()
  let api
  let h5
  let baseline
  try {
    api = await startApi({ RATE_LIMIT: '0' }) // Lighthouse's runs come from one address
    h5 = await startH5(api.origin, H5_DIR)
    if (BASELINE_DIR) baseline = await startH5(api.origin, BASELINE_DIR)
    await warmUp(h5.origin, H5_DIR)
    if (baseline) await warmUp(baseline.origin, BASELINE_DIR)
    const pages = await benchPages(api.origin)
    const builds = [{ name: 'this build', origin: h5.origin }]
    if (baseline) builds.push({ name: 'baseline', origin: baseline.origin })
    log(`Lighthouse 12.2.3, ${CHROME_PATH}, mobile profile, simulated throttling; ${RUNS} runs a page; H5 ${h5.origin}`)
    log("CPU = median of Lighthouse's benchmarkIndex for the runs (higher is faster; it swings on a shared machine)")
    if (baseline) log(`baseline ${path.relative(ROOT, BASELINE_DIR)} at ${baseline.origin}, runs interleaved`)

    const rows = []
    let homeLhr
    for (const page of pages) {
      const lhrs = builds.map(() => [])
      for (let run = 1; run <= RUNS; run++) {
        // Alternate which build goes first, so a slow spell of the machine does not always fall on the same one.
        const order = run % 2 ? builds.map((_, i) => i) : builds.map((_, i) => i).reverse()
        for (const i of order) {
          log(`  ${page.name}${baseline ? `, ${builds[i].name}` : ''}: run ${run}/${RUNS}`)
          lhrs[i].push(
            await runLighthouse(`${builds[i].origin}/#${page.route}`, { categories: ['performance', 'accessibility'] }),
          )
        }
      }
      if (page.route === '/pages/index/index') homeLhr = lhrs[0][0]
      builds.forEach((build, i) =>
        rows.push({
          page: page.name,
          build: build.name,
          mode: 'standard',
          ...summarise(lhrs[i]),
          detail: failingDetails(lhrs[i][0]),
        }),
      )
    }
    for (const page of pages) {
      log(`  ${page.name}: large-text mode, accessibility`)
      const lhr = await runLighthouse(`${h5.origin}/#${page.route}`, { categories: ['accessibility'], elder: true })
      rows.push({
        page: page.name,
        build: 'this build',
        mode: 'large text',
        ...summarise([lhr]),
        detail: failingDetails(lhr),
      })
    }

    console.log('')
    const buildColumn = (row) => (baseline ? pad(row.build, 12) : '')
    console.log(
      `${pad('page', 20)}${baseline ? pad('build', 12) : ''}${pad('mode', 12)}${pad('perf', 6)}${pad('a11y', 6)}${pad('FCP', 10)}${pad('LCP', 10)}${pad('TBT', 9)}${pad('CPU', 6)}failing accessibility audits`,
    )
    for (const row of rows) {
      console.log(
        `${pad(row.page, 20)}${buildColumn(row)}${pad(row.mode, 12)}${pad(row.performance, 6)}${pad(row.accessibility, 6)}${pad(ms(row.fcp), 10)}${pad(row.mode === 'standard' ? ms(row.lcp) : '-', 10)}${pad(row.mode === 'standard' ? ms(row.tbt) : '-', 9)}${pad(row.mode === 'standard' ? Math.round(row.cpu) : '-', 6)}${row.failing.join(', ') || '-'}`,
      )
    }
    if (baseline) {
      const ratio = (a, b) => (a === undefined || !b ? '-' : `${(a / b).toFixed(2)}×`)
      console.log('\nThis build against the baseline (medians; below 1× is faster for FCP, LCP and TBT):')
      for (const page of pages) {
        const mine = rows.find((r) => r.page === page.name && r.build === 'this build' && r.mode === 'standard')
        const theirs = rows.find((r) => r.page === page.name && r.build === 'baseline')
        console.log(
          `  ${pad(page.name, 20)}perf ${pad(`${theirs.performance} → ${mine.performance}`, 10)}FCP ${pad(ratio(mine.fcp, theirs.fcp), 8)}LCP ${pad(ratio(mine.lcp, theirs.lcp), 8)}TBT ${ratio(mine.tbt, theirs.tbt)}`,
        )
      }
    }
    const details = rows.filter((r) => r.detail.length > 0)
    if (details.length > 0) {
      console.log('\nFailing accessibility audits (first run, up to 3 elements each):')
      for (const row of details) console.log(`  ${row.page}, ${row.mode}:\n${row.detail.join('\n')}`)
    }

    // Measured on the home page's runs: left out when PAGES leaves the home page out.
    if (homeLhr) {
      const files = initialJavaScript(homeLhr, h5.origin)
      const total = files.reduce((sum, f) => sum + f.gzip, 0)
      console.log('\nInitial JavaScript (index.html scripts + chunks the home route loads at start):')
      for (const f of files) {
        console.log(
          `  ${pad(f.path, 28)}${pad(f.from, 12)}${pad(`${kb(f.raw)} KB`, 12)}gzip -9 ${pad(`${kb(f.gzip)} KB`, 11)}sent ${f.transfer === undefined ? '-' : `${kb(f.transfer)} KB`}`,
        )
      }
      console.log(
        `  total ${kb(total)} KB gzip -9 (goal < ${GOALS.initialJsKb} KB): ${total < GOALS.initialJsKb * 1024 ? 'PASS' : 'MISS'}`,
      )
    }

    const standard = rows.filter((r) => r.mode === 'standard' && r.build === 'this build')
    console.log('\nGoals:')
    console.log(
      `  accessibility 100 on every page and mode: ${rows.filter((r) => r.build === 'this build').every((r) => r.accessibility === GOALS.accessibility) ? 'PASS' : 'MISS'}`,
    )
    console.log(
      `  performance ≥ ${GOALS.performance} (mobile) on every page: ${standard.every((r) => r.performance >= GOALS.performance) ? 'PASS' : 'MISS'}`,
    )
  } finally {
    await Promise.all([baseline, h5, api].map((server) => stop(server)))
  }
}

main().catch((err) => {
  console.error(err?.stack ?? err)
  process.exit(1)
})
