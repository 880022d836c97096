// What the staff e2e tests with an API of their own share: a temporary DATA_DIR and a copy of seeds/ as CONTENT_DIR,
// accounts made with `npm run staff` (scripts/staff.ts, password STAFF_PASSWORD), the real API in its own process
// (and, when asked, the H5 app served in front of it, which also passes /staff/ on), Chromium, and staff pages opened
// at a laptop's or a phone's size with their CSP violations collected. close() stops and removes all of it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { ROOT, startApi, startH5, stop, type Started } from '../support/processes'
import { launch } from './browser'
import { openStaffPage, type StaffViewport } from './staff-browser'

export interface StaffWorld {
  api: Started
  /** The H5 app in front of the API (only when asked for) */
  h5?: Started
  browser: Browser
  dataDir: string
  contentDir: string
  /** CSP violations logged by every page opened with page() */
  cspViolations: string[]
  /** `npm run staff -- <args>` on this world's database, as it ended (see addAccount for one that must succeed) */
  staff(args: string[]): SpawnSyncReturns<string>
  /** `npm run staff -- add <args>`; throws with its output when refused */
  addAccount(args: string[]): void
  /** A new browser context at a laptop's or a phone's size, and its page */
  page(kind: StaffViewport, extra?: BrowserContextOptions): Promise<Page>
  /** A session over HTTP, as the staff app gets one (for what another person does meanwhile): cookie and CSRF token */
  session(username: string): Promise<{ cookie: string; csrf: string }>
  /** A context of one's own (a citizen's phone, say), closed with the world */
  context(options: BrowserContextOptions): Promise<BrowserContext>
  close(): Promise<void>
}

export async function startStaffWorld(options: {
  /** In the temporary folders' names */
  name: string
  password: string
  /** Each one `npm run staff -- add` arguments, made before the API starts */
  accounts: string[][]
  h5?: boolean
}): Promise<StaffWorld> {
  const builds = ['dist/staff/index.html', ...(options.h5 ? ['dist/h5/index.html'] : [])]
  for (const build of builds) {
    if (!fs.existsSync(path.join(ROOT, build))) {
      throw new Error(`No ${build}: run \`npm run test:e2e\`, which builds it first.`)
    }
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `shijian-${options.name}-e2e-data-`))
  const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), `shijian-${options.name}-e2e-content-`))
  fs.cpSync(path.join(ROOT, 'seeds'), contentDir, { recursive: true })
  const contexts: BrowserContext[] = []
  const cspViolations: string[] = []
  const staff = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/staff.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: contentDir, STAFF_PASSWORD: options.password },
    })
  const addAccount = (args: string[]) => {
    const result = staff(['add', ...args])
    if (result.status !== 0) throw new Error(`npm run staff -- add ${args.join(' ')}: ${result.stderr}${result.stdout}`)
  }
  for (const account of options.accounts) addAccount(account)
  const api = await startApi({ DATA_DIR: dataDir, CONTENT_DIR: contentDir })
  const h5 = options.h5 ? await startH5(api.origin) : undefined
  const browser = await launch()
  return {
    api,
    h5,
    browser,
    dataDir,
    contentDir,
    cspViolations,
    staff,
    addAccount,
    async page(kind, extra = {}) {
      const { context, page } = await openStaffPage(browser, kind, cspViolations, extra)
      contexts.push(context)
      return page
    },
    async session(username) {
      const response = await fetch(`${api.origin}/api/v1/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: options.password }),
      })
      if (response.status !== 204) throw new Error(`log in as ${username}: ${response.status} ${await response.text()}`)
      const cookie = /^shijian_staff=[^;]*/.exec(response.headers.get('set-cookie') ?? '')?.[0]
      const csrf = response.headers.get('x-csrf-token')
      if (!cookie || !csrf) throw new Error(`log in as ${username}: no session cookie or CSRF token`)
      return { cookie, csrf }
    },
    async context(contextOptions) {
      const context = await browser.newContext(contextOptions)
      contexts.push(context)
      return context
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined)
      await browser.close()
      await stop(h5)
      await stop(api)
      for (const dir of [dataDir, contentDir]) fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
