// A city bureau in the newsroom (staff app in Chromium against a real API: its own process, a temporary DATA_DIR
// and a temporary copy of seeds/ as CONTENT_DIR). Accounts made with `npm run staff`: a 南京 editor, a 无锡 editor, a
// 无锡 reviewer and a province reviewer who takes 初审. On a phone the 南京 editor drafts a warning: the 发布单位
// choice is looked at (its default is the account's own unit); an image over the limits (5000 px wide, or over
// 5 MB) chosen in a picker is refused (413) with the server's reason said in Chinese on that picker and nothing typed
// lost; the 发布单位 choice offers 南京 only, and another city's sent anyway is refused (403); saved (under an id of
// the server's, the 标识 typed being the public id it wishes for) and submitted, the item waits for 初审. Per
// server/newsroom/policy.ts a city's item is reviewed by that city's staff or the province's: the province's 初审
// finds it in 待我审核, the 无锡 reviewer neither there nor in the list. The 南京 editor cannot open 无锡's item (the
// server answers 404, as for no item at all, and the page says 没有这篇稿件) nor save it (404).
// Screenshots go to test-results/screenshots/newsroom-city-*.png.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { ROOT } from '../support/processes'
import {
  bodyText,
  eventually,
  fillBody,
  newsroomFetch,
  staffLogIn,
  type StaffViewport,
  textProblems,
} from './staff-browser'
import { startStaffWorld, type StaffWorld } from './staff-world'
import { shanghaiDate } from '../../server/content/shanghai-date'

jest.setTimeout(180_000)

const PASSWORD = 'newsroom-city-e2e-2026'
const SHOTS = path.join(ROOT, 'test-results/screenshots')
const suffix = randomBytes(3).toString('hex')
// The public ids the drafts wish for; their own ids are the server's (WUXI_ITEM, set when it is made)
const NANJING_ID = `e2e-nanjing-${suffix}`
const WUXI_ID = `e2e-wuxi-${suffix}`
let WUXI_ITEM = ''
const TITLE = '南京：警惕上门推销“净水器”'
const WUXI_TITLE = '无锡：预付卡消费提醒'

let world: StaffWorld
const origin = () => world.api.origin
const session = (username: string) => world.session(username)

function warning(id: string, title: string, region: string) {
  return {
    id,
    title,
    publishedAt: shanghaiDate(Date.now()),
    summary: '办卡前看清经营者资质，保存好合同和票据。',
    level: 'caution',
    region,
    whatToDo: ['保存好合同和票据。'],
    channel: 'complaint',
    sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条' }],
  }
}

beforeAll(async () => {
  world = await startStaffWorld({
    name: 'newsroom-city',
    password: PASSWORD,
    accounts: [
      ['nanjing-bianji', '--role', 'city', '--region', 'nanjing'],
      ['wuxi-bianji', '--role', 'city', '--region', 'wuxi'],
      ['wuxi-shenhe', '--role', 'city', '--region', 'wuxi', '--can-review'],
      ['sheng-chushen', '--role', 'province', '--review-steps', '初审'],
    ],
  })
  // 无锡's own draft, made over the API by its editor
  const wuxi = await session('wuxi-bianji')
  const created = await fetch(`${origin()}/api/v1/staff/newsroom/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: wuxi.cookie, 'x-csrf-token': wuxi.csrf },
    body: JSON.stringify({
      collection: 'warnings',
      data: warning(WUXI_ID, WUXI_TITLE, 'wuxi'),
      body: '## 提醒\n\n办卡前先查经营者资质。\n',
    }),
  })
  expect(created.status).toBe(201)
  const answer = (await created.json()) as { id: string; publisher: string }
  expect(answer.publisher).toBe('wuxi')
  WUXI_ITEM = answer.id
})

afterAll(() => world?.close())

const newPage = (kind: StaffViewport): Promise<Page> => world.page(kind)

async function shot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
  await page.screenshot({ path: path.join(SHOTS, `newsroom-city-${name}.png`), fullPage })
}

const logIn = (page: Page, username: string, hash = '') => staffLogIn(page, origin(), username, PASSWORD, hash)

const stateBadge = (page: Page) => page.locator('.status-line .state')

describe('newsroom for a city bureau (Chromium phone, real API)', () => {
  it('南京 drafts for 南京 on a phone; over-limit images refused on the picker; the province takes 初审', async () => {
    const editor = await newPage('phone')
    await logIn(editor, 'nanjing-bianji', '#/newsroom')
    await editor.getByRole('heading', { level: 1, name: '稿件' }).waitFor()
    // A city account reads its own region's items only: neither 无锡's draft nor the province's seeds are listed
    await editor.getByText('没有符合条件的稿件。').waitFor()
    await editor.getByRole('status').filter({ hasText: '共 0 篇稿件' }).waitFor()
    expect(await editor.getByRole('link', { name: WUXI_TITLE }).count()).toBe(0)

    await editor.getByLabel('新建稿件的栏目').selectOption('warnings')
    await editor.getByRole('link', { name: '新建稿件' }).click()
    await editor.getByRole('heading', { level: 1, name: '新建消费警示' }).waitFor()
    // The 发布单位 choice: by default the account's own unit (南京)
    const publisherField = editor.getByLabel(/^发布单位/)
    await expect(publisherField.inputValue()).resolves.toBe('')
    const offered = await publisherField.locator('option').allTextContents()
    expect(offered[0]).toBe('默认（本账号所属单位）')
    expect(offered).toContain('南京市')

    await editor.getByLabel(/^标识/).fill(NANJING_ID)
    await editor.getByLabel(/^标题/).fill(TITLE)
    await editor.getByLabel(/^摘要/).fill('有人上门免费检测水质，再推销高价净水器，消费者要提防。')
    await editor.getByLabel(/^警示级别/).selectOption('caution')
    await editor.getByLabel(/^适用地区/).selectOption('nanjing')
    await editor.getByLabel(/^“投诉”按钮通往/).selectOption('complaint')
    await editor.locator('#f-whatToDo-0').fill('不让陌生人进门“检测水质”。')
    await editor.locator('#f-sources-0-title').fill('《中华人民共和国消费者权益保护法》')
    await editor.locator('#f-sources-0-article').fill('第二十条')
    const typed = '## 套路\n\n- 先说自来水“检测不合格”。\n- 再推销高价净水器。\n'
    await fillBody(editor, typed)
    const preview = editor.getByRole('complementary', { name: '正文预览' })
    await preview.getByRole('heading', { name: '套路' }).waitFor()

    // An image 5000 px wide (few bytes) through 插入图片: 413, the server's reason said on the picker, nothing lost
    const wide = await sharp({ create: { width: 5000, height: 40, channels: 3, background: '#c83232' } })
      .png()
      .toBuffer()
    const insertPicker = editor.getByLabel(/^插入图片/)
    const wideAnswer = editor.waitForResponse((response) => response.url().endsWith('/newsroom/uploads'))
    await insertPicker.setInputFiles({ name: '横幅.png', mimeType: 'image/png', buffer: wide })
    expect((await wideAnswer).status()).toBe(413)
    const wideAlert = editor
      .getByRole('alert')
      .filter({ hasText: '文件太大：图片最大 5 MB、每边不超过 4096 像素。' })
      .filter({ hasText: '5000 × 40 px' })
    await wideAlert.waitFor()
    await expect(insertPicker.getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(bodyText(editor)).resolves.toBe(typed)
    // A photo over 5 MB as the share image: 413 as well, said on that picker
    const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3070c0' } })
      .jpeg()
      .toBuffer()
    const big = Buffer.concat([photo, randomBytes(5 * 1024 * 1024 + 1024)])
    const sharePicker = editor.getByLabel(/^上传分享图图片/)
    const bigAnswer = editor.waitForResponse((response) => response.url().endsWith('/newsroom/uploads'))
    await sharePicker.setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: big })
    expect((await bigAnswer).status()).toBe(413)
    const bigAlert = editor
      .locator('.upload')
      .filter({ has: sharePicker })
      .getByRole('alert')
      .filter({ hasText: '文件太大：图片最大 5 MB' })
    await bigAlert.filter({ hasText: '这张图片超过 5 MB' }).waitFor()
    await expect(sharePicker.getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(editor.locator('#f-shareImage').inputValue()).resolves.toBe('')
    await expect(bodyText(editor)).resolves.toBe(typed)
    await expect(editor.getByLabel(/^标题/).inputValue()).resolves.toBe(TITLE)
    await expect(editor.locator('#f-whatToDo-0').inputValue()).resolves.toBe('不让陌生人进门“检测水质”。')
    await shot(editor, 'upload-too-large-phone')
    expect(await textProblems(editor, '.visually-hidden, .skip, option')).toEqual([])

    // The 发布单位 choice offers the account's own unit only; another city's, sent anyway, is refused by the server
    expect(offered).toEqual(['默认（本账号所属单位）', '南京市'])
    const refused = await newsroomFetch(editor, 'POST', '/items', {
      collection: 'warnings',
      data: { ...warning(`${NANJING_ID}-x`, TITLE, 'nanjing'), publisher: 'wuxi' },
      body: typed,
    })
    expect([refused.status, (refused.body.error as { code: string }).code]).toEqual([403, 'FORBIDDEN_REGION'])

    await editor.getByRole('button', { name: '保存', exact: true }).click()
    await editor.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await eventually(() => stateBadge(editor).textContent(), '草稿')
    await expect(bodyText(editor)).resolves.toBe(typed)
    // The editor's address names the draft's own id, the server's (the 标识 typed is the public id it wishes for)
    const nanjingItem = decodeURIComponent(new URL(editor.url()).hash.split('/').pop()!)
    expect(nanjingItem).toMatch(/^d-[a-z2-7]{20}$/)
    const saved = await (
      await fetch(`${origin()}/api/v1/staff/newsroom/items/warnings/${nanjingItem}`, {
        headers: { cookie: (await session('nanjing-bianji')).cookie },
      })
    ).json()
    expect(saved).toMatchObject({ publisher: 'nanjing', state: 'draft', version: 1, publicId: null })
    expect(saved.data.id).toBe(NANJING_ID)
    await editor.getByRole('button', { name: '提交审核' }).click()
    await eventually(() => stateBadge(editor).textContent(), '审核中 · 初审')
    // No review step on this account: no approve button
    expect(await editor.getByRole('button', { name: '初审通过' }).count()).toBe(0)
    await shot(editor, 'submitted-phone')

    // The province's 初审 sees it waiting in 待我审核, and may take the step
    const province = await newPage('laptop')
    await logIn(province, 'sheng-chushen', '#/newsroom')
    const queue = province.getByRole('region', { name: /待我审核/ })
    const entry = queue.getByRole('listitem').filter({ has: province.getByRole('link', { name: TITLE }) })
    await entry.getByText('消费警示 · 等待初审').waitFor()
    await entry.getByRole('link', { name: TITLE }).click()
    await province.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await expect(stateBadge(province).textContent()).resolves.toBe('审核中 · 初审')
    await province.getByRole('button', { name: '初审通过' }).waitFor()
    await shot(province, 'province-review-laptop')

    // 无锡's reviewer: not 南京's item, neither waiting for them nor in the list
    const wuxiReviewer = await newPage('laptop')
    await logIn(wuxiReviewer, 'wuxi-shenhe', '#/newsroom')
    await wuxiReviewer.getByRole('heading', { level: 2, name: '全部稿件' }).waitFor()
    await wuxiReviewer.getByRole('link', { name: WUXI_TITLE }).waitFor()
    expect(await wuxiReviewer.getByRole('link', { name: TITLE }).count()).toBe(0)

    expect(world.cspViolations).toEqual([])
  })

  it('南京 cannot open nor save the 无锡 item: the server answers 404, as for no item, and the page says so', async () => {
    const editor = await newPage('phone')
    const answer = editor.waitForResponse((response) => response.url().endsWith(`/items/warnings/${WUXI_ITEM}`))
    await logIn(editor, 'nanjing-bianji', `#/newsroom/item/warnings/${WUXI_ITEM}`)
    expect((await answer).status()).toBe(404)
    await editor.getByRole('alert').filter({ hasText: '没有这篇稿件。' }).waitFor()
    expect(await editor.getByRole('heading', { level: 1, name: WUXI_TITLE }).count()).toBe(0)
    expect(await editor.getByLabel(/^标题/).count()).toBe(0)
    await editor.getByRole('link', { name: '返回稿件列表' }).waitFor()
    await shot(editor, 'forbidden-phone')

    // Saving it over the API with 南京's session: 404 too, and 无锡's draft unchanged
    const nanjing = await session('nanjing-bianji')
    const save = await fetch(`${origin()}/api/v1/staff/newsroom/items/warnings/${WUXI_ITEM}/versions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: nanjing.cookie,
        'x-csrf-token': nanjing.csrf,
        'if-match': '"1"',
      },
      body: JSON.stringify({ data: warning(WUXI_ID, '南京改过的标题', 'wuxi'), body: '改了。\n' }),
    })
    expect(save.status).toBe(404)
    expect((await save.json()).error.code).toBe('NOT_FOUND')
    const wuxi = await session('wuxi-bianji')
    const item = await (
      await fetch(`${origin()}/api/v1/staff/newsroom/items/warnings/${WUXI_ITEM}`, { headers: { cookie: wuxi.cookie } })
    ).json()
    expect(item).toMatchObject({ publisher: 'wuxi', data: { title: WUXI_TITLE }, version: 1 })

    expect(world.cspViolations).toEqual([])
  })
})
