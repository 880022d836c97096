// Malformed, oversized and hostile bodies on POST /api/v1/events: always a 4xx with the error shape (or 202 when
// the body happens to be valid), never a 5xx.
import * as fc from 'fast-check'
import { EVENT_TYPES } from '../../src/model/events'
import type { Store } from '../../server/store/database'
import { eventsApp, storeKinds, viewEvent } from './events-helpers'
import { FIXED_NOW, type TestApp } from './test-app'

let store: Store
let app: TestApp

async function expectNo5xx(payload: string | Buffer, contentType = 'application/json') {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { 'content-type': contentType },
    payload,
  })
  if (response.statusCode === 202) return
  expect(response.statusCode).toBeGreaterThanOrEqual(400)
  expect(response.statusCode).toBeLessThan(500)
  expect(response.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } })
}

const hostileValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '__proto__',
    'constructor',
    "'; drop table events; --",
    '\u0000',
    'a\u0000b',
    '\ud800',
    '${7*7}',
    '1e999',
    'x'.repeat(5000),
    '13800138000',
  ),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
)

// An event near a valid one: each field may be dropped, replaced by something hostile, or kept
const nearEvent = fc
  .record({
    base: fc.constantFrom(...EVENT_TYPES),
    changes: fc.dictionary(
      fc.constantFrom('id', 'type', 'at', 'visitor', 'collection', 'itemId', 'page', 'scene', 'shareId', 'q', 'zz'),
      fc.oneof(hostileValue, fc.constant(undefined)),
      { maxKeys: 3 },
    ),
  })
  .map(({ base, changes }) => ({ ...viewEvent({ type: base, at: FIXED_NOW }), ...changes }))

describe.each(storeKinds())('POST /api/v1/events never answers 5xx, on $name', (kind) => {
  beforeAll(async () => {
    store = await kind.open()
    app = eventsApp(store)
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await store.close()
  })

  test('events near valid ones, in batches of 0 to 60', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(nearEvent, { maxLength: 60 }), async (events) => {
        await expectNo5xx(JSON.stringify({ events }))
      }),
      { numRuns: 300 },
    )
  })

  test('any JSON value as the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        await expectNo5xx(JSON.stringify(value))
        await expectNo5xx(JSON.stringify({ events: value }))
        await expectNo5xx(JSON.stringify({ events: [value] }))
      }),
      { numRuns: 200 },
    )
  })

  test('arbitrary bytes and strings, under any content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
        ),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/octet-stream',
          'application/json; charset=latin1',
          '',
        ),
        async (payload, contentType) => {
          await expectNo5xx(payload, contentType)
        },
      ),
      { numRuns: 200 },
    )
  })

  test('oversized and deeply nested bodies', async () => {
    await expectNo5xx(JSON.stringify({ events: Array.from({ length: 5000 }, () => viewEvent()) }))
    await expectNo5xx('['.repeat(20_000) + ']'.repeat(20_000))
    await expectNo5xx(`{"events": [${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}]}`)
    await expectNo5xx(JSON.stringify({ events: [{ ...viewEvent(), q: '字'.repeat(10_000) }] }))
  })
})
