// 操作日志 (the audit log page of the staff app, staff/src/audit) in Chromium against a real API: its own process with
// a temporary DATA_DIR and a copy of the seed content, accounts made with `npm run staff`. A province account logs in
// (its login is the newest entry), opens 操作日志 from the nav and sees the chain 完整; the test then edits that login
// entry's detail in the SQLite file directly (better-sqlite3, as someone with access to the server could), reloads,
// and the page says the chain breaks at that entry and marks it 未通过校验; `npm run audit:verify` on the same
// DATA_DIR exits non-zero, and the CSV export says the same in X-Audit-Chain. A city account has no 操作日志 in the nav
// and the page, typed in, says 无权查看. Screenshots go to test-results/screenshots/staff-audit-*.png.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { ROOT } from '../support/processes'
import { staffLogIn, type StaffViewport } from './staff-browser'
import { startStaffWorld, type StaffWorld } from './staff-world'

jest.setTimeout(120_000)

const PASSWORD = 'audit-e2e-pass-2026'
const SHOTS = path.join(ROOT, 'test-results/screenshots')

let world: StaffWorld
beforeAll(async () => {
  world = await startStaffWorld({
    name: 'audit',
    password: PASSWORD,
    accounts: [
      ['shenji', '--role', 'province'],
      ['nanjing1', '--role', 'city', '--region', 'nanjing'],
    ],
  })
})
afterAll(() => world?.close())

const origin = () => world.api.origin
const cspViolations = () => world.cspViolations

const newPage = (kind: StaffViewport): Promise<Page> => world.page(kind)

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
  await page.screenshot({ path: path.join(SHOTS, `staff-audit-${name}.png`), fullPage: true })
}

async function logIn(page: Page, username: string) {
  await staffLogIn(page, origin(), username, PASSWORD)
  await page.getByRole('button', { name: '退出登录' }).waitFor()
}

const nav = (page: Page) => page.getByRole('navigation', { name: '工作台' })
const auditTable = (page: Page) => page.getByRole('table', { name: /操作记录/ })
/** The cells' text of the entry whose 编号 (th scope=row) is `id`. */
const rowOf = (page: Page, id: number) =>
  auditTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: String(id), exact: true }) })

describe('操作日志 (Chromium, real API)', () => {
  it('province: the chain 完整; an entry edited in the database is shown as the break and 未通过校验', async () => {
    const page = await newPage('laptop')
    await logIn(page, 'shenji')
    await nav(page).getByRole('link', { name: '操作日志' }).click()
    await page.getByRole('heading', { level: 1, name: '操作日志' }).waitFor()
    expect(await nav(page).getByRole('link', { name: '操作日志' }).getAttribute('aria-current')).toBe('page')

    const status = page.getByRole('status').filter({ hasText: '完整' })
    await status.waitFor()
    // Two accounts added by the CLI and one login: 3 entries, all intact
    expect(await status.textContent()).toContain('全部 3 条记录均通过校验')

    // The login just made, read from the database, is on the page with its actor and action
    const db = new Database(path.join(world.dataDir, 'shijian.sqlite'))
    try {
      const login = db
        .prepare("select id, detail from audit_log where action = 'login' and actor = 'shenji' order by id desc")
        .get() as { id: number; detail: string }
      expect(login).toBeDefined()
      const cells = await rowOf(page, login.id).locator('th, td').allTextContents()
      expect(cells[2]).toBe('shenji')
      expect(cells[3]).toContain('登录')
      expect(cells[5]).toBe('通过')
      expect(await page.getByText('未通过校验').count()).toBe(0)
      await shot(page, 'laptop')

      // Someone with the database file in hand rewrites the login's detail
      db.prepare('update audit_log set detail = ? where id = ?').run(
        JSON.stringify({ note: '已核实，无异常' }),
        login.id,
      )
      await page.reload()
      const alert = page.getByRole('alert').filter({ hasText: '断开' })
      await alert.waitFor()
      expect(await alert.textContent()).toContain(`在第 ${login.id} 条处断开：该条记录被修改或删除`)
      const broken = rowOf(page, login.id)
      await broken.waitFor()
      const brokenCells = await broken.locator('th, td').allTextContents()
      expect(brokenCells[4]).toContain('已核实，无异常')
      expect(brokenCells[5]).toContain('未通过校验')
      // The entries before it are still intact
      const first = await rowOf(page, 1).locator('th, td').allTextContents()
      expect(first[5]).toBe('通过')
      expect(await page.getByRole('status').filter({ hasText: '完整' }).count()).toBe(0)
      await shot(page, 'broken-laptop')

      // The CSV link exports with the same session and says the chain is broken
      const href = await page.getByRole('link', { name: /导出 CSV/ }).getAttribute('href')
      expect(href).toMatch(/^\/api\/v1\/staff\/audit\.csv\?from=\d{4}-\d{2}-\d{2}&to=/)
      const csv = await page.request.get(origin() + href!)
      expect(csv.status()).toBe(200)
      expect(csv.headers()['x-audit-chain']).toBe(`broken at ${login.id}`)
      expect(await csv.text()).toContain('不符')
    } finally {
      db.close()
    }

    // The operator's check on the same DATA_DIR fails too
    const verify = world.staff(['verify-audit'])
    expect(verify.status).not.toBe(0)

    // Filters: the actor's entries only, then an action prefix with no entries
    await page.getByLabel('操作人').fill('shenji')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText(/操作人 shenji · 共 \d+ 条/).waitFor()
    const actors = await auditTable(page).locator('tbody tr td:nth-child(3)').allTextContents()
    expect(actors.length).toBeGreaterThan(0)
    expect(new Set(actors)).toEqual(new Set(['shenji']))
    await page.getByLabel('操作人').fill('')
    await page.getByLabel('操作', { exact: true }).selectOption('newsroom.*')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText('所选条件下没有操作记录。').waitFor()

    // Readable on a phone: the page does not scroll sideways (the table scrolls in its own region)
    const phone = await newPage('phone')
    await logIn(phone, 'shenji')
    await phone.goto(`${origin()}/staff/#/audit`)
    await phone.getByRole('alert').filter({ hasText: '断开' }).waitFor()
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shot(phone, 'broken-phone')
    expect(cspViolations()).toEqual([])
  })

  it('city account: no 操作日志 in the nav, and the page typed in says 无权查看', async () => {
    const page = await newPage('laptop')
    await logIn(page, 'nanjing1')
    await nav(page).getByRole('link', { name: '稿件' }).waitFor()
    expect(await nav(page).getByRole('link', { name: '操作日志' }).count()).toBe(0)
    await page.goto(`${origin()}/staff/#/audit`)
    await page.getByRole('alert').filter({ hasText: '无权查看' }).waitFor()
    expect(await auditTable(page).count()).toBe(0)
    // And the API refuses it
    expect((await page.request.get(`${origin()}/api/v1/staff/audit`)).status()).toBe(403)
    expect(cspViolations()).toEqual([])
  })
})
