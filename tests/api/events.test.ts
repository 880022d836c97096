// POST /api/v1/events on SQLite: what a client is answered (validation naming index and field, bounds, sizes,
// methods, CORS, rate limit), and what is stored.
import { randomUUID } from 'node:crypto'
import type { ReachEvent } from '../../src/model/events'
import type { Store } from '../../server/store/database'
import { eventsApp, post, SQLITE, storedRows, viewEvent } from './events-helpers'
import { FIXED_NOW, testApp, type TestApp } from './test-app'

let store: Store
let app: TestApp

beforeAll(async () => {
  store = await SQLITE.open()
  app = eventsApp(store)
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await store.close()
})

const DAY = 24 * 60 * 60 * 1000
const badEvent = (message: RegExp | string) => ({
  error: { code: 'BAD_EVENT', message: expect.stringMatching(message) },
})
type Loose = Record<string, unknown>

describe('a valid batch', () => {
  test('202 { accepted, duplicates } and the rows stored as sent (no address, no user agent)', async () => {
    const events: ReachEvent[] = [
      viewEvent(),
      viewEvent({ collection: undefined, itemId: undefined, page: 'pages/index/index', scene: 1001 }),
      {
        id: randomUUID(),
        type: 'share',
        at: FIXED_NOW - 1000,
        visitor: 'visitor-0123456789abcdef',
        collection: 'warnings',
        itemId: 'test-warning-active',
        shareId: 'share-abcdefgh',
      },
      {
        id: randomUUID(),
        type: 'share_open',
        at: FIXED_NOW,
        visitor: 'another-visitor-0123',
        collection: 'warnings',
        itemId: 'test-warning-active',
        fromShareId: 'share-abcdefgh',
        scene: 1007,
      },
      {
        id: randomUUID(),
        type: 'video_play',
        at: FIXED_NOW,
        visitor: 'v'.repeat(16),
        collection: 'videos',
        itemId: 'test-video-first',
      },
      {
        id: randomUUID(),
        type: 'video_complete',
        at: FIXED_NOW,
        visitor: 'v'.repeat(64),
        collection: 'videos',
        itemId: 'test-video-first',
      },
      { id: randomUUID(), type: 'hotline_tap', at: FIXED_NOW, visitor: 'v'.repeat(16), page: 'pages/services/index' },
      { id: randomUUID(), type: 'channel_open', at: FIXED_NOW, visitor: 'v'.repeat(16) },
      { id: randomUUID(), type: 'search', at: FIXED_NOW, visitor: 'v'.repeat(16), q: '预付卡 退款' },
    ]
    const response = await post(app, { events }, { 'user-agent': 'secret-agent/1.0', 'x-forwarded-for': '203.0.113.9' })
    expect(response.statusCode).toBe(202)
    expect(response.json()).toEqual({ accepted: events.length, duplicates: 0 })
    expect(response.headers['access-control-allow-origin']).toBe('*')

    const rows = await storedRows(
      store,
      events.map((event) => event.id),
    )
    expect(rows).toHaveLength(events.length)
    const share = rows.find((row) => row.type === 'share_open')!
    expect(share).toEqual({
      id: events[3].id,
      type: 'share_open',
      at: FIXED_NOW,
      day: '2025-06-01',
      visitor: 'another-visitor-0123',
      collection: 'warnings',
      item_id: 'test-warning-active',
      page: null,
      scene: 1007,
      share_id: null,
      from_share_id: 'share-abcdefgh',
      q: null,
      received_at: FIXED_NOW,
    })
    expect(rows.find((row) => row.type === 'search')!.q).toBe('预付卡 退款')
    const stored = JSON.stringify(rows)
    expect(stored).not.toContain('secret-agent')
    expect(stored).not.toContain('203.0.113.9')
    expect(stored).not.toContain('127.0.0.1')
  })

  test('the day is the Asia/Shanghai date of `at`', async () => {
    // 2025-05-31 16:30 UTC is 2025-06-01 00:30 in Shanghai
    const event = viewEvent({ at: Date.parse('2025-05-31T16:30:00Z') })
    expect((await post(app, { events: [event] })).statusCode).toBe(202)
    expect((await storedRows(store, [event.id]))[0].day).toBe('2025-06-01')
  })

  test('an upper-case UUID is the same event as its lower-case form', async () => {
    const event = viewEvent()
    expect((await post(app, { events: [{ ...event, id: event.id.toUpperCase() }] })).json()).toEqual({
      accepted: 1,
      duplicates: 0,
    })
    expect((await post(app, { events: [event] })).json()).toEqual({ accepted: 0, duplicates: 1 })
  })
})

describe('search words: what looks like a phone or ID number is removed before storing', () => {
  const cases = [
    { q: '投诉 13800138000 退款', stored: '投诉 退款' },
    { q: '138 0013 8000', stored: null },
    { q: '身份证 11010519491231002X', stored: '身份证' },
    { q: '１３８００１３８０００ 电话', stored: '电话' },
    { q: '2024年 315 晚会', stored: '2024年 315 晚会' },
    { q: '123456 密码', stored: '123456 密码' },
  ]
  test.each(cases)('$q -> $stored', async ({ q, stored }) => {
    const event = { id: randomUUID(), type: 'search' as const, at: FIXED_NOW, visitor: 'v'.repeat(20), q }
    expect((await post(app, { events: [event] })).statusCode).toBe(202)
    expect((await storedRows(store, [event.id]))[0].q).toBe(stored)
  })
})

describe('a batch with any invalid event is refused whole: 400 BAD_EVENT naming the index and field', () => {
  const cases: { name: string; event: Loose; message: RegExp }[] = [
    { name: 'no id', event: { id: undefined }, message: /^events\[1\]\.id: required/ },
    { name: 'an id not a UUID', event: { id: 'abc' }, message: /^events\[1\]\.id: must be a UUID/ },
    { name: 'a number as id', event: { id: 12 }, message: /^events\[1\]\.id:/ },
    { name: 'no type', event: { type: undefined }, message: /^events\[1\]\.type: required/ },
    { name: 'an unknown type', event: { type: 'click' }, message: /^events\[1\]\.type: must be one of view, share/ },
    { name: 'no at', event: { at: undefined }, message: /^events\[1\]\.at: required/ },
    { name: 'at as a string', event: { at: String(FIXED_NOW) }, message: /^events\[1\]\.at: must be a time/ },
    { name: 'at with a fraction', event: { at: FIXED_NOW + 0.5 }, message: /^events\[1\]\.at: must be a time/ },
    { name: 'at 8 days old', event: { at: FIXED_NOW - 8 * DAY }, message: /^events\[1\]\.at: older than 7 days/ },
    {
      name: 'at 11 minutes ahead',
      event: { at: FIXED_NOW + 11 * 60_000 },
      message: /^events\[1\]\.at: more than 10 minutes ahead/,
    },
    { name: 'no visitor', event: { visitor: undefined }, message: /^events\[1\]\.visitor: required/ },
    { name: 'a short visitor', event: { visitor: 'abc' }, message: /^events\[1\]\.visitor: must be 16 to 64/ },
    { name: 'a visitor with spaces', event: { visitor: 'a visitor with spaces' }, message: /^events\[1\]\.visitor:/ },
    { name: 'a 65-character visitor', event: { visitor: 'v'.repeat(65) }, message: /^events\[1\]\.visitor:/ },
    {
      name: 'an unknown collection',
      event: { collection: 'posts' },
      message: /^events\[1\]\.collection: must be one of/,
    },
    {
      name: 'an unknown item',
      event: { itemId: 'no-such-item' },
      message: /^events\[1\]\.itemId: no published item "no-such-item" in explainers/,
    },
    {
      name: 'a draft item',
      event: { itemId: 'test-explainer-draft' },
      message: /^events\[1\]\.itemId: no published item/,
    },
    {
      name: 'an item of another collection',
      event: { collection: 'news' },
      message: /^events\[1\]\.itemId: no published item/,
    },
    {
      name: 'an item without collection',
      event: { collection: undefined },
      message: /^events\[1\]\.collection: collection and itemId go together/,
    },
    {
      name: 'a collection without item',
      event: { itemId: undefined },
      message: /^events\[1\]\.itemId: collection and itemId go together/,
    },
    {
      name: 'a view without page',
      event: { page: undefined },
      message: /^events\[1\]\.page: required for a view event/,
    },
    {
      name: 'a page with a query',
      event: { page: 'pages/detail/index?id=1' },
      message: /^events\[1\]\.page: must be a page route/,
    },
    { name: 'a scene out of range', event: { scene: 12 }, message: /^events\[1\]\.scene: must be a WeChat scene/ },
    { name: 'q on a view', event: { q: 'words' }, message: /^events\[1\]\.q: not taken by a view event/ },
    {
      name: 'shareId on a view',
      event: { shareId: 'share-abcdefgh' },
      message: /^events\[1\]\.shareId: not taken by a view event/,
    },
    { name: 'an unknown field', event: { ip: '1.2.3.4' }, message: /^events\[1\]\."ip": not a field of an event/ },
    {
      name: 'a share without shareId',
      event: { type: 'share' },
      message: /^events\[1\]\.shareId: required for a share event/,
    },
    {
      name: 'a share with a short shareId',
      event: { type: 'share', shareId: 'abc', page: undefined },
      message: /^events\[1\]\.shareId: must be 8 to 64/,
    },
    {
      name: 'a share_open without fromShareId',
      event: { type: 'share_open' },
      message: /^events\[1\]\.fromShareId: required/,
    },
    {
      name: 'a video_play on an explainer',
      event: { type: 'video_play', page: undefined },
      message: /^events\[1\]\.collection: must be videos/,
    },
    {
      name: 'a video_complete without item',
      event: { type: 'video_complete', page: undefined, collection: undefined, itemId: undefined },
      message: /^events\[1\]\.collection: required/,
    },
    {
      name: 'a search without q',
      event: { type: 'search', collection: undefined, itemId: undefined },
      message: /^events\[1\]\.q: required for a search event/,
    },
    {
      name: 'a search with 51 characters',
      event: { type: 'search', collection: undefined, itemId: undefined, q: '字'.repeat(51) },
      message: /^events\[1\]\.q: must be 1 to 50/,
    },
    {
      name: 'a search with empty q',
      event: { type: 'search', collection: undefined, itemId: undefined, q: '' },
      message: /^events\[1\]\.q: must be 1 to 50/,
    },
    {
      name: 'a search with a NUL character',
      event: { type: 'search', collection: undefined, itemId: undefined, q: 'a\u0000b' },
      message: /^events\[1\]\.q: must be text without control characters/,
    },
  ]
  test.each(cases)('$name', async ({ event, message }) => {
    const good = viewEvent()
    const bad = { ...viewEvent(), ...event } as Loose
    for (const key of Object.keys(bad)) if (bad[key] === undefined) delete bad[key]
    const response = await post(app, { events: [good, bad] })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(badEvent(message))
    expect(response.headers['cache-control']).toBe('no-store')
    // Refused whole: not even the good event is stored
    expect(await storedRows(store, [good.id])).toEqual([])
  })

  test('an event that is not an object', async () => {
    const response = await post(app, { events: [viewEvent(), viewEvent(), 'view'] })
    expect(response.json()).toEqual(badEvent(/^events\[2\]: must be an object/))
  })
})

describe('the batch', () => {
  const batch = (count: number) => Array.from({ length: count }, () => viewEvent())
  test.each([
    { count: 0, status: 400 },
    { count: 1, status: 202 },
    { count: 50, status: 202 },
    { count: 51, status: 400 },
  ])('$count events -> $status', async ({ count, status }) => {
    const response = await post(app, { events: batch(count) })
    expect(response.statusCode).toBe(status)
    if (status === 400) expect(response.json()).toEqual(badEvent(/^events must be an array of 1 to 50 events/))
    else expect(response.json()).toEqual({ accepted: count, duplicates: 0 })
  })

  test.each([
    { name: 'an array', body: [viewEvent()] },
    { name: 'events not an array', body: { events: viewEvent() } },
    { name: 'no events', body: {} },
    { name: 'another field beside events', body: { events: [viewEvent()], user: 'x' } },
    { name: 'null', body: 'null' },
    { name: 'a number', body: '12' },
  ])('a body that is $name -> 400 BAD_EVENT', async ({ body }) => {
    const response = await post(app, body)
    expect(response.statusCode).toBe(400)
    expect(response.json().error.code).toBe('BAD_EVENT')
  })

  test('broken JSON, an empty body, __proto__ in the JSON -> 400 with the error shape', async () => {
    const poisoned = `{"events": [{"__proto__": {"x": 1}, "id": "${viewEvent().id}"}]}`
    for (const payload of ['{"events": [', '', poisoned]) {
      const response = await post(app, payload)
      expect(response.statusCode).toBe(400)
      expect(response.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } })
    }
  })

  test('a body that is not JSON -> 415', async () => {
    const response = await post(app, 'events', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(response.statusCode).toBe(415)
  })

  test('16 KB of body is taken, one byte more is 413 PAYLOAD_TOO_LARGE', async () => {
    const event = viewEvent({ type: 'search', collection: undefined, itemId: undefined, page: undefined, q: 'x' })
    const base = JSON.stringify({ events: [event] })
    // JSON allows whitespace: pad the body to exactly the size wanted
    const padded = (size: number) => base.slice(0, -1) + ' '.repeat(size - base.length) + '}'
    const atLimit = await post(app, padded(16 * 1024))
    expect(atLimit.statusCode).toBe(202)
    const over = await post(app, padded(16 * 1024 + 1).replace(event.id, randomUUID()))
    expect(over.statusCode).toBe(413)
    expect(over.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } })
  })
})

describe('methods and CORS', () => {
  test('GET /api/v1/events -> 405, Allow: POST, OPTIONS', async () => {
    const response = await app.inject('/api/v1/events')
    expect(response.statusCode).toBe(405)
    expect(response.headers.allow).toBe('POST, OPTIONS')
  })

  test('POST anywhere else is still 405 (and a large body there is not read)', async () => {
    for (const url of ['/api/v1/explainers', '/api/v1/event', '/api/v1/events/x', '/health']) {
      const response = await app.inject({ method: 'POST', url, payload: { events: 'x'.repeat(20_000) } })
      expect(response.statusCode).toBe(405)
      expect(response.headers.allow).toBe('GET, HEAD, OPTIONS')
    }
  })

  test('PUT /api/v1/events -> 405', async () => {
    expect((await app.inject({ method: 'PUT', url: '/api/v1/events' })).statusCode).toBe(405)
  })

  test('the preflight allows POST with Content-Type from any origin', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/events',
      headers: {
        origin: 'https://h5.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(response.statusCode).toBe(204)
    expect(response.headers['access-control-allow-origin']).toBe('*')
    expect(response.headers['access-control-allow-methods']).toBe('POST')
    expect(response.headers['access-control-allow-headers']).toBe('Content-Type')
    // Elsewhere, the preflight is as before
    const other = await app.inject({ method: 'OPTIONS', url: '/api/v1/explainers' })
    expect(other.headers['access-control-allow-methods']).toBe('GET, HEAD')
  })

  test('without a store (events not enabled) POST /api/v1/events is 405 like any POST', async () => {
    const plain = testApp()
    const response = await post(plain, { events: [viewEvent()] })
    expect(response.statusCode).toBe(405)
    const preflight = await plain.inject({ method: 'OPTIONS', url: '/api/v1/events' })
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD')
    await plain.close()
  })
})

describe('rate limit', () => {
  test('POST /api/v1/events counts as a costly request (RATE_LIMIT): over it, 429 and nothing stored', async () => {
    const limited = eventsApp(store, { rateLimit: 3 })
    const statuses = []
    let last: ReachEvent | undefined
    for (let i = 0; i < 4; i++) {
      last = viewEvent()
      statuses.push((await post(limited, { events: [last] })).statusCode)
    }
    expect(statuses).toEqual([202, 202, 202, 429])
    expect(await storedRows(store, [last!.id])).toEqual([])
    await limited.close()
  })
})
