// GET /api/v1/staff/reach.csv on SQLite and (TEST_DATABASE_URL) PostgreSQL: the file Excel opens (BOM, Chinese
// header, one row per item, figures as /reach gives them), a title that starts like a formula kept as text, the
// audit entry 'reach.export' with the chain still verifying; 401 without a session, 403 for a city account asking
// for another region, 400 for bad parameters (and none of those audited).
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ReachEvent } from '../../src/model/events'
import { csvCell } from '../../server/staff/reach-csv'
import { StaffStore, verifyAuditChain } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { post } from './events-helpers'
import { reachStoreKinds } from './reach-helpers'
import { FIXED_NOW, testApp, VALID_CONTENT, type TestApp } from './test-app'

const DAY = 86_400_000
const PASSWORD = 'correct-horse-battery-staple'
const FORMULA_TITLE = '=HYPERLINK("http://example.test","点我")'
/** A formula behind a leading space: a spreadsheet skips the space and runs it. */
const SPACED_FORMULA_TITLE = " =1+2+cmd|' /C calc'!A0"

// The fixtures with one title that a spreadsheet would take for a formula
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-reach-csv-'))
fs.cpSync(VALID_CONTENT, contentDir, { recursive: true })
const gamma = path.join(contentDir, 'explainers', 'test-explainer-gamma.md')
fs.writeFileSync(gamma, fs.readFileSync(gamma, 'utf8').replace(/^title: .*$/m, `title: '${FORMULA_TITLE}'`))
const betaFile = path.join(contentDir, 'explainers', 'test-explainer-beta.md')
fs.writeFileSync(
  betaFile,
  fs.readFileSync(betaFile, 'utf8').replace(/^title: .*$/m, `title: ${JSON.stringify(SPACED_FORMULA_TITLE)}`),
)
afterAll(() => fs.rmSync(contentDir, { recursive: true, force: true }))

describe.each(reachStoreKinds().map((kind) => [kind.name, kind] as const))('reach.csv on %s', (_name, kind) => {
  let store: Store
  let app: TestApp
  let staff: StaffStore
  const province = `prov-${randomBytes(3).toString('hex')}`
  const city = `city-${randomBytes(3).toString('hex')}`

  beforeAll(async () => {
    store = await kind.open()
    app = testApp({ events: { store }, contentDir })
    staff = new StaffStore(store, () => FIXED_NOW)
    await staff.add(province, PASSWORD, 'province', 'test-province', 'test')
    await staff.add(city, PASSWORD, 'city', 'test-city-a', 'test')
    const at = FIXED_NOW - 2 * DAY // 2025-05-30
    const ev = (type: ReachEvent['type'], visitor: string, extra: Partial<ReachEvent>): ReachEvent => ({
      id: randomUUID(),
      type,
      at,
      visitor: `visitor-${visitor}-0123456789abcdef`,
      ...extra,
    })
    const gammaItem = { collection: 'explainers' as const, itemId: 'test-explainer-gamma' }
    const beta = { collection: 'explainers' as const, itemId: 'test-explainer-beta' }
    const video = { collection: 'videos' as const, itemId: 'test-video-first' }
    const sent = await post(app, {
      events: [
        ev('view', 'a', { page: 'pages/detail/index', ...gammaItem }),
        ev('view', 'b', { page: 'pages/detail/index', ...gammaItem }),
        ev('share', 'a', { ...gammaItem, shareId: 'share-csv-0001' }),
        ev('share_open', 'c', { ...gammaItem, fromShareId: 'share-csv-0001' }),
        ev('share', 'c', { ...gammaItem, shareId: 'share-csv-0002', fromShareId: 'share-csv-0001' }),
        ev('view', 'd', { page: 'pages/detail/index', ...beta }),
        ev('video_play', 'e', video),
        ev('video_play', 'f', video),
        ev('video_complete', 'f', video),
      ],
    })
    expect(sent.statusCode).toBe(202)
  })
  afterAll(async () => {
    await app.close()
    await kind.cleanUp()
  })

  async function session(username: string) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username, password: PASSWORD }),
    })
    expect(response.statusCode).toBe(204)
    const line = String([response.headers['set-cookie']].flat()[0])
    return `shijian_staff=${/^shijian_staff=([^;]*)/.exec(line)?.[1]}`
  }
  const csv = (cookie: string | undefined, query: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/staff/reach.csv?${query}`,
      headers: cookie ? { cookie } : {},
    })
  const exports = async () => (await staff.auditEntries()).filter((entry) => entry.action === 'reach.export')

  test('the file: BOM, Chinese header, a row per item with the figures of /reach; audited', async () => {
    const cookie = await session(province)
    const response = await csv(cookie, 'from=2025-05-30&to=2025-05-30')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toBe('attachment; filename="reach-all-2025-05-30-2025-05-30.csv"')
    expect(response.headers['cache-control']).toBe('no-store')
    const text = response.body
    expect(text.startsWith('\uFEFF')).toBe(true)
    const lines = text.slice(1).split('\r\n')
    expect(lines.pop()).toBe('')
    expect(lines[0]).toBe(
      '栏目,编号,标题,发布单位,传播力指数,浏览,访客,转发,转发打开,每次转发带来的打开,传播深度,视频播放,完播,完播率',
    )
    // gamma: 2 views, visitors a, b, c = 3, 2 shares, 1 open (0.50 opens per share), depth 2; a formula title kept as text
    const json = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/staff/reach?from=2025-05-30&to=2025-05-30',
        headers: { cookie },
      })
    ).json()
    const index = (id: string) => json.items.find((item: { itemId: string }) => item.itemId === id).index.toFixed(1)
    expect(lines.slice(1)).toEqual(
      expect.arrayContaining([
        `法规解读,test-explainer-gamma,"'=HYPERLINK(""http://example.test"",""点我"")",测试省,${index('test-explainer-gamma')},2,3,2,1,0.50,2,0,0,`,
        `法规解读,test-explainer-beta,' =1+2+cmd|' /C calc'!A0,测试甲市,${index('test-explainer-beta')},1,1,0,0,,0,0,0,`,
        `微视频,test-video-first,${json.items.find((i: { itemId: string }) => i.itemId === 'test-video-first').title},测试省,${index('test-video-first')},0,2,0,0,,0,2,1,50.0%`,
      ]),
    )
    expect(lines).toHaveLength(1 + json.items.length)
    const entries = await exports()
    expect(entries.at(-1)).toMatchObject({ actor: province, action: 'reach.export' })
    expect(JSON.parse(entries.at(-1)!.detail)).toEqual({
      from: '2025-05-30',
      to: '2025-05-30',
      region: null,
      collection: null,
      rows: 3,
    })
    const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
    expect(verifyAuditChain(rows.map((row) => ({ ...row, id: Number(row.id), at: Number(row.at) })))).toMatchObject({
      ok: true,
    })
  })

  test('a city account gets its own region (file named after it), 403 for another; 401 without a session', async () => {
    const cookie = await session(city)
    const own = await csv(cookie, 'from=2025-05-30&to=2025-05-30&collection=explainers')
    expect(own.statusCode).toBe(200)
    expect(own.headers['content-disposition']).toBe(
      'attachment; filename="reach-test-city-a-2025-05-30-2025-05-30.csv"',
    )
    expect(
      own.body
        .slice(1)
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[1]),
    ).toEqual(['test-explainer-beta'])
    expect(JSON.parse((await exports()).at(-1)!.detail)).toMatchObject({
      region: 'test-city-a',
      collection: 'explainers',
      rows: 1,
    })
    const before = (await exports()).length
    const other = await csv(cookie, 'from=2025-05-30&to=2025-05-30&region=test-province')
    expect(other.statusCode).toBe(403)
    expect(other.json().error.code).toBe('FORBIDDEN_REGION')
    const none = await csv(undefined, 'from=2025-05-30&to=2025-05-30')
    expect(none.statusCode).toBe(401)
    expect(none.json().error.code).toBe('NO_SESSION')
    const forged = await csv('shijian_staff=forged-token', 'from=2025-05-30&to=2025-05-30')
    expect(forged.statusCode).toBe(401)
    expect((await exports()).length).toBe(before)
  })

  test('bad parameters: 400 BAD_PARAMETER, nothing audited', async () => {
    const cookie = await session(province)
    const before = (await exports()).length
    for (const query of [
      'from=2025-05-30',
      'from=2025-02-30&to=2025-03-01',
      'from=2025-05-30&to=2025-05-01',
      'from=2024-01-01&to=2025-05-30',
      'from=2025-05-30&to=2025-05-30&collection=poems',
      'from=2025-05-30&to=2025-05-30&region=atlantis',
    ]) {
      const response = await csv(cookie, query)
      expect([query, response.statusCode]).toEqual([query, 400])
      expect(response.json().error.code).toBe('BAD_PARAMETER')
    }
    expect((await exports()).length).toBe(before)
  })
})

describe('a CSV cell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+86 10', "'+86 10"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', '"\'\rx"'],
    // The first character that is not a space, a tab, a CR or a LF decides: spreadsheets skip those
    [" =1+2+cmd|' /C calc'!A0", "' =1+2+cmd|' /C calc'!A0"],
    ['\n=1+2', '"\'\n=1+2"'],
    ['\r\n+1', '"\'\r\n+1"'],
    [' \t -1', "' \t -1"],
    ['   @A1', "'   @A1"],
    [' 普通标题', ' 普通标题'],
    ['a=1', 'a=1'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['两行\n文字', '"两行\n文字"'],
    ['普通标题', '普通标题'],
    [12, '12'],
    [null, ''],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell)
  })
})
