// Skipping a step and taking two steps, refused in the browser (issue 14: "self-approval and skipping a step are
// refused"), in Chromium against a real API on a temporary DATA_DIR and copy of seeds/. An editor's warning waits for
// 初审; reviewer 甲 opens it (the page offers 初审通过), reviewer 乙 approves 初审 meanwhile from another page; 甲's
// 初审通过 is then refused (409 STEP_NOT_CURRENT, said as 不能跳过步骤) and nothing moves; a call for 终审 while it waits
// for 复审 is refused the same way; after reloading, 甲 takes 复审; 乙, who took 初审, is told 终审 needs someone else
// and offered no button, and the server refuses it anyway (403 SAME_REVIEWER). The history lists the refusals. Screenshot:
// test-results/screenshots/newsroom-steps-refused.png.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { ROOT } from '../support/processes'
import { newsroomFetch, staffLogIn } from './staff-browser'
import { startStaffWorld, type StaffWorld } from './staff-world'
import { shanghaiDate } from '../../server/content/shanghai-date'

jest.setTimeout(180_000)

const PASSWORD = 'steps-e2e-pass-2026'
const SHOTS = path.join(ROOT, 'test-results/screenshots')
const ID = `e2e-steps-${randomBytes(3).toString('hex')}`
const TITLE = '警惕“直播间秒杀”低价引流'
const today = () => shanghaiDate(Date.now())

let world: StaffWorld
beforeAll(async () => {
  world = await startStaffWorld({
    name: 'steps',
    password: PASSWORD,
    accounts: [
      ['bianji', '--role', 'province'],
      ['jia', '--role', 'province', '--can-review'],
      ['yiyi', '--role', 'province', '--can-review'],
    ],
  })
})
afterAll(() => world?.close())

async function signedIn(username: string): Promise<Page> {
  const page = await world.page('laptop')
  await staffLogIn(page, world.api.origin, username, PASSWORD)
  return page
}

/** The item's own id, the server's (set when it is made; ID is the public id it wishes for) */
let ITEM = ''
const itemHash = () => `#/newsroom/item/warnings/${ITEM}`
const stateBadge = (page: Page) => page.locator('.status-line .state')

describe('review steps in the browser', () => {
  it('a step taken meanwhile, a skipped step and the same reviewer twice are refused and said', async () => {
    const editor = await signedIn('bianji')
    const created = await newsroomFetch(editor, 'POST', '/items', {
      collection: 'warnings',
      data: {
        id: ID,
        title: TITLE,
        publishedAt: today(),
        summary: '直播间先用极低价吸引下单，再以各种理由拖延发货或换成次品。',
        level: 'caution',
        region: 'jiangsu',
        whatToDo: ['保存直播录屏和订单截图。', '商家不发货或货不对板，拨打12315投诉。'],
        channel: 'complaint',
        sources: [{ title: '《中华人民共和国电子商务法》', article: '第十七条' }],
      },
      body: '## 套路\n\n先用低价引流，再拖延发货。\n',
    })
    expect(created.status).toBe(201)
    ITEM = String(created.body.id)
    expect((await newsroomFetch(editor, 'POST', `/items/warnings/${ITEM}/submit`)).status).toBe(200)

    // 甲 opens the item while it waits for 初审
    const jia = await signedIn('jia')
    await jia.goto(`${world.api.origin}/staff/${itemHash()}`)
    await jia.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await expect(stateBadge(jia).textContent()).resolves.toBe('审核中 · 初审')
    const jiaApprove = jia.getByRole('button', { name: '初审通过' })
    await jiaApprove.waitFor()

    // 乙 takes 初审 meanwhile
    const yi = await signedIn('yiyi')
    const first = await newsroomFetch(yi, 'POST', `/items/warnings/${ITEM}/approve`, { step: '初审' })
    expect([first.status, first.body.step]).toEqual([200, '复审'])

    // 甲's page still offers 初审通过: pressed, the server refuses (no step is taken twice, none is skipped)
    await jia.getByLabel('初审意见（退回时必填）').fill('同意。')
    await jiaApprove.click()
    const refusal = jia.getByRole('alert').filter({ hasText: '不能跳过步骤' })
    await refusal.waitFor()
    // Said in Chinese with the step it waits for (the server's params), not the code
    expect(await refusal.textContent()).toContain('现在等待“复审”')
    expect(await refusal.textContent()).not.toContain('STEP_NOT_CURRENT')
    fs.mkdirSync(SHOTS, { recursive: true })
    await jia.screenshot({ path: path.join(SHOTS, 'newsroom-steps-refused.png') })

    // Straight to 终审 while it waits for 复审: refused too
    const skipped = await newsroomFetch(jia, 'POST', `/items/warnings/${ITEM}/approve`, { step: '终审' })
    expect([skipped.status, (skipped.body.error as { code: string }).code]).toEqual([409, 'STEP_NOT_CURRENT'])

    // Reloaded, the page shows the step it waits for; 甲 takes 复审
    await jia.reload()
    await expect(stateBadge(jia).textContent()).resolves.toBe('审核中 · 复审')
    await jia.getByLabel('复审意见（退回时必填）').fill('复审：来源核实。')
    await jia.getByRole('button', { name: '复审通过' }).click()
    await jia.getByRole('status').filter({ hasText: '已通过复审。' }).waitFor()
    await expect(stateBadge(jia).textContent()).resolves.toBe('审核中 · 终审')

    // 乙 took 初审: the page says 终审 needs someone else and offers no button; the server refuses it all the same
    await yi.goto(`${world.api.origin}/staff/${itemHash()}`)
    await yi.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await yi.getByText('您已完成本轮的初审；同一轮中每一步须由不同的人审核，终审请由其他审核人完成。').waitFor()
    expect(await yi.getByRole('button', { name: '终审通过' }).count()).toBe(0)
    const twice = await newsroomFetch(yi, 'POST', `/items/warnings/${ITEM}/approve`, { step: '终审' })
    expect([twice.status, (twice.body.error as { code: string }).code]).toEqual([403, 'SAME_REVIEWER'])
    await yi.reload()
    await expect(stateBadge(yi).textContent()).resolves.toBe('审核中 · 终审')

    // On record: both refusals, by whom
    const history = await newsroomFetch(yi, 'GET', `/items/warnings/${ITEM}/history`)
    const actions = (history.body.entries as { actor: string; action: string }[]).map((e) => `${e.actor} ${e.action}`)
    expect(actions).toEqual(
      expect.arrayContaining(['jia newsroom.approve.refused', 'yiyi newsroom.approve.refused', 'jia newsroom.approve']),
    )
    expect(world.cspViolations).toEqual([])
  })
})
