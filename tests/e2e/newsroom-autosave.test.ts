// Autosave in the newsroom editor (Chromium, a real API process with a temporary DATA_DIR and copy of seeds/): an
// editor changes a draft's title and body (CodeMirror), the page says 已自动保存 HH:MM; meanwhile another editor saves
// version 2; the page reloaded offers the autosave (发现 … 自动保存、尚未保存为版本的修改, based on version 1 while
// version 2 is current); 恢复 puts the title and the body back, and saving meets the 412 conflict flow with the text
// kept. Leaving the page asks first (beforeunload) only while a change is not yet autosaved. An autosave refused
// (the draft submitted by someone else meanwhile: 409) is said with the text kept. 插入图片 puts the image at the
// cursor in the CodeMirror body (mid-text). A new item's form:
// autosaved, reloaded, 丢弃 removes it (not offered again). No CSP violation.
// Screenshot: test-results/screenshots/newsroom-autosave-offer-laptop.png.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { ROOT } from '../support/processes'
import { bodyText, eventually, fillBody, staffLogIn } from './staff-browser'
import { startStaffWorld, type StaffWorld } from './staff-world'
import { shanghaiDate } from '../../server/content/shanghai-date'

jest.setTimeout(120_000)

const PASSWORD = 'newsroom-autosave-pass-2026'
const SHOTS = path.join(ROOT, 'test-results/screenshots')
const ID = `e2e-autosave-${randomBytes(3).toString('hex')}`
const BASE = '/api/v1/staff/newsroom'
const today = () => shanghaiDate(Date.now())

let world: StaffWorld
const origin = () => world.api.origin

/** A session over HTTP (cookie and CSRF token), for what the other editor does. */
const session = (username: string) => world.session(username)

const warning = (title: string, id = ID) => ({
  id,
  title,
  publishedAt: today(),
  summary: '打着免费体检旗号推销保健品，是常见的套路。',
  level: 'caution',
  region: 'jiangsu',
  whatToDo: ['不参加来路不明的免费体检。'],
  channel: 'complaint',
  sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条' }],
})

beforeAll(async () => {
  world = await startStaffWorld({
    name: 'autosave',
    password: PASSWORD,
    accounts: [
      ['bianji', '--role', 'province'],
      ['bianji2', '--role', 'province'],
    ],
  })
})
afterAll(() => world?.close())

async function logIn(username: string, hash: string): Promise<Page> {
  const page = await world.page('laptop')
  await staffLogIn(page, origin(), username, PASSWORD, hash)
  return page
}

const autosaved = (page: Page) =>
  page
    .getByRole('status')
    .filter({ hasText: /^已自动保存 \d\d:\d\d$/ })
    .waitFor({ timeout: 20_000 })

describe('newsroom autosave (Chromium, real API)', () => {
  it('a draft’s changes are autosaved, offered after a reload, restored, and a save meets the 412 flow', async () => {
    const other = await session('bianji2')
    const created = await fetch(`${origin()}${BASE}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: other.cookie, 'x-csrf-token': other.csrf },
      body: JSON.stringify({ collection: 'warnings', data: warning('警惕“免费体检”'), body: '第一版正文。\n' }),
    })
    expect(created.status).toBe(201)
    // The draft's own id, the server's (ID is the public id it wishes for)
    const { id: item } = (await created.json()) as { id: string }

    const page = await logIn('bianji', `#/newsroom/item/warnings/${item}`)
    await page.getByRole('heading', { level: 1, name: '警惕“免费体检”' }).waitFor()
    const typed = '## 自动保存的小标题\n\n还没保存成版本的一段话。\n'
    await page.getByLabel(/^标题/).fill('警惕“免费体检”推销保健品')
    await fillBody(page, typed)
    await autosaved(page)

    // Meanwhile the other editor saves version 2
    const saved = await fetch(`${origin()}${BASE}/items/warnings/${item}/versions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: other.cookie,
        'x-csrf-token': other.csrf,
        'if-match': '"1"',
      },
      body: JSON.stringify({ data: warning('警惕“免费体检”骗局'), body: '第二版正文。\n' }),
    })
    expect(saved.status).toBe(200)

    // Reloaded: the saved version shows, and the autosave is offered, said to be based on version 1
    await page.reload()
    await page.getByRole('heading', { level: 1, name: '警惕“免费体检”骗局' }).waitFor()
    const offer = page.getByRole('region', { name: /自动保存、尚未保存为版本的修改/ })
    await offer.getByText(/^发现 .+ 自动保存、尚未保存为版本的修改（基于第 1 版，当前已是第 2 版/).waitFor()
    await expect(bodyText(page)).resolves.toBe('第二版正文。\n')
    await page.locator('.cm-content .cm-line').first().waitFor()
    fs.mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: path.join(SHOTS, 'newsroom-autosave-offer-laptop.png'), fullPage: true })

    await offer.getByRole('button', { name: '恢复' }).click()
    await expect(offer.count()).resolves.toBe(0)
    await expect(page.getByLabel(/^标题/).inputValue()).resolves.toBe('警惕“免费体检”推销保健品')
    await expect(bodyText(page)).resolves.toBe(typed)
    // The editor draws the restored text with a line number beside each line (CodeMirror measures its lines once
    // it is in view)
    await page.locator('.body-editor').scrollIntoViewIfNeeded()
    const lines = page.locator('.cm-content .cm-line')
    await expect(lines.count()).resolves.toBe(typed.split('\n').length)
    const numbers = page.locator('.cm-lineNumbers .cm-gutterElement:not([style*="visibility"])')
    await eventually(
      async () => {
        const [first, third] = [
          await lines.nth(2).boundingBox(),
          await numbers.filter({ hasText: /^3$/ }).boundingBox(),
        ]
        return Boolean(first && third && Math.abs(first.y - third.y) < 4)
      },
      true,
      10_000,
    )
    await page.locator('.body-editor').screenshot({ path: path.join(SHOTS, 'newsroom-autosave-editor-laptop.png') })
    // Saved against version 1, the version it was based on: 412, what changed shown, the text kept
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await page.getByRole('region', { name: /别人保存了新版本（第 2 版）/ }).waitFor()
    await expect(bodyText(page)).resolves.toBe(typed)
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await page.getByText('第 3 版', { exact: true }).waitFor()
    // Saved: nothing offered any more
    await page.reload()
    await page.getByRole('heading', { level: 1, name: '警惕“免费体检”推销保健品' }).waitFor()
    await expect(bodyText(page)).resolves.toBe(typed)
    await page.waitForTimeout(1000)
    await expect(page.getByRole('region', { name: /自动保存、尚未保存为版本的修改/ }).count()).resolves.toBe(0)
  })

  it('leaving the page warns while a change is neither saved nor autosaved, and not once it is autosaved', async () => {
    const page = await logIn('bianji', '#/newsroom/new/explainers')
    await page.getByRole('heading', { level: 1, name: /^新建/ }).waitFor()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type())
      void dialog.dismiss() // stay on the page
    })
    await page.getByLabel(/^标题/).fill('刚刚输入、还没自动保存')
    await page.close({ runBeforeUnload: true })
    await eventually(async () => dialogs, ['beforeunload'], 10_000)
    expect(page.isClosed()).toBe(false)
    await autosaved(page)
    const closed = new Promise((resolve) => page.once('close', resolve))
    await page.close({ runBeforeUnload: true })
    await closed
    expect(dialogs).toEqual(['beforeunload'])
  })

  it('an autosave refused (the draft was submitted meanwhile) is said, the text staying in the page', async () => {
    const wish = `${ID}-b`
    const other = await session('bianji2')
    const headers = { 'content-type': 'application/json', cookie: other.cookie, 'x-csrf-token': other.csrf }
    const created = await fetch(`${origin()}${BASE}/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ collection: 'warnings', data: warning('提交前的稿件', wish), body: '正文。\n' }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const page = await logIn('bianji', `#/newsroom/item/warnings/${id}`)
    await page.getByRole('heading', { level: 1, name: '提交前的稿件' }).waitFor()
    const submitted = await fetch(`${origin()}${BASE}/items/warnings/${id}/submit`, {
      method: 'POST',
      headers: { cookie: other.cookie, 'x-csrf-token': other.csrf },
    })
    expect(submitted.status).toBe(200)
    await fillBody(page, '提交之后才输入的一句话。\n')
    await page
      .getByRole('status')
      .filter({
        hasText: /^自动保存失败：稿件已提交审核或已发布，不能再修改。（内容仍在本页，请手动保存）$/,
      })
      .waitFor({ timeout: 20_000 })
    await expect(bodyText(page)).resolves.toBe('提交之后才输入的一句话。\n')
  })

  it('插入图片 puts the image at the cursor in the body editor, as a paragraph of its own', async () => {
    const page = await logIn('bianji', '#/newsroom/new/warnings')
    await page.getByRole('heading', { level: 1, name: /^新建/ }).waitFor()
    await fillBody(page, '第一段。\n\n第二段。\n')
    // The cursor at the end of the first line
    await page.keyboard.press('ControlOrMeta+Home')
    await page.keyboard.press('End')
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 0, g: 90, b: 200 } } })
      .png()
      .toBuffer()
    await page.getByLabel(/^插入图片/).setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: png })
    await page.getByRole('status').filter({ hasText: '已上传 现场.png' }).waitFor()
    await expect(bodyText(page)).resolves.toMatch(/^第一段。\n\n!\[现场\]\(images\/[0-9a-f]{32}\.jpg\)\n\n第二段。\n$/)
    await page.close() // (its autosave of a new warning goes no further)
  })

  it('a new item’s form is autosaved; 丢弃 removes it', async () => {
    const page = await logIn('bianji', '#/newsroom/new/news')
    await page.getByRole('heading', { level: 1, name: /^新建/ }).waitFor()
    await page.getByLabel(/^标题/).fill('还没写完的新闻')
    await fillBody(page, '第一段。\n')
    await autosaved(page)
    await page.reload()
    const offer = page.getByRole('region', { name: /自动保存、尚未保存为版本的修改/ })
    await offer.waitFor()
    await expect(offer.textContent()).resolves.not.toContain('基于第')
    await offer.getByRole('button', { name: '恢复' }).click()
    await expect(page.getByLabel(/^标题/).inputValue()).resolves.toBe('还没写完的新闻')
    await expect(bodyText(page)).resolves.toBe('第一段。\n')
    await page.reload()
    await page
      .getByRole('region', { name: /自动保存、尚未保存为版本的修改/ })
      .getByRole('button', { name: '丢弃' })
      .click()
    await page.waitForTimeout(500)
    await page.reload()
    await page.getByRole('heading', { level: 1, name: /^新建/ }).waitFor()
    await page.waitForTimeout(1000)
    await expect(page.getByRole('region', { name: /自动保存、尚未保存为版本的修改/ }).count()).resolves.toBe(0)
    expect(world.cspViolations).toEqual([])
  })
})
