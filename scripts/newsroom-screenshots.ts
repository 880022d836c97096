// The README's newsroom screenshots (docs/newsroom/*.png), made again from the current builds: npm run
// docs:newsroom-screenshots (after `npm run test:e2e` or `node scripts/build-if-stale.mjs staff` and `… h5`, which
// build dist/staff and dist/h5). The API runs in its own process on a temporary DATA_DIR and a temporary copy of
// seeds/ as CONTENT_DIR, the H5 app in front of it; the accounts are made with `npm run staff` as a bureau would, the
// items put in their states over the staff API (a draft of 南京, one waiting for 初审, one approved, one reviewed up to
// 终审 with a second version to compare, published, then withdrawn), and Debian's Chromium takes each picture:
// laptop pages 1280 px wide, phone pages 390 px wide (drawn at 2×). The full-size pictures go to
// test-results/screenshots/newsroom-flow-*.png; docs/newsroom/ gets them cropped, scaled and reduced to a palette with
// sharp (each well under 150 KB).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import sharp from 'sharp'
import chromiumSettings from './chromium.json'
import { ROOT, startApi, startH5, stop, type Started } from './lib/processes'
import { shanghaiDate } from '../server/content/shanghai-date'

const PASSWORD = 'newsroom-screenshots-2026'
const RAW = path.join(ROOT, 'test-results/screenshots')
const DOCS = path.join(ROOT, 'docs/newsroom')
const BASE = '/api/v1/staff/newsroom'
const today = shanghaiDate(Date.now())

const LAPTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' }
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
}

interface Session {
  cookie: string
  csrf: string
}

let dataDir = ''
let contentDir = ''
let api: Started | undefined
let h5: Started | undefined
let browser: Browser | undefined

function staffCli(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/staff.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: contentDir, DATABASE_URL: '', STAFF_PASSWORD: PASSWORD },
  })
  if (result.status !== 0) throw new Error(`npm run staff -- ${args.join(' ')}: ${result.stderr}${result.stdout}`)
}

async function logIn(username: string): Promise<Session> {
  const response = await fetch(`${api!.origin}/api/v1/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (response.status !== 204) throw new Error(`login ${username}: ${response.status}`)
  return { cookie: response.headers.get('set-cookie')!.split(';')[0], csrf: response.headers.get('x-csrf-token')! }
}

/** A staff API call; throws unless it answers 2xx. */
async function call(who: Session, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api!.origin}${BASE}${url}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie: who.cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'x-csrf-token': who.csrf }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}

function warning(id: string, title: string, summary: string, region = 'jiangsu') {
  return {
    id,
    title,
    publishedAt: today,
    summary,
    level: 'caution',
    region,
    whatToDo: ['不参加来路不明的免费活动。', '发现虚假宣传，拨打12315举报。'],
    channel: 'complaint',
    sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条' }],
  }
}

const BODY = [
  '## 套路是怎样的',
  '',
  '- 先送鸡蛋、挂面等小礼品，再请“专家”讲课。',
  '- 最后以“免费体检”为名，高价推销保健品。',
  '',
  '> [!LAW] 《中华人民共和国消费者权益保护法》第二十条',
  '> 经营者向消费者提供有关商品或者服务的质量、性能、用途、有效期限等信息，应当真实、全面，不得作虚假或者引人误解的宣传。',
  '',
].join('\n')

async function approve(who: Session, collection: string, id: string, step: string) {
  await call(who, `/items/${collection}/${id}/approve`, { step, comment: `${step}：内容属实，同意。` })
}

async function newPage(kind: 'laptop' | 'phone'): Promise<Page> {
  const context = await browser!.newContext(kind === 'laptop' ? LAPTOP : PHONE)
  return context.newPage()
}

async function staffPage(kind: 'laptop' | 'phone', username: string, hash: string): Promise<Page> {
  const page = await newPage(kind)
  // Through the H5 server (it passes /staff/ on, as nginx does): preview links then point at the H5 app
  await page.goto(`${h5!.origin}/staff/${hash}`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  return page
}

async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
  await page.evaluate(() => document.fonts.ready)
  // The focus ring and caret of what was clicked last are not part of the picture
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
}

/** The page's box of these elements together (CSS px), widened to the page's width. */
async function spanOf(page: Page, first: Locator, last: Locator) {
  const a = (await first.boundingBox())!
  const b = (await last.boundingBox())!
  const scrollY = await page.evaluate(() => window.scrollY)
  const top = Math.max(0, Math.min(a.y, b.y) + scrollY - 16)
  const bottom = Math.max(a.y + a.height, b.y + b.height) + scrollY + 16
  return { top, height: bottom - top }
}

/** The page from its top down to below this element (CSS px). */
async function fromTop(page: Page, last: Locator) {
  const box = (await last.boundingBox())!
  const scrollY = await page.evaluate(() => window.scrollY)
  return { top: 0, height: box.y + scrollY + box.height + 1 }
}

/** A full-page picture, kept as it is under test-results and cut to `rows` (CSS px) of it. */
async function capture(page: Page, name: string, rows?: { top: number; height: number }[]): Promise<Buffer> {
  await settled(page)
  fs.mkdirSync(RAW, { recursive: true })
  const full = await page.screenshot({ fullPage: true })
  fs.writeFileSync(path.join(RAW, `newsroom-flow-${name}.png`), full)
  if (!rows) return full
  const scale = (await page.evaluate(() => window.devicePixelRatio)) || 1
  const { width = 0, height = 0 } = await sharp(full).metadata()
  const parts = await Promise.all(
    rows.map((row) => {
      const top = Math.round(row.top * scale)
      return sharp(full)
        .extract({ left: 0, top, width, height: Math.min(Math.round(row.height * scale), height - top) })
        .png()
        .toBuffer()
    }),
  )
  if (parts.length === 1) return parts[0]
  // Stacked with a grey rule between them
  const heights = await Promise.all(parts.map(async (part) => (await sharp(part).metadata()).height ?? 0))
  const gap = Math.round(6 * scale)
  const total = heights.reduce((sum, h) => sum + h, 0) + gap * (parts.length - 1)
  let y = 0
  const layers = parts.map((input, i) => {
    const layer = { input, top: y, left: 0 }
    y += heights[i] + gap
    return layer
  })
  return sharp({ create: { width, height: total, channels: 3, background: '#9aa3ad' } })
    .composite(layers)
    .png()
    .toBuffer()
}

/** Saved under docs/newsroom: scaled to `width` px, a palette of 128 colours (the screens are flat colours). */
async function save(picture: Buffer, name: string, width: number) {
  fs.mkdirSync(DOCS, { recursive: true })
  const file = path.join(DOCS, `${name}.png`)
  await sharp(picture)
    .resize({ width, withoutEnlargement: true })
    .png({ palette: true, colours: 128, compressionLevel: 9, effort: 10 })
    .toFile(file)
  const { width: w, height: h } = await sharp(file).metadata()
  console.log(`docs/newsroom/${name}.png: ${w} × ${h} px, ${Math.round(fs.statSync(file).size / 1024)} KB`)
}

async function main() {
  for (const build of ['dist/staff/index.html', 'dist/h5/index.html']) {
    if (!fs.existsSync(path.join(ROOT, build))) {
      throw new Error(`No ${build}: run node scripts/build-if-stale.mjs staff (and h5) first`)
    }
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-shots-data-'))
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-shots-content-'))
  fs.cpSync(path.join(ROOT, 'seeds'), contentDir, { recursive: true })
  // The accounts, as a bureau makes them (README: Newsroom, Permissions)
  staffCli(['add', 'bianji', '--role', 'province'])
  staffCli(['add', 'chushen', '--role', 'province', '--review-steps', '初审'])
  staffCli(['add', 'fushen', '--role', 'province', '--review-steps', '复审'])
  staffCli(['add', 'zhongshen', '--role', 'province', '--review-steps', '终审'])
  staffCli(['add', 'nanjing-bianji', '--role', 'city', '--region', 'nanjing'])
  api = await startApi({ DATA_DIR: dataDir, CONTENT_DIR: contentDir, DATABASE_URL: '' })
  h5 = await startH5(api.origin)
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? chromiumSettings.path,
    headless: true,
    args: chromiumSettings.flags,
  })

  const [editor, first, second, last, nanjing] = await Promise.all(
    ['bianji', 'chushen', 'fushen', 'zhongshen', 'nanjing-bianji'].map(logIn),
  )
  // Items in their states (most recently changed first in the list). Each draft's id is the server's (`…Item`); the
  // id given is the public id it is published under
  const published = 'free-checkup-supplements'
  const title = '警惕“免费体检”推销保健品'
  const { id: publishedItem } = await call(editor, '/items', {
    collection: 'warnings',
    data: warning(published, title, '打着免费体检旗号推销保健品，是常见的套路。'),
    body: BODY,
  })
  await call(
    editor,
    `/items/warnings/${publishedItem}/versions`,
    {
      data: warning(published, title, '打着“免费体检”旗号推销保健品，是老年人常遇到的套路。'),
      body: `${BODY}\n如已购买，保留票据，拨打12315投诉。\n`,
    },
    { 'if-match': '"1"' },
  )
  await call(editor, `/items/warnings/${publishedItem}/submit`, {})
  await approve(first, 'warnings', publishedItem, '初审')
  await approve(second, 'warnings', publishedItem, '复审')

  const { id: approved } = await call(editor, '/items', {
    collection: 'warnings',
    data: warning('prepaid-card-refund', '预付卡退费难，办卡前看清合同', '商家关门跑路，预付卡余额难退。'),
    body: '## 办卡前\n\n- 查经营者资质，不一次充值过多。\n',
  })
  await call(editor, `/items/warnings/${approved}/submit`, {})
  await approve(first, 'warnings', approved, '初审')
  await approve(second, 'warnings', approved, '复审')
  await approve(last, 'warnings', approved, '终审')

  const { id: waiting } = await call(editor, '/items', {
    collection: 'warnings',
    data: warning('live-stream-sales', '直播间“限时秒杀”，当心先涨后降', '直播带货的“原价”可能是虚标的。'),
    body: '## 怎么识别\n\n- 截图保存直播页面和价格。\n',
  })
  await call(editor, `/items/warnings/${waiting}/submit`, {})

  const draftTitle = '南京：警惕上门推销“净水器”'
  const { id: draft } = await call(nanjing, '/items', {
    collection: 'warnings',
    data: warning('nanjing-water-purifier', draftTitle, '有人上门免费检测水质，再推销高价净水器。', 'nanjing'),
    body: [
      '## 套路',
      '',
      '- 先说自来水“检测不合格”，当场做“电解实验”。',
      '- 再推销几千元的净水器，称“限时优惠”。',
      '',
      '> [!LAW] 《中华人民共和国消费者权益保护法》第二十条',
      '> 经营者向消费者提供有关商品或者服务的质量、性能、用途、有效期限等信息，应当真实、全面，不得作虚假或者引人误解的宣传。',
      '',
      '## 怎么办',
      '',
      '1. 不让陌生人进门“检测水质”。',
      '2. 已经购买的，保留合同和票据，拨打12315投诉。',
      '',
    ].join('\n'),
  })

  // 1. 待我审核 on a reviewer's phone
  const queue = await staffPage('phone', 'chushen', '#/newsroom')
  const queueRegion = queue.getByRole('region', { name: /待我审核/ })
  await queueRegion.getByRole('link', { name: '直播间“限时秒杀”，当心先涨后降' }).waitFor()
  await save(await capture(queue, 'queue-phone', [{ top: 0, height: 844 }]), 'queue-phone', 390)

  // 2. The editor with its live preview (南京's draft, laptop)
  const edit = await staffPage('laptop', 'nanjing-bianji', `#/newsroom/item/warnings/${draft}`)
  await edit.getByRole('heading', { level: 1, name: draftTitle }).waitFor()
  const preview = edit.getByRole('complementary', { name: '正文预览' })
  await preview.getByRole('heading', { name: '怎么办' }).waitFor()
  // The body's editor in the middle of the screen, the preview (sticky) beside it
  await edit
    .getByText('正文（Markdown）', { exact: true })
    .first()
    .evaluate((label) => {
      label.scrollIntoView({ block: 'start' })
      window.scrollBy(0, -120)
    })
  await settled(edit)
  const editorShot = await edit.screenshot()
  fs.writeFileSync(path.join(RAW, 'newsroom-flow-editor-laptop.png'), editorShot)
  await save(editorShot, 'editor-laptop', 1000)

  // 2b. 手机预览: a preview link and its QR code (laptop), the draft opened from it on a phone
  const previewLinks = edit.getByRole('region', { name: '手机预览' })
  await previewLinks.getByRole('button', { name: '生成预览链接' }).click()
  const link = previewLinks.getByRole('group', { name: '预览链接' })
  await link.getByRole('img', { name: /^预览二维码/ }).waitFor()
  await settled(edit)
  const linkShot = await previewLinks.screenshot()
  fs.writeFileSync(path.join(RAW, 'newsroom-flow-preview-link-laptop.png'), linkShot)
  await save(linkShot, 'preview-link-laptop', 1000)
  const draftUrl = (await link.locator('a.preview-url').getAttribute('href'))!
  const draftPhone = await newPage('phone')
  await draftPhone.goto(draftUrl)
  await draftPhone.getByRole('heading', { level: 1, name: draftTitle }).waitFor({ timeout: 30_000 })
  await draftPhone.waitForTimeout(500)
  await settled(draftPhone)
  const draftShot = await draftPhone.screenshot()
  fs.writeFileSync(path.join(RAW, 'newsroom-flow-preview-phone.png'), draftShot)
  await save(draftShot, 'preview-phone', 390)

  // 3. 终审: the review panel, the checks and the diff between the versions (laptop)
  const review = await staffPage('laptop', 'zhongshen', `#/newsroom/item/warnings/${publishedItem}`)
  await review.getByRole('heading', { level: 1, name: title }).waitFor()
  await review.getByText('✓ 检查通过').waitFor()
  const panel = review.getByRole('region', { name: '审核', exact: true })
  const checks = review.getByRole('region', { name: /^发布前检查/ })
  const diffSection = review.getByRole('region', { name: '版本差异', exact: true })
  await diffSection.getByText(/第 1 版 → 第 2 版/).waitFor()
  const recordSection = review.getByRole('region', { name: '审核记录', exact: true })
  await save(
    await capture(review, 'review-laptop', [await fromTop(review, panel), await spanOf(review, checks, recordSection)]),
    'review-laptop',
    1000,
  )

  // 4. Published: 终审 approved, 发布; the warning in the H5 app (phone)
  await approve(last, 'warnings', publishedItem, '终审')
  await call(last, `/items/warnings/${publishedItem}/publish`, {})
  const app = await newPage('phone')
  await app.goto(`${h5!.origin}/#/detail/warning/index?id=${published}`)
  await app.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: 30_000 })
  await app.waitForTimeout(500)
  await settled(app)
  const shown = await app.screenshot()
  fs.writeFileSync(path.join(RAW, 'newsroom-flow-h5-published-phone.png'), shown)
  await save(shown, 'h5-published-phone', 390)

  // 5. Withdrawn (撤稿): a shared card opened afresh says 内容不存在或已撤下 (phone)
  await call(last, `/items/warnings/${publishedItem}/withdraw`, { reason: '涉事商家已整改，按要求撤下。' })
  for (let i = 0; i < 50; i++) {
    const status = (await fetch(`${api!.origin}/api/v1/warnings/${published}`, { cache: 'no-store' })).status
    if (status === 404) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const gone = await newPage('phone')
  await gone.goto(`${h5!.origin}/#/detail/warning/index?id=${published}`)
  await gone.getByText('内容不存在或已撤下').first().waitFor({ timeout: 30_000 })
  await settled(gone)
  await save(await capture(gone, 'h5-withdrawn-phone', [{ top: 0, height: 300 }]), 'h5-withdrawn-phone', 390)

  // 6. The list with every state (laptop), the withdrawn item on top
  const list = await staffPage('laptop', 'bianji', '#/newsroom')
  await list.getByRole('heading', { level: 1, name: '稿件' }).waitFor()
  await list.getByRole('row').filter({ hasText: title }).getByText('已撤下').waitFor()
  const listTable = list.getByRole('table', { name: /最近改动的在前/ })
  const listRows = listTable.getByRole('row')
  await save(await capture(list, 'list-laptop', [await fromTop(list, listRows.nth(9))]), 'list-laptop', 1000)
  // 7. 操作日志: every step on record, the chain verified (laptop, a province account)
  const audit = await staffPage('laptop', 'zhongshen', '#/audit')
  await audit.getByRole('heading', { level: 1, name: '操作日志' }).waitFor()
  await audit.getByLabel('操作', { exact: true }).selectOption('newsroom.*')
  await audit.getByRole('button', { name: '查询' }).click()
  await audit.getByText('稿件：撤稿').first().waitFor()
  await audit
    .getByText(/共 \d+ 条/)
    .first()
    .waitFor()
  await save(await capture(audit, 'audit-laptop', [{ top: 0, height: 1000 }]), 'audit-laptop', 1000)
}

main()
  .then(
    () => 0,
    (error: unknown) => {
      console.error(error)
      return 1
    },
  )
  .then(async (code) => {
    await browser?.close().catch(() => undefined)
    await stop(h5)
    await stop(api)
    for (const dir of [dataDir, contentDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true })
    process.exit(code)
  })
