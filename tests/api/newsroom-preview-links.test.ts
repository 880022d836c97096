// Preview links for one draft (server/newsroom/preview-links.ts), on SQLite and (TEST_DATABASE_URL) PostgreSQL:
// made only with a session, the CSRF token and the right to see the item; opened by the app with no session from
// GET /api/v1/drafts/<token> as the detail it would show once published, marked draft, never cached; showing the
// newest saved version; refused once expired (410), withdrawn, tampered with, or for any other item (404).
import fs from 'node:fs'
import { readItemFile } from '../../server/newsroom/item-file'
import { IMPORTED, NewsroomStore } from '../../server/newsroom/newsroom-store'
import { makeToken, previewKey } from '../../server/newsroom/preview-links'
import { StaffStore } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { storeKinds } from './events-helpers'
import { addAccounts, callerAs, copySeeds, logIn, type Session, unique } from './newsroom-helpers'
import { PREVIEW_ORIGIN, testApp, type TestApp } from './test-app'

jest.setTimeout(30_000)
const BASE = '/api/v1/staff/newsroom'
const HOUR = 3600_000

const shanghaiToday = (at: number) => new Date(at + 8 * HOUR).toISOString().slice(0, 10)

describe.each(storeKinds())('preview links on $name', (kind) => {
  let store: Store
  let app: TestApp
  let contentDir: string
  let clock = Date.now()
  const name = {
    writer: unique('pwriter'),
    nanjing: unique('pnanjing'),
    wuxi: unique('pwuxi'),
  }
  const sessions: Record<string, Session> = {}
  // The drafts' ids, as the server makes them when they are created (beforeAll); these are the public ids they wish for
  let ID = unique('preview-warning')
  let NANJING_ID = unique('nanjing-warning')
  let LISTED_ID = unique('listed-warning')
  const PUBLISHED_ID = unique('published-warning')
  const PUBLISHED_TITLE = '价格低得离谱的“名牌”，小心是假货'

  const warning = (id: string, title: string, region = 'jiangsu') => ({
    id,
    title,
    publishedAt: shanghaiToday(clock),
    summary: '打着免费体检旗号推销保健品，是常见的套路。',
    level: 'caution',
    region,
    whatToDo: ['不参加来路不明的免费体检。', '发现虚假宣传，拨打12315举报。'],
    channel: 'complaint',
    relatedExplainers: ['fraud-triple-compensation'],
    sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条' }],
  })

  const call = callerAs(() => app, sessions)
  const link = (who: string, id: string, payload: unknown = {}) =>
    call(who, 'POST', `/items/warnings/${id}/preview-links`, payload)
  const openDraft = (token: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `/api/v1/drafts/${token}`, headers })
  const links = (who: string | undefined, id: string) => call(who, 'GET', `/items/warnings/${id}/preview-links`)
  const revoke = (who: string | undefined, id: string, linkId: string, options: { csrf?: boolean } = {}) =>
    call(who, 'DELETE', `/items/warnings/${id}/preview-links/${linkId}`, undefined, options)

  beforeAll(async () => {
    contentDir = copySeeds('shijian-preview-links-')
    store = await kind.open()
    const staff = new StaffStore(store)
    app = testApp({ contentDir, events: { store }, now: () => clock })
    await addAccounts(staff, {
      [name.writer]: { role: 'province', region: 'jiangsu' },
      [name.nanjing]: { role: 'city', region: 'nanjing' },
      [name.wuxi]: { role: 'city', region: 'wuxi' },
    })
    Object.assign(sessions, await logIn(app, Object.values(name), '10.31'))
    const made: string[] = []
    for (const [who, id, region] of [
      [name.writer, ID, 'jiangsu'],
      [name.nanjing, NANJING_ID, 'nanjing'],
      [name.nanjing, LISTED_ID, 'nanjing'],
    ]) {
      const created = await call(who, 'POST', '/items', {
        collection: 'warnings',
        data: { ...warning(id, '小心“免费体检”推销保健品', region), publisher: region },
        body: '## 套路是怎样的\n\n- 先送小礼品，再请“专家”讲课。\n',
      })
      expect(created.statusCode).toBe(201)
      made.push(created.json().id)
    }
    ;[ID, NANJING_ID, LISTED_ID] = made
    // A published item as the newsroom reads one in from CONTENT_DIR (version 1, published)
    const seed = fs.readFileSync(`${contentDir}/warnings/counterfeit-goods.md`, 'utf8')
    fs.writeFileSync(`${contentDir}/warnings/${PUBLISHED_ID}.md`, seed.replace(/^id: .*$/m, `id: ${PUBLISHED_ID}`))
    app.reloadContent()
    const file = readItemFile(contentDir, 'warnings', PUBLISHED_ID)!
    expect(file.data.title).toBe(PUBLISHED_TITLE)
    await new NewsroomStore(store, () => clock).create('warnings', PUBLISHED_ID, 'jiangsu', file, IMPORTED, 'published')
  }, 60_000)
  afterAll(async () => {
    await app.close()
    await store.close()
    fs.rmSync(contentDir, { recursive: true, force: true })
  })

  it('refuses to make a link without a session, without the CSRF token, or outside the account’s region', async () => {
    expect((await call(undefined, 'POST', `/items/warnings/${ID}/preview-links`, {})).statusCode).toBe(401)
    expect(
      (await call(name.writer, 'POST', `/items/warnings/${ID}/preview-links`, {}, { csrf: false })).statusCode,
    ).toBe(403)
    // Another region's draft is answered as one that does not exist
    const otherCity = await link(name.wuxi, NANJING_ID)
    expect(otherCity.statusCode).toBe(404)
    expect(otherCity.json().error.code).toBe('NOT_FOUND')
    // A city account may not see the province's drafts either
    expect((await link(name.wuxi, ID)).statusCode).toBe(404)
    // Its own city's draft, and the province's account for any
    expect((await link(name.nanjing, NANJING_ID)).statusCode).toBe(201)
    expect((await link(name.writer, NANJING_ID)).statusCode).toBe(201)
  })

  it('says what is wrong with a bad request', async () => {
    const unsaved = await link(name.writer, 'no-such-draft')
    expect(unsaved.statusCode).toBe(404)
    expect(unsaved.json().error.message).toMatch(/save it before previewing/)
    for (const hours of [0, 73, 'a day']) {
      const response = await link(name.writer, ID, { hours })
      expect(response.statusCode).toBe(400)
      expect(response.json().error.message).toMatch(/hours/)
    }
    const notBoolean = await link(name.writer, ID, { followsNewest: 'yes' })
    expect(notBoolean.statusCode).toBe(400)
    expect(notBoolean.json().error.message).toMatch(/followsNewest/)
  })

  it('opens the version it was made for as the app shows it, marked 草稿, never cached, and on record', async () => {
    const made = await link(name.writer, ID, { hours: 2 })
    expect(made.statusCode).toBe(201)
    expect(made.headers['cache-control']).toBe('no-store')
    const { token, url, page, query, expiresAt, version, qrSvg } = made.json()
    expect(version).toBe(1)
    expect(page).toBe('detail/warning/index')
    expect(query).toBe(`id=${ID}&draft=${token}`)
    // The staff request's own origin (where nginx, or serve-h5.mjs, serves the H5 app), H5's hash route
    expect(url).toBe(`http://localhost:80/#/detail/warning/index?id=${ID}&draft=${token}`)
    expect(Date.parse(expiresAt) - clock).toBeGreaterThan(2 * HOUR - 1000)
    expect(Date.parse(expiresAt) - clock).toBeLessThanOrEqual(2 * HOUR)
    expect(qrSvg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/)

    const opened = await openDraft(token)
    expect(opened.statusCode).toBe(200)
    expect(opened.headers['cache-control']).toBe('private, no-store')
    const item = opened.json()
    expect(item).toMatchObject({
      id: ID,
      collection: 'warnings',
      title: '小心“免费体检”推销保健品',
      draft: true,
      status: 'draft',
      levelLabel: expect.any(String),
      channelLabel: expect.any(String),
      regionName: '江苏省',
      preview: { version: 1, expiresAt },
    })
    expect(item.body).toEqual([
      { type: 'heading', level: 2, text: '套路是怎样的' },
      { type: 'list', ordered: false, items: [[{ text: '先送小礼品，再请“专家”讲课。' }]] },
    ])
    // Related as the published item would have them: the explainer it names, among the public ones
    expect(item.related.map((summary: { id: string }) => summary.id)).toContain('fraud-triple-compensation')

    // Asked to, a link follows the newest saved version, and says so
    const following = await link(name.writer, ID, { hours: 2, followsNewest: true })
    expect(following.statusCode).toBe(201)
    expect(following.json()).toMatchObject({ version: 1, followsNewest: true })
    expect((await openDraft(following.json().token)).json().preview).toMatchObject({ version: 1, followsNewest: true })
    expect(made.json().followsNewest).toBe(false)
    expect(item.preview.followsNewest).toBe(false)

    // The author saves again: the first link still shows version 1, the following one version 2
    const saved = await app.inject({
      method: 'POST',
      url: `${BASE}/items/warnings/${ID}/versions`,
      headers: {
        cookie: sessions[name.writer].cookie,
        'x-csrf-token': sessions[name.writer].csrf,
        'content-type': 'application/json',
        'if-match': '"1"',
      },
      payload: JSON.stringify({
        data: { ...warning(ID, '小心“免费体检”推销高价保健品'), publisher: 'jiangsu' },
        body: '## 套路\n\n先送礼品。\n',
      }),
    })
    expect(saved.statusCode).toBe(200)
    const pinned = (await openDraft(token)).json()
    expect(pinned.title).toBe('小心“免费体检”推销保健品')
    expect(pinned.preview).toMatchObject({ version: 1, followsNewest: false })
    const again = (await openDraft(following.json().token)).json()
    expect(again.title).toBe('小心“免费体检”推销高价保健品')
    expect(again.preview).toMatchObject({ version: 2, followsNewest: true })

    // The public API still knows nothing of it
    expect((await app.inject({ method: 'GET', url: `/api/v1/warnings/${ID}` })).statusCode).toBe(404)

    const audit = await app.inject({
      method: 'GET',
      url: `/api/v1/staff/audit?action=newsroom.preview-link`,
      headers: { cookie: sessions[name.writer].cookie },
    })
    expect(audit.statusCode).toBe(200)
    const entries = audit.json().entries as { actor: string; detail: Record<string, unknown> }[]
    expect(entries.some((e) => e.actor === name.writer && e.detail.id === ID && e.detail.version === 1)).toBe(true)
    expect(entries.some((e) => e.detail.id === ID && e.detail.followsNewest === true)).toBe(true)
  })

  it('opens nothing but its own draft: a token changed or moved to another item is refused', async () => {
    const { token } = (await link(name.writer, ID)).json()
    const [collection, id, expires, linkId, signature] = token.split('.')
    const other = (await link(name.nanjing, NANJING_ID)).json().token.split('.')[3]
    // (the first character: the last one's low bits are padding)
    const flipped = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1)
    for (const forged of [
      `${collection}.${id}.${expires}.${linkId}.${flipped}`,
      `${collection}.${NANJING_ID}.${expires}.${linkId}.${signature}`,
      `${collection}.${id}.${(parseInt(expires, 36) + 86400).toString(36)}.${linkId}.${signature}`,
      `${collection}.${id}.${expires}.${other}.${signature}`,
      `explainers.${id}.${expires}.${linkId}.${signature}`,
      `${collection}.${id}.${expires}.${signature}`,
      'not-a-token',
    ]) {
      const response = await openDraft(forged)
      expect([forged, response.statusCode]).toEqual([forged, 404])
      expect(response.headers['cache-control']).toMatch(/no-store/)
    }
  })

  it('made on a published item, shows that version, never a later unreviewed correction unless it follows the newest', async () => {
    const pinned = await link(name.writer, PUBLISHED_ID)
    expect(pinned.statusCode).toBe(201)
    expect(pinned.json()).toMatchObject({ version: 1, followsNewest: false })
    const following = await link(name.writer, PUBLISHED_ID, { followsNewest: true })
    expect(following.statusCode).toBe(201)
    // 更正: a new draft (version 2), saved, not reviewed
    const corrected = await call(name.writer, 'POST', `/items/warnings/${PUBLISHED_ID}/corrections`, {
      reason: '补充了投诉渠道',
    })
    expect(corrected.statusCode).toBe(201)
    expect(corrected.json().version).toBe(2)

    const shown = await openDraft(pinned.json().token)
    expect(shown.statusCode).toBe(200)
    expect(shown.json()).toMatchObject({ title: PUBLISHED_TITLE, preview: { version: 1, followsNewest: false } })
    expect(JSON.stringify(shown.json().body)).not.toContain('补充了投诉渠道')

    const followed = await openDraft(following.json().token)
    expect(followed.statusCode).toBe(200)
    expect(followed.json().preview).toMatchObject({ version: 2, followsNewest: true })
    expect(JSON.stringify(followed.json().body)).toContain('补充了投诉渠道')
  })

  it('lists an item’s live links with their expiry and maker, and revokes one (audited): it then answers 410', async () => {
    const a = (await link(name.nanjing, LISTED_ID, { hours: 2 })).json()
    const b = (await link(name.nanjing, LISTED_ID, { hours: 24, followsNewest: true })).json()
    const c = (await link(name.writer, LISTED_ID, { hours: 3 })).json()
    const soon = (await link(name.writer, LISTED_ID, { hours: 1 })).json()
    const linkOf = (made: { token: string }) => made.token.split('.')[3]

    const listed = await links(name.nanjing, LISTED_ID)
    expect(listed.statusCode).toBe(200)
    expect(listed.headers['cache-control']).toBe('no-store')
    const entries = listed.json().links as { link: string }[]
    // Newest first, each with the version it shows (null: follows the newest), its expiry and who made it
    expect(entries.map((entry) => entry.link)).toEqual([soon, c, b, a].map(linkOf))
    expect(entries[2]).toEqual({
      link: linkOf(b),
      version: null,
      followsNewest: true,
      expiresAt: b.expiresAt,
      createdBy: name.nanjing,
      createdAt: expect.any(String),
    })
    expect(entries[3]).toMatchObject({
      version: 1,
      followsNewest: false,
      expiresAt: a.expiresAt,
      createdBy: name.nanjing,
    })
    expect(entries[1]).toMatchObject({ createdBy: name.writer })
    // The token is not in the list
    expect(JSON.stringify(entries)).not.toContain(a.token.split('.')[4])

    // Expired links are not live
    const start = clock
    clock += HOUR + 1000
    try {
      expect((await links(name.nanjing, LISTED_ID)).json().links.map((entry: { link: string }) => entry.link)).toEqual(
        [c, b, a].map(linkOf),
      )
    } finally {
      clock = start
    }

    // Another city's account is answered as for an item that does not exist, listing or revoking
    const unknownList = await links(name.wuxi, 'no-such-item')
    const otherList = await links(name.wuxi, LISTED_ID)
    expect([otherList.statusCode, otherList.json().error.code]).toEqual([404, 'NOT_FOUND'])
    expect(otherList.json().error.message).toBe(unknownList.json().error.message.replace('no-such-item', LISTED_ID))
    const otherRevoke = await revoke(name.wuxi, LISTED_ID, linkOf(a))
    expect([otherRevoke.statusCode, otherRevoke.json().error.code]).toEqual([404, 'NOT_FOUND'])
    expect(otherRevoke.json().error.message).toBe(
      (await revoke(name.wuxi, 'no-such-item', linkOf(a))).json().error.message.replace('no-such-item', LISTED_ID),
    )
    // Without a session, without the CSRF token
    expect((await links(undefined, LISTED_ID)).statusCode).toBe(401)
    expect((await revoke(undefined, LISTED_ID, linkOf(a))).statusCode).toBe(401)
    expect((await revoke(name.nanjing, LISTED_ID, linkOf(a), { csrf: false })).statusCode).toBe(403)
    // A link of another item, named under this one
    const elsewhere = (await link(name.writer, ID)).json()
    expect((await revoke(name.nanjing, LISTED_ID, linkOf(elsewhere))).statusCode).toBe(404)
    expect((await openDraft(elsewhere.token)).statusCode).toBe(200)
    expect((await openDraft(a.token)).statusCode).toBe(200)

    const revoked = await revoke(name.nanjing, LISTED_ID, linkOf(a))
    expect(revoked.statusCode).toBe(200)
    expect(revoked.json()).toMatchObject({ link: linkOf(a), revokedAt: expect.any(String), revokedBy: name.nanjing })
    const gone = await openDraft(a.token)
    expect(gone.statusCode).toBe(410)
    expect(gone.headers['cache-control']).toMatch(/no-store/)
    expect(gone.json().error.code).toBe('PREVIEW_REVOKED')
    // The others still work; the list no longer has it; revoking it again finds no live link
    expect((await openDraft(b.token)).statusCode).toBe(200)
    expect((await links(name.nanjing, LISTED_ID)).json().links.map((entry: { link: string }) => entry.link)).toEqual(
      [soon, c, b].map(linkOf),
    )
    expect((await revoke(name.nanjing, LISTED_ID, linkOf(a))).statusCode).toBe(404)
    // The province's account revokes a city's link too
    expect((await revoke(name.writer, LISTED_ID, linkOf(b))).statusCode).toBe(200)
    expect((await openDraft(b.token)).json().error.code).toBe('PREVIEW_REVOKED')

    const audit = await app.inject({
      method: 'GET',
      url: `/api/v1/staff/audit?action=newsroom.preview-link.revoke`,
      headers: { cookie: sessions[name.writer].cookie },
    })
    const revokes = (audit.json().entries as { actor: string; detail: Record<string, unknown> }[]).filter(
      (e) => e.detail.id === LISTED_ID,
    )
    expect(revokes.map((e) => [e.actor, e.detail.link])).toEqual([
      [name.writer, linkOf(b)],
      [name.nanjing, linkOf(a)],
    ])
    expect(revokes[1].detail).toMatchObject({ collection: 'warnings', version: 1, expiresAt: a.expiresAt })
  })

  it('enforces the expiry kept with the link, whatever the token says', async () => {
    const made = (await link(name.writer, ID, { hours: 1 })).json()
    const [collection, id, , linkId] = made.token.split('.')
    // Signed with the right key, saying a week
    const longer = makeToken(await previewKey(store), {
      collection,
      id,
      link: linkId,
      expiresAt: Math.floor((clock + 7 * 24 * HOUR) / 1000) * 1000,
    })
    expect(longer).not.toBe(made.token)
    const start = clock
    clock += HOUR + 1000
    try {
      for (const token of [made.token, longer]) {
        const expired = await openDraft(token)
        expect(expired.statusCode).toBe(410)
        expect(expired.json().error.code).toBe('PREVIEW_EXPIRED')
      }
    } finally {
      clock = start
    }
  })

  it('answers drafts to our own origins only (CORS_ORIGINS and the H5 app’s), never to any origin', async () => {
    const { token } = (await link(name.writer, ID)).json()
    const evil = { origin: 'https://evil.example' }
    for (const response of [
      await openDraft(token),
      await openDraft(token, evil),
      await openDraft('not-a-token', evil),
      await app.inject({ method: 'HEAD', url: `/api/v1/drafts/${token}`, headers: evil }),
      await app.inject({
        method: 'OPTIONS',
        url: `/api/v1/drafts/${token}`,
        headers: { ...evil, 'access-control-request-method': 'GET' },
      }),
    ]) {
      expect(response.headers['access-control-allow-origin']).toBeUndefined()
      expect(String(response.headers.vary)).toMatch(/Origin/)
    }
    // CORS_ORIGINS (the test app's: PREVIEW_ORIGIN)
    const ours = await openDraft(token, { origin: PREVIEW_ORIGIN })
    expect(ours.statusCode).toBe(200)
    expect(ours.headers['access-control-allow-origin']).toBe(PREVIEW_ORIGIN)
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: `/api/v1/drafts/${token}`,
      headers: { origin: PREVIEW_ORIGIN, 'access-control-request-method': 'GET' },
    })
    expect(preflight.headers['access-control-allow-origin']).toBe(PREVIEW_ORIGIN)
    // The H5 app's origin when H5_URL names one
    const withH5 = testApp({
      contentDir,
      events: { store },
      now: () => clock,
      staff: { h5Url: 'https://h5.example.cn/app/' },
    })
    try {
      const fromH5 = await withH5.inject({
        method: 'GET',
        url: `/api/v1/drafts/${token}`,
        headers: { origin: 'https://h5.example.cn' },
      })
      expect(fromH5.statusCode).toBe(200)
      expect(fromH5.headers['access-control-allow-origin']).toBe('https://h5.example.cn')
    } finally {
      await withH5.close()
    }
    // Public answers are still readable from anywhere
    const published = await app.inject({ method: 'GET', url: '/api/v1/warnings/counterfeit-goods', headers: evil })
    expect(published.headers['access-control-allow-origin']).toBe('*')
  })

  it('stops working when it expires (410) and when the item is withdrawn (404)', async () => {
    const { token } = (await link(name.nanjing, NANJING_ID, { hours: 1 })).json()
    expect((await openDraft(token)).statusCode).toBe(200)
    const start = clock
    clock += HOUR + 1000
    try {
      const expired = await openDraft(token)
      expect(expired.statusCode).toBe(410)
      expect(expired.json().error.code).toBe('PREVIEW_EXPIRED')
    } finally {
      clock = start
    }
    const fresh = (await link(name.nanjing, NANJING_ID)).json().token
    // Withdrawn by the route in newsroom.test.ts's flow; here the state alone, as that route leaves it
    await store.db.updateTable('newsroom_items').set({ state: 'withdrawn' }).where('item_id', '=', NANJING_ID).execute()
    expect((await openDraft(fresh)).statusCode).toBe(404)
    const refused = await link(name.nanjing, NANJING_ID)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.code).toBe('WITHDRAWN')
  })
})
