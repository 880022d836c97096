#!/usr/bin/env node
// `npm start`: the content API on the seed content, the weapp build for WeChat devtools pointed at it,
// and the H5 preview, then waits (Ctrl-C stops everything it started). The staff dashboard (/staff/ on the API) is
// built first when dist/staff is missing or older than staff/.
// Environment: PORT (API, default 3000), H5_PORT (default 10086), CONTENT_DIR, PREVIEW_TOKEN.
// A port that is taken falls back to a free one; the addresses actually used are printed.
// With PREVIEW_TOKEN set (or `npm run preview`), the API accepts it and both builds send it, so drafts
// show, marked 草稿 (staff preview; see the README). Never deploy those builds.
// `npm start -- --demo`: the staff side on demo data (scripts/demo.ts): a fresh data/demo (DEMO_DIR) with a copy of
// the seeds and one demo item per city, generated reach events, demo accounts whose passwords are printed, items in
// review; the API runs on it (marked 演示数据 in the staff app) and the weapp build is left out. Refused with
// NODE_ENV=production, DATABASE_URL, DATA_DIR or CONTENT_DIR set.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const children = []

function startAndWaitForOrigin(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
      process.stdout.write(chunk)
      const match = output.match(/https?:\/\/[\w.-]+:\d+/)
      if (match && !child.origin) {
        child.origin = match[0]
        resolve(child)
      }
    })
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
    children.push(child)
  })
}

async function onFreePort(args, env, wanted) {
  try {
    return await startAndWaitForOrigin(args, { ...env, PORT: wanted })
  } catch {
    console.log(`port ${wanted} is taken: using a free port instead`)
    return startAndWaitForOrigin(args, { ...env, PORT: '0' })
  }
}

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill()
}
process.on('SIGINT', () => (stopAll(), process.exit(0)))
process.on('SIGTERM', () => (stopAll(), process.exit(0)))

// `npm run preview` (--preview): staff preview with a token made up for this run unless PREVIEW_TOKEN is set.
const preview = process.argv.includes('--preview')
const demo = process.argv.includes('--demo')
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs')
const demoDir = path.resolve(process.env.DEMO_DIR?.trim() || path.join(root, 'data/demo'))
if (demo) {
  // Refusals first (exit 2 with the reason), before anything is built
  const prepared = spawnSync(process.execPath, [tsx, path.join(root, 'scripts/demo.ts'), 'prepare'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (prepared.status !== 0) process.exit(prepared.status ?? 1)
}
const demoEnv = demo ? { DATA_DIR: path.join(demoDir, 'db'), CONTENT_DIR: path.join(demoDir, 'content') } : {}
const staffBuild = spawnSync(process.execPath, [path.join(root, 'scripts/build-if-stale.mjs'), 'staff'], {
  cwd: root,
  stdio: 'inherit',
})
if (staffBuild.status !== 0) process.exit(staffBuild.status ?? 1)
const token = process.env.PREVIEW_TOKEN || (preview ? randomBytes(18).toString('base64url') : '')
const api = await onFreePort([tsx, 'server/main.ts'], { PREVIEW_TOKEN: token, ...demoEnv }, process.env.PORT ?? '3000')

if (demo) {
  const reviewed = spawnSync(process.execPath, [tsx, path.join(root, 'scripts/demo.ts'), 'review', api.origin], {
    cwd: root,
    stdio: 'inherit',
  })
  if (reviewed.status !== 0) {
    stopAll()
    process.exit(reviewed.status ?? 1)
  }
} else {
  console.log(`\nbuilding the weapp for WeChat devtools against ${api.origin} …`)
  const weapp = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TARO_APP_API: api.origin, TARO_APP_PREVIEW_TOKEN: token },
  })
  if (weapp.status !== 0) {
    stopAll()
    process.exit(weapp.status ?? 1)
  }
}

console.log('\nbuilding the H5 preview …')
const h5build = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TARO_APP_API: '', TARO_APP_PREVIEW_TOKEN: token },
})
if (h5build.status !== 0) {
  stopAll()
  process.exit(h5build.status ?? 1)
}
// Marks preview builds, so the tests rebuild rather than test a bundle that sends a token.
if (token) {
  for (const platform of ['weapp', 'h5'])
    writeFileSync(path.join(root, `dist/${platform}/.preview-build`), 'built with PREVIEW_TOKEN\n')
}
const h5 = await onFreePort(
  [path.join(root, 'scripts/serve-h5.mjs')],
  { API_ORIGIN: api.origin },
  process.env.H5_PORT ?? '10086',
)

if (demo) {
  const accounts = JSON.parse(readFileSync(path.join(demoDir, 'accounts.json'), 'utf8'))
  const width = Math.max(...accounts.map((account) => account.username.length))
  console.log(`
演示数据 (demo): invented accounts, items and figures in ${demoDir}, made afresh at each --demo run.
Sign in at ${h5.origin}/staff/ with one of these demo accounts:
${accounts.map((account) => `  ${account.username.padEnd(width)}  ${account.password}  ${account.does}`).join('\n')}
  The reach dashboard shows generated events; 稿件 holds items waiting for review; 操作日志 (province accounts) the
  audit log. Every page says 演示数据. The H5 preview (${h5.origin}/) shows the demo items, titled 【演示】.
Ctrl-C stops them.`)
} else {
  console.log(`
Shijian is running${token ? ' in staff preview mode (drafts shown, marked 草稿)' : ''}:
  content API    ${api.origin}/api/v1/home
  staff          ${h5.origin}/staff/  (accounts: npm run staff -- add …; also on the API's origin, but there the
                 newsroom's preview links would point at the API, not at the H5 app: open it here, or set H5_URL)
  H5 preview     ${h5.origin}/
  WeChat         open this folder (${root}) in WeChat devtools: project.config.json points it at dist/weapp.
                 In 详情 → 本地设置, tick "不校验合法域名…" so it may call ${api.origin}.
  Demo accounts  npm start -- --demo (staff side with demo data)
Ctrl-C stops them.`)
}
