// The newsroom's server side on SQLite and (TEST_DATABASE_URL) PostgreSQL, over a temporary copy of seeds/ as
// CONTENT_DIR: every route refuses a call without a session (401), without the CSRF token (403) and from the wrong
// role or region (403); drafts are validated with the API's schemas; a stale save gets 412 and the diff; the chain
// 初审 → 复审 → 终审 refuses self-approval, the same reviewer twice and a skipped step; publishing makes the item
// public, a correction goes through the chain, withdrawing makes it 404; the audit chain verifies afterwards.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import matter from 'gray-matter'
import { loadContent } from '../../server/content/load-content'
import { readItemFile } from '../../server/newsroom/item-file'
import { findTerms, readTerms } from '../../server/newsroom/terms-check'
import { StaffStore, verifyAuditChain } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { COLLECTIONS } from '../../src/model/labels'
import { storeKinds } from './events-helpers'
import { addAccounts, callerAs, copySeeds, logIn, type Session, unique, warningData } from './newsroom-helpers'
import { REPO_ROOT, testApp, type TestApp } from './test-app'
import { addDays, shanghaiDate } from '../../server/content/shanghai-date'

const run = promisify(execFile)
// Publishing runs the content check and reloads seeds/ twice (a second or more on a busy machine)
jest.setTimeout(30_000)
const BASE = '/api/v1/staff/newsroom'
const today = () => shanghaiDate(Date.now())

/** The explainers in seeds/ whose relatedWarnings name counterfeit-goods. */
const LINKED_TO_COUNTERFEIT = [
  'explainers/complaint-report-inquiry',
  'explainers/defective-product-compensation',
  'explainers/food-ten-times-compensation',
  'explainers/fraud-triple-compensation',
  'explainers/product-repair-replace-return',
]

const BODY = '## 套路是怎样的\n\n- 先送小礼品，再请“专家”讲课。\n- 最后高价推销保健品。\n'

describe.each(storeKinds())('newsroom on $name', (kind) => {
  let store: Store
  let app: TestApp
  let staff: StaffStore
  let contentDir: string
  const name = {
    writer: unique('writer'),
    writer2: unique('writer2'),
    editor: unique('editor'),
    nanjingWriter: unique('njwriter'),
    r1: unique('r1'),
    r2: unique('r2'),
    r3: unique('r3'),
    firstOnly: unique('first'),
    nanjingReviewer: unique('njrev'),
    wuxiReviewer: unique('wxrev'),
  }
  const sessions: Record<string, Session> = {}

  beforeAll(async () => {
    contentDir = copySeeds('shijian-newsroom-content-')
    store = await kind.open()
    staff = new StaffStore(store)
    app = testApp({ contentDir, events: { store }, now: () => Date.now() })
    const province = { role: 'province', region: 'jiangsu' } as const
    await addAccounts(staff, {
      [name.writer]: province,
      [name.writer2]: province,
      // A reviewer who writes too: may review others' work, never their own
      [name.editor]: { ...province, reviewSteps: '*' },
      [name.nanjingWriter]: { role: 'city', region: 'nanjing' },
      [name.r1]: { ...province, reviewSteps: '*' },
      [name.r2]: { ...province, reviewSteps: '*' },
      [name.r3]: province,
    })
    await staff.setReviewSteps(name.r3, '*', 'test')
    await addAccounts(staff, {
      [name.firstOnly]: { ...province, reviewSteps: '初审' },
      [name.nanjingReviewer]: { role: 'city', region: 'nanjing', reviewSteps: '*' },
      [name.wuxiReviewer]: { role: 'city', region: 'wuxi', reviewSteps: '*' },
    })
    Object.assign(sessions, await logIn(app, Object.values(name), '10.9'))
    // Twenty Argon2id hashes and checks: seconds on a busy machine
  }, 60_000)
  afterAll(async () => {
    await app.close()
    await store.close()
    fs.rmSync(contentDir, { recursive: true, force: true })
  })

  /** A call as this account (with its CSRF token on POST unless told otherwise). */
  const call = callerAs(() => app, sessions)

  const publicWarning = (id: string) => app.inject({ method: 'GET', url: `/api/v1/warnings/${id}` })

  /** A new draft wishing for the public id `wish`: the item answered (its `id` is the server's). */
  async function draft(who: string, wish: string, overrides: Record<string, unknown> = {}) {
    const response = await call(who, 'POST', '/items', {
      collection: 'warnings',
      data: warningData(wish, overrides),
      body: BODY,
    })
    expect(response.statusCode).toBe(201)
    return response.json()
  }

  async function approve(who: string, id: string, step: string) {
    return call(who, 'POST', `/items/warnings/${id}/approve`, { step })
  }

  describe('every route checks the session, the CSRF token, and role and region', () => {
    let id = ''
    const routes = (item: string) =>
      [
        ['GET', '/me'],
        ['GET', '/queue'],
        ['GET', '/items'],
        ['POST', '/items', { collection: 'warnings', data: warningData(unique('x')), body: BODY }],
        ['GET', `/items/warnings/${item}`],
        ['GET', `/items/warnings/${item}/diff?from=1`],
        ['GET', `/items/warnings/${item}/checks`],
        ['GET', `/items/warnings/${item}/history`],
        ['POST', `/items/warnings/${item}/versions`, { data: warningData(item), body: BODY }],
        ['POST', `/items/warnings/${item}/submit`],
        ['POST', `/items/warnings/${item}/approve`, { step: '初审' }],
        ['POST', `/items/warnings/${item}/return`, { step: '初审', comment: '请补充来源' }],
        ['POST', `/items/warnings/${item}/publish`],
        ['POST', `/items/warnings/${item}/withdraw`, { reason: '信息有误' }],
        ['POST', `/items/warnings/${item}/corrections`, { reason: '日期有误' }],
      ] as const

    beforeAll(async () => {
      id = (await draft(name.writer, unique('guarded'))).id
    })

    test('401 NO_SESSION without a session, on every route', async () => {
      for (const [method, url, payload] of routes(id)) {
        const response = await call(undefined, method, url, payload)
        expect([method, url, response.statusCode, response.json().error.code]).toEqual([method, url, 401, 'NO_SESSION'])
        expect(response.headers['cache-control']).toBe('no-store')
      }
      // A forged cookie too
      const forged = await app.inject({ method: 'GET', url: BASE + '/items', headers: { cookie: 'shijian_staff=x' } })
      expect(forged.statusCode).toBe(401)
    })

    test('403 BAD_CSRF_TOKEN without the token (or with another session’s) on every POST', async () => {
      for (const [method, url, payload] of routes(id).filter(([verb]) => verb === 'POST')) {
        const missing = await call(name.r1, method, url, payload, { csrf: false })
        expect([url, missing.statusCode, missing.json().error.code]).toEqual([url, 403, 'BAD_CSRF_TOKEN'])
        const other = await call(name.r1, method, url, payload, {
          csrf: false,
          headers: { 'x-csrf-token': sessions[name.r2].csrf },
        })
        expect([url, other.statusCode]).toEqual([url, 403])
      }
      // Nothing happened: still version 1, a draft
      const item = (await call(name.writer, 'GET', `/items/warnings/${id}`)).json()
      expect([item.version, item.state]).toEqual([1, 'draft'])
    })

    /** Every route that takes an item's id, the autosave and preview-link routes too. */
    const itemRoutes = (item: string) =>
      [
        ...routes(item).filter(([, route]) => route.startsWith('/items/')),
        ['POST', `/items/warnings/${item}/preview-links`, {}],
        ['PUT', `/autosaves/warnings/${item}`, { baseVersion: 1, data: warningData(item), body: BODY }],
        ['GET', `/autosaves/warnings/${item}`],
        ['DELETE', `/autosaves/warnings/${item}`],
      ] as const
    /** What an answer says, the id asked for written as <id>: its status, headers (but the date) and body. */
    const said = (response: { statusCode: number; headers: Record<string, unknown>; body: string }, item: string) => {
      const { date: _date, ...headers } = response.headers
      return { status: response.statusCode, headers, body: response.body.split(item).join('<id>') }
    }
    /** An id no item has, of the same shape and length as `item`. */
    const unknownLike = (item: string) => item.slice(0, -8) + randomBytes(4).toString('hex')

    test('another region’s item answers exactly as an unknown id (404), on every route that takes an id', async () => {
      const nanjingItem = (await draft(name.nanjingWriter, unique('nj-hidden'), { region: 'nanjing' })).id
      const cases = [
        // A city account on a province draft, on another city's draft, and on a province item published
        [name.nanjingReviewer, id],
        [name.wuxiReviewer, nanjingItem],
        [name.nanjingWriter, 'counterfeit-goods'],
      ] as const
      // Each route's answer for the item, beside its answer for an unknown id (all of them listed when one differs)
      const seen = []
      const none = []
      for (const [who, hidden] of cases) {
        const unknown = unknownLike(hidden)
        const asked = itemRoutes(hidden)
        const control = itemRoutes(unknown)
        for (let index = 0; index < asked.length; index++) {
          const [method, url, payload] = asked[index]
          const [, unknownUrl, unknownPayload] = control[index]
          // (If-Match as a save or a submit would send it: the answer must not depend on it either)
          const headers = { 'if-match': '"1"' }
          const item = said(await call(who, method, url, payload, { headers }), hidden)
          seen.push({ route: `${method} ${url.split(hidden).join('<id>')}`, ...item })
          const answer = said(await call(who, method, unknownUrl, unknownPayload, { headers }), unknown)
          none.push({ route: `${method} ${url.split(hidden).join('<id>')}`, ...answer })
        }
      }
      expect(seen).toEqual(none)
      expect(seen.filter((answer) => answer.status !== 404)).toEqual([])
      // Nothing happened to them: still version 1, drafts, no autosave kept
      for (const [owner, item] of [
        [name.writer, id],
        [name.nanjingWriter, nanjingItem],
      ]) {
        const detail = (await call(owner, 'GET', `/items/warnings/${item}`)).json()
        expect([detail.version, detail.state]).toEqual([1, 'draft'])
      }
    })

    test('403 for a city listing or drafting for another region', async () => {
      const list = await call(name.nanjingWriter, 'GET', '/items?publisher=wuxi')
      expect([list.statusCode, list.json().error.code]).toEqual([403, 'FORBIDDEN_REGION'])
      const create = await call(name.nanjingWriter, 'POST', '/items', {
        collection: 'warnings',
        data: warningData(unique('other'), { publisher: 'wuxi', region: 'wuxi' }),
        body: BODY,
      })
      expect([create.statusCode, create.json().error.code]).toEqual([403, 'FORBIDDEN_REGION'])
      const province = await call(name.nanjingWriter, 'POST', '/items', {
        collection: 'warnings',
        data: warningData(unique('prov'), { publisher: 'jiangsu' }),
        body: BODY,
      })
      expect(province.statusCode).toBe(403)
    })

    test('403 FORBIDDEN_ROLE: an account without the step approves, returns, publishes or withdraws', async () => {
      const wish = unique('roles')
      const item = (await draft(name.writer, wish)).id
      expect((await call(name.writer, 'POST', `/items/warnings/${item}/submit`)).statusCode).toBe(200)
      // writer2 is no reviewer; firstOnly may take 初审 only
      for (const who of [name.writer2]) {
        const a = await approve(who, item, '初审')
        expect([a.statusCode, a.json().error.code]).toEqual([403, 'FORBIDDEN_ROLE'])
        const r = await call(who, 'POST', `/items/warnings/${item}/return`, { step: '初审', comment: '不行' })
        expect([r.statusCode, r.json().error.code]).toEqual([403, 'FORBIDDEN_ROLE'])
      }
      expect((await approve(name.firstOnly, item, '初审')).statusCode).toBe(200)
      const second = await approve(name.firstOnly, item, '复审')
      expect(second.statusCode).toBe(403)
      expect((await approve(name.r2, item, '复审')).statusCode).toBe(200)
      expect((await approve(name.r3, item, '终审')).statusCode).toBe(200)
      for (const who of [name.writer2, name.firstOnly]) {
        const publish = await call(who, 'POST', `/items/warnings/${item}/publish`)
        expect([publish.statusCode, publish.json().error.code]).toEqual([403, 'FORBIDDEN_ROLE'])
      }
      expect((await call(name.r1, 'POST', `/items/warnings/${item}/publish`)).statusCode).toBe(200)
      const withdraw = await call(name.firstOnly, 'POST', `/items/warnings/${item}/withdraw`, { reason: '核实' })
      expect([withdraw.statusCode, withdraw.json().error.code]).toEqual([403, 'FORBIDDEN_ROLE'])
      expect((await publicWarning(wish)).statusCode).toBe(200)
    })

    test('a city item: its own city’s reviewers and the province review it, another city’s do not', async () => {
      const created = await draft(name.nanjingWriter, unique('city'), { region: 'nanjing' })
      const item = created.id
      expect(created.publisher).toBe('nanjing')
      expect((await call(name.nanjingWriter, 'POST', `/items/warnings/${item}/submit`)).statusCode).toBe(200)
      const wuxi = await approve(name.wuxiReviewer, item, '初审')
      expect([wuxi.statusCode, wuxi.json().error.code]).toEqual([404, 'NOT_FOUND'])
      const wuxiRead = await call(name.wuxiReviewer, 'GET', `/items/warnings/${item}`)
      expect([wuxiRead.statusCode, wuxiRead.json().error.code]).toEqual([404, 'NOT_FOUND'])
      expect((await approve(name.nanjingReviewer, item, '初审')).statusCode).toBe(200)
      expect((await approve(name.r1, item, '复审')).statusCode).toBe(200)
      const queue = (await call(name.r2, 'GET', '/queue')).json()
      expect(queue.items).toContainEqual({ collection: 'warnings', id: item, step: '终审' })
      const wuxiQueue = (await call(name.wuxiReviewer, 'GET', '/queue')).json()
      expect(wuxiQueue.items.map((entry: { id: string }) => entry.id)).not.toContain(item)
      // The city lists only its own region's items
      const list = (await call(name.nanjingWriter, 'GET', '/items')).json()
      expect(list.items.length).toBeGreaterThan(0)
      expect(list.items.every((entry: { publisher: string }) => entry.publisher === 'nanjing')).toBe(true)
      expect(list.items.find((entry: { id: string }) => entry.id === item)).toMatchObject({
        state: 'in_review',
        step: '终审',
      })
    })
  })

  describe('drafts', () => {
    test('validated with the API’s schemas: 400 BAD_FIELD naming the field', async () => {
      const response = await call(name.writer, 'POST', '/items', {
        collection: 'warnings',
        data: warningData(unique('bad'), { level: 'urgent', publishedAt: '2026-02-30' }),
        body: BODY,
      })
      expect(response.statusCode).toBe(400)
      const body = response.json()
      expect(body.error.code).toBe('BAD_FIELD')
      expect(body.error.message).toMatch(/^level: must be one of /)
      expect(body.fields).toContainEqual({
        pointer: '/publishedAt',
        message: '2026-02-30 is not a day in the calendar',
      })
      const region = await call(name.writer, 'POST', '/items', {
        collection: 'warnings',
        data: warningData(unique('bad'), { region: 'atlantis' }),
        body: BODY,
      })
      expect(region.json().error.message).toMatch(/^region: must be one of jiangsu, nanjing/)
      const missing = await call(name.writer, 'POST', '/items', {
        collection: 'warnings',
        data: { ...warningData(unique('bad')), title: undefined },
        body: BODY,
      })
      expect([missing.statusCode, missing.json().error.message]).toEqual([400, 'title: is required'])
    })

    test('creating tells nothing of other regions’ drafts: the same answer for an id wished by another region', async () => {
      const wish = unique('same-wish')
      const nanjing = await draft(name.nanjingWriter, wish, { region: 'nanjing' })
      // Wuxi asks for the public id nanjing's draft wishes for, and for one no one has: answered alike, each
      // draft with an id of the server's (not the wish, not guessable), the public id fixed only on publication
      const answers = []
      for (const wanted of [wish, unique('same-wish')]) {
        const response = await call(name.wuxiReviewer, 'POST', '/items', {
          collection: 'warnings',
          data: warningData(wanted, { publisher: 'wuxi', region: 'wuxi' }),
          body: BODY,
        })
        expect([wanted, response.statusCode]).toEqual([wanted, 201])
        const created = response.json()
        expect(created).toMatchObject({ publisher: 'wuxi', publicId: null, data: { id: wanted } })
        answers.push(created.id)
      }
      for (const made of [nanjing.id, ...answers]) expect(made).toMatch(/^d-[a-z2-7]{20}$/)
      expect(new Set([nanjing.id, ...answers]).size).toBe(3)
      expect(nanjing).toMatchObject({ publicId: null, data: { id: wish } })
    })

    test('the public id is fixed on publication, checked then against public ids only (409 PUBLIC_ID_TAKEN)', async () => {
      // Two drafts of two regions wish for one public id (neither told when created), a third for a seed item's
      const wish = unique('wished-twice')
      const first = (await draft(name.writer, wish)).id
      const second = (await draft(name.nanjingWriter, wish, { region: 'nanjing' })).id
      const seed = (await draft(name.writer, 'counterfeit-goods')).id
      for (const [who, id] of [
        [name.writer, first],
        [name.nanjingWriter, second],
        [name.writer, seed],
      ]) {
        expect((await call(who, 'POST', `/items/warnings/${id}/submit`)).statusCode).toBe(200)
        expect((await approve(name.r1, id, '初审')).statusCode).toBe(200)
        expect((await approve(name.r2, id, '复审')).statusCode).toBe(200)
      }
      // The checks name an id that is public already (share links keep their item), never another draft's wish
      const taken = {
        pointer: '/id',
        message: 'counterfeit-goods is taken as a public id: choose another',
        severity: 'error',
      }
      expect((await call(name.writer, 'GET', `/items/warnings/${seed}/checks`)).json().problems).toEqual([taken])
      expect((await approve(name.r3, seed, '终审')).json().checks.problems).toEqual([taken])
      expect((await call(name.writer, 'GET', `/items/warnings/${first}/checks`)).json()).toMatchObject({ passed: true })
      expect((await approve(name.r3, first, '终审')).statusCode).toBe(200)
      expect((await approve(name.r3, second, '终审')).statusCode).toBe(200)

      // The first published takes the id; the other is refused, nothing written, and may choose another
      const published = await call(name.r1, 'POST', `/items/warnings/${first}/publish`)
      expect(published.json()).toMatchObject({ id: first, publicId: wish, state: 'published' })
      const refused = await call(name.r1, 'POST', `/items/warnings/${second}/publish`)
      expect([refused.statusCode, refused.json().error]).toEqual([
        409,
        {
          code: 'PUBLIC_ID_TAKEN',
          message: `The public id warnings/${wish} is taken: choose another`,
          params: { publicId: wish },
        },
      ])
      expect((await call(name.r1, 'GET', `/items/warnings/${second}`)).json()).toMatchObject({
        state: 'approved',
        publicId: null,
        actions: ['publish'],
      })
      const other = unique('wished-other')
      const republished = await call(name.r1, 'POST', `/items/warnings/${second}/publish`, { publicId: other })
      expect(republished.json()).toMatchObject({ id: second, publicId: other, state: 'published', public: 'published' })
      expect((await publicWarning(other)).json()).toMatchObject({ id: other, region: 'nanjing' })
      expect((await publicWarning(wish)).json()).toMatchObject({ id: wish, region: 'jiangsu' })
      expect(fs.readFileSync(path.join(contentDir, 'published-ids.txt'), 'utf8')).toContain(`warnings/${other}\n`)
      // Found by its public id too; the audit entry names both
      expect((await call(name.nanjingWriter, 'GET', `/items/warnings/${other}`)).json().id).toBe(second)
      const entries = (await staff.auditEntries()).map((entry) => ({ ...entry, detail: JSON.parse(entry.detail) }))
      expect(entries.find((e) => e.action === 'newsroom.publish' && e.detail.id === second)?.detail).toMatchObject({
        publicId: other,
      })

      // Fixed from then on: a correction keeps it, whatever its id field says, and no other is published
      const correction = await call(name.nanjingWriter, 'POST', `/items/warnings/${second}/corrections`, {
        reason: '日期写错了',
      })
      expect(correction.json()).toMatchObject({ publicId: other, data: { id: other } })
      const saved = await call(
        name.nanjingWriter,
        'POST',
        `/items/warnings/${second}/versions`,
        { data: warningData(unique('renamed'), { region: 'nanjing', publisher: 'nanjing' }), body: BODY },
        { headers: { 'if-match': `"${correction.json().version}"` } },
      )
      expect([saved.statusCode, saved.json().data.id]).toEqual([200, other])
      await call(name.nanjingWriter, 'POST', `/items/warnings/${second}/submit`)
      for (const [who, step] of [
        [name.r1, '初审'],
        [name.r2, '复审'],
        [name.r3, '终审'],
      ])
        expect((await approve(who, second, step)).statusCode).toBe(200)
      const renamed = await call(name.r1, 'POST', `/items/warnings/${second}/publish`, { publicId: unique('again') })
      expect([renamed.statusCode, renamed.json().error.code]).toEqual([409, 'PUBLIC_ID_FIXED'])
      expect((await call(name.r1, 'POST', `/items/warnings/${second}/publish`)).json()).toMatchObject({
        publicId: other,
        publishedVersion: 3,
      })
    })

    test('a draft file written by hand is read in on its first save (If-Match "0"), its writer no author', async () => {
      const id = unique('by-hand')
      const data = { ...warningData(id), status: 'draft' }
      fs.writeFileSync(path.join(contentDir, 'warnings', `${id}.md`), `---\n${JSON.stringify(data)}\n---\n\n${BODY}`)
      app.reloadContent()
      const read = await call(name.r1, 'GET', `/items/warnings/${id}`)
      expect(read.json()).toMatchObject({ version: 0, state: 'draft', data: { title: data.title }, body: BODY })
      const listed = (await call(name.writer, 'GET', `/items?q=${encodeURIComponent(id)}`)).json()
      expect(listed.items).toEqual([expect.objectContaining({ id, state: 'draft', version: 0, public: null })])
      const url = `/items/warnings/${id}/versions`
      const stale = await call(name.writer, 'POST', url, { data, body: BODY }, { headers: { 'if-match': '"3"' } })
      expect(stale.statusCode).toBe(412)
      const saved = await call(
        name.r1,
        'POST',
        url,
        { data: { ...data, title: '手写的草稿改了标题' }, body: BODY },
        { headers: { 'if-match': '"0"' } },
      )
      expect(saved.statusCode).toBe(200)
      expect(saved.json().versions.map((v: { savedBy: string }) => v.savedBy)).toEqual(['(content file)', name.r1])
      await call(name.r1, 'POST', `/items/warnings/${id}/submit`)
      // r1 saved version 2: an author now; r2 is not
      expect((await approve(name.r1, id, '初审')).json().error.code).toBe('SELF_REVIEW')
      expect((await approve(name.r2, id, '初审')).statusCode).toBe(200)
    })

    test('two editors: the second save with a stale version gets 412 with what changed', async () => {
      const wish = unique('concurrent')
      const created = await draft(name.writer, wish)
      const id = created.id
      expect(created.version).toBe(1)
      const url = `/items/warnings/${id}/versions`
      const first = await call(
        name.writer,
        'POST',
        url,
        { data: warningData(wish, { title: '第一位编辑改了标题' }), body: BODY },
        { headers: { 'if-match': '"1"' } },
      )
      expect(first.statusCode).toBe(200)
      expect(first.headers.etag).toBe('"2"')
      const second = await call(
        name.writer2,
        'POST',
        url,
        { data: warningData(wish), body: BODY + '\n第二位编辑加了一段。\n' },
        { headers: { 'if-match': '"1"' } },
      )
      expect(second.statusCode).toBe(412)
      const conflict = second.json()
      expect(conflict.error.code).toBe('VERSION_CONFLICT')
      expect([conflict.yourVersion, conflict.currentVersion]).toEqual([1, 2])
      expect(conflict.changedFields).toEqual(['title'])
      expect(conflict.diff).toContain('+title: 第一位编辑改了标题')
      expect(conflict.diff).toContain('-title: 新的消费警示')
      expect(conflict.savedSince).toEqual([expect.objectContaining({ version: 2, savedBy: name.writer })])
      // Nothing overwritten: version 2 is the first editor's
      const item = (await call(name.writer, 'GET', `/items/warnings/${id}`)).json()
      expect([item.version, item.data.title, item.body]).toEqual([2, '第一位编辑改了标题', BODY])
      // Without If-Match: 428; with the current version: saved
      const none = await call(name.writer2, 'POST', url, { data: warningData(wish), body: BODY })
      expect(none.statusCode).toBe(428)
      const third = await call(
        name.writer2,
        'POST',
        url,
        { data: warningData(wish, { title: '第一位编辑改了标题' }), body: BODY + '\n第二位编辑加了一段。\n' },
        { headers: { 'if-match': '"2"' } },
      )
      expect([third.statusCode, third.json().version]).toEqual([200, 3])
      const diff = (await call(name.writer, 'GET', `/items/warnings/${id}/diff?from=1&to=3`)).json()
      expect(diff.changedFields).toEqual(['title', 'body'])
    })
  })

  describe('review chain and publishing', () => {
    test('author → three different reviewers → publish: public 200; withdraw: 404; the audit chain verifies', async () => {
      const wish = unique('flow')
      const created = await draft(name.editor, wish)
      // The draft's id is the server's; its public id is fixed on publication, as the one its `id` field wishes for
      expect(created).toMatchObject({ publicId: null, data: { id: wish } })
      const id = created.id
      expect(id).not.toBe(wish)
      const submit = await call(name.editor, 'POST', `/items/warnings/${id}/submit`)
      expect(submit.json()).toMatchObject({ state: 'in_review', step: '初审', submittedVersion: 1 })
      // In review: no more saves
      const save = await call(
        name.editor,
        'POST',
        `/items/warnings/${id}/versions`,
        { data: warningData(wish), body: BODY },
        { headers: { 'if-match': '"1"' } },
      )
      expect([save.statusCode, save.json().error.code]).toEqual([409, 'NOT_EDITABLE'])

      // The author cannot approve (even as a reviewer), nor can a step be skipped
      const self = await approve(name.editor, id, '初审')
      expect([self.statusCode, self.json().error.code]).toEqual([403, 'SELF_REVIEW'])
      const skipped = await approve(name.r2, id, '复审')
      expect([skipped.statusCode, skipped.json().error.code]).toEqual([409, 'STEP_NOT_CURRENT'])
      const skippedToEnd = await approve(name.r3, id, '终审')
      expect(skippedToEnd.statusCode).toBe(409)
      expect((await call(name.r3, 'POST', `/items/warnings/${id}/publish`)).statusCode).toBe(409)

      expect((await approve(name.r1, id, '初审')).json()).toMatchObject({ state: 'in_review', step: '复审' })
      const twice = await approve(name.r1, id, '复审')
      expect([twice.statusCode, twice.json().error.code]).toEqual([403, 'SAME_REVIEWER'])
      expect((await approve(name.r2, id, '复审')).json()).toMatchObject({ step: '终审' })
      expect((await publicWarning(wish)).statusCode).toBe(404)
      const last = await approve(name.r3, id, '终审')
      expect(last.json()).toMatchObject({ state: 'approved', step: null })
      expect(last.json().reviews.map((r: { reviewer: string; stepName: string }) => [r.stepName, r.reviewer])).toEqual([
        ['初审', name.r1],
        ['复审', name.r2],
        ['终审', name.r3],
      ])
      expect((await publicWarning(wish)).statusCode).toBe(404)

      const published = await call(name.r3, 'POST', `/items/warnings/${id}/publish`)
      expect(published.statusCode).toBe(200)
      expect(published.json()).toMatchObject({
        id,
        publicId: wish,
        state: 'published',
        public: 'published',
        publishedVersion: 1,
      })
      const online = await publicWarning(wish)
      expect(online.statusCode).toBe(200)
      expect(online.json()).toMatchObject({ id: wish, title: '新的消费警示：小心“免费体检”', status: 'published' })
      // The file is in today's format, passes the content check, and its id is listed for good
      const file = path.join(contentDir, 'warnings', `${wish}.md`)
      const parsed = matter(fs.readFileSync(file, 'utf8'))
      expect(parsed.data).toMatchObject({ id: wish, status: 'published', publisher: 'jiangsu', publishedAt: today() })
      expect(fs.readFileSync(file, 'utf8')).toContain(`publishedAt: "${today()}"`)
      expect(loadContent(contentDir).problems.filter((p) => p.file === `warnings/${wish}.md`)).toEqual([])
      expect(fs.readFileSync(path.join(contentDir, 'published-ids.txt'), 'utf8')).toContain(`warnings/${wish}\n`)
      expect(fs.readdirSync(path.join(contentDir, 'warnings')).filter((f) => f.startsWith('.'))).toEqual([])

      // A correction: a new draft with its reason, the published version stays online until it is through the chain
      const correction = await call(name.editor, 'POST', `/items/warnings/${id}/corrections`, {
        reason: '举报电话写错了',
      })
      expect(correction.statusCode).toBe(201)
      expect(correction.json()).toMatchObject({
        state: 'draft',
        public: 'published',
        correctionReason: '举报电话写错了',
      })
      expect(correction.json().body).toContain('**更正**')
      expect(correction.json().data.updatedAt).toBe(today())
      await call(name.editor, 'POST', `/items/warnings/${id}/submit`)
      const selfCorrection = await approve(name.editor, id, '初审')
      expect(selfCorrection.json().error.code).toBe('SELF_REVIEW')
      expect((await approve(name.r1, id, '初审')).statusCode).toBe(200)
      expect((await approve(name.r2, id, '复审')).statusCode).toBe(200)
      expect((await approve(name.r3, id, '终审')).statusCode).toBe(200)
      expect((await call(name.r1, 'POST', `/items/warnings/${id}/publish`)).statusCode).toBe(200)
      const corrected = (await publicWarning(wish)).json()
      expect(JSON.stringify(corrected.body)).toContain('举报电话写错了')
      expect(corrected.updatedAt).toBe(today())

      // Withdraw (撤稿): one action, the public API answers 404, the file kept under withdrawn/
      const withdrawn = await call(name.r2, 'POST', `/items/warnings/${id}/withdraw`, { reason: '舆情核实中' })
      expect(withdrawn.statusCode).toBe(200)
      expect(withdrawn.json()).toMatchObject({ state: 'withdrawn', public: null })
      expect((await publicWarning(wish)).statusCode).toBe(404)
      expect(fs.existsSync(file)).toBe(false)
      expect(fs.existsSync(path.join(contentDir, 'withdrawn', 'warnings', `${wish}.md`))).toBe(true)
      const list = (await call(name.r1, 'GET', `/items?collection=warnings&state=withdrawn`)).json()
      expect(list.items.map((entry: { id: string }) => entry.id)).toContain(id)

      // Every action is on record, and the chain holds
      const entries = await staff.auditEntries()
      const mine = entries.filter((entry) => JSON.parse(entry.detail).id === id).map((entry) => entry.action)
      expect(mine).toEqual([
        'newsroom.create',
        'newsroom.submit',
        'newsroom.approve.refused',
        'newsroom.approve.refused',
        'newsroom.approve.refused',
        'newsroom.approve',
        'newsroom.approve.refused',
        'newsroom.approve',
        'newsroom.approve',
        'newsroom.publish',
        'newsroom.correct',
        'newsroom.submit',
        'newsroom.approve.refused',
        'newsroom.approve',
        'newsroom.approve',
        'newsroom.approve',
        'newsroom.publish',
        'newsroom.withdraw',
      ])
      expect(verifyAuditChain(entries)).toEqual({ ok: true, entries: entries.length })
      // The item's history route gives the same entries, with who and when
      const history = (await call(name.r1, 'GET', `/items/warnings/${id}/history`)).json()
      expect(history.entries.map((entry: { action: string }) => entry.action)).toEqual(mine)
      expect(history.entries.at(-1)).toMatchObject({
        actor: name.r2,
        action: 'newsroom.withdraw',
        detail: { collection: 'warnings', id, reason: '舆情核实中' },
      })
    })

    test('withdrawing a seed item that never went through the newsroom: 404 at once', async () => {
      expect((await publicWarning('counterfeit-goods')).statusCode).toBe(200)
      const withdrawn = await call(name.r1, 'POST', '/items/warnings/counterfeit-goods/withdraw', { reason: '核实中' })
      expect(withdrawn.statusCode).toBe(200)
      // The explainers that linked to it, to be edited: the API serves them without the link meanwhile
      expect(withdrawn.json().linkedFrom).toEqual(LINKED_TO_COUNTERFEIT)
      expect((await publicWarning('counterfeit-goods')).statusCode).toBe(404)
      const explainer = await app.inject({ method: 'GET', url: '/api/v1/explainers/fraud-triple-compensation' })
      expect(JSON.stringify(explainer.json().related)).not.toContain('counterfeit-goods')
    })

    test('return with a comment: back to the author, the chain starts again at 初审', async () => {
      const wish = unique('returned')
      const id = (await draft(name.writer, wish)).id
      await call(name.writer, 'POST', `/items/warnings/${id}/submit`)
      expect((await approve(name.r1, id, '初审')).statusCode).toBe(200)
      const noComment = await call(name.r2, 'POST', `/items/warnings/${id}/return`, { step: '复审' })
      expect(noComment.statusCode).toBe(400)
      const returned = await call(name.r2, 'POST', `/items/warnings/${id}/return`, {
        step: '复审',
        comment: '来源请写明条款',
      })
      expect(returned.json()).toMatchObject({ state: 'draft', step: null })
      expect(returned.json().reviews.at(-1)).toMatchObject({
        decision: 'return',
        reviewer: name.r2,
        comment: '来源请写明条款',
        stepName: '复审',
      })
      const saved = await call(
        name.writer,
        'POST',
        `/items/warnings/${id}/versions`,
        {
          data: warningData(wish, { sources: [{ title: '《中华人民共和国广告法》', article: '第十八条' }] }),
          body: BODY,
        },
        { headers: { 'if-match': '"1"' } },
      )
      expect(saved.statusCode).toBe(200)
      expect((await call(name.writer, 'POST', `/items/warnings/${id}/submit`)).json()).toMatchObject({
        step: '初审',
        submittedVersion: 2,
      })
      // A new round: r1 may take 初审 again
      expect((await approve(name.r1, id, '初审')).statusCode).toBe(200)
    })

    test('before 终审 the content check runs: a dropped link is refused with 422 naming it', async () => {
      const wish = unique('checked')
      const id = (await draft(name.writer, wish, { relatedExplainers: ['no-such-explainer'] })).id
      await call(name.writer, 'POST', `/items/warnings/${id}/submit`)
      await approve(name.r1, id, '初审')
      await approve(name.r2, id, '复审')
      const last = await approve(name.r3, id, '终审')
      expect(last.statusCode).toBe(422)
      expect(last.json().error).toMatchObject({ code: 'CHECKS_FAILED' })
      expect(last.json().error.message).toContain('relatedExplainers/0: no-such-explainer is not an explainer')
      expect(last.json().checks.problems).toEqual([
        {
          pointer: '/relatedExplainers/0',
          message: 'no-such-explainer is not an explainer: link dropped',
          severity: 'warning',
        },
      ])
      const item = (await call(name.r3, 'GET', `/items/warnings/${id}`)).json()
      expect(item).toMatchObject({ state: 'in_review', step: '终审' })
    })

    test('before 终审 the forbidden and mistaken terms of terms.yaml are looked for: 422 with each place', async () => {
      const wish = unique('terms')
      const id = (
        await draft(name.writer, wish, {
          title: '工商局提醒：小心免费体检',
          whatToDo: ['不参加免费体检。', '依照消费者权益保障法维权。'],
        })
      ).id
      // Found in a front matter field and a body line; an occurrence inside the right form is not counted
      const body = '## 说明\n\n市场监督管理局提醒。\n\n依照《消费者权益保障法》第二十条，经营者不得虚假宣传。\n'
      const saved = await call(
        name.writer,
        'POST',
        `/items/warnings/${id}/versions`,
        {
          data: warningData(wish, {
            title: '工商局提醒：小心免费体检',
            whatToDo: ['不参加免费体检。', '依照消费者权益保障法维权。'],
          }),
          body,
        },
        { headers: { 'if-match': '"1"' } },
      )
      expect(saved.statusCode).toBe(200)
      await call(name.writer, 'POST', `/items/warnings/${id}/submit`)
      const checks = (await call(name.r1, 'GET', `/items/warnings/${id}/checks`)).json()
      expect(checks).toMatchObject({ version: 2, passed: false, problems: [], termsFile: [] })
      const places = checks.terms.map((hit: { term: string; pointer: string; line?: number }) => [
        hit.term,
        hit.pointer,
        hit.line,
      ])
      expect(places).toEqual([
        ['工商局', '/title', undefined],
        ['消费者权益保障法', '/whatToDo/1', undefined],
        ['消费者权益保障法', '/body', 5],
      ])
      expect(checks.terms[0]).toMatchObject({
        kind: 'mistaken',
        suggest: '市场监督管理局',
        excerpt: '工商局提醒：小心免费体检',
      })
      expect((await approve(name.r1, id, '初审')).statusCode).toBe(200)
      expect((await approve(name.r2, id, '复审')).statusCode).toBe(200)
      const last = await approve(name.r3, id, '终审')
      expect([last.statusCode, last.json().error.code]).toEqual([422, 'CHECKS_FAILED'])
      expect(last.json().error.message).toContain(
        'body line 5: 消费者权益保障法 (mistaken: use 消费者权益保护法; 法律名称)',
      )
      expect(last.json().checks.terms).toHaveLength(3)
      // A broken terms.yaml refuses too (it never silently checks nothing)
      const termsFile = path.join(contentDir, 'terms.yaml')
      const list = fs.readFileSync(termsFile, 'utf8')
      fs.writeFileSync(termsFile, 'terms:\n  - term: 工商局\n    kind: wrong\n')
      try {
        const broken = (await call(name.r1, 'GET', `/items/warnings/${id}/checks`)).json()
        expect(broken.termsFile).toEqual(['terms.yaml: terms/0/kind: must be one of forbidden, mistaken'])
      } finally {
        fs.writeFileSync(termsFile, list)
      }
    })

    test('terms: an occurrence inside the right form is not counted; widths and case are folded', () => {
      const hits = findTerms(
        [
          { term: '监管局', kind: 'mistaken', suggest: '市场监管局' },
          { term: 'abc', kind: 'forbidden' },
        ],
        { data: { title: '市场监管局与监管局', sources: [{ title: '市场监管局' }] }, body: '第一行\nＡＢＣ的说法' },
      )
      expect(hits.map(({ term, pointer, line, excerpt }) => [term, pointer, line, excerpt])).toEqual([
        ['监管局', '/title', undefined, '市场监管局与监管局'],
        ['abc', '/body', 2, 'ＡＢＣ的说法'],
      ])
    })

    test('the terms list of seeds/ finds nothing in the seeds’ own items', () => {
      const seeds = path.join(REPO_ROOT, 'seeds')
      const { terms, problems } = readTerms(seeds)
      expect(problems).toEqual([])
      expect(terms.length).toBeGreaterThan(5)
      const content = loadContent(seeds)
      for (const collection of COLLECTIONS) {
        for (const item of content.items[collection]) {
          expect([item.file, findTerms(terms, readItemFile(seeds, collection, item.id)!)]).toEqual([item.file, []])
        }
      }
    })

    test('a publication whose file cannot be written changes nothing: still approved, no audit entry', async () => {
      const wish = unique('unwritable')
      const id = (await draft(name.writer, wish)).id
      await call(name.writer, 'POST', `/items/warnings/${id}/submit`)
      await approve(name.r1, id, '初审')
      await approve(name.r2, id, '复审')
      await approve(name.r3, id, '终审')
      // A folder where the file should go: the rename over it fails
      const target = path.join(contentDir, 'warnings', `${wish}.md`)
      fs.mkdirSync(target)
      try {
        const failed = await call(name.r1, 'POST', `/items/warnings/${id}/publish`)
        expect(failed.statusCode).toBe(500)
        expect(failed.json().error).toEqual({
          code: 'WRITE_FAILED',
          message: `warnings/${wish}.md could not be written (EISDIR): nothing was changed`,
        })
        expect((await call(name.r1, 'GET', `/items/warnings/${id}`)).json()).toMatchObject({ state: 'approved' })
        const actions = (await staff.auditEntries())
          .filter((row) => JSON.parse(row.detail).id === id)
          .map((row) => row.action)
        expect(actions).not.toContain('newsroom.publish')
        expect(fs.readdirSync(path.join(contentDir, 'warnings')).filter((f) => f.startsWith('.'))).toEqual([])
      } finally {
        fs.rmdirSync(target)
      }
      expect((await call(name.r1, 'POST', `/items/warnings/${id}/publish`)).statusCode).toBe(200)
      expect((await publicWarning(wish)).statusCode).toBe(200)
    })

    test('at the same moment: two saves on one version, two reviewers on one step: one wins, one is refused', async () => {
      const wish = unique('race')
      const id = (await draft(name.writer, wish)).id
      const url = `/items/warnings/${id}/versions`
      const saves = await Promise.all(
        [name.writer, name.writer2].map((who, n) =>
          call(
            who,
            'POST',
            url,
            { data: warningData(wish, { title: `同时保存的标题${n}` }), body: BODY },
            {
              headers: { 'if-match': '"1"' },
            },
          ),
        ),
      )
      expect(saves.map((response) => response.statusCode).sort()).toEqual([200, 412])
      expect((await call(name.writer, 'GET', `/items/warnings/${id}`)).json().versions).toHaveLength(2)
      await call(name.writer, 'POST', `/items/warnings/${id}/submit`)
      const approvals = await Promise.all([name.r1, name.r2].map((who) => approve(who, id, '初审')))
      expect(approvals.map((response) => response.statusCode).sort()).toEqual([200, 409])
      const item = (await call(name.writer, 'GET', `/items/warnings/${id}`)).json()
      expect(item).toMatchObject({ state: 'in_review', step: '复审' })
      expect(item.reviews).toHaveLength(1)
    })

    test('the item says what this account may do now, by the routes’ own checks (nothing audited for asking)', async () => {
      /** The actions the item's answer lists for this account, or the status it answered with. */
      const actionsOf = async (who: string, id: string) => {
        const response = await call(who, 'GET', `/items/warnings/${id}`)
        return response.statusCode === 200 ? response.json().actions : response.statusCode
      }
      // editor: a reviewer of every step, and the author here
      const created = await draft(name.editor, unique('actions'))
      const id = created.id
      expect(created.actions).toEqual(['save', 'submit'])
      expect(await actionsOf(name.writer2, id)).toEqual(['save', 'submit'])
      expect(await actionsOf(name.nanjingReviewer, id)).toBe(404)
      expect((await call(name.editor, 'POST', `/items/warnings/${id}/submit`)).json().actions).toEqual([])
      // At 初审: its author gets no approve or return (their own work); a reviewer of 初审 gets both; the others none
      expect(await actionsOf(name.editor, id)).toEqual([])
      expect(await actionsOf(name.r1, id)).toEqual(['approve', 'return'])
      expect(await actionsOf(name.firstOnly, id)).toEqual(['approve', 'return'])
      expect(await actionsOf(name.writer2, id)).toEqual([])
      expect(await actionsOf(name.nanjingReviewer, id)).toBe(404)
      // What they say holds when pressed
      expect((await approve(name.editor, id, '初审')).json().error.code).toBe('SELF_REVIEW')
      expect((await approve(name.firstOnly, id, '初审')).json().actions).toEqual([])
      // At 复审: not for the one who took 初审, nor for one who may take 初审 only
      expect(await actionsOf(name.r1, id)).toEqual(['approve', 'return'])
      expect(await actionsOf(name.firstOnly, id)).toEqual([])
      expect((await approve(name.r1, id, '复审')).statusCode).toBe(200)
      expect(await actionsOf(name.r1, id)).toEqual([])
      expect((await approve(name.r2, id, '终审')).json().actions).toEqual(['publish'])
      expect(await actionsOf(name.firstOnly, id)).toEqual([])
      expect(await actionsOf(name.writer2, id)).toEqual([])
      expect((await call(name.firstOnly, 'POST', `/items/warnings/${id}/publish`)).statusCode).toBe(403)
      expect((await call(name.r3, 'POST', `/items/warnings/${id}/publish`)).json().actions).toEqual([
        'withdraw',
        'correct',
      ])
      expect(await actionsOf(name.writer2, id)).toEqual(['correct'])
      // Only the refusal pressed is on record: asking for the actions is not an attempt
      const refusals = (await staff.auditEntries()).filter(
        (entry) => JSON.parse(entry.detail).id === id && entry.action.endsWith('.refused'),
      )
      expect(refusals.map((entry) => entry.action)).toEqual(['newsroom.approve.refused'])

      // A city item: its city's reviewer gets approve and return, its author none, another city's is told nothing
      const city = (await draft(name.nanjingWriter, unique('city-actions'), { region: 'nanjing' })).id
      await call(name.nanjingWriter, 'POST', `/items/warnings/${city}/submit`)
      expect(await actionsOf(name.nanjingReviewer, city)).toEqual(['approve', 'return'])
      expect(await actionsOf(name.nanjingWriter, city)).toEqual([])
      expect(await actionsOf(name.wuxiReviewer, city)).toBe(404)
      // A seed item not yet read in: its actions too
      expect(await actionsOf(name.r3, 'lpg-cylinder-safety')).toEqual(['withdraw', 'correct'])
    })

    test('an approved item dated later is scheduled: not public until its day', async () => {
      const wish = unique('scheduled')
      // A month ahead (more than a year ahead is refused by the checks as a likely slip)
      const later = addDays(today(), 30)
      const id = (await draft(name.writer, wish, { publishedAt: later })).id
      await call(name.writer, 'POST', `/items/warnings/${id}/submit`)
      await approve(name.r1, id, '初审')
      await approve(name.r2, id, '复审')
      await approve(name.r3, id, '终审')
      const published = await call(name.r1, 'POST', `/items/warnings/${id}/publish`)
      expect(published.json()).toMatchObject({ state: 'scheduled', public: 'scheduled' })
      expect((await publicWarning(wish)).statusCode).toBe(404)
      const list = (await call(name.r1, 'GET', '/items?state=scheduled')).json()
      expect(list.items.map((entry: { id: string }) => entry.id)).toContain(id)
    })
  })

  test('after publishing, correcting and withdrawing, content:check finds only the links withdraw named', async () => {
    const { code, stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CONTENT_DIR: contentDir },
    }).then(
      ({ stdout: out }) => ({ code: 0, stdout: out }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    )
    // The only problems: the links to the withdrawn warning, which withdraw named (linkedFrom)
    const problems = stdout
      .trim()
      .split('\n')
      .filter((line) => !line.includes(': note: '))
      .slice(0, -1)
    expect(problems).toEqual(
      LINKED_TO_COUNTERFEIT.map((file) =>
        expect.stringMatching(new RegExp(`${file}\\.md: relatedWarnings/\\d: counterfeit-goods is not a warning`)),
      ),
    )
    expect(code).toBe(1)
    expect(stdout).toMatch(/withdrawn\/warnings\/counterfeit-goods\.md: note: withdrawn \(撤稿\)/)
  }, 60_000)

  test('the chain comes from site.yaml: warnings may add 法制审核', async () => {
    const site = path.join(contentDir, 'site.yaml')
    const original = fs.readFileSync(site, 'utf8')
    fs.writeFileSync(site, original + '\nreviewChains:\n  warnings: [初审, 复审, 法制审核, 终审]\n')
    try {
      app.reloadContent()
      expect(app.content.content.problems.filter((p) => p.file === 'site.yaml')).toEqual([])
      const me = (await call(name.r1, 'GET', '/me')).json()
      expect(me.chains.warnings).toEqual(['初审', '复审', '法制审核', '终审'])
      expect(me.chains.news).toEqual(['初审', '复审', '终审'])
      expect(me.reviewSteps).toBe('*')
      const wish = unique('legal')
      const id = (await draft(name.writer, wish)).id
      await call(name.writer, 'POST', `/items/warnings/${id}/submit`)
      expect((await approve(name.r1, id, '初审')).statusCode).toBe(200)
      expect((await approve(name.r2, id, '复审')).statusCode).toBe(200)
      expect((await approve(name.r3, id, '终审')).json().error.code).toBe('STEP_NOT_CURRENT')
      expect((await approve(name.r3, id, '法制审核')).statusCode).toBe(200)
      const item = (await call(name.r1, 'GET', `/items/warnings/${id}`)).json()
      expect(item).toMatchObject({ state: 'in_review', step: '终审' })
      // The third reviewer took 法制审核; 终审 needs a fourth person
      expect((await approve(name.r1, id, '终审')).json().error.code).toBe('SAME_REVIEWER')
      expect((await approve(name.firstOnly, id, '终审')).json().error.code).toBe('FORBIDDEN_ROLE')
    } finally {
      fs.writeFileSync(site, original)
      app.reloadContent()
    }
  })
})
