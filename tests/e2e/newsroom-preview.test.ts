// A draft's preview link and QR code (issue 14: "Each draft has a preview link and QR code (scoped to that draft,
// expiring) that opens it on a phone …, marked 草稿"), in Chromium: a real API on a temporary DATA_DIR and copy of
// seeds/, and the H5 app served in front of it (scripts/serve-h5.mjs, which also passes /staff/ to the API, as nginx
// does). The editor opens the staff app on the H5 origin, saves a draft, makes a link in 手机预览: the QR code and
// the link show; the link opened on a phone with no session shows the draft marked 草稿 with its version and
// 请勿转发; after the editor saves again the same link shows the new version; the public page of the same id still
// says 内容不存在或已撤下. Screenshots: test-results/screenshots/newsroom-preview-*.png.
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
  it('opens the draft on a phone, marked 草稿, and follows the newest saved version', async () => {
    const page = await world.page('laptop')
    // The staff pages through the H5 server: the links point at this origin, where the H5 app is
    await staffLogIn(page, world.h5!.origin, 'bianji', PASSWORD)
    const created = await newsroomFetch(page, 'POST', '/items', {
      collection: 'warnings',
      data: warning(TITLE),
      body: '## 套路\n\n先抬价，再打折。\n',
    })
    expect(created.status).toBe(201)

    await page.goto(`${world.h5!.origin}/staff/#/newsroom/item/warnings/${ID}`)
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
    expect(url).toMatch(new RegExp(`^${world.h5!.origin}/#/detail/warning/index\\?id=${ID}&draft=warnings\\.${ID}\\.`))
    expect(await qr.getAttribute('aria-label')).toContain(url!)
    await expect(link.textContent()).resolves.toContain('有效期至')
    await expect(link.textContent()).resolves.toContain(`启动参数 id=${ID}&draft=`)
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

    // The author saves again: the same link, reloaded, shows version 2
    const saved = await newsroomFetch(
      page,
      'POST',
      `/items/warnings/${ID}/versions`,
      { data: warning(`${TITLE}（修订）`), body: '## 套路\n\n先抬价，再打折。\n' },
      { 'if-match': '"1"' },
    )
    expect(saved.status).toBe(200)
    await phonePage.reload()
    await phonePage.getByText(`${TITLE}（修订）`).first().waitFor()
    expect(await phonePage.locator('body').innerText()).toContain('草稿预览（第 2 版')

    // The item's public page shows nothing of it
    const plain = await phone.newPage()
    await plain.goto(`${world.h5!.origin}/#/detail/warning/index?id=${ID}`)
    await plain.getByText('内容不存在或已撤下').first().waitFor()
    expect(await plain.locator('body').innerText()).not.toContain(TITLE)

    expect(world.cspViolations).toEqual([])
  })
})
