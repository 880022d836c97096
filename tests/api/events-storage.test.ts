// The same storage contract on SQLite and, when TEST_DATABASE_URL (or DATABASE_URL) is set, on PostgreSQL:
// stored once committed, idempotent by event id, concurrent batches, the schema migrated once, and 503 (with public
// reads going on) when the database is unavailable.
import { randomUUID } from 'node:crypto'
import { Store } from '../../server/store/database'
import { migrations } from '../../server/store/migrations'
import { eventsApp, post, storedRows, storeKinds, tempDataDir, viewEvent } from './events-helpers'

describe.each(storeKinds())('on $name', (kind) => {
  let store: Store
  beforeAll(async () => {
    store = await kind.open()
  })
  afterAll(async () => {
    await store.close()
  })

  test('resending a batch stores nothing twice: duplicates counted, rows unchanged', async () => {
    const app = eventsApp(store)
    const events = [viewEvent(), viewEvent({ type: 'search', collection: undefined, itemId: undefined, q: '退款' })]
    const ids = events.map((event) => event.id)
    expect((await post(app, { events })).json()).toEqual({ accepted: 2, duplicates: 0 })
    const before = await storedRows(store, ids)
    expect(before).toHaveLength(2)

    // The same ids again, one with other content, one new event: only the new one is stored
    const changed = { ...events[0], page: 'pages/index/index' }
    const fresh = viewEvent()
    const again = await post(app, { events: [changed, events[1], fresh] })
    expect(again.statusCode).toBe(202)
    expect(again.json()).toEqual({ accepted: 1, duplicates: 2 })
    expect(await storedRows(store, ids)).toEqual(before)
    expect(await storedRows(store, [fresh.id])).toHaveLength(1)

    // One id twice in one batch: stored once
    const twice = viewEvent()
    expect((await post(app, { events: [twice, twice] })).json()).toEqual({ accepted: 1, duplicates: 1 })
    await app.close()
  })

  test('concurrent batches are all stored, none lost', async () => {
    const app = eventsApp(store)
    const batches = Array.from({ length: 20 }, () => Array.from({ length: 20 }, () => viewEvent()))
    const responses = await Promise.all(batches.map((events) => post(app, { events })))
    expect(responses.map((response) => response.statusCode)).toEqual(batches.map(() => 202))
    const ids = batches.flat().map((event) => event.id)
    expect(await storedRows(store, ids)).toHaveLength(400)
    await app.close()
  })

  test('concurrent batches with one id among them: counted new once, and a late day marked to be rolled up again', async () => {
    const shared = randomUUID()
    const late = { ...row(shared), day: '2025-05-30' }
    const batches = [
      [late, row()],
      [row(), { ...late }],
      [row(), row(), { ...late }],
    ]
    const counts = await Promise.all(batches.map((rows) => store.insertEvents(rows)))
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(5)
    expect(await storedRows(store, [shared])).toHaveLength(1)
    const marked = await store.db
      .selectFrom('reach_days')
      .select(['day', 'dirty'])
      .where('day', '=', '2025-05-30')
      .execute()
    expect(marked).toEqual([{ day: '2025-05-30', dirty: 1 }])
  })

  test('the schema is migrated once, and opening again (another replica) finds it and the rows', async () => {
    const event = viewEvent()
    expect(await store.insertEvents([row(event.id)])).toBe(1)
    const migrationNames = (db: Store['db']) =>
      db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute()
    expect(await migrationNames(store.db)).toEqual(Object.keys(migrations(kind.name)).map((name) => ({ name })))
    // SQLite: the same folder is opened in the test below
    if (kind.name === 'postgres') {
      const replica = await kind.open()
      expect(await storedRows(replica, [event.id])).toHaveLength(1)
      expect(await migrationNames(replica.db)).toEqual(Object.keys(migrations(kind.name)).map((name) => ({ name })))
      await replica.close()
    }
  })

  test('the database gone: 503 STORE_UNAVAILABLE, and public reads go on', async () => {
    const doomed = await kind.open()
    const app = eventsApp(doomed)
    await doomed.close()
    const response = await post(app, { events: [viewEvent()] })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({ error: { code: 'STORE_UNAVAILABLE', message: expect.any(String) } })
    expect((await app.inject('/api/v1/explainers')).statusCode).toBe(200)
    expect((await app.inject('/api/v1/search?q=%E9%80%80%E6%AC%BE')).statusCode).toBe(200)
    await app.close()
  })
})

describe('SQLite', () => {
  test('a second process-like open of the same folder finds the rows and the schema', async () => {
    const dir = tempDataDir()
    const first = await Store.open({ dataDir: dir })
    const event = viewEvent()
    await first.insertEvents([row(event.id)])
    await first.close()
    const second = await Store.open({ dataDir: dir })
    expect(await storedRows(second, [event.id])).toHaveLength(1)
    const mode = await second.db.selectFrom('events').select('id').limit(1).execute()
    expect(mode).toHaveLength(1)
    await second.close()
  })
})

describe('PostgreSQL not reachable', () => {
  test('the API starts without it, answers 503 on events within seconds, and public reads go on', async () => {
    // Port 1 on the loopback: nothing listens there, the connection is refused at once
    const store = Store.connect({ databaseUrl: 'postgres://shijian:x@127.0.0.1:1/shijian' })
    const app = eventsApp(store)
    const started = Date.now()
    const response = await post(app, { events: [viewEvent()] })
    expect(response.statusCode).toBe(503)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await app.inject('/api/v1/explainers')).statusCode).toBe(200)
    await app.close()
    await store.close()
  })
})

function row(id: string = randomUUID()) {
  const at = Date.now()
  return {
    id,
    type: 'view',
    at,
    day: '2025-06-01',
    visitor: 'visitor-0123456789abcdef',
    collection: null,
    item_id: null,
    page: 'pages/index/index',
    scene: null,
    share_id: null,
    from_share_id: null,
    q: null,
    received_at: at,
  }
}
