// Staff accounts and sessions on SQLite and (TEST_DATABASE_URL) PostgreSQL: login, cookie attributes, throttling,
// sessions checked server-side (expired, forged, logged out), CSRF, reach figures per role and region against
// hand-computed ones, the audit chain, and the CLI run as a child process.
import { execFile } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import type { ReachEvent } from '../../src/model/events'
import { loadContent } from '../../server/content/load-content'
import { addressGroup, StaffStore, verifyAuditChain } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { post, storeKinds, tempDataDir, PG_URL } from './events-helpers'
import { FIXED_NOW, REPO_ROOT, testApp, VALID_CONTENT, type TestApp } from './test-app'

const run = promisify(execFile)
const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const PASSWORD = 'correct-horse-battery-staple'
/** Names unique to this run: the PostgreSQL database outlives it. */
const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}`
const visitorId = () => randomBytes(18).toString('base64url')
/** A client address unique to this run (the PostgreSQL database keeps the attempts of runs before). */
const randomAddress = () => `10.${[...randomBytes(3)].join('.')}`

function cookieOf(response: { headers: Record<string, unknown> }) {
  const header = response.headers['set-cookie']
  const line = Array.isArray(header) ? String(header[0]) : String(header)
  return { line, value: /^shijian_staff=([^;]*)/.exec(line)?.[1] ?? '' }
}

describe.each(storeKinds())('staff on $name', (kind) => {
  let store: Store
  let clock: number
  let app: TestApp
  let staff: StaffStore
  const province = unique('prov')
  const cityA = unique('citya')
  const disabled = unique('gone')

  beforeAll(async () => {
    store = await kind.open()
    clock = FIXED_NOW
    app = testApp({ events: { store }, now: () => clock })
    staff = new StaffStore(store, () => clock)
    await staff.add(province, PASSWORD, 'province', 'test-province', 'test')
    await staff.add(cityA, PASSWORD, 'city', 'test-city-a', 'test')
    await staff.add(disabled, PASSWORD, 'city', 'test-city-b', 'test')
    await staff.disable(disabled, 'test')
  })
  afterAll(async () => {
    await app.close()
    await store.close()
  })
  beforeEach(() => {
    clock = FIXED_NOW
  })

  const login = (
    username: string,
    password = PASSWORD,
    extra: { remoteAddress?: string; headers?: Record<string, string> } = {},
  ) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { 'content-type': 'application/json', ...extra.headers },
      remoteAddress:
        extra.remoteAddress ?? `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      payload: JSON.stringify({ username, password }),
    })

  async function session(username: string) {
    const response = await login(username)
    expect(response.statusCode).toBe(204)
    return { cookie: `shijian_staff=${cookieOf(response).value}`, csrf: String(response.headers['x-csrf-token']) }
  }

  const me = (cookie?: string) =>
    app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: cookie ? { cookie } : {} })

  describe('login', () => {
    test('right password: 204, an HttpOnly SameSite=Strict cookie on /api/v1/staff, the CSRF token; /me answers', async () => {
      const response = await login(province)
      expect(response.statusCode).toBe(204)
      expect(response.headers['cache-control']).toBe('no-store')
      const { line, value } = cookieOf(response)
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(line).toMatch(/; HttpOnly/)
      expect(line).toMatch(/; SameSite=Strict/)
      expect(line).toMatch(/; Path=\/api\/v1\/staff/)
      expect(line).not.toMatch(/Secure/)
      const csrf = response.headers['x-csrf-token']
      expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/)
      const answer = await me(`shijian_staff=${value}`)
      expect(answer.statusCode).toBe(200)
      expect(answer.headers['cache-control']).toBe('no-store')
      expect(answer.headers['access-control-allow-origin']).toBeUndefined()
      expect(answer.json()).toEqual({
        username: province,
        role: 'province',
        region: 'test-province',
        regionName: expect.any(String),
        regions: expect.any(Array),
        demo: null,
        csrfToken: csrf,
      })
      // Only the token's hash is stored
      const ids = (await store.db.selectFrom('sessions').select('id').execute()).map((row) => row.id)
      expect(ids).not.toContain(value)
    })

    test('wrong password, unknown user and a disabled account: the same 401 BAD_LOGIN', async () => {
      const answers = await Promise.all([
        login(cityA, 'not-the-password-at-all'),
        login(unique('nobody')),
        login(disabled),
      ])
      for (const response of answers) {
        expect(response.statusCode).toBe(401)
        expect(response.json()).toEqual({ error: { code: 'BAD_LOGIN', message: 'Wrong username or password' } })
        expect(response.headers['set-cookie']).toBeUndefined()
      }
    })

    test('an unknown user takes about as long as a wrong password (verified against a dummy hash)', async () => {
      await login(unique('warmup'))
      const time = async (username: string) => {
        const start = process.hrtime.bigint()
        await login(username, 'some-wrong-password')
        return Number(process.hrtime.bigint() - start) / 1e6
      }
      const known: number[] = []
      const unknown: number[] = []
      for (let i = 0; i < 3; i++) {
        known.push(await time(province))
        unknown.push(await time(unique('ghost')))
      }
      const median = (values: number[]) => values.sort((a, b) => a - b)[1]
      // Argon2id takes tens of ms; without the dummy hash an unknown user would answer in about 1 ms
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5)
    })

    test('Secure over HTTPS behind a trusted proxy, and always with cookieSecure', async () => {
      const proxied = testApp({ events: { store }, now: () => clock, trustProxy: true })
      const https = await proxied.inject({
        method: 'POST',
        url: '/api/v1/staff/session',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        payload: JSON.stringify({ username: province, password: PASSWORD }),
      })
      expect(cookieOf(https).line).toMatch(/; Secure/)
      await proxied.close()
      // Not trusted: X-Forwarded-Proto is ignored
      const untrusted = await login(province, PASSWORD, { headers: { 'x-forwarded-proto': 'https' } })
      expect(cookieOf(untrusted).line).not.toMatch(/Secure/)
      const always = testApp({ events: { store }, now: () => clock, staff: { cookieSecure: true } })
      const plain = await always.inject({
        method: 'POST',
        url: '/api/v1/staff/session',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: province, password: PASSWORD }),
      })
      expect(cookieOf(plain).line).toMatch(/; Secure/)
      await always.close()
    })

    test('5 failures for an account from one address: 429 there (the right password too), the owner signs in elsewhere', async () => {
      const name = unique('target')
      const guesser = randomAddress()
      await staff.add(name, PASSWORD, 'city', 'test-city-a', 'test')
      for (let i = 0; i < 5; i++) {
        expect((await login(name, 'wrong-password-x', { remoteAddress: guesser })).statusCode).toBe(401)
      }
      const refused = await login(name, PASSWORD, { remoteAddress: guesser })
      expect(refused.statusCode).toBe(429)
      expect(refused.json().error.code).toBe('TOO_MANY_LOGINS')
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      // The guesser is slowed; the account is not locked for its owner at another address
      expect((await login(name, PASSWORD, { remoteAddress: randomAddress() })).statusCode).toBe(204)
      // 15 minutes later the failures have expired (and are deleted)
      clock = FIXED_NOW + 15 * 60 * 1000 + 1000
      expect((await login(name, PASSWORD, { remoteAddress: guesser })).statusCode).toBe(204)
    })

    test('parallel wrong passwords from one address: at most 5 are checked, the rest 429 at once', async () => {
      const name = unique('rush')
      const guesser = randomAddress()
      await staff.add(name, PASSWORD, 'city', 'test-city-a', 'test')
      const statuses = await Promise.all(
        Array.from({ length: 12 }, () => login(name, 'wrong-password-x', { remoteAddress: guesser })),
      )
      expect(statuses.map((response) => response.statusCode).sort()).toEqual([
        ...Array(5).fill(401),
        ...Array(7).fill(429),
      ])
    })

    test('an account from every address: 50 failures in 15 min (10 addresses × 5), then 429 from any address', async () => {
      const name = unique('botnet')
      await staff.add(name, PASSWORD, 'city', 'test-city-a', 'test')
      // Ten addresses side by side, five wrong passwords each, one after the other
      const statuses = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const address = randomAddress()
          const answers: number[] = []
          for (let i = 0; i < 5; i++) {
            answers.push((await login(name, 'wrong-password-x', { remoteAddress: address })).statusCode)
          }
          return answers
        }),
      )
      expect(statuses.flat()).toEqual(Array(50).fill(401))
      const refused = await login(name, PASSWORD, { remoteAddress: randomAddress() })
      expect(refused.statusCode).toBe(429)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect((await login(name, 'wrong-password-x', { remoteAddress: randomAddress() })).statusCode).toBe(429)
      clock = FIXED_NOW + 15 * 60 * 1000 + 1000
      expect((await login(name, PASSWORD, { remoteAddress: randomAddress() })).statusCode).toBe(204)
    })

    test('the counts are shared by every app on the database (the address key is kept in it), not per process', async () => {
      const name = unique('shared')
      const guesser = randomAddress()
      await staff.add(name, PASSWORD, 'city', 'test-city-a', 'test')
      for (let i = 0; i < 5; i++) {
        expect((await login(name, 'wrong-password-x', { remoteAddress: guesser })).statusCode).toBe(401)
      }
      const other = testApp({ events: { store }, now: () => clock })
      const again = await other.inject({
        method: 'POST',
        url: '/api/v1/staff/session',
        headers: { 'content-type': 'application/json' },
        remoteAddress: guesser,
        payload: JSON.stringify({ username: name, password: PASSWORD }),
      })
      await other.close()
      expect(again.statusCode).toBe(429)
    })

    test('throttled per address: 20 failures from one address on any accounts, then 429; no address stored', async () => {
      const address = randomAddress()
      for (let i = 0; i < 20; i++) {
        expect((await login(unique('spray'), 'wrong-password-x', { remoteAddress: address })).statusCode).toBe(401)
      }
      expect((await login(province, PASSWORD, { remoteAddress: address })).statusCode).toBe(429)
      expect((await login(province, PASSWORD, { remoteAddress: randomAddress() })).statusCode).toBe(204)
      // Only keyed hashes (HMAC-SHA256) of names and addresses are kept
      const rows = await store.db.selectFrom('login_attempts').select(['account', 'address']).execute()
      expect(rows.length).toBeGreaterThanOrEqual(20)
      const kept = rows.flatMap((row) => [row.account, row.address])
      expect(kept.every((key) => /^[0-9a-f]{64}$/.test(key))).toBe(true)
      const keys = await staff.attemptKeys('spray', address)
      expect(rows.filter((row) => row.address === keys.address)).toHaveLength(20)
      // The key is the database's (meta), not this process's: another StaffStore on it hashes alike
      expect(await new StaffStore(store).attemptKeys('spray', address)).toEqual(keys)
      expect(
        await new StaffStore(store, Date.now, 'a configured STAFF_ADDRESS_KEY').attemptKeys('spray', address),
      ).not.toEqual(keys)
    })

    test('IPv6 addresses count by their /64; IPv4 ones, mapped or not, by themselves', () => {
      expect(addressGroup('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
      expect(addressGroup('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64')
      expect(addressGroup('2001:DB8::1')).toBe('2001:db8:0:0::/64')
      expect(addressGroup('::1')).toBe('0:0:0:0::/64')
      expect(addressGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
      expect(addressGroup('64:ff9b:1::192.0.2.1')).toBe('64:ff9b:1:0::/64')
      expect(addressGroup('::ffff:198.51.100.7')).toBe('198.51.100.7')
      expect(addressGroup('198.51.100.7')).toBe('198.51.100.7')
    })

    test('a malformed body: 400, never 500', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/staff/session',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": 3}',
      })
      expect(response.statusCode).toBe(400)
    })
  })

  describe('sessions', () => {
    test('401 without a cookie and with a forged one', async () => {
      expect((await me()).statusCode).toBe(401)
      expect((await me()).json().error.code).toBe('NO_SESSION')
      expect((await me(`shijian_staff=${randomBytes(32).toString('base64url')}`)).statusCode).toBe(401)
      expect((await me('shijian_staff=')).statusCode).toBe(401)
    })

    test('expires 8 h after its last use, and 12 h after the login however used', async () => {
      const idle = await session(province)
      clock = FIXED_NOW + 8 * HOUR + 1000
      expect((await me(idle.cookie)).statusCode).toBe(401)

      clock = FIXED_NOW
      const busy = await session(province)
      for (const hours of [4, 8, 11.9]) {
        clock = FIXED_NOW + hours * HOUR
        expect((await me(busy.cookie)).statusCode).toBe(200)
      }
      clock = FIXED_NOW + 12 * HOUR + 1000
      expect((await me(busy.cookie)).statusCode).toBe(401)
    })

    test('logout needs the CSRF token (missing or wrong: 403), then the session is gone', async () => {
      const { cookie, csrf } = await session(cityA)
      const logout = (headers: Record<string, string>) =>
        app.inject({ method: 'DELETE', url: '/api/v1/staff/session', headers: { cookie, ...headers } })
      const missing = await logout({})
      expect(missing.statusCode).toBe(403)
      expect(missing.json().error.code).toBe('BAD_CSRF_TOKEN')
      expect((await logout({ 'x-csrf-token': csrf.slice(0, -1) + (csrf.endsWith('A') ? 'B' : 'A') })).statusCode).toBe(
        403,
      )
      expect((await me(cookie)).statusCode).toBe(200)
      const done = await logout({ 'x-csrf-token': csrf })
      expect(done.statusCode).toBe(204)
      expect(cookieOf(done).line).toMatch(/^shijian_staff=;/)
      expect((await me(cookie)).statusCode).toBe(401)
      expect((await logout({ 'x-csrf-token': csrf })).statusCode).toBe(401)
    })

    test('disabling an account ends its sessions', async () => {
      const name = unique('leaver')
      await staff.add(name, PASSWORD, 'city', 'test-city-a', 'test')
      const { cookie } = await session(name)
      expect((await me(cookie)).statusCode).toBe(200)
      await staff.disable(name, 'test')
      expect((await me(cookie)).statusCode).toBe(401)
    })

    test('POST and DELETE elsewhere are still 405; PUT on the staff session is 405', async () => {
      expect((await app.inject({ method: 'DELETE', url: '/api/v1/news' })).statusCode).toBe(405)
      expect((await app.inject({ method: 'POST', url: '/api/v1/news' })).statusCode).toBe(405)
      expect((await app.inject({ method: 'PUT', url: '/api/v1/staff/session' })).statusCode).toBe(405)
    })

    test('staff calls count under RATE_LIMIT (costly requests)', async () => {
      const limited = testApp({ events: { store }, now: () => clock, rateLimit: 3 })
      const statuses = []
      for (let i = 0; i < 4; i++) {
        statuses.push((await limited.inject({ url: '/api/v1/staff/me', remoteAddress: '10.77.0.1' })).statusCode)
      }
      expect(statuses).toEqual([401, 401, 401, 429])
      await limited.close()
    })

    test('without a store the staff routes do not exist', async () => {
      const plain = testApp()
      expect((await plain.inject('/api/v1/staff/me')).statusCode).toBe(404)
      expect((await plain.inject({ method: 'POST', url: '/api/v1/staff/session' })).statusCode).toBe(405)
      await plain.close()
    })
  })

  describe('reach', () => {
    const from = '2025-05-27'
    const to = '2025-05-28'
    const reach = (cookie: string, query = '') =>
      app.inject({ method: 'GET', url: `/api/v1/staff/reach?from=${from}&to=${to}${query}`, headers: { cookie } })

    test('figures match hand-computed ones from events sent through POST /events (province sees all)', async () => {
      const { cookie } = await session(province)
      // Before: the PostgreSQL database may hold events of earlier runs on these days; the figures are compared by
      // difference
      const before = (await reach(cookie)).json()
      const city = await session(cityA)
      const cityBefore = (await reach(city.cookie)).json()
      const a = visitorId()
      const b = visitorId()
      const c = visitorId()
      const d = visitorId()
      const beta = { collection: 'explainers' as const, itemId: 'test-explainer-beta' } // publisher: test-city-a
      const day1 = FIXED_NOW - 5 * DAY // 2025-05-27 in Shanghai
      const day2 = FIXED_NOW - 4 * DAY // 2025-05-28
      const item = { collection: 'explainers' as const, itemId: 'test-explainer-alpha' }
      const video = { collection: 'videos' as const, itemId: 'test-video-first' }
      const ev = (
        type: ReachEvent['type'],
        at: number,
        visitor: string,
        extra: Partial<ReachEvent> = {},
      ): ReachEvent => ({
        id: randomUUID(),
        type,
        at,
        visitor,
        ...extra,
      })
      const page = 'pages/detail/index'
      const events: ReachEvent[] = [
        // day 1: a views alpha twice, b once; a shares it, c opens the share; b plays the video to the end
        ev('view', day1, a, { page, ...item }),
        ev('view', day1 + 1000, a, { page, ...item }),
        ev('view', day1, b, { page, ...item }),
        ev('share', day1, a, { ...item, shareId: 'share-abc-123' }),
        ev('share_open', day1, c, { ...item, fromShareId: 'share-abc-123', scene: 1007 }),
        ev('video_play', day1, b, video),
        ev('video_complete', day1, b, video),
        // day 2: a (a new day) views alpha, taps the hotline
        ev('view', day2, a, { page, ...item }),
        ev('hotline_tap', day2, a, { page: 'pages/index/index' }),
        // day 1: d views beta (published by city A) twice and shares it
        ev('view', day1, d, { page, ...beta }),
        ev('view', day1 + 5000, d, { page, ...beta }),
        ev('share', day1, d, { ...beta, shareId: 'share-def-456' }),
      ]
      const sent = await post(app, { events })
      expect(sent.statusCode).toBe(202)
      const after = await reach(cookie)
      expect(after.statusCode).toBe(200)
      expect(after.headers['cache-control']).toBe('no-store')
      const body = after.json()
      const delta = (x: Record<string, number>, y: Record<string, number> | undefined) =>
        Object.fromEntries(
          Object.entries(x)
            .filter(([, v]) => typeof v === 'number')
            .map(([k, v]) => [k, v - (y?.[k] ?? 0)]),
        )
      // visitors: distinct per day, summed: day 1 {a, b, c, d} = 4, day 2 {a} = 1
      expect(delta(body.totals, before.totals)).toMatchObject({
        views: 6,
        visitors: 5,
        shares: 2,
        shareOpens: 1,
        videoPlays: 1,
        videoCompletes: 1,
        hotlineTaps: 1,
        channelOpens: 0,
        searchesWithoutResult: 0,
      })
      const dayOf = (answer: { days: { day: string }[] }, day: string) => answer.days.find((entry) => entry.day === day)
      expect(delta(dayOf(body, from) as never, dayOf(before, from) as never)).toMatchObject({
        views: 5,
        visitors: 4,
        shares: 2,
      })
      expect(delta(dayOf(body, to) as never, dayOf(before, to) as never)).toMatchObject({
        views: 1,
        visitors: 1,
        hotlineTaps: 1,
      })
      const itemOf = (answer: { items: { itemId: string }[] }, id: string) => answer.items.find((i) => i.itemId === id)
      // alpha: visitors per day: day 1 {a, b, c} = 3, day 2 {a} = 1
      expect(
        delta(itemOf(body, 'test-explainer-alpha') as never, itemOf(before, 'test-explainer-alpha') as never),
      ).toMatchObject({
        views: 4,
        visitors: 4,
        shares: 1,
        shareOpens: 1,
      })
      expect(
        delta(itemOf(body, 'test-video-first') as never, itemOf(before, 'test-video-first') as never),
      ).toMatchObject({
        videoPlays: 1,
        videoCompletes: 1,
        visitors: 1,
      })
      // Every region listed for the province: beta credited to city A (its publisher), the rest to the province
      const ids = (answer: { regions: { id: string }[] }) => answer.regions.map((r) => r.id).sort()
      expect(ids(body)).toEqual(['test-city-a', 'test-city-b', 'test-province'])
      const regionOf = (answer: { regions: { id: string }[] }, id: string) => answer.regions.find((r) => r.id === id)
      const [provinceRow, cityARow, cityBRow] = ['test-province', 'test-city-a', 'test-city-b'].map((id) =>
        delta(regionOf(body, id) as never, regionOf(before, id) as never),
      )
      expect(provinceRow).toMatchObject({ views: 4, visitors: 4, shares: 1, shareOpens: 1, hotlineTaps: 1 })
      expect(cityARow).toMatchObject({ views: 2, visitors: 1, shares: 1, shareOpens: 0, hotlineTaps: 0 })
      expect(cityBRow).toMatchObject({ views: 0, visitors: 0, shares: 0 })
      // The city account sees city A's figures only
      const cityAfter = (await reach(city.cookie)).json()
      expect(delta(cityAfter.totals, cityBefore.totals)).toMatchObject({
        views: 2,
        visitors: 1,
        shares: 1,
        hotlineTaps: 0,
      })
      expect(cityAfter.items.map((i: { itemId: string }) => i.itemId)).toEqual(['test-explainer-beta'])
      // A collection filter
      const videos = (await reach(cookie, '&collection=videos')).json()
      expect(videos.totals.views).toBe(0)
      expect(videos.totals.videoPlays).toBeGreaterThanOrEqual(1)
    })

    test('a city account sees its own region (the default), and 403 FORBIDDEN_REGION for any other', async () => {
      const { cookie } = await session(cityA)
      const own = await reach(cookie)
      expect(own.statusCode).toBe(200)
      expect(own.json().regions.map((r: { id: string }) => r.id)).toEqual(['test-city-a'])
      expect((await reach(cookie, '&region=test-city-a')).statusCode).toBe(200)
      for (const region of ['test-city-b', 'test-province']) {
        const refused = await reach(cookie, `&region=${region}`)
        expect(refused.statusCode).toBe(403)
        expect(refused.json().error.code).toBe('FORBIDDEN_REGION')
      }
    })

    test('the province may ask for one region; bad parameters are 400; no session 401', async () => {
      const { cookie } = await session(province)
      const city = await reach(cookie, '&region=test-city-a')
      expect(city.statusCode).toBe(200)
      expect(city.json().items.every((i: { itemId: string }) => i.itemId === 'test-explainer-beta')).toBe(true)
      expect((await reach(cookie, '&region=atlantis')).statusCode).toBe(400)
      expect((await reach(cookie, '&collection=poems')).statusCode).toBe(400)
      const bad = await app.inject({
        method: 'GET',
        url: '/api/v1/staff/reach?from=2025-02-30&to=2025-03-01',
        headers: { cookie },
      })
      expect(bad.statusCode).toBe(400)
      expect((await app.inject(`/api/v1/staff/reach?from=${from}&to=${to}`)).statusCode).toBe(401)
    })
  })

  describe('audit log', () => {
    test('logins, refusals and logouts are written; the chain verifies; an edited entry breaks it', async () => {
      const name = unique('audited')
      await staff.add(name, PASSWORD, 'city', 'test-city-a', 'test')
      await login(name, 'wrong-password-y')
      const { cookie, csrf } = await session(name)
      await app.inject({ method: 'DELETE', url: '/api/v1/staff/session', headers: { cookie, 'x-csrf-token': csrf } })
      const entries = await staff.auditEntries()
      const mine = entries.filter((entry) => entry.actor === name || entry.detail.includes(name))
      expect(mine.map((entry) => entry.action)).toEqual(['staff.add', 'login.refused', 'login', 'logout'])
      expect(JSON.parse(mine[1].detail)).toEqual({ reason: 'password' })
      // What was typed as an unknown username is not kept (it may be a password in the wrong field)
      const typed = unique('my-secret-password')
      await login(typed)
      const last = (await staff.auditEntries()).at(-1)
      expect(last).toMatchObject({ actor: '(unknown)', action: 'login.refused', detail: '{"reason":"unknown"}' })
      expect((await staff.auditEntries()).some((entry) => entry.actor.includes(typed))).toBe(false)
      expect(verifyAuditChain(entries)).toEqual({ ok: true, entries: entries.length })

      const target = mine[1]
      await store.db.updateTable('audit_log').set({ detail: '{"reason":"none"}' }).where('id', '=', target.id).execute()
      try {
        const broken = verifyAuditChain(await staff.auditEntries())
        expect(broken).toMatchObject({ ok: false, brokenAt: target.id })
      } finally {
        await store.db.updateTable('audit_log').set({ detail: target.detail }).where('id', '=', target.id).execute()
      }
      // A deleted entry breaks it too
      const without = (await staff.auditEntries()).filter((entry) => entry.id !== target.id)
      expect(verifyAuditChain(without).ok).toBe(false)
    })
  })

  describe('the CLI (npm run staff)', () => {
    /** The CLI on a database of its own (SQLite) or this one (PostgreSQL), an app on the same, and its store. */
    async function cliSetup() {
      const dataDir = kind.name === 'sqlite' ? tempDataDir() : undefined
      const env = {
        ...process.env,
        CONTENT_DIR: VALID_CONTENT,
        DATA_DIR: dataDir ?? '',
        DATABASE_URL: kind.name === 'postgres' ? PG_URL : '',
        STAFF_PASSWORD: PASSWORD,
        STAFF_ADDRESS_KEY: '',
      }
      const cli = (...args: string[]) =>
        run(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/staff.ts', ...args], {
          cwd: REPO_ROOT,
          env,
        }).then(
          (result) => ({ code: 0, ...result }),
          (error: { code: number; stdout: string; stderr: string }) => error,
        )
      const cliStore =
        kind.name === 'sqlite' ? await (await import('../../server/store/database')).Store.open({ dataDir }) : store
      const cliApp = testApp({ events: { store: cliStore }, now: () => clock })
      const close = async () => {
        await cliApp.close()
        if (cliStore !== store) await cliStore.close()
      }
      return { env, cli, cliStore, cliApp, close }
    }

    test('add, reset and disable, with STAFF_PASSWORD; a city needs a city region; written to the audit log', async () => {
      const { env, cli, cliStore, cliApp, close } = await cliSetup()
      const name = unique('clerk')
      expect((await cli('add', name, '--role', 'city')).code).toBe(2)
      expect((await cli('add', name, '--role', 'city', '--region', 'test-province')).code).toBe(2)
      const added = await cli('add', name, '--role', 'city', '--region', 'test-city-b')
      expect(added).toMatchObject({ code: 0, stdout: `added ${name} (city, test-city-b)\n` })
      expect((await cli('add', name, '--role', 'city', '--region', 'test-city-b')).code).toBe(2)

      const address = randomAddress()
      const tryLogin = (password: string) =>
        cliApp.inject({
          method: 'POST',
          url: '/api/v1/staff/session',
          headers: { 'content-type': 'application/json' },
          remoteAddress: address,
          payload: JSON.stringify({ username: name, password }),
        })
      const first = await tryLogin(PASSWORD)
      expect(first.statusCode).toBe(204)
      const cookie = `shijian_staff=${cookieOf(first).value}`

      env.STAFF_PASSWORD = 'another-long-password'
      expect((await cli('reset', name)).code).toBe(0)
      // The reset ended the session, and only the new password works
      expect((await cliApp.inject({ url: '/api/v1/staff/me', headers: { cookie } })).statusCode).toBe(401)
      expect((await tryLogin(PASSWORD)).statusCode).toBe(401)
      expect((await tryLogin('another-long-password')).statusCode).toBe(204)

      expect((await cli('disable', name)).code).toBe(0)
      expect((await tryLogin('another-long-password')).statusCode).toBe(401)
      expect((await cli('disable', unique('nobody'))).code).toBe(2)

      const audit = await new StaffStore(cliStore).auditEntries()
      const actions = audit.filter((entry) => entry.detail.includes(name)).map((entry) => entry.action)
      expect(actions).toEqual(['staff.add', 'staff.reset', 'staff.disable'])
      expect(audit.find((entry) => entry.action === 'staff.add' && entry.detail.includes(name))?.actor).toMatch(/^cli:/)
      const verified = await cli('verify-audit')
      expect(verified.code).toBe(0)
      expect(verified.stdout).toMatch(/^audit log intact: \d+ entries/)
      await close()
    }, 60_000)

    test('unlock and reset lift an account throttled from an address; unlock is audited as staff.unlock', async () => {
      const { env, cli, cliStore, cliApp, close } = await cliSetup()
      const name = unique('locked')
      expect((await cli('add', name, '--role', 'province')).code).toBe(0)
      const guesser = randomAddress()
      const tryLogin = (password: string) =>
        cliApp.inject({
          method: 'POST',
          url: '/api/v1/staff/session',
          headers: { 'content-type': 'application/json' },
          remoteAddress: guesser,
          payload: JSON.stringify({ username: name, password }),
        })
      const lockOut = async () => {
        for (let i = 0; i < 5; i++) expect((await tryLogin('wrong-password-x')).statusCode).toBe(401)
        expect((await tryLogin(env.STAFF_PASSWORD)).statusCode).toBe(429)
      }
      await lockOut()
      expect(await cli('unlock', name)).toMatchObject({
        code: 0,
        stdout: `unlocked ${name}: 5 failed logins forgotten\n`,
      })
      expect((await tryLogin(PASSWORD)).statusCode).toBe(204)
      await lockOut()
      env.STAFF_PASSWORD = 'another-long-password'
      expect((await cli('reset', name)).code).toBe(0)
      expect((await tryLogin('another-long-password')).statusCode).toBe(204)
      expect((await cli('unlock', unique('nobody'))).code).toBe(2)

      const audit = (await new StaffStore(cliStore).auditEntries()).filter((entry) => entry.detail.includes(name))
      expect(audit.map((entry) => entry.action)).toEqual(['staff.add', 'staff.unlock', 'staff.reset'])
      expect(audit[1].actor).toMatch(/^cli:/)
      expect(JSON.parse(audit[1].detail)).toEqual({ username: name, failures: 5 })
      await close()
    }, 60_000)
  })
})

describe('publisher (the bureau an item is credited to)', () => {
  test('an unknown region is reported by the content check and dropped (credited to the province)', () => {
    const dir = tempDataDir()
    fs.cpSync(VALID_CONTENT, dir, { recursive: true })
    const file = path.join(dir, 'explainers/test-explainer-beta.md')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('publisher: test-city-a', 'publisher: atlantis'))
    const content = loadContent(dir)
    const problem = content.problems.find((p) => p.pointer === '/publisher')
    expect(problem).toMatchObject({ file: 'explainers/test-explainer-beta.md', severity: 'warning' })
    expect(problem?.message).toMatch(/^atlantis is not a region of site\.yaml/)
    expect(content.items.explainers.find((item) => item.id === 'test-explainer-beta')?.data.publisher).toBeUndefined()
    expect(
      loadContent(VALID_CONTENT).items.explainers.find((item) => item.id === 'test-explainer-beta')?.data.publisher,
    ).toBe('test-city-a')
  })
})
