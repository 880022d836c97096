// GET /api/v1/staff/audit and /audit.csv on SQLite and (TEST_DATABASE_URL) PostgreSQL: province staff read the log
// newest first, filtered by days, actor and action, paged, each entry marked verified and the whole chain verified;
// a city account gets 403, no session 401; the CSV export is written to the log as audit.export. An entry edited
// in the database, or one removed, is reported where the chain breaks: on SQLite only, whose store is this file's
// own (the PostgreSQL database is shared with the other test files running at the same time, whose own checks of
// the chain an edit would break).
import { StaffStore } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { storeKinds } from './events-helpers'
import { addAccounts, logIn, type Session, unique } from './newsroom-helpers'
import { testApp, type TestApp } from './test-app'
import { shanghaiDate, shanghaiDateTime } from '../../server/content/shanghai-date'
import type { AuditLogEntry } from '../../src/model/audit'

jest.setTimeout(30_000)
const DAY = 24 * 60 * 60 * 1000

type Entry = AuditLogEntry

describe.each(storeKinds())('audit routes on $name', (kind) => {
  let store: Store
  let app: TestApp
  let staff: StaffStore
  const name = { province: unique('prov'), city: unique('city'), actor: unique('actor') }
  const sessions: Record<string, Session> = {}
  const now = Date.now()

  beforeAll(async () => {
    store = await kind.open()
    staff = new StaffStore(store)
    app = testApp({ events: { store }, now: () => Date.now() })
    await addAccounts(staff, {
      [name.province]: { role: 'province', region: 'jiangsu' },
      [name.city]: { role: 'city', region: 'nanjing' },
    })
    Object.assign(sessions, await logIn(app, [name.province, name.city], '10.7'))
    // An actor's entries: three days ago, yesterday and two today (one of them a refusal)
    const entry = (at: number, action: string, detail: Record<string, unknown>) =>
      staff.audit({ at, actor: name.actor, action, detail })
    await entry(now - 3 * DAY, 'newsroom.create', { id: 'a', formula: '=HYPERLINK("x")' })
    await entry(now - DAY, 'newsroom.save', { id: 'a', version: 2 })
    await entry(now - 1000, 'newsroom.approve.refused', { id: 'a', reason: 'SELF_REVIEW' })
    await entry(now - 500, 'reach.export', { rows: 3 })
  }, 60_000)
  afterAll(async () => {
    await app.close()
    await store.close()
  })

  const get = (who: string | undefined, url: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/staff${url}`,
      headers: who ? { cookie: sessions[who].cookie } : {},
    })

  /** The audit.export entries of an account (the PostgreSQL log is shared with other test files meanwhile). */
  const exportsBy = async (username: string) =>
    (await staff.auditEntries()).filter((e) => e.action === 'audit.export' && e.actor === username)

  test('province staff read the entries newest first, filtered and paged, each verified, and the chain', async () => {
    const response = await get(name.province, `/audit?actor=${name.actor}`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    const body = response.json()
    // Default: the last 30 days up to today
    expect(body).toMatchObject({ to: shanghaiDate(Date.now()), page: 1, pageSize: 50, total: 4 })
    expect(body.from).toBe(shanghaiDate(Date.parse(`${body.to}T00:00:00Z`) - 29 * DAY))
    const entries = body.entries as Entry[]
    expect(entries.map((e) => e.action)).toEqual([
      'reach.export',
      'newsroom.approve.refused',
      'newsroom.save',
      'newsroom.create',
    ])
    expect(entries.every((e) => e.verified)).toBe(true)
    expect(entries[1]).toMatchObject({ actor: name.actor, detail: { id: 'a', reason: 'SELF_REVIEW' } })
    expect(entries[1].time).toBe(shanghaiDateTime(now - 1000))
    expect(body.chain).toMatchObject({ ok: true })
    expect(body.chain.entries).toBeGreaterThanOrEqual(4)

    // An action prefix; days; pages
    const newsroom = (await get(name.province, `/audit?actor=${name.actor}&action=newsroom.*`)).json()
    expect(newsroom.entries.map((e: Entry) => e.action)).toEqual([
      'newsroom.approve.refused',
      'newsroom.save',
      'newsroom.create',
    ])
    const exact = (await get(name.province, `/audit?actor=${name.actor}&action=newsroom.save`)).json()
    expect(exact.total).toBe(1)
    const yesterday = shanghaiDate(now - DAY)
    const oneDay = (await get(name.province, `/audit?actor=${name.actor}&from=${yesterday}&to=${yesterday}`)).json()
    expect(oneDay.entries.map((e: Entry) => e.action)).toEqual(['newsroom.save'])
    const page2 = (await get(name.province, `/audit?actor=${name.actor}&pageSize=1&page=2`)).json()
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 1 })
    expect(page2.entries.map((e: Entry) => e.action)).toEqual(['newsroom.approve.refused'])
    // Everyone's entries: the logins of this test are there, newest first
    const all = (await get(name.province, '/audit?pageSize=200')).json()
    expect(all.entries.some((e: Entry) => e.actor === name.city && e.action === 'login')).toBe(true)
    const ids = all.entries.map((e: Entry) => e.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
  })

  test('bad parameters are named (400)', async () => {
    for (const [query, message] of [
      ['from=2025-02-30', 'from must be a date YYYY-MM-DD'],
      ['to=yesterday', 'to must be a date YYYY-MM-DD'],
      ['from=2025-06-02&to=2025-06-01', 'from must not be after to'],
      ['pageSize=500', 'pageSize must be a whole number from 1 to 200'],
      ['page=0', 'page must be a whole number from 1 to 100000'],
      [
        'action=drop%20table',
        'action must be an action such as newsroom.publish, or a prefix ending in * (newsroom.*)',
      ],
      ['actor=a&actor=b', 'actor must be given once'],
    ]) {
      const response = await get(name.province, `/audit?${query}`)
      expect(response.statusCode).toBe(400)
      expect(response.json().error).toEqual({ code: 'BAD_PARAMETER', message })
    }
  })

  test('a city account is refused (403), and so is a call without a session (401)', async () => {
    for (const url of ['/audit', '/audit.csv']) {
      const city = await get(name.city, url)
      expect(city.statusCode).toBe(403)
      expect(city.json().error.code).toBe('FORBIDDEN_ROLE')
      const none = await get(undefined, url)
      expect(none.statusCode).toBe(401)
      expect(none.json().error.code).toBe('NO_SESSION')
    }
    // The refused export was not written to the log
    expect(await exportsBy(name.city)).toEqual([])
  })

  test('the CSV export: the entries for Excel, written to the log as audit.export', async () => {
    const response = await get(name.province, `/audit.csv?actor=${name.actor}`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    expect(response.headers['x-audit-chain']).toBe('ok')
    const lines = response.body.split('\r\n')
    expect(lines[0]).toBe('\uFEFF编号,时间,操作人,操作,详情,哈希,前一条哈希,校验')
    expect(lines).toHaveLength(1 + 4 + 1)
    expect(lines[1]).toContain(',reach.export,')
    expect(lines[1].endsWith(',通过')).toBe(true)
    // A detail that a spreadsheet would run as a formula is quoted as JSON text, never a cell starting with =
    expect(lines[4]).toContain('newsroom.create')
    expect(lines[4]).toContain('""formula"":""=HYPERLINK(\\""x\\"")""')
    const exports = await exportsBy(name.province)
    expect(exports).toHaveLength(1)
    expect(JSON.parse(exports[0].detail)).toMatchObject({ actor: name.actor, action: null, rows: 4, chainOk: true })
  })

  if (kind.name === 'sqlite') {
    test('an entry edited in the database is reported, and the chain broken at it; a removed one at the next', async () => {
      const mine = (await staff.auditEntries()).filter((e) => e.actor === name.actor)
      const target = mine[1]
      await store.db
        .updateTable('audit_log')
        .set({ detail: '{"id":"a","version":3}' })
        .where('id', '=', target.id)
        .execute()
      const body = (await get(name.province, `/audit?actor=${name.actor}`)).json()
      const shown = body.entries as Entry[]
      const edited = shown.find((e) => e.id === target.id)!
      expect(edited).toMatchObject({ verified: false, detail: { id: 'a', version: 3 } })
      expect(edited.problem).toMatch(/does not match its hash/)
      expect(shown.filter((e) => e.id !== target.id).every((e) => e.verified)).toBe(true)
      expect(body.chain).toMatchObject({ ok: false, brokenAt: target.id, reason: 'the entry does not match its hash' })
      const csv = await get(name.province, `/audit.csv?actor=${name.actor}`)
      expect(csv.headers['x-audit-chain']).toBe(`broken at ${target.id}`)
      expect(csv.body).toMatch(/不符：the entry does not match its hash/)
      expect(JSON.parse((await exportsBy(name.province)).at(-1)!.detail)).toMatchObject({ chainOk: false })

      // Put back, then the entry removed: the one after it no longer links to the one before
      await store.db.updateTable('audit_log').set({ detail: target.detail }).where('id', '=', target.id).execute()
      expect((await get(name.province, `/audit?actor=${name.actor}`)).json().chain).toMatchObject({ ok: true })
      await store.db.deleteFrom('audit_log').where('id', '=', target.id).execute()
      const after = (await get(name.province, `/audit?actor=${name.actor}`)).json()
      const next = mine[2]
      expect(after.entries.find((e: Entry) => e.id === next.id)).toMatchObject({ verified: false })
      expect(after.entries.find((e: Entry) => e.id === next.id).problem).toMatch(/prev_hash is not the hash/)
      expect(after.chain).toMatchObject({ ok: false, brokenAt: next.id })
    })
  }
})
