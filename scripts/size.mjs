#!/usr/bin/env node
// Prints the size of each package of the weapp build (dist/weapp) against the budgets in DESIGN.md:
// main package ≤ 400 KB, each subpackage ≤ 200 KB (WeChat's own limit is 2 MB a package).
// Exits 1 when a budget is exceeded. Run it on a production build: npm run build:weapp && npm run size
// scripts/release-weapp.mjs uses printPackageSizes on the release bundle.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const KB = 1024
export const BUDGET = { main: 400 * KB, sub: 200 * KB }

function files(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(d, e.name)) : [path.join(d, e.name)],
  )
}

/** Bytes of each package of a weapp build: `(main)` and each subpackage root, with its budget. */
export function packageSizes(dir) {
  const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8'))
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))
  const sizes = new Map([['(main)', 0], ...roots.map((r) => [r, 0])])
  for (const file of files(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/')
    if (rel === 'project.config.json' || rel === 'project.private.config.json') continue // devtools settings, not uploaded code
    const root = roots.find((r) => rel.startsWith(`${r}/`)) ?? '(main)'
    sizes.set(root, sizes.get(root) + statSync(file).size)
  }
  return [...sizes].map(([name, bytes]) => {
    const budget = name === '(main)' ? BUDGET.main : BUDGET.sub
    return { name, bytes, budget, ok: bytes <= budget }
  })
}

/** Prints the table; returns false when a package is over its budget. */
export function printPackageSizes(dir) {
  const rows = packageSizes(dir)
  console.log('package          bytes        KB   budget KB  status')
  for (const { name, bytes, budget, ok } of rows) {
    console.log(
      `${name.padEnd(12)} ${String(bytes).padStart(9)} ${(bytes / KB).toFixed(1).padStart(9)} ${String(budget / KB).padStart(11)}  ${ok ? 'ok' : 'OVER'}`,
    )
  }
  const total = rows.reduce((sum, row) => sum + row.bytes, 0)
  console.log(`${'(all)'.padEnd(12)} ${String(total).padStart(9)} ${(total / KB).toFixed(1).padStart(9)}`)
  return rows.every((row) => row.ok)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist/weapp'
  if (!existsSync(path.join(dir, 'app.json'))) {
    console.error(`${dir}/app.json not found: run npm run build:weapp first`)
    process.exit(2)
  }
  process.exit(printPackageSizes(dir) ? 0 : 1)
}
