// The newsroom in the staff app (staff/src/newsroom, built into dist/staff) in Chromium against a real API: its own
// process with a temporary DATA_DIR and a temporary copy of seeds/ as CONTENT_DIR, and the H5 app (dist/h5) served
// in front of it. Accounts made with `npm run staff`: an editor (who may also take 初审), a second editor and three
// reviewers with --can-review. In the browser the editor drafts a warning (a bad field is refused on that field,
// nothing typed is lost), uploads a PNG made with sharp through 插入图片 (the preview draws it) and the share image
// picker (a text file named .png is refused, 415, next to the picker); a second editor's save meanwhile makes the
// next save 412 with the change shown and the text kept, and the editor submits it; the editor's own 初审 is
// refused (SELF_REVIEW, the message shown); three different reviewers approve 初审, 复审 and 终审; the last
// publishes: the public API answers 200, the image is served under /media/ as JPEG and the H5 app shows the item
// with its image; a withdrawal (撤稿, confirmed with a reason) makes the public API answer 404 and the app say
// 内容不存在或已撤下. A second test uploads a video (a seed's H.264 MP4) with its poster from a new video item's
// editor (a PNG sent as the video is refused, 415).
// Screenshots (laptop 1280×800, phone 390×844) go to test-results/screenshots/newsroom-*.png.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { ROOT } from '../support/processes'
import {
  BODY_LABEL,
  bodyText,
  eventually,
  fillBody,
  staffLogIn,
  type StaffViewport,
  textProblems,
} from './staff-browser'
import { startStaffWorld, type StaffWorld } from './staff-world'

jest.setTimeout(240_000)

const PASSWORD = 'newsroom-e2e-pass-2026'
const SHOTS = path.join(ROOT, 'test-results/screenshots')
const ID = `e2e-newsroom-${randomBytes(3).toString('hex')}`
const TITLE = '警惕“免费体检”推销保健品'

let world: StaffWorld
beforeAll(async () => {
  world = await startStaffWorld({
    name: 'newsroom',
    password: PASSWORD,
    accounts: [
      ['bianji', '--role', 'province', '--review-steps', '初审'],
      ['bianji2', '--role', 'province'],
      ...['chushen', 'fushen', 'zhongshen'].map((reviewer) => [reviewer, '--role', 'province', '--can-review']),
    ],
    h5: true,
  })
})
afterAll(() => world?.close())

const origin = () => world.api.origin
const newPage = (kind: StaffViewport): Promise<Page> => world.page(kind)

async function shot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
  await page.screenshot({ path: path.join(SHOTS, `newsroom-${name}.png`), fullPage })
}

const logIn = (page: Page, username: string, hash = '') => staffLogIn(page, origin(), username, PASSWORD, hash)

/** The item's state as its page shows it (the badge under the title). */
const stateBadge = (page: Page) => page.locator('.status-line .state')

async function publicStatus(): Promise<number> {
  return (await fetch(`${origin()}/api/v1/warnings/${ID}`, { cache: 'no-store' })).status
}

/** Every visible text under 14 px or under 4.5:1 against its background (WCAG AA), as "text: size ratio". */
/** Texts under 14 px or under 4.5:1 contrast (options of a select are drawn by the browser). */
function contrastProblems(page: Page): Promise<string[]> {
  return textProblems(page, '.visually-hidden, .skip, option')
}

/** A reviewer opens the item from 待我审核 and approves the step it waits for. */
async function approveFromQueue(page: Page, step: string, next: string) {
  const queue = page.getByRole('region', { name: /待我审核/ })
  await queue.getByRole('link', { name: TITLE }).click()
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor()
  await expect(stateBadge(page).textContent()).resolves.toBe(`审核中 · ${step}`)
  // The body is read-only for a reviewer, still reached with Tab
  const body = page.getByLabel(BODY_LABEL, { exact: true })
  await expect(body.getAttribute('aria-readonly')).resolves.toBe('true')
  await expect(body.getAttribute('contenteditable')).resolves.toBe('false')
  await expect(body.getAttribute('tabindex')).resolves.toBe('0')
  await page.getByLabel(`${step}意见（退回时必填）`).fill(`${step}：内容属实，同意。`)
  await page.getByRole('button', { name: `${step}通过` }).click()
  await page
    .getByRole('status')
    .filter({ hasText: `已通过${step}。` })
    .waitFor()
  await expect(stateBadge(page).textContent()).resolves.toBe(next)
}

describe('newsroom (Chromium, real API)', () => {
  it('an editor drafts a warning, three reviewers approve it, it is published, then withdrawn', async () => {
    // The editor: from the dashboard to 稿件, a new warning
    const editor = await newPage('laptop')
    await logIn(editor, 'bianji')
    const nav = editor.getByRole('navigation', { name: '工作台' })
    await nav.getByRole('link', { name: '传播力看板' }).waitFor()
    await expect(nav.getByRole('link', { name: '传播力看板' }).getAttribute('aria-current')).resolves.toBe('page')
    await nav.getByRole('link', { name: '稿件' }).click()
    await editor.getByRole('heading', { level: 1, name: '稿件' }).waitFor()
    await expect(nav.getByRole('link', { name: '稿件' }).getAttribute('aria-current')).resolves.toBe('page')
    // The seeds' items are listed with their state
    const table = editor.getByRole('table', { name: /最近改动的在前/ })
    await table.getByRole('row').nth(1).waitFor()
    expect(await table.getByText('已发布', { exact: true }).count()).toBeGreaterThan(0)
    await shot(editor, 'list-laptop', false)
    // The keyboard: the first Tab reaches the skip link, which moves the focus to the page without leaving it
    await editor.reload()
    await editor.getByRole('heading', { level: 1, name: '稿件' }).waitFor()
    await editor.keyboard.press('Tab')
    await eventually(() => editor.evaluate(() => document.activeElement?.textContent), '跳到主要内容')
    await editor.keyboard.press('Enter')
    await eventually(() => editor.evaluate(() => document.activeElement?.id), 'main')
    expect(new URL(editor.url()).hash).toBe('#/newsroom')
    await editor.keyboard.press('Tab')
    await eventually(
      () => editor.evaluate(() => (document.activeElement as HTMLSelectElement).labels?.[0]?.textContent),
      '新建稿件的栏目',
    )

    await editor.getByLabel('新建稿件的栏目').selectOption('warnings')
    await editor.getByRole('link', { name: '新建稿件' }).click()
    await editor.getByRole('heading', { level: 1, name: '新建消费警示' }).waitFor()

    await editor.getByLabel(/^标识/).fill(ID)
    await editor.getByLabel(/^标题/).fill(TITLE)
    await editor.getByLabel(/^摘要/).fill('短') // one character: the schema wants 2 or more
    await editor.getByLabel(/^警示级别/).selectOption('caution')
    await editor.getByLabel(/^适用地区/).selectOption('jiangsu')
    await editor.getByLabel(/^“投诉”按钮通往/).selectOption('complaint')
    await editor.locator('#f-whatToDo-0').fill('不参加来路不明的免费体检。')
    await editor.getByRole('button', { name: '添加怎么办' }).click()
    await editor.locator('#f-whatToDo-1').fill('发现虚假宣传，拨打12315举报。')
    await editor.locator('#f-sources-0-title').fill('《中华人民共和国消费者权益保护法》')
    await editor.locator('#f-sources-0-article').fill('第二十条')
    const typed = [
      '## 套路是怎样的',
      '',
      '- 先送小礼品，再请“专家”讲课。',
      '- 最后高价推销保健品。',
      '',
      '> [!LAW] 《中华人民共和国消费者权益保护法》第二十条',
      '> 经营者向消费者提供有关商品或者服务的质量、性能、用途、有效期限等信息，应当真实、全面，不得作虚假或者引人误解的宣传。',
      '',
      '受骗后可依照消费者权益保障法维权。', // a law's name mistaken (seeds/terms.yaml): the checks name line 9
      '',
    ].join('\n')
    await fillBody(editor, typed)
    // The body editor (CodeMirror) is named by its label and described by the hint
    const bodyField = editor.getByLabel(BODY_LABEL, { exact: true })
    await expect(bodyField.getAttribute('role')).resolves.toBe('textbox')
    const hintId = (await bodyField.getAttribute('aria-describedby'))!
    await expect(editor.locator(`[id="${hintId}"]`).textContent()).resolves.toMatch(/^## 小标题/)
    await expect(
      bodyField.evaluate((element) => parseFloat(getComputedStyle(element).fontSize)),
    ).resolves.toBeGreaterThanOrEqual(16)
    // The live preview: the server's blocks for the body (heading, list, law citation)
    const preview = editor.getByRole('complementary', { name: '正文预览' })
    await preview.getByRole('heading', { name: '套路是怎样的' }).waitFor()
    await preview.getByText('《中华人民共和国消费者权益保护法》 第二十条').waitFor()

    // Uploads: a real PNG (made here with sharp) through 插入图片 puts the stored image's Markdown at the cursor (the
    // end) and the preview draws it; the same kind of picker fills the share image field and shows the image
    const png = await sharp({
      create: { width: 640, height: 360, channels: 3, background: { r: 200, g: 40, b: 40 } },
    })
      .png()
      .toBuffer()
    await editor.getByLabel(/^插入图片/).setInputFiles({ name: '体检现场.png', mimeType: 'image/png', buffer: png })
    await editor.getByRole('status').filter({ hasText: '已上传 体检现场.png' }).waitFor()
    const body = await bodyText(editor)
    const imagePath = /\n\n!\[体检现场\]\((images\/[0-9a-f]{32}\.jpg)\)\n*$/.exec(body)?.[1]
    expect(imagePath).toBeDefined()
    expect(body.startsWith(typed)).toBe(true)
    const previewImage = preview.getByRole('img', { name: '体检现场' })
    await previewImage.waitFor()
    await eventually(() => previewImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 640)
    await editor.getByLabel(/^上传分享图图片/).setInputFiles({ name: 'share.png', mimeType: 'image/png', buffer: png })
    await editor.getByRole('status').filter({ hasText: '已上传 share.png' }).waitFor()
    await expect(editor.locator('#f-shareImage').inputValue()).resolves.toBe(imagePath)
    const shareThumb = editor.getByRole('img', { name: `分享图：${imagePath}` })
    await eventually(() => shareThumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 640)
    // A text file named .png: refused by its bytes (415), said next to the picker, nothing typed lost
    await editor.getByLabel(/^插入图片/).setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('这不是图片，只是改了扩展名的文字。\n'),
    })
    await editor.getByRole('alert').filter({ hasText: '文件类型不支持：只能上传 JPEG、PNG 或 WebP 图片' }).waitFor()
    await expect(editor.getByLabel(/^插入图片/).getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(bodyText(editor)).resolves.toBe(body)
    await expect(editor.getByLabel(/^标题/).inputValue()).resolves.toBe(TITLE)
    await shot(editor, 'upload-laptop')

    // Saved with a one-character summary: refused on that field, the focus on it, nothing typed lost
    await editor.getByRole('button', { name: '保存', exact: true }).click()
    await editor.getByRole('alert').filter({ hasText: '摘要：至少 2 个字' }).waitFor()
    await editor.locator('#f-summary-error').filter({ hasText: '至少 2 个字' }).waitFor()
    await eventually(() => editor.evaluate(() => document.activeElement?.id), 'f-summary')
    await expect(editor.getByLabel(/^摘要/).getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(bodyText(editor)).resolves.toBe(body)
    await expect(editor.locator('#f-whatToDo-1').inputValue()).resolves.toBe('发现虚假宣传，拨打12315举报。')
    await shot(editor, 'field-error-laptop')
    expect(await contrastProblems(editor)).toEqual([])

    await editor.getByLabel(/^摘要/).fill('打着免费体检旗号推销保健品，是常见的套路。')
    await editor.getByRole('button', { name: '保存', exact: true }).click()
    await editor.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await eventually(() => stateBadge(editor).textContent(), '草稿')
    await editor.getByText('第 1 版', { exact: true }).waitFor()
    await expect(bodyText(editor)).resolves.toBe(body)
    // The checks before 终审, at any time: the mistaken term with where it is
    const checks = editor.getByRole('region', { name: '发布前检查（第 1 版）' })
    await checks
      .getByText(/正文第 9 行：易错词“消费者权益保障法”，应为“消费者权益保护法”（法律名称）.*依照消费者权益保障法维权/)
      .waitFor()

    // A second editor saves version 2 meanwhile; the first one's save is refused (412) with what changed, and the
    // text typed stays in the editor; saving again puts it on top of version 2
    // (the editor's address names the draft's own id, the server's: ID is the public id it wishes for)
    const item = decodeURIComponent(new URL(editor.url()).hash.split('/').pop()!)
    expect(item).not.toBe(ID)
    const other = await newPage('laptop')
    await logIn(other, 'bianji2', `#/newsroom/item/warnings/${item}`)
    await other.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await other.getByLabel(/^摘要/).fill('打着“免费体检”旗号推销保健品，是老年人常遇到的套路。')
    await other.getByRole('button', { name: '保存', exact: true }).click()
    await other.getByText('第 2 版', { exact: true }).waitFor()
    const edited = body.replace('消费者权益保障法', '消费者权益保护法') + '\n如已购买，保留票据，拨打12315投诉。\n'
    await fillBody(editor, edited)
    await editor.getByRole('button', { name: '保存', exact: true }).click()
    const conflict = editor.getByRole('region', { name: /别人保存了新版本（第 2 版）/ })
    await conflict.getByText('改动的字段：摘要').waitFor()
    await conflict.getByText(/bianji2（第 2 版/).waitFor()
    await conflict
      .getByText(/是老年人常遇到的套路/)
      .first()
      .waitFor()
    await expect(bodyText(editor)).resolves.toBe(edited)
    await shot(editor, 'conflict-laptop')
    await editor.getByRole('button', { name: '保存', exact: true }).click()
    await editor.getByText('第 3 版', { exact: true }).waitFor()
    await expect(bodyText(editor)).resolves.toBe(edited)

    await editor.getByRole('button', { name: '提交审核' }).click()
    await eventually(() => stateBadge(editor).textContent(), '审核中 · 初审')
    await editor.getByRole('heading', { level: 2, name: '发布前检查（第 3 版）' }).waitFor()
    await editor.getByText('✓ 检查通过').waitFor()

    // Self-approval: the editor may take 初审, but not on their own work: the page offers neither 初审通过 nor 退回修改
    // (the server answered no approve or return for this account) and says why
    await editor.getByText('您撰写或修改过这篇稿件，不能审核它：初审须由其他审核人完成。').waitFor()
    expect(await editor.getByRole('button', { name: '初审通过' }).count()).toBe(0)
    expect(await editor.getByRole('button', { name: '退回修改' }).count()).toBe(0)
    await eventually(() => stateBadge(editor).textContent(), '审核中 · 初审')
    await shot(editor, 'self-review-refused-laptop')

    // 初审 on a laptop, 复审 on a phone, 终审 on a laptop: three different reviewers
    const first = await newPage('laptop')
    await logIn(first, 'chushen', '#/newsroom')
    // Returning needs a comment: said on the field, nothing sent
    await first
      .getByRole('region', { name: /待我审核/ })
      .getByRole('link', { name: TITLE })
      .click()
    await first.getByRole('button', { name: '退回修改' }).click()
    await first.getByText('退回时请写明要修改什么。').waitFor()
    await eventually(() => first.evaluate(() => document.activeElement?.tagName), 'TEXTAREA')
    await first.goto(`${origin()}/staff/#/newsroom`)
    await approveFromQueue(first, '初审', '审核中 · 复审')

    const second = await newPage('phone')
    await logIn(second, 'fushen', '#/newsroom')
    await second.getByRole('heading', { level: 1, name: '稿件' }).waitFor()
    await second
      .getByRole('region', { name: /待我审核/ })
      .getByRole('link', { name: TITLE })
      .waitFor()
    await shot(second, 'list-phone')
    expect(await contrastProblems(second)).toEqual([])
    await approveFromQueue(second, '复审', '审核中 · 终审')
    // The same reviewer is not offered the next step of the round
    await second.getByText(/您已完成本轮的复审/).waitFor()
    expect(await second.getByRole('button', { name: '终审通过' }).count()).toBe(0)
    await shot(second, 'reviewed-phone')

    const last = await newPage('laptop')
    await logIn(last, 'zhongshen', '#/newsroom')
    await last
      .getByRole('region', { name: /待我审核/ })
      .getByRole('link', { name: TITLE })
      .waitFor()
    await last
      .getByRole('region', { name: /待我审核/ })
      .getByRole('link', { name: TITLE })
      .click()
    await last.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await last.getByText('✓ 检查通过').waitFor()
    // The review record so far: 初审 by chushen, 复审 by fushen
    await last.getByText(/第 1 轮 初审 · chushen · 通过/).waitFor()
    await last.getByText(/第 1 轮 复审 · fushen · 通过/).waitFor()
    await shot(last, 'review-laptop')
    expect(await contrastProblems(last)).toEqual([])
    await last.getByRole('button', { name: '终审通过' }).click()
    await eventually(() => stateBadge(last).textContent(), '待发布')
    expect(await publicStatus()).toBe(404)
    // Its uploaded image is not public either until then
    expect((await fetch(`${origin()}/media/${imagePath}`)).status).toBe(404)
    await last.getByRole('button', { name: '发布', exact: true }).click()
    await last.getByRole('status').filter({ hasText: '已发布' }).waitFor({ timeout: 30_000 })
    await eventually(() => stateBadge(last).textContent(), '已发布')
    await shot(last, 'published-laptop')

    // Public: the API answers the warning, and the H5 app shows it
    expect(await publicStatus()).toBe(200)
    const app = await newPage('phone')
    await app.goto(`${world.h5!.origin}/#/detail/warning/index?id=${ID}`)
    await app.getByRole('heading', { level: 1, name: TITLE }).waitFor({ timeout: 30_000 })
    // The uploaded image: served under /media/ as JPEG, and drawn in the app's page
    const media = await fetch(`${origin()}/media/${imagePath}`)
    expect(media.status).toBe(200)
    expect(media.headers.get('content-type')).toBe('image/jpeg')
    const appImage = app.locator(`img[src$="/media/${imagePath}"]`)
    await appImage.scrollIntoViewIfNeeded({ timeout: 30_000 })
    await eventually(() => appImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true)
    await app.screenshot({ path: path.join(SHOTS, 'newsroom-h5-published-phone.png') })

    // A correction (更正) by the editor: a new draft with its reason at the top, the published version still online
    await editor.reload()
    await eventually(() => stateBadge(editor).textContent(), '已发布')
    await editor.getByRole('button', { name: '更正' }).click()
    await editor.getByLabel('更正原因（必填）').fill('热线号码写法统一为12315。')
    await editor.getByRole('button', { name: '生成更正草稿' }).click()
    await eventually(() => stateBadge(editor).textContent(), '草稿')
    await editor.getByText('更正原因：热线号码写法统一为12315。').waitFor()
    expect(await bodyText(editor)).toMatch(/^> \[!NOTE\]\n> \*\*更正\*\*（/)
    expect(await publicStatus()).toBe(200)
    await shot(editor, 'correction-laptop', false)
    await last.reload()

    // Withdraw (撤稿): a reason is needed, then the public API answers 404 and the app says so
    await last.getByRole('button', { name: '撤稿' }).click()
    await eventually(() => last.evaluate(() => document.activeElement?.id?.endsWith('-reason') ?? false), true)
    await last.getByRole('button', { name: '确认撤稿' }).click()
    await last.getByText('请写明撤稿原因。').waitFor()
    await shot(last, 'withdraw-confirm-laptop')
    await last.getByLabel('撤稿原因（必填）').fill('涉事商家已整改，按要求撤下。')
    await last.getByRole('button', { name: '确认撤稿' }).click()
    await eventually(() => stateBadge(last).textContent(), '已撤下', 30_000)
    await eventually(publicStatus, 404)
    const after = await newPage('phone')
    await after.goto(`${world.h5!.origin}/#/detail/warning/index?id=${ID}`)
    await after.getByText('内容不存在或已撤下').first().waitFor({ timeout: 30_000 })

    // The list filtered by state shows it withdrawn
    await last.goto(`${origin()}/staff/#/newsroom`)
    await last.getByLabel('状态').selectOption('withdrawn')
    const withdrawnRow = last.getByRole('row').filter({ has: last.getByRole('link', { name: TITLE }) })
    await withdrawnRow.getByText('已撤下').waitFor()

    expect(world.cspViolations).toEqual([])
  })

  it('a video is uploaded from the editor with its poster; a PNG sent as the video is refused (415)', async () => {
    const editor = await newPage('laptop')
    await logIn(editor, 'bianji', '#/newsroom/new/videos')
    const videoPicker = editor.getByRole('group', { name: '上传视频及海报' })
    await videoPicker.waitFor()
    const poster = await sharp({
      create: { width: 1280, height: 720, channels: 3, background: { r: 20, g: 90, b: 160 } },
    })
      .png()
      .toBuffer()
    await editor.getByLabel(/^标题/).fill('电动自行车充电安全')
    // A PNG as the video: refused by its bytes, said in the picker, the title kept
    await videoPicker.getByLabel(/^视频文件/).setInputFiles({ name: 'clip.mp4', mimeType: 'video/mp4', buffer: poster })
    await videoPicker
      .getByLabel(/^视频海报/)
      .setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: poster })
    await videoPicker.getByRole('button', { name: '上传视频和海报' }).click()
    await videoPicker.getByRole('alert').filter({ hasText: '文件类型不支持：视频须为 H.264 编码的 MP4' }).waitFor()
    await expect(editor.locator('#f-src').inputValue()).resolves.toBe('')
    await expect(editor.getByLabel(/^标题/).inputValue()).resolves.toBe('电动自行车充电安全')
    // A real H.264 MP4 (a seed's) with its poster: both fields filled, the poster shown
    await videoPicker.getByLabel(/^视频文件/).setInputFiles({
      name: 'charging.mp4',
      mimeType: 'video/mp4',
      buffer: fs.readFileSync(path.join(ROOT, 'seeds/media/videos/sample-excellence-e-bike-charging.mp4')),
    })
    await videoPicker.getByRole('button', { name: '上传视频和海报' }).click()
    await videoPicker.getByRole('status').filter({ hasText: '已上传 charging.mp4' }).waitFor()
    await expect(editor.locator('#f-src').inputValue()).resolves.toMatch(/^videos\/[0-9a-f]{32}\.mp4$/)
    const posterPath = await editor.locator('#f-poster').inputValue()
    expect(posterPath).toMatch(/^posters\/[0-9a-f]{32}\.jpg$/)
    // The duration read from the file's movie header
    expect(Number(await editor.getByLabel(/^时长（秒）/).inputValue())).toBeGreaterThanOrEqual(1)
    const thumb = editor.getByRole('img', { name: `海报：${posterPath}` })
    await eventually(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 1280)
    // Not public before an item naming it is published; the staff's page reads it with its session
    const src = await editor.locator('#f-src').inputValue()
    expect((await fetch(`${origin()}/media/${src}`)).status).toBe(404)
    const staffCopy = await editor.request.get(`${origin()}/api/v1/staff/newsroom/media/${src}`)
    expect([staffCopy.status(), staffCopy.headers()['content-type']]).toEqual([200, 'video/mp4'])
    await shot(editor, 'upload-video-laptop')
  })
})
