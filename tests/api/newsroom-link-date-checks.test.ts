// The newsroom's link and date checks (server/newsroom/link-date-checks.ts) on the fixtures' content, and through
// GET …/checks on a draft: each problem names its field, and the checks do not pass.
import fs from 'node:fs'
import path from 'node:path'
import { loadContent } from '../../server/content/load-content'
import { addDays, shanghaiDate } from '../../server/content/shanghai-date'
import { linkAndDateProblems } from '../../server/newsroom/link-date-checks'
import { problemText } from '../../staff/src/newsroom/labels'
import { StaffStore } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { storeKinds } from './events-helpers'
import { addAccounts, copySeeds, logIn, type Session, unique } from './newsroom-helpers'
import { REPO_ROOT, testApp, type TestApp } from './test-app'

const content = loadContent(path.join(REPO_ROOT, 'tests/api/fixtures/valid'))
const TODAY = '2026-11-30'
const day = (offset: number) => addDays(TODAY, offset)

const warning = (overrides: Record<string, unknown> = {}) => ({
  id: 'checked',
  title: '测试警示',
  publishedAt: TODAY,
  summary: '测试摘要。',
  level: 'caution',
  region: 'jiangsu',
  whatToDo: ['测试。'],
  channel: 'complaint',
  sources: [{ title: '《中华人民共和国消费者权益保护法》', url: 'https://flk.npc.gov.cn/' }],
  ...overrides,
})

function check(data: Record<string, unknown>, body = '正文。', publishedBefore = false) {
  return linkAndDateProblems({ collection: 'warnings', item: { data, body }, today: TODAY, content, publishedBefore })
}
const pointers = (problems: { pointer: string }[]) => problems.map((problem) => problem.pointer)

describe('link and date checks', () => {
  it('passes a warning whose links and dates are right', () => {
    const body = '详见[投诉举报](/pages/services/index)和[官方解读](https://www.samr.gov.cn/)。'
    expect(check(warning({ expiresAt: TODAY, relatedExplainers: ['test-explainer-alpha'] }), body)).toEqual([])
  })

  it('names a body link to a page the app does not have', () => {
    const problems = check(warning(), '见[这里](/pages/nowhere/index)，或[服务](/pages/services/index?tab=1)。')
    expect(problems).toEqual([
      expect.objectContaining({ pointer: '/body', message: expect.stringContaining('"/pages/nowhere/index"') }),
    ])
  })

  it('names a related item that is not public: a draft, or one scheduled later', () => {
    const related = ['test-explainer-alpha', 'test-explainer-draft', 'test-explainer-future']
    const problems = check(warning({ relatedExplainers: related }))
    expect(pointers(problems)).toEqual(['/relatedExplainers/1', '/relatedExplainers/2'])
    expect(problems[0].message).toBe('test-explainer-draft is not public: the published item would show no link to it')
  })

  it('names a source over plain http', () => {
    const sources = [
      { title: '《中华人民共和国价格法》', url: 'http://www.example.gov.cn/price-law' },
      { title: '《中华人民共和国消费者权益保护法》', url: 'https://flk.npc.gov.cn/' },
    ]
    expect(pointers(check(warning({ sources })))).toEqual(['/sources/0/url'])
  })

  it('names dates that would be wrong once public', () => {
    expect(pointers(check(warning({ expiresAt: day(-1) })))).toEqual(['/expiresAt'])
    expect(pointers(check(warning({ updatedAt: day(1) })))).toEqual(['/updatedAt'])
    expect(pointers(check(warning({ publishedAt: day(367) })))).toEqual(['/publishedAt'])
    expect(check(warning({ publishedAt: day(30) }))).toEqual([])
    // A new item dated a month back; a few days back (a review takes time), or a correction of an old item, pass
    expect(pointers(check(warning({ publishedAt: day(-31) })))).toEqual(['/publishedAt'])
    expect(check(warning({ publishedAt: day(-5) }))).toEqual([])
    expect(check(warning({ publishedAt: day(-400), updatedAt: TODAY }), '正文。', true)).toEqual([])
  })
})

test('the staff pages say each of these problems in Chinese', () => {
  const messages = [
    ...check(warning({ relatedExplainers: ['test-explainer-draft'], expiresAt: day(-1), updatedAt: day(1) })),
    ...check(warning({ sources: [{ title: '《价格法》', url: 'http://www.example.gov.cn/' }] }), '[x](/pages/nowhere)'),
    ...check(warning({ publishedAt: day(400) })),
    ...check(warning({ publishedAt: day(-40) })),
  ].map((problem) => problemText(problem.message))
  expect(messages).toHaveLength(7)
  for (const text of messages) expect(text).not.toMatch(/\b(?:is|the|would)\b/)
  expect(messages).toContain('“test-explainer-draft”尚未公开（草稿，或未到发布日期）：发布后不会显示这条关联')
})

describe.each(storeKinds())('GET …/checks names them on $name', (kind) => {
  let store: Store
  let app: TestApp
  let contentDir: string
  let session: Session
  const writer = unique('checkwriter')
  const id = unique('checked-warning')
  const shanghaiToday = () => shanghaiDate(Date.now())

  beforeAll(async () => {
    contentDir = copySeeds('shijian-link-date-checks-')
    store = await kind.open()
    app = testApp({ contentDir, events: { store }, now: () => Date.now() })
    await addAccounts(new StaffStore(store), { [writer]: { role: 'province', region: 'jiangsu' } })
    session = (await logIn(app, [writer], '10.41'))[writer]
  }, 30_000)
  afterAll(async () => {
    await app.close()
    await store.close()
    fs.rmSync(contentDir, { recursive: true, force: true })
  })

  it('an expired warning with a link to no page does not pass, each problem on its field', async () => {
    const yesterday = addDays(shanghaiToday(), -1)
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/newsroom/items',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({
        collection: 'warnings',
        data: warning({ id, publishedAt: shanghaiToday(), expiresAt: yesterday }),
        body: '见[这里](/pages/nowhere/index)。',
      }),
    })
    expect(created.statusCode).toBe(201)
    const checks = await app.inject({
      method: 'GET',
      // (the draft's id is the server's)
      url: `/api/v1/staff/newsroom/items/warnings/${created.json().id}/checks`,
      headers: { cookie: session.cookie },
    })
    expect(checks.statusCode).toBe(200)
    expect(checks.json().passed).toBe(false)
    expect(pointers(checks.json().problems)).toEqual(expect.arrayContaining(['/body', '/expiresAt']))
  })

  it('a tracking pixel and a link to a host off the official list do not pass, on the body, said in Chinese', async () => {
    const tracked = unique('tracked-warning')
    const pixel = 'https://tracker.example/pixel.png?reader=1'
    const body = `![x](${pixel})\n\n见[这里](https://tracker.example/?reader=1)和[官方解读](https://www.samr.gov.cn/)。`
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/newsroom/items',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({
        collection: 'warnings',
        data: warning({ id: tracked, publishedAt: shanghaiToday() }),
        body,
      }),
    })
    expect(created.statusCode).toBe(201)
    const checks = await app.inject({
      method: 'GET',
      url: `/api/v1/staff/newsroom/items/warnings/${created.json().id}/checks`,
      headers: { cookie: session.cookie },
    })
    expect(checks.statusCode).toBe(200)
    expect(checks.json().passed).toBe(false)
    const problems = checks.json().problems as { pointer: string; message: string }[]
    // Two, on the body: the pixel and the tracker's link (the official host's link passes)
    expect(problems).toEqual([
      expect.objectContaining({ pointer: '/body', message: expect.stringContaining(pixel) }),
      expect.objectContaining({
        pointer: '/body',
        message: expect.stringContaining('https://tracker.example/?reader=1'),
      }),
    ])
    const chinese = problems.map((problem) => problemText(problem.message))
    expect(chinese[0]).toBe(`图片“${pixel}”不是本站媒体库里的文件：正文图片只能用本站上传的图片（media/…）`)
    expect(chinese[1]).toBe(
      '链接“https://tracker.example/?reader=1”指向 tracker.example，不在站点设置的官方网站名单（officialHosts）里：只能链接名单里的官方网站（https）',
    )
  })
})
