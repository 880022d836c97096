// The staff dashboard (staff/, built into dist/staff, served by the API under /staff/) in Chromium against a real
// API: its own process with a temporary DATA_DIR and a copy of the seed content in which one warning is published by
// the Nanjing bureau (a fixture: no seed item names a city publisher). Accounts are made with `npm run staff`,
// events posted through POST /api/v1/events, and every figure the test expects is counted by hand from them.
// Screenshots (laptop 1280×800, phone 390×844) go to test-results/screenshots/staff-*.png.
import { randomUUID } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { ROOT, startApi, stop, type Started } from '../support/processes'
import { launch } from './browser'
import { eventually, openStaffPage, type StaffViewport, textProblems } from './staff-browser'

jest.setTimeout(120_000)

const PASSWORD = { province: 'province-pass-2026', nanjing: 'nanjing-pass-2026', locked: 'locked-pass-2026' }
const SHOTS = path.join(ROOT, 'test-results/screenshots')

let api: Started | undefined
let browser: Browser
let dataDir: string
let contentDir: string
/** A warning credited to the province (no publisher) and the fixture's warning published by Nanjing. */
let provinceItem: { id: string; title: string }
let nanjingItem: { id: string; title: string }
const cspViolations: string[] = []

const origin = () => api!.origin
const shanghaiDay = (time: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(time))

function frontMatterField(text: string, field: string): string {
  const match = new RegExp(`^${field}: *"?([^"\\n]+)"?$`, 'm').exec(text)
  if (!match) throw new Error(`no ${field} in front matter`)
  return match[1].trim()
}

function staffCli(args: string[], password: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/staff.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: contentDir, STAFF_PASSWORD: password },
  })
  if (result.status !== 0) throw new Error(`npm run staff -- ${args.join(' ')}: ${result.stderr}${result.stdout}`)
}

async function postEvents(events: Record<string, unknown>[]) {
  const response = await fetch(`${origin()}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: events.map((event) => ({ id: randomUUID(), ...event })) }),
  })
  expect(response.status).toBe(202)
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist/staff/index.html'))) {
    throw new Error(
      'No staff build in dist/staff: run `npm run test:e2e`, which builds it first (or npm run build:staff).',
    )
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-staff-e2e-data-'))
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-staff-e2e-content-'))
  fs.cpSync(path.join(ROOT, 'seeds'), contentDir, { recursive: true })
  // The fixture: the first two warnings (by file name); the second is published by the Nanjing bureau
  const warnings = fs
    .readdirSync(path.join(contentDir, 'warnings'))
    .filter((name) => name.endsWith('.md'))
    .sort()
  const read = (name: string) => fs.readFileSync(path.join(contentDir, 'warnings', name), 'utf8')
  const item = (text: string) => ({ id: frontMatterField(text, 'id'), title: frontMatterField(text, 'title') })
  provinceItem = item(read(warnings[0]))
  const nanjingText = read(warnings[1])
  nanjingItem = item(nanjingText)
  fs.writeFileSync(
    path.join(contentDir, 'warnings', warnings[1]),
    nanjingText.replace(/^status: published$/m, 'status: published\npublisher: nanjing'),
  )

  staffCli(['add', 'province1', '--role', 'province'], PASSWORD.province)
  staffCli(['add', 'nanjing1', '--role', 'city', '--region', 'nanjing'], PASSWORD.nanjing)
  staffCli(['add', 'locked1', '--role', 'city', '--region', 'wuxi'], PASSWORD.locked)
  api = await startApi({ DATA_DIR: dataDir, CONTENT_DIR: contentDir })

  // Today (T) and yesterday (T-1) in Asia/Shanghai. Counted by hand:
  //   all regions: views 5, visitors 5 (T: v1 v2 v3 v6 v7) + 2 (T-1: v4 v5) = 7, shares 2, opens 1, hotline 1,
  //                no-result searches 2 ("预付卡退费" twice)
  //   Nanjing:     views 2, visitors 2, shares 1, opens 0
  const now = Date.now()
  const yesterday = now - 24 * 60 * 60 * 1000
  const visitor = (n: number) => `e2e-visitor-${String(n).padStart(4, '0')}`
  const onProvince = { collection: 'warnings', itemId: provinceItem.id, page: 'detail/warning/index' }
  const onNanjing = { collection: 'warnings', itemId: nanjingItem.id, page: 'detail/warning/index' }
  await postEvents([
    { type: 'view', at: now - 60_000, visitor: visitor(1), ...onProvince },
    { type: 'share', at: now - 50_000, visitor: visitor(1), shareId: 'e2eshare01', ...onProvince },
    { type: 'view', at: now - 40_000, visitor: visitor(2), ...onProvince },
    {
      type: 'share_open',
      at: now - 30_000,
      visitor: visitor(3),
      fromShareId: 'e2eshare01',
      scene: 1007,
      ...onProvince,
    },
    { type: 'view', at: now - 29_000, visitor: visitor(3), ...onProvince },
    { type: 'search', at: now - 20_000, visitor: visitor(6), q: '预付卡退费', page: 'search/index' },
    { type: 'search', at: now - 19_000, visitor: visitor(7), q: '预付卡退费', page: 'search/index' },
    { type: 'hotline_tap', at: now - 18_000, visitor: visitor(7), page: 'index/index' },
    { type: 'view', at: yesterday, visitor: visitor(4), ...onNanjing },
    { type: 'share', at: yesterday + 1000, visitor: visitor(4), shareId: 'e2eshare02', ...onNanjing },
    { type: 'view', at: yesterday + 2000, visitor: visitor(5), ...onNanjing },
  ])
  // (Near Shanghai's midnight "yesterday" could fall out of 近7天 only if the test ran for days: it does not.)
  expect(shanghaiDay(yesterday) < shanghaiDay(now)).toBe(true)

  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await stop(api)
  for (const dir of [dataDir, contentDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

function newPage(kind: StaffViewport): Promise<{ context: BrowserContext; page: Page }> {
  return openStaffPage(browser, kind, cspViolations, { acceptDownloads: true })
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true })
  // Nothing still loading: no busy region, the chart drawn when there is one
  await page.waitForFunction(
    () => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.chart.loading'),
  )
  await page.screenshot({ path: path.join(SHOTS, `staff-${name}.png`), fullPage: true })
}

async function logIn(page: Page, username: string, password: string) {
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
}

/** The value shown for a total (dt → dd .value). */
const total = (page: Page, label: string) =>
  page.locator('.total', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('.value')

/** The cells' text of the row whose header cell (th scope=row) is `name`, in `table`. */
async function rowCells(page: Page, table: RegExp, name: string): Promise<string[]> {
  const row = page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
  await row.first().waitFor()
  return row.first().locator('th, td').allTextContents()
}

const ITEMS_TABLE = /按传播力指数从高到低/
const REGIONS_TABLE = /按传播力指数排名/

describe('staff dashboard (Chromium, real API)', () => {
  it('province account: wrong password, totals, ranking, bureaus, keyboard, region switch, empty period, logout', async () => {
    const { context, page } = await newPage('laptop')
    await page.goto(`${origin()}/staff/`)
    await page.getByRole('heading', { level: 2, name: '登录' }).waitFor()
    await shot(page, 'login-laptop')

    await logIn(page, 'province1', 'not-the-password')
    await page.getByRole('alert').filter({ hasText: '用户名或密码不正确。' }).waitFor()
    await eventually(() => page.evaluate(() => document.activeElement?.id), 'password')

    await logIn(page, 'province1', PASSWORD.province)
    await page.getByRole('heading', { level: 1, name: '传播力看板' }).waitFor()
    await page.getByText('province1（省局 · 江苏省）').waitFor()
    await eventually(() => total(page, '浏览').textContent(), '5')
    await eventually(() => total(page, '访客').textContent(), '7')
    await eventually(() => total(page, '转发').textContent(), '2')
    await eventually(() => total(page, '转发打开').textContent(), '1')
    await eventually(() => total(page, '热线拨打').textContent(), '1')
    await eventually(() => total(page, '每次转发带来的打开').textContent(), '0.5')

    // Items ranked: both posted items, with their titles and figures
    // (序号, 标题, 传播力指数, 浏览, 访客, 转发, 转发打开, … , 栏目, 发布单位)
    const provinceRow = await rowCells(page, ITEMS_TABLE, provinceItem.title)
    expect(provinceRow.slice(3, 7)).toEqual(['3', '3', '1', '1'])
    expect(provinceRow.slice(-2)).toEqual(['消费警示', '江苏省'])
    const nanjingRow = await rowCells(page, ITEMS_TABLE, nanjingItem.title)
    expect(nanjingRow.slice(3, 7)).toEqual(['2', '2', '1', '0'])
    expect(nanjingRow.slice(-2)).toEqual(['消费警示', '南京市'])
    // Higher reach first: the province's item (more visitors and interactions) above Nanjing's
    expect(Number(provinceRow[0])).toBeLessThan(Number(nanjingRow[0]))

    // Bureaus for 考评: the province and the 13 cities, each with a rank; Nanjing's own figures
    const regions = page.getByRole('table', { name: REGIONS_TABLE })
    expect(await regions.getByRole('rowheader').count()).toBe(14)
    const nanjingBureau = await rowCells(page, REGIONS_TABLE, '南京市')
    expect(nanjingBureau[0]).toMatch(/^\d+$/)
    expect(nanjingBureau.slice(4, 8)).toEqual(['2', '2', '1', '0'])
    const provinceBureau = await rowCells(page, REGIONS_TABLE, '江苏省')
    expect(provinceBureau.slice(4, 8)).toEqual(['3', '5', '1', '1'])
    expect(Number(provinceBureau[0])).toBeLessThan(Number(nanjingBureau[0]))

    // Searches that found nothing
    const searches = page.getByRole('table', { name: /搜不到结果的搜索词/ })
    await eventually(() => searches.getByRole('row').filter({ hasText: '预付卡退费' }).locator('td').textContent(), '2')

    // The chart's summary in words, and the same figures day by day in a table
    expect(await page.locator('#trend-summary').textContent()).toContain('浏览 5 次')
    await page.getByText('逐日数据表', { exact: true }).click()
    await page.getByRole('table', { name: /逐日数字/ }).waitFor()
    expect(
      await page
        .getByRole('table', { name: /逐日数字/ })
        .getByRole('rowheader')
        .count(),
    ).toBe(7)
    await eventually(() => page.locator('.chart canvas').count(), 1)
    await eventually(() => page.getByRole('note').count(), 0) // real events only: no 演示数据 banner
    await shot(page, 'province-laptop')

    // The keyboard: from 近7天 the arrow key moves to 近30天, which applies at once
    await page.getByRole('radio', { name: '近7天' }).focus()
    await page.keyboard.press('ArrowRight')
    await eventually(() => page.getByRole('radio', { name: '近30天' }).isChecked(), true)
    await page.getByText(/共 30 天/).waitFor()
    await eventually(() => total(page, '浏览').textContent(), '5')

    // The region select: Nanjing alone
    await page.getByLabel('地区').selectOption('nanjing')
    await eventually(() => total(page, '浏览').textContent(), '2')
    await eventually(() => total(page, '访客').textContent(), '2')
    await eventually(() => total(page, '转发打开').textContent(), '0')
    await eventually(
      () => page.getByRole('table', { name: ITEMS_TABLE }).getByRole('rowheader').allTextContents(),
      [nanjingItem.title],
    )

    // A period with no events: said plainly, with what to do
    await page.getByRole('radio', { name: '自定义' }).click()
    await page.getByLabel('开始日期').fill('2026-01-01')
    await page.getByLabel('结束日期').fill('2026-01-31')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByRole('heading', { name: '所选时段没有记录' }).waitFor()
    await eventually(() => total(page, '浏览').textContent(), '0')
    await shot(page, 'empty-laptop')

    await page.getByRole('button', { name: '退出登录' }).click()
    await page.getByText('已退出登录。').waitFor()
    await page.getByRole('heading', { level: 2, name: '登录' }).waitFor()
    // The session is gone on the server too
    const after = await page.request.get(`${origin()}/api/v1/staff/me`)
    expect(after.status()).toBe(401)
    await context.close()
  })

  it('province account: CSV export of the selection shown (Nanjing, 近7天)', async () => {
    const { context, page } = await newPage('laptop')
    await page.goto(`${origin()}/staff/`)
    await logIn(page, 'province1', PASSWORD.province)
    await page.getByLabel('地区').selectOption('nanjing')
    await eventually(() => total(page, '浏览').textContent(), '2')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /导出 CSV/ }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^reach-nanjing-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = fs.readFileSync((await download.path())!, 'utf8')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.slice(1).trim().split(/\r?\n/)
    expect(lines[0]).toBe(
      '栏目,编号,标题,发布单位,传播力指数,浏览,访客,转发,转发打开,每次转发带来的打开,传播深度,视频播放,完播,完播率',
    )
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(nanjingItem.id)
    expect(lines[1]).toContain(nanjingItem.title)

    await context.close()
  })

  it('city account on a phone: its own region only, no region select; another region is 403', async () => {
    const { context, page } = await newPage('phone')
    await page.goto(`${origin()}/staff/`)
    await logIn(page, 'nanjing1', PASSWORD.nanjing)
    await page.getByText('nanjing1（市局 · 南京市）').waitFor()
    await eventually(() => total(page, '浏览').textContent(), '2')
    await eventually(() => total(page, '访客').textContent(), '2')
    await eventually(() => total(page, '转发').textContent(), '1')
    await eventually(() => page.getByLabel('地区').count(), 0)
    await eventually(
      () => page.getByRole('table', { name: REGIONS_TABLE }).getByRole('rowheader').allTextContents(),
      ['南京市'],
    )
    await eventually(
      () => page.getByRole('table', { name: ITEMS_TABLE }).getByRole('rowheader').allTextContents(),
      [nanjingItem.title],
    )
    // One column: nothing wider than the screen but the tables' own scrolling regions
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await shot(page, 'city-phone')

    // The network fails: said so, with 重试; once it is back, 重试 shows the figures again
    await page.route('**/api/v1/staff/reach?*', (route) => route.abort())
    await page.getByLabel('栏目').selectOption('warnings')
    await page.getByRole('alert').filter({ hasText: '无法连接服务器，请检查网络后重试。' }).waitFor()
    await shot(page, 'network-error-phone')
    await page.unroute('**/api/v1/staff/reach?*')
    await page.getByRole('button', { name: '重试' }).click()
    await eventually(() => total(page, '浏览').textContent(), '2')

    const day = shanghaiDay(Date.now())
    const other = await page.request.get(`${origin()}/api/v1/staff/reach?from=${day}&to=${day}&region=jiangsu`)
    expect(other.status()).toBe(403)
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN_REGION')

    // The server refuses a region (403): said so. (The page never asks for another region; the request is redirected
    // to one, and the real server's refusal is what the page gets.)
    await page.route('**/api/v1/staff/reach?*', (route) =>
      route.continue({ url: route.request().url().replace('region=nanjing', 'region=jiangsu') }),
    )
    await page.getByLabel('栏目').selectOption('videos')
    await page.getByRole('alert').filter({ hasText: '您的账号无权查看所选地区的数据。' }).waitFor()
    await page.unroute('**/api/v1/staff/reach?*')

    // The session ends elsewhere (here: logged out by another tab): the next fetch brings the login form back
    const me = (await (await page.request.get(`${origin()}/api/v1/staff/me`)).json()) as { csrfToken: string }
    const ended = await page.request.delete(`${origin()}/api/v1/staff/session`, {
      headers: { 'x-csrf-token': me.csrfToken },
    })
    expect(ended.status()).toBe(204)
    await page.getByLabel('栏目').selectOption('')
    await page.getByText('登录已过期或已在别处退出，请重新登录。').waitFor()
    await page.getByRole('heading', { level: 2, name: '登录' }).waitFor()

    // The CSV export likewise refuses another region (logged in again)
    await logIn(page, 'nanjing1', PASSWORD.nanjing)
    await page.getByText('nanjing1（市局 · 南京市）').waitFor()
    const csv = await page.request.get(`${origin()}/api/v1/staff/reach.csv?from=${day}&to=${day}&region=jiangsu`)
    expect(csv.status()).toBe(403)
    await context.close()
  })

  it('too many wrong passwords: the wait is said (429)', async () => {
    const { context, page } = await newPage('phone')
    await page.goto(`${origin()}/staff/`)
    await page.getByRole('heading', { level: 2, name: '登录' }).waitFor()
    await shot(page, 'login-phone')
    for (let attempt = 0; attempt < 5; attempt++) {
      await logIn(page, 'locked1', `wrong-password-${attempt}`)
      await page.getByRole('alert').filter({ hasText: '用户名或密码不正确。' }).waitFor()
      await eventually(() => page.getByRole('button', { name: '登录' }).isEnabled(), true)
    }
    await logIn(page, 'locked1', PASSWORD.locked)
    await page
      .getByRole('alert')
      .filter({ hasText: /登录失败次数过多，请在 \d+ 分钟后再试。/ })
      .waitFor()
    await shot(page, 'throttled-phone')
    await context.close()
  })

  it('accessible: named controls, text of 14 px or more with contrast ≥ 4.5:1, a visible focus, real tables', async () => {
    const { context, page } = await newPage('laptop')
    await page.goto(`${origin()}/staff/`)
    await logIn(page, 'province1', PASSWORD.province)
    await eventually(() => total(page, '浏览').textContent(), '5')
    await page.getByText('逐日数据表', { exact: true }).click()

    // Every control has a name a screen reader reads out
    const snapshot = await page.locator('body').ariaSnapshot()
    const unnamed = snapshot
      .split('\n')
      .filter((line) => /^\s*- (button|link|combobox|radio|textbox|table)(:|$)/.test(line))
    expect(unnamed).toEqual([])
    // Tables: a caption, column headers with scope, a row header per row
    const tables = await page.locator('table').evaluateAll((list) =>
      list.map((table) => ({
        caption: Boolean(table.querySelector('caption')?.textContent?.trim()),
        scoped: Array.from(table.querySelectorAll('thead th')).every((th) => th.getAttribute('scope') === 'col'),
        rowHeaders: Array.from(table.querySelectorAll('tbody tr')).every((tr) => tr.querySelector('th[scope="row"]')),
      })),
    )
    expect(tables.length).toBe(4)
    expect(tables.every((table) => table.caption && table.scoped && table.rowHeaders)).toBe(true)

    // Text size and contrast of every visible text (the chart's canvas has its summary and table instead)
    const problems = await textProblems(page, '.visually-hidden, .skip, [aria-hidden="true"]')
    expect(problems).toEqual([])

    // The keyboard, on the page loaded afresh (still signed in): the first Tab reaches the skip link, shown with an
    // outline; the next one the header's button
    await page.reload()
    await eventually(() => total(page, '浏览').textContent(), '5')
    await page.keyboard.press('Tab')
    const skip = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement
      const style = getComputedStyle(active)
      return { text: active.textContent, outline: style.outlineStyle, width: style.outlineWidth }
    })
    expect(skip).toEqual({ text: '跳到主要内容', outline: 'solid', width: '3px' })
    await page.keyboard.press('Tab')
    await eventually(() => page.evaluate(() => document.activeElement?.textContent), '退出登录')
    await context.close()
  })

  it('generated demo data (npm run reach:demo): the banner says so', async () => {
    const demoData = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-staff-e2e-demo-'))
    let demoApi: Started | undefined
    try {
      const demo = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'scripts/reach-demo.ts'), '--days', '7', '--events', '300'],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: demoData, CONTENT_DIR: contentDir } },
      )
      expect(demo.status).toBe(0)
      const cli = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'scripts/staff.ts'), 'add', 'demo1', '--role', 'province'],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, DATA_DIR: demoData, CONTENT_DIR: contentDir, STAFF_PASSWORD: PASSWORD.province },
        },
      )
      expect(cli.status).toBe(0)
      demoApi = await startApi({ DATA_DIR: demoData, CONTENT_DIR: contentDir })
      const { context, page } = await newPage('laptop')
      await page.goto(`${demoApi.origin}/staff/`)
      await logIn(page, 'demo1', PASSWORD.province)
      const banner = page.getByRole('note')
      await banner.waitFor()
      expect(await banner.textContent()).toContain('演示数据')
      expect(await banner.textContent()).toContain('npm run reach:demo')
      await shot(page, 'demo-laptop')
      await context.close()
    } finally {
      await stop(demoApi)
      fs.rmSync(demoData, { recursive: true, force: true })
    }
  })

  it('the pages: strict Content-Security-Policy, index never stored, immutable assets, nothing refused by the policy', async () => {
    const index = await fetch(`${origin()}/staff/`)
    expect(index.status).toBe(200)
    // Made per response with a new nonce for the editor's <style> (server/http/staff-app.ts)
    expect(index.headers.get('cache-control')).toBe('no-store')
    const csp = index.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    const html = await index.text()
    const nonce = /<meta property="csp-nonce" nonce="([^"]+)"/.exec(html)?.[1]
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}';`)
    // No inline script: every <script> has a src
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => / src=/.test(tag))).toBe(true)
    const asset = /src="(\/staff\/assets\/[^"]+\.js)"/.exec(html)![1]
    const script = await fetch(origin() + asset)
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    // The browser refused nothing in the tests above (the policy would say so in the console)
    expect(cspViolations).toEqual([])
  })
})
