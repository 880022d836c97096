// A draft's preview link and QR code (issue 14: "Each draft has a preview link and QR code (scoped to that draft,
// expiring) that opens it on a phone …, marked 草稿"), in Chromium: a real API on a temporary DATA_DIR and copy of
// seeds/, and the H5 app served in front of it (scripts/serve-h5.mjs, which also passes /staff/ to the API, as nginx
// does). The editor opens the staff app on the H5 origin, saves a draft, makes a link in 手机预览: the QR code and
// the link show; the link opened on a phone with no session shows the draft marked 草稿 with its version and
// 请勿转发; after the editor saves again the same link still shows the version it was made for, and a second link
// made to follow the newest draft shows the new version and says so; the editor's list of live links shows both
// with their expiry and maker, 撤销 takes one off it, and the phone then says 预览链接已撤销; the public page of the
// same id still says 内容不存在或已撤下. Screenshots: test-results/screenshots/newsroom-preview-*.png.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ROOT } from '../support/processes'
import { PHONE_CONTEXT, stillness } from './browser'
import { newsroomFetch, staffLogIn } from './staff-browser'
import { startStaffWorld, type StaffWorld } from './staff-world'
import { shanghaiDate } from '../../server/content/shanghai-date'

jest.setTimeout(180_000)

const PASSWORD = 'preview-e2e-pass-2026'
const SHOTS = path.join(ROOT, 'test-results/screenshots')
const ID = `e2e-preview-${randomBytes(3).toString('hex')}`
const TITLE = '警惕“以旧换新”虚标补贴'
const today = () => shanghaiDate(Date.now())

let world: StaffWorld
beforeAll(async () => {
  world = await startStaffWorld({
    name: 'preview',
    password: PASSWORD,
    accounts: [['bianji', '--role', 'province']],
    h5: true,
  })
})
afterAll(() => world?.close())

const warning = (title: string) => ({
  id: ID,
  title,
  publishedAt: today(),
  summary: '商家先抬价再“补贴”，实际没有便宜。',
  level: 'caution',
  region: 'jiangsu',
  whatToDo: ['比较补贴前后的价格，保留宣传页面截图。', '发现价格欺诈，拨打12315投诉举报。'],
  channel: 'complaint',
  sources: [{ title: '《中华人民共和国价格法》', article: '第十四条' }],
})

describe('a draft’s preview link and QR code', () => {
  it('opens the draft on a phone, marked 草稿: the version made for or the newest; listed and revoked', async () => {
    const page = await world.page('laptop')
    // The staff pages through the H5 server: the links point at this origin, where the H5 app is
    await staffLogIn(page, world.h5!.origin, 'bianji', PASSWORD)
    const created = await newsroomFetch(page, 'POST', '/items', {
      collection: 'warnings',
      data: warning(TITLE),
      body: '## 套路\n\n先抬价，再打折。\n',
    })
    expect(created.status).toBe(201)
    // The draft's own id, the server's (ID is the public id it wishes for)
    const ITEM = String(created.body.id)

    await page.goto(`${world.h5!.origin}/staff/#/newsroom/item/warnings/${ITEM}`)
    const section = page.getByRole('region', { name: '手机预览' })
    await section.getByLabel('有效期').selectOption('2')
    await section.getByRole('button', { name: '生成预览链接' }).click()
    const link = section.getByRole('group', { name: '预览链接' })
    const qr = link.getByRole('img', { name: /^预览二维码/ })
    await qr.waitFor()
    const box = await qr.boundingBox()
    expect(box!.width).toBeGreaterThanOrEqual(200)
    expect(await qr.locator('svg path').count()).toBeGreaterThan(0)
    const url = await link.locator('a.preview-url').getAttribute('href')
    expect(url).toMatch(
      new RegExp(`^${world.h5!.origin}/#/detail/warning/index\\?id=${ITEM}&draft=warnings\\.${ITEM}\\.`),
    )
    expect(await qr.getAttribute('aria-label')).toContain(url!)
    await expect(link.textContent()).resolves.toContain('有效期至')
    await expect(link.textContent()).resolves.toContain(`启动参数 id=${ITEM}&draft=`)
    fs.mkdirSync(SHOTS, { recursive: true })
    await section.screenshot({ path: path.join(SHOTS, 'newsroom-preview-link.png') })

    // On a phone, no session: the draft, marked
    const phone = await world.context(PHONE_CONTEXT)
    const phonePage = await phone.newPage()
    await phonePage.goto(url!)
    await phonePage.getByText(TITLE).first().waitFor()
    const shown = await phonePage.locator('body').innerText()
    expect(shown).toContain('草稿')
    expect(shown).toContain('草稿预览（第 1 版')
    expect(shown).toContain('请勿转发')
    expect(shown).toContain('先抬价，再打折。')
    await stillness(phonePage)
    await phonePage.screenshot({ path: path.join(SHOTS, 'newsroom-preview-phone.png') })

    expect(shown).toContain('此链接只显示第 1 版')

    // The author saves again: the same link, reloaded, still shows version 1
    const saved = await newsroomFetch(
      page,
      'POST',
      `/items/warnings/${ITEM}/versions`,
      { data: warning(`${TITLE}（修订）`), body: '## 套路\n\n先抬价，再打折。\n' },
      { 'if-match': '"1"' },
    )
    expect(saved.status).toBe(200)
    await phonePage.reload()
    await phonePage.getByText('草稿预览（第 1 版').waitFor()
    expect(await phonePage.locator('body').innerText()).not.toContain(`${TITLE}（修订）`)

    // A link made to follow the newest draft shows version 2, and says it follows
    await page.reload()
    const again = page.getByRole('region', { name: '手机预览' })
    await again.getByLabel('显示').selectOption({ label: '始终显示最新保存的版本' })
    await again.getByRole('button', { name: '生成预览链接' }).click()
    const second = again.getByRole('group', { name: '预览链接' })
    await second.getByText('跟随最新保存的版本').waitFor()
    const following = await second.locator('a.preview-url').getAttribute('href')
    expect(following).not.toBe(url)
    const followingPage = await phone.newPage()
    await followingPage.goto(following!)
    await followingPage.getByText(`${TITLE}（修订）`).first().waitFor()
    const followed = await followingPage.locator('body').innerText()
    expect(followed).toContain('草稿预览（第 2 版')
    expect(followed).toContain('此链接跟随最新草稿')

    // The live links: both, newest first, with what each shows, until when, and who made them
    const live = again.getByRole('region', { name: '有效的预览链接' })
    const rows = live.locator('tbody tr')
    await expect(rows.count()).resolves.toBe(2)
    expect(await rows.nth(0).innerText()).toMatch(/最新保存的版本\s+\d+\/\d+ \d\d:\d\d\s+bianji/)
    expect(await rows.nth(1).innerText()).toMatch(/第 1 版\s+\d+\/\d+ \d\d:\d\d\s+bianji/)
    await again.screenshot({ path: path.join(SHOTS, 'newsroom-preview-links-live.png') })

    // 撤销 the first: off the list, and the phone is refused in Chinese
    await live.getByRole('button', { name: /^撤销 bianji 生成、显示第 1 版/ }).click()
    await again.getByRole('status').getByText('已撤销').waitFor()
    await live.locator('tbody tr').first().waitFor()
    await expect(live.locator('tbody tr').count()).resolves.toBe(1)
    expect(await live.locator('tbody tr').innerText()).toContain('最新保存的版本')
    await phonePage.reload()
    await phonePage.getByText('预览链接已撤销').first().waitFor()
    expect(await phonePage.locator('body').innerText()).not.toContain(TITLE)
    await phonePage.screenshot({ path: path.join(SHOTS, 'newsroom-preview-revoked-phone.png') })
    // The other still opens
    await followingPage.reload()
    await followingPage.getByText(`${TITLE}（修订）`).first().waitFor()

    // The item's public page shows nothing of it
    const plain = await phone.newPage()
    await plain.goto(`${world.h5!.origin}/#/detail/warning/index?id=${ITEM}`)
    await plain.getByText('内容不存在或已撤下').first().waitFor()
    expect(await plain.locator('body').innerText()).not.toContain(TITLE)

    expect(world.cspViolations).toEqual([])
  })
})
