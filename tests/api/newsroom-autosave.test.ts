// Autosave of drafts (server/newsroom/autosave.ts) on SQLite and (TEST_DATABASE_URL) PostgreSQL, over a temporary
// copy of seeds/: 401 without a session, 403 without the CSRF token on PUT and DELETE, 404 for a city account on
// another publisher's item as for an unknown item, 409 for an item not in draft, 400 for a bad shape and 413 for
// too much; what is put comes back as typed (fields not validated: work in progress), to its account only; saving a
// version or creating the item deletes the saver's autosave of it (not another account's); nothing is audited.
// And a real API process killed with SIGKILL right after a PUT was answered still has that autosave on restart.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startApi, stop, type Started } from '../../scripts/lib/processes'
import { StaffStore } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { PG_URL, storeKinds } from './events-helpers'
import { addAccounts, callerAs, copySeeds, logIn, PASSWORD, type Session, unique } from './newsroom-helpers'
import { REPO_ROOT, testApp, type TestApp } from './test-app'
import { shanghaiDate } from '../../server/content/shanghai-date'

jest.setTimeout(60_000)
const BASE = '/api/v1/staff/newsroom'
const today = () => shanghaiDate(Date.now())
/** A warning in seeds/ that is published (not editable: 409) */
const PUBLISHED = 'counterfeit-goods'
const MAX_DRAFT_BYTES = 256 * 1024

function warningData(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    title: '新的消费警示：小心“免费体检”',
    publishedAt: today(),
    summary: '打着免费体检旗号推销保健品，是常见的套路。',
    level: 'caution',
    region: 'jiangsu',
    whatToDo: ['不参加来路不明的免费体检。'],
    channel: 'complaint',
    sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条' }],
    ...overrides,
  }
}

/** Work in progress as a form holds it: a field too short for the schema, an empty list entry, a date half typed. */
const TYPED = {
  data: { title: '未完成的标题', summary: '短', whatToDo: ['第一条', ''], publishedAt: '2026-1', level: '' },
  body: '## 还没写完\n\n- 第一点\n- ',
}

describe.each(storeKinds())('autosave on $name', (kind) => {
  let store: Store
  let app: TestApp
  let staff: StaffStore
  let contentDir: string
  const name = {
    writer: unique('aswriter'),
    writer2: unique('aswriter2'),
    nanjing: unique('asnj'),
    wuxi: unique('aswx'),
  }
  const sessions: Record<string, Session> = {}

  beforeAll(async () => {
    contentDir = copySeeds('shijian-autosave-content-')
    store = await kind.open()
    staff = new StaffStore(store)
    app = testApp({ contentDir, events: { store }, now: () => Date.now() })
    await addAccounts(staff, {
      [name.writer]: { role: 'province', region: 'jiangsu' },
      [name.writer2]: { role: 'province', region: 'jiangsu' },
      [name.nanjing]: { role: 'city', region: 'nanjing' },
      [name.wuxi]: { role: 'city', region: 'wuxi' },
    })
    Object.assign(sessions, await logIn(app, Object.values(name), '10.31'))
  }, 60_000)
  afterAll(async () => {
    await app.close()
    await store.close()
    fs.rmSync(contentDir, { recursive: true, force: true })
  })

  /** A call as this account, with its CSRF token on PUT, DELETE and POST unless told otherwise. */
  const call = callerAs(() => app, sessions)

  /** A new draft wishing for the public id `wish`: its id (the server's) and version. */
  async function create(who: string, wish: string, overrides: Record<string, unknown> = {}) {
    const response = await call(who, 'POST', '/items', {
      collection: 'warnings',
      data: warningData(wish, overrides),
      body: '正文。\n',
    })
    expect(response.statusCode).toBe(201)
    return response.json() as { id: string; version: number }
  }

  const mine = async (who: string, url: string) => {
    const response = await call(who, 'GET', url)
    expect(response.statusCode).toBe(200)
    return response.json().autosave as null | { baseVersion: number; savedAt: number; data: unknown; body: string }
  }

  test('401 without a session; 403 without the CSRF token (or with another session’s) on PUT and DELETE', async () => {
    const id = (await create(name.writer, unique('guard'))).id
    const put = { baseVersion: 1, ...TYPED }
    for (const url of [`/autosaves/warnings/${id}`, '/autosaves/warnings']) {
      for (const method of ['PUT', 'GET', 'DELETE'] as const) {
        const response = await call(undefined, method, url, method === 'PUT' ? put : undefined)
        expect([method, url, response.statusCode, response.json().error.code]).toEqual([method, url, 401, 'NO_SESSION'])
      }
      for (const method of ['PUT', 'DELETE'] as const) {
        const missing = await call(name.writer, method, url, method === 'PUT' ? put : undefined, { csrf: false })
        expect([method, url, missing.statusCode, missing.json().error.code]).toEqual([
          method,
          url,
          403,
          'BAD_CSRF_TOKEN',
        ])
        const other = await call(name.writer, method, url, method === 'PUT' ? put : undefined, {
          csrf: false,
          headers: { 'x-csrf-token': sessions[name.writer2].csrf },
        })
        expect([method, url, other.statusCode]).toEqual([method, url, 403])
      }
      // Nothing was kept by the refused PUTs; an accepted PUT is, and a DELETE without the token leaves it
      expect(await mine(name.writer, url)).toBeNull()
      expect((await call(name.writer, 'PUT', url, put)).statusCode).toBe(200)
      expect((await call(name.writer, 'DELETE', url, undefined, { csrf: false })).statusCode).toBe(403)
      expect(await mine(name.writer, url)).not.toBeNull()
      expect((await call(name.writer, 'DELETE', url)).statusCode).toBe(204)
      expect(await mine(name.writer, url)).toBeNull()
    }
  })

  test('404 for a city account on a province item or another city’s, as for an unknown one; 409 not a draft', async () => {
    const province = (await create(name.writer, unique('prov'))).id
    const wuxi = (await create(name.wuxi, unique('wuxi'), { publisher: 'wuxi' })).id
    const put = { baseVersion: 1, ...TYPED }
    for (const item of [province, wuxi]) {
      const url = `/autosaves/warnings/${item}`
      for (const method of ['PUT', 'GET', 'DELETE'] as const) {
        const response = await call(name.nanjing, method, url, method === 'PUT' ? put : undefined)
        expect([method, url, response.statusCode, response.json().error]).toEqual([
          method,
          url,
          404,
          { code: 'NOT_FOUND', message: `No item warnings/${item}` },
        ])
      }
    }
    // The city's own item: allowed; naming another publisher in it is not
    expect((await call(name.wuxi, 'PUT', `/autosaves/warnings/${wuxi}`, put)).statusCode).toBe(200)
    const elsewhere = { baseVersion: 1, data: { ...TYPED.data, publisher: 'nanjing' }, body: '' }
    const refused = await call(name.wuxi, 'PUT', `/autosaves/warnings/${wuxi}`, elsewhere)
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN_REGION'])
    const refusedNew = await call(name.wuxi, 'PUT', '/autosaves/warnings', { ...elsewhere, baseVersion: 0 })
    expect(refusedNew.statusCode).toBe(403)
    // A province account may autosave any publisher's item (it may draft for all)
    expect((await call(name.writer, 'PUT', `/autosaves/warnings/${wuxi}`, put)).statusCode).toBe(200)

    const unknown = await call(name.writer, 'PUT', '/autosaves/warnings/no-such-item-here', put)
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'NOT_FOUND'])
    expect((await call(name.writer, 'GET', '/autosaves/warnings/no-such-item-here')).statusCode).toBe(404)
    expect((await call(name.writer, 'PUT', '/autosaves/nonsense', put)).statusCode).toBe(400)

    const published = await call(name.writer, 'PUT', `/autosaves/warnings/${PUBLISHED}`, put)
    expect([published.statusCode, published.json().error.code]).toEqual([409, 'NOT_EDITABLE'])
    // Submitted: in review, not editable either
    expect((await call(name.writer, 'POST', `/items/warnings/${province}/submit`)).statusCode).toBe(200)
    const inReview = await call(name.writer, 'PUT', `/autosaves/warnings/${province}`, put)
    expect([inReview.statusCode, inReview.json().error.code]).toEqual([409, 'NOT_EDITABLE'])
  })

  test('400 for a bad shape, 413 over the draft limit, each saying why; nothing kept', async () => {
    const id = (await create(name.writer, unique('shape'))).id
    const url = `/autosaves/warnings/${id}`
    const bad = [
      { baseVersion: 1, data: 'not an object', body: '' },
      { baseVersion: 1, data: {}, body: { text: 'not a string' } },
      { baseVersion: -1, data: {}, body: '' },
      { baseVersion: 1, data: {} },
      { baseVersion: 1, data: {}, body: '', extra: true },
      { baseVersion: 1, data: { a: { b: { c: { d: { e: { f: 'deep' } } } } } }, body: '' },
      { baseVersion: 1, data: { list: Array.from({ length: 501 }, () => 'x') }, body: '' },
    ]
    for (const payload of bad) {
      const response = await call(name.writer, 'PUT', url, payload)
      expect([JSON.stringify(payload).slice(0, 60), response.statusCode]).toEqual([
        JSON.stringify(payload).slice(0, 60),
        400,
      ])
      expect(response.json().error.message).toBeTruthy()
    }
    const deep = await call(name.writer, 'PUT', url, bad[5])
    expect(deep.json().error).toEqual({
      code: 'BAD_AUTOSAVE',
      message: "The autosave's fields are not kept: data/a/b/c/d/e is nested more than 5 levels deep",
    })
    expect((await call(name.writer, 'PUT', url, '{"baseVersion":1,')).statusCode).toBe(400)

    // 100,000 Chinese characters: 300,000 bytes of UTF-8, over 256 KiB
    const tooLarge = await call(name.writer, 'PUT', url, { baseVersion: 1, data: {}, body: '字'.repeat(100_000) })
    expect(tooLarge.statusCode).toBe(413)
    expect(tooLarge.json().error.code).toBe('TOO_LARGE')
    expect(tooLarge.json().error.message).toMatch(/^The autosave is 300\d{3} bytes: at most 262144 bytes \(256 KiB\)/)
    // Far over: refused before it is read
    const huge = await call(name.writer, 'PUT', url, {
      baseVersion: 1,
      data: {},
      body: 'x'.repeat(3 * MAX_DRAFT_BYTES),
    })
    expect(huge.statusCode).toBe(413)
    expect(await mine(name.writer, url)).toBeNull()
    // Just under: kept
    const fits = 'x'.repeat(MAX_DRAFT_BYTES - 100)
    expect((await call(name.writer, 'PUT', url, { baseVersion: 1, data: {}, body: fits })).statusCode).toBe(200)
    expect((await mine(name.writer, url))?.body).toBe(fits)
  })

  test('what is put comes back as typed, to its account only; not audited', async () => {
    const id = (await create(name.writer, unique('round'))).id
    const url = `/autosaves/warnings/${id}`
    const auditBefore = (await staff.auditEntries()).length
    const before = Date.now()
    const put = await call(name.writer, 'PUT', url, { baseVersion: 1, ...TYPED })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toMatchObject({ slot: `warnings/${id}`, baseVersion: 1 })
    const got = await mine(name.writer, url)
    expect(got).toEqual({ slot: `warnings/${id}`, baseVersion: 1, savedAt: put.json().savedAt, ...TYPED })
    expect(got!.savedAt).toBeGreaterThanOrEqual(before)
    // Replaced by the next one
    const next = { data: { ...TYPED.data, title: '改过的标题' }, body: TYPED.body + '第二点' }
    expect((await call(name.writer, 'PUT', url, { baseVersion: 1, ...next })).statusCode).toBe(200)
    expect(await mine(name.writer, url)).toMatchObject(next)

    // Another account (who may draft the same item) sees none of it, and keeps its own apart
    expect(await mine(name.writer2, url)).toBeNull()
    const theirs = { data: { title: '另一个人的' }, body: '另一个人的正文' }
    expect((await call(name.writer2, 'PUT', url, { baseVersion: 1, ...theirs })).statusCode).toBe(200)
    expect(await mine(name.writer2, url)).toMatchObject(theirs)
    expect(await mine(name.writer, url)).toMatchObject(next)
    // Deleting mine leaves theirs
    expect((await call(name.writer2, 'DELETE', url)).statusCode).toBe(204)
    expect(await mine(name.writer, url)).toMatchObject(next)

    // A new item's slot, one per collection
    expect((await call(name.writer, 'PUT', '/autosaves/warnings', { baseVersion: 0, ...TYPED })).statusCode).toBe(200)
    expect(await mine(name.writer, '/autosaves/warnings')).toMatchObject(TYPED)
    expect(await mine(name.writer, '/autosaves/news')).toBeNull()
    expect(await mine(name.writer2, '/autosaves/warnings')).toBeNull()
    expect((await call(name.writer, 'DELETE', '/autosaves/warnings')).statusCode).toBe(204)

    expect((await staff.auditEntries()).length).toBe(auditBefore)
  })

  test('saving a version deletes the saver’s autosave of the item (not another’s); creating deletes the new slot', async () => {
    const wish = unique('saved')
    const id = (await create(name.writer, wish)).id
    const url = `/autosaves/warnings/${id}`
    expect((await call(name.writer, 'PUT', url, { baseVersion: 1, ...TYPED })).statusCode).toBe(200)
    expect((await call(name.writer2, 'PUT', url, { baseVersion: 1, ...TYPED })).statusCode).toBe(200)
    // A refused save (a bad field) keeps it
    const refused = await call(
      name.writer,
      'POST',
      `/items/warnings/${id}/versions`,
      { data: warningData(wish, { summary: '短' }), body: '改了。\n' },
      { headers: { 'if-match': '"1"' } },
    )
    expect(refused.statusCode).toBe(400)
    expect(await mine(name.writer, url)).not.toBeNull()
    const saved = await call(
      name.writer,
      'POST',
      `/items/warnings/${id}/versions`,
      { data: warningData(wish), body: '改了。\n' },
      { headers: { 'if-match': '"1"' } },
    )
    expect([saved.statusCode, saved.json().version]).toEqual([200, 2])
    expect(await mine(name.writer, url)).toBeNull()
    // The other account's is theirs: still there, based on version 1 (its editor will meet the 412)
    expect(await mine(name.writer2, url)).toMatchObject({ baseVersion: 1 })

    const created = unique('created')
    expect((await call(name.writer, 'PUT', '/autosaves/warnings', { baseVersion: 0, ...TYPED })).statusCode).toBe(200)
    expect((await call(name.writer2, 'PUT', '/autosaves/warnings', { baseVersion: 0, ...TYPED })).statusCode).toBe(200)
    await create(name.writer, created)
    expect(await mine(name.writer, '/autosaves/warnings')).toBeNull()
    expect(await mine(name.writer2, '/autosaves/warnings')).not.toBeNull()
  })

  test('an item only in CONTENT_DIR as a draft file (version 0) may be autosaved', async () => {
    // A draft file not yet in the newsroom is editable (version 0)
    const id = unique('filedraft')
    const file = path.join(contentDir, 'warnings', `${id}.md`)
    const source = fs.readFileSync(path.join(contentDir, 'warnings', `${PUBLISHED}.md`), 'utf8')
    fs.writeFileSync(file, source.replace(/^id: .*$/m, `id: ${id}`).replace(/^status: .*$/m, 'status: draft'))
    const put = await call(name.writer, 'PUT', `/autosaves/warnings/${id}`, { baseVersion: 0, ...TYPED })
    expect(put.statusCode).toBe(200)
    fs.rmSync(file)
  })
})

const killTargets = [{ name: 'SQLite', pg: false }, ...(PG_URL ? [{ name: 'PostgreSQL', pg: true }] : [])]

describe.each(killTargets)('autosave survives kill -9 (a real API process on $name)', ({ pg }) => {
  let api: Started | undefined
  let dataDir: string
  afterAll(async () => {
    await stop(api)
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  test('the PUT answered before SIGKILL is there after a restart', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-autosave-kill-'))
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      CONTENT_DIR: 'seeds',
      ...(pg ? { DATABASE_URL: PG_URL! } : {}),
    }
    const username = unique('killwriter')
    const made = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/staff.ts'), 'add', username, '--role', 'province'],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env, STAFF_PASSWORD: PASSWORD } },
    )
    expect(made.status).toBe(0)
    api = await startApi(env)
    const logInOnce = async (origin: string) => {
      const response = await fetch(`${origin}/api/v1/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
      expect(response.status).toBe(204)
      const cookie = /^shijian_staff=[^;]*/.exec(response.headers.get('set-cookie') ?? '')![0]
      return { cookie, csrf: response.headers.get('x-csrf-token')! }
    }
    const session = await logInOnce(api.origin)
    const body = `断电前最后一句：${'写'.repeat(2000)}`
    const put = await fetch(`${api.origin}${BASE}/autosaves/warnings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ baseVersion: 0, data: { title: '杀掉之前' }, body }),
    })
    expect(put.status).toBe(200)
    // At once after the answer: no chance for a clean shutdown
    api.process.kill('SIGKILL')
    await new Promise((resolve) =>
      api!.process.exitCode !== null ? resolve(undefined) : api!.process.once('exit', resolve),
    )
    expect(api.process.signalCode).toBe('SIGKILL')

    api = await startApi(env)
    const got = await fetch(`${api.origin}${BASE}/autosaves/warnings`, { headers: { cookie: session.cookie } })
    expect(got.status).toBe(200)
    const { autosave } = (await got.json()) as { autosave: { body: string; data: unknown } | null }
    expect(autosave).toMatchObject({ body, data: { title: '杀掉之前' } })
  })
})
