// First-render budgets of the production weapp build (shared/DESIGN.md, "Budgets"; WeChat's audit in PLATFORM.md):
// for every page of dist/weapp/app.json, booted cold in the Node harness (tests/weapp/harness.ts) against a real API
// with the seed content: setData calls and data size until the first full render, and the size of the rendered tree.
//
// Usage: npm run build:weapp && npm run bench:weapp   (this script builds nothing: it measures what dist/weapp holds)
// Exits 1 if a page is over a budget or fails to render, 2 if there is no build.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { startApi, stop, type Started } from './lib/processes'
import { DIST_DIR, pageCases } from '../tests/weapp/app-pages'
import { bootApp } from '../tests/weapp/harness'

const BUDGET = {
  /** setData calls until the first full render: at most. */
  calls: 5,
  /** KB of setData data (JSON length / 1024) until the first full render: at most. */
  kb: 64,
  /** Nodes of the rendered tree: under (WeChat's audit: fewer than 1000 WXML nodes). */
  nodes: 1000,
  /** Depth of the rendered tree: under (WeChat's audit: depth under 30). */
  depth: 30,
}

interface Row {
  page: string
  calls: number
  kb: number
  totalCalls: number
  nodes: number
  depth: number
  ms: number
  problems: string[]
}

async function measure(origin: string): Promise<Row[]> {
  const rows: Row[] = []
  for (const c of await pageCases(origin)) {
    // A fresh mini-program for every page: a cold start, as from a share card; nothing cached by an earlier page.
    const harness = await bootApp({ distDir: DIST_DIR, apiOrigin: origin })
    const started = Date.now()
    const problems: string[] = []
    try {
      const page = await harness.openPage(c.url)
      const ms = Date.now() - started
      const first = page.metrics.firstRender ?? { calls: 0, bytes: 0 }
      const tree = page.metrics.firstRenderTree ?? { nodes: 0, depth: 0 }
      const text = page.text()
      for (const expected of c.expectText) if (!text.includes(expected)) problems.push(`does not show "${expected}"`)
      for (const error of harness.errors) problems.push(`${error.where}: ${error.message.split('\n')[0]}`)
      const kb = first.bytes / 1024
      if (first.calls > BUDGET.calls) problems.push(`${first.calls} setData calls > ${BUDGET.calls}`)
      if (kb > BUDGET.kb) problems.push(`${kb.toFixed(1)} KB > ${BUDGET.kb} KB`)
      if (tree.nodes >= BUDGET.nodes) problems.push(`${tree.nodes} nodes >= ${BUDGET.nodes}`)
      if (tree.depth >= BUDGET.depth) problems.push(`depth ${tree.depth} >= ${BUDGET.depth}`)
      rows.push({
        page: c.url,
        calls: first.calls,
        kb,
        totalCalls: page.metrics.total.calls,
        nodes: tree.nodes,
        depth: tree.depth,
        ms,
        problems,
      })
    } catch (error) {
      rows.push({ page: c.url, calls: 0, kb: 0, totalCalls: 0, nodes: 0, depth: 0, ms: 0, problems: [String(error)] })
    } finally {
      harness.destroy()
    }
  }
  return rows
}

function table(rows: Row[]): string {
  const header = ['page', 'calls', 'KB', 'total calls', 'nodes', 'depth', 'ms', 'result']
  const body = rows.map((r) => [
    r.page,
    String(r.calls),
    r.kb.toFixed(1),
    String(r.totalCalls),
    String(r.nodes),
    String(r.depth),
    String(r.ms),
    r.problems.length === 0 ? 'pass' : `FAIL: ${r.problems.join('; ')}`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (i === 7 ? 4 : row[i].length))))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 || i === 7 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

async function main(): Promise<number> {
  if (!existsSync(path.join(DIST_DIR, 'app.json'))) {
    console.error(`No weapp build in ${DIST_DIR}: run \`npm run build:weapp\` first (production build; budgets are`)
    console.error('measured on production builds only).')
    return 2
  }
  let api: Started | undefined
  try {
    api = await startApi()
    const rows = await measure(api.origin)
    console.log('weapp first render, each page booted cold in the Node harness against the API with seed content')
    console.log(
      `budgets: setData calls <= ${BUDGET.calls} and <= ${BUDGET.kb} KB until the first full render; ` +
        `nodes < ${BUDGET.nodes}; depth < ${BUDGET.depth}`,
    )
    console.log('(KB: JSON length of the setData data / 1024; "total calls": all setData once the page settled)\n')
    console.log(table(rows))
    const failed = rows.filter((r) => r.problems.length > 0)
    console.log(
      failed.length === 0
        ? `\nall ${rows.length} pages within budget`
        : `\n${failed.length} of ${rows.length} pages FAIL`,
    )
    return failed.length === 0 ? 0 : 1
  } finally {
    await stop(api)
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
