// Everything a staff member reads is Chinese (issue 19, "What a new staff member stumbled on"): a sweep over every
// staff page — the login (and a wrong password), the dashboard with figures, 稿件 (the list), the editor of a new item
// with a required choice left unselected, the editor of a saved item with a refused upload, its 手机预览 link panel
// and its 版本差异, the review of an item with a refused self-review, and 操作日志 — in Chromium against a real API on
// a temporary DATA_DIR and copy of seeds/. On each, the visible text (and what a screen reader reads: placeholders,
// aria-labels, the options of every select) may hold no English word but the allowed proper nouns (PDF, CSV, H5,
// Markdown, the file types, 12315…), the accounts' usernames, item ids, web addresses, paths and numbers.
// Screenshots: test-results/screenshots/staff-chinese-*.png.
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { ROOT } from '../support/processes'
import { eventually, fillBody, newsroomFetch, staffLogIn } from './staff-browser'
import { startStaffWorld, type StaffWorld } from './staff-world'
import { shanghaiDate } from '../../server/content/shanghai-date'

jest.setTimeout(240_000)

const PASSWORD = 'chinese-e2e-pass-2026'
const SHOTS = path.join(ROOT, 'test-results/screenshots')
const ACCOUNTS = ['bianji', 'shenhe', 'fuhe']
const ID = `e2e-zh-${randomBytes(3).toString('hex')}`
const REVIEW_ID = `e2e-zh-review-${randomBytes(3).toString('hex')}`
const today = () => shanghaiDate(Date.now())

/** Words a staff member may read in Latin letters: names of formats and things, not sentences. */
const PROPER_NOUNS = new Set([
  'PDF',
  'CSV',
  'H5',
  'Markdown',
  'JPEG',
  'JPG',
  'PNG',
  'WebP',
  'MP4',
  'H.264',
  'MB',
  'KB',
  'px',
  'QR',
])

/** The English words of a text once web addresses, paths, queries, file names, ids and usernames are taken out. */
export function englishWords(text: string, allowed: Set<string>): string[] {
  const words: string[] = []
  for (const token of text
    .replace(/https?:\/\/\S+/g, ' ')
    // Markdown's own marks, as staff type them: > [!LAW], > [!NOTE]
    .replace(/\[![A-Z]+\]/g, ' ')
    .split(/[\s，。；：、（）()“”《》【】,;:!?！？"'·…—|<>[\]{}]+/)) {
    if (!token) continue
    // Paths, queries, file names and addresses: detail/warning/index, id=x&preview=y, a.jpg, images/x.jpg
    if (/[/=&]/.test(token) || /^\S+\.[a-z0-9]{2,4}$/i.test(token)) continue
    // Ids (lower-case words joined by hyphens) and the accounts
    if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(token) || allowed.has(token)) continue
    for (const word of token.match(/[A-Za-z][A-Za-z0-9.]*/g) ?? []) {
      const bare = word.replace(/\.$/, '')
      if (!PROPER_NOUNS.has(bare) && !allowed.has(bare)) words.push(bare)
    }
  }
  return words
}

/** What the page shows and says: its visible text, placeholders, labels for screen readers, every select's options. */
function readText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.body.innerText]
    for (const element of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
      for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
        const value = element.getAttribute(name)
        if (value) parts.push(value)
      }
    }
    for (const option of document.querySelectorAll('option')) parts.push(option.textContent ?? '')
    return parts.join('\n')
  })
}

let world: StaffWorld
let ids: Set<string>
const found: Record<string, string[]> = {}

/** The English words on the page now, recorded under `name`, and a screenshot of it. */
async function sweep(page: Page, name: string) {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  const words = englishWords(await readText(page), ids)
  found[name] = [...new Set(words)]
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `staff-chinese-${name}.png`), fullPage: true })
}

beforeAll(async () => {
  world = await startStaffWorld({
    name: 'chinese',
    password: PASSWORD,
    accounts: [
      ['bianji', '--role', 'province'],
      ['shenhe', '--role', 'province', '--can-review'],
      ['fuhe', '--role', 'province', '--can-review'],
    ],
  })
  // Item ids and the accounts, as written in the pages
  const seeded = ['explainers', 'warnings', 'videos', 'news'].flatMap((folder) =>
    fs
      .readdirSync(path.join(world.contentDir, folder))
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.replace(/\.md$/, '')),
  )
  // npm run staff writes its OS user (命令行（root）)
  ids = new Set([...ACCOUNTS, os.userInfo().username, ID, REVIEW_ID, ...seeded])
  // Some figures for the dashboard: views, a share and its opening of a seed warning
  const warning = fs.readdirSync(path.join(world.contentDir, 'warnings')).sort()[0].replace(/\.md$/, '')
  const at = Date.now() - 60_000
  const item = { collection: 'warnings', itemId: warning, page: 'detail/warning/index' }
  const events = [
    { type: 'view', at, visitor: 'e2e-visitor-aaaa-0001', ...item },
    { type: 'view', at, visitor: 'e2e-visitor-aaaa-0002', ...item },
    { type: 'share', at, visitor: 'e2e-visitor-aaaa-0001', ...item, shareId: 'e2e-share-0001' },
    {
      type: 'share_open',
      at,
      visitor: 'e2e-visitor-aaaa-0003',
      ...item,
      scene: 1007,
      fromShareId: 'e2e-share-0001',
    },
    { type: 'view', at, visitor: 'e2e-visitor-aaaa-0003', ...item, scene: 1007 },
  ]
  const response = await fetch(`${world.api.origin}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: events.map((event) => ({ id: randomUUID(), ...event })) }),
  })
  expect(response.status).toBe(202)
})
afterAll(() => world?.close())

const WARNING = {
  title: '警惕“直播间秒杀”低价引流',
  publishedAt: '',
  summary: '直播间先用极低价吸引下单，再以各种理由拖延发货或换成次品。',
  level: 'caution',
  region: 'jiangsu',
  whatToDo: ['保存直播录屏和订单截图。', '商家不发货或货不对板，拨打12315投诉。'],
  channel: 'complaint',
  sources: [{ title: '《中华人民共和国电子商务法》', article: '第十七条' }],
}

describe('the staff pages in Chinese', () => {
  it('show no English a staff member must read, on every page and refusal', async () => {
    const page = await world.page('laptop')
    const origin = world.api.origin

    // The login page, then a wrong password
    await page.goto(`${origin}/staff/`)
    await page.getByLabel('用户名').waitFor()
    await sweep(page, 'login')
    await page.getByLabel('用户名').fill('bianji')
    await page.getByLabel('密码').fill('not-the-password-at-all')
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('alert').waitFor()
    await sweep(page, 'login-refused')

    // The dashboard, with figures
    await staffLogIn(page, origin, 'bianji', PASSWORD)
    await page.getByRole('heading', { name: '内容传播力排行' }).waitFor()
    await sweep(page, 'dashboard')

    // A new warning: the required choices left unselected, then 保存 refused with the field problems
    await page.goto(`${origin}/staff/#/newsroom/new/warnings`)
    const level = page.getByLabel(/^警示级别/)
    await level.waitFor()
    await level.focus()
    await page.getByLabel(/^适用地区/).focus()
    await page.getByLabel(/^“投诉”按钮通往/).focus()
    await page.getByLabel(/^标题/).focus()
    await page.locator('.field-error').first().waitFor()
    await sweep(page, 'editor-unselected')
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await page.locator('.alert.error').first().waitFor()
    await sweep(page, 'editor-refused')

    // A saved draft (two versions): a refused upload, the 手机预览 panel and the 版本差异
    const created = await newsroomFetch(page, 'POST', '/items', {
      collection: 'warnings',
      data: { ...WARNING, id: ID, publishedAt: today() },
      body: '## 套路\n\n先用低价引流，再拖延发货。\n',
    })
    expect(created.status).toBe(201)
    // The server may give a new draft an id of its own
    const itemId = String(created.body.id)
    ids.add(itemId)
    await page.goto(`${origin}/staff/#/newsroom/item/warnings/${itemId}`)
    await page.getByRole('heading', { level: 1, name: WARNING.title }).waitFor()
    await page.getByLabel(/^警示级别/).selectOption('alert')
    await page.getByLabel(/^“投诉”按钮通往/).selectOption('report')
    await fillBody(page, '## 套路\n\n先用低价引流，再拖延发货，最后失联。\n')
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await eventually(
      () =>
        page
          .locator('.status-line')
          .innerText()
          .then((text) => /第 2 版/.test(text)),
      true,
    )
    await page.getByLabel(/^插入图片/).setInputFiles({
      name: '现场.png',
      mimeType: 'image/png',
      buffer: Buffer.from('这不是一张图片，只是一段文字。'),
    })
    await page.locator('.field-error[role=alert]').first().waitFor()
    const previews = page.locator('section.preview-links')
    await previews.getByRole('button', { name: '生成预览链接' }).click()
    await previews.getByRole('group', { name: '预览链接' }).waitFor()
    await page.getByRole('button', { name: '对比第 1 版与最新' }).click()
    await page.getByText(/第 1 版 → 第 2 版/).waitFor()
    await sweep(page, 'editor')

    // A self-review refused: 审核 offered on a page opened before the reviewer saved a version of the item
    const reviewer = await world.page('laptop')
    await staffLogIn(reviewer, origin, 'shenhe', PASSWORD)
    const review = await newsroomFetch(page, 'POST', '/items', {
      collection: 'warnings',
      data: { ...WARNING, id: REVIEW_ID, publishedAt: today() },
      body: '## 套路\n\n先用低价引流。\n',
    })
    expect(review.status).toBe(201)
    const reviewId = String(review.body.id)
    ids.add(reviewId)
    expect((await newsroomFetch(page, 'POST', `/items/warnings/${reviewId}/submit`)).status).toBe(200)
    await reviewer.goto(`${origin}/staff/#/newsroom/item/warnings/${reviewId}`)
    const approve = reviewer.getByRole('button', { name: '初审通过' })
    await approve.waitFor()
    // Meanwhile: 复核 returns it, 审核 saves a version of it (so is now one of its authors), 编辑 submits it again
    const other = await world.page('laptop')
    await staffLogIn(other, origin, 'fuhe', PASSWORD)
    const returned = await newsroomFetch(other, 'POST', `/items/warnings/${reviewId}/return`, {
      step: '初审',
      comment: '请补充依据。',
    })
    expect(returned.status).toBe(200)
    const second = await newsroomFetch(reviewer, 'GET', `/items/warnings/${reviewId}`)
    const saved = await newsroomFetch(
      reviewer,
      'POST',
      `/items/warnings/${reviewId}/versions`,
      { data: second.body.data, body: `${String(second.body.body)}\n补充：依据见电子商务法。\n` },
      { 'if-match': `"${String(second.body.version)}"` },
    )
    expect(saved.status).toBe(200)
    expect((await newsroomFetch(page, 'POST', `/items/warnings/${reviewId}/submit`)).status).toBe(200)
    await approve.click()
    await reviewer.locator('.alert.error').first().waitFor()
    await sweep(reviewer, 'review-refused')

    // 稿件 and 操作日志 (its filter's choices, and the entries of all the above)
    await page.goto(`${origin}/staff/#/newsroom`)
    await page.getByRole('heading', { level: 1, name: '稿件' }).waitFor()
    await page.locator('table').first().waitFor()
    await sweep(page, 'list')
    await reviewer.goto(`${origin}/staff/#/audit`)
    await reviewer.locator('table.audit-table').waitFor()
    await sweep(reviewer, 'audit')

    expect(Object.fromEntries(Object.entries(found).filter(([, words]) => words.length > 0))).toEqual({})
  })
})
