#!/usr/bin/env node
// Builds the H5 production bundle for the end-to-end tests when dist/h5 is missing or older than any
// source file, config or .env file. The build uses TARO_APP_API= (same origin: scripts/serve-h5.mjs
// passes /api/ through to the API under test).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const marker = 'dist/h5/index.html'

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs)
  }
  return latest
}

const inputs = Math.max(
  newest('src'),
  newest('config'),
  ...['.env.production', 'package-lock.json', 'babel.config.js'].filter(existsSync).map((f) => statSync(f).mtimeMs),
)
const fresh = existsSync(marker) && statSync(marker).mtimeMs > inputs && !existsSync('dist/h5/.preview-build')
if (fresh && process.env.FORCE_H5_BUILD !== '1') {
  console.log('dist/h5 is up to date')
} else {
  console.log('building dist/h5 for the end-to-end tests…')
  const result = spawnSync('npm', ['run', 'build:h5'], {
    stdio: 'inherit',
    env: { ...process.env, TARO_APP_PREVIEW_TOKEN: '' },
  })
  process.exit(result.status ?? 1)
}
