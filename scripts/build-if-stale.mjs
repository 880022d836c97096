#!/usr/bin/env node
// Builds the production bundle of a platform (h5 or weapp) for the tests when dist/<platform> is missing or
// older than any source file, config or .env file, or was made as a staff preview build; `staff` likewise builds the
// staff app (staff/, npm run build:staff) into dist/staff when it is older than staff/, src/model/ or the lock.
// H5 is built with TARO_APP_API= (same origin: scripts/serve-h5.mjs passes /api/ through to the API under
// test); weapp with the local API's origin, which its tests replace by answering every request themselves.
// Whatever TARO_APP_API the caller's environment holds, a test build never takes it.
// Usage: node scripts/build-if-stale.mjs h5|weapp|staff   (FORCE_BUILD=1 always builds)
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const platform = process.argv[2]
const MARKERS = { h5: 'dist/h5/index.html', weapp: 'dist/weapp/app.json', staff: 'dist/staff/index.html' }
if (!MARKERS[platform]) {
  console.error('usage: build-if-stale.mjs h5|weapp|staff')
  process.exit(2)
}
const marker = MARKERS[platform]
const LOCAL_ORIGIN = { h5: '', weapp: 'http://127.0.0.1:3000', staff: '' }

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs)
  }
  return latest
}

const mtimes = (files) => files.filter(existsSync).map((f) => statSync(f).mtimeMs)
const inputs =
  platform === 'staff'
    ? // The staff app imports the app's model (labels, schemas, the error messages) and the schema check's words
      Math.max(
        newest('staff'),
        newest('src/model'),
        ...mtimes(['package-lock.json', 'server/content/schema-problems.ts']),
      )
    : Math.max(newest('src'), newest('config'), ...mtimes(['.env.production', 'package-lock.json', 'babel.config.js']))
const fresh = existsSync(marker) && statSync(marker).mtimeMs > inputs && !existsSync(`dist/${platform}/.preview-build`)
if (fresh && process.env.FORCE_BUILD !== '1') {
  console.log(`dist/${platform} is up to date`)
} else {
  console.log(`building dist/${platform} (production) for the tests…`)
  const started = Date.now()
  // The build's progress bar floods CI logs: keep its output, print it only if the build fails.
  const result = spawnSync('npm', ['run', `build:${platform}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TARO_APP_API: LOCAL_ORIGIN[platform], TARO_APP_PREVIEW_TOKEN: '' },
  })
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '')
    process.stderr.write(result.stderr ?? '')
    process.exit(result.status ?? 1)
  }
  console.log(`built dist/${platform} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
