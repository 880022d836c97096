// Shared set-up for the reach events tests: stores on SQLite (a temporary folder) and, when TEST_DATABASE_URL or
// DATABASE_URL is set, on PostgreSQL; events that pass validation against the fixtures at FIXED_NOW.
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ReachEvent } from '../../src/model/events'
import { Store } from '../../server/store/database'
import { requireInCi } from '../support/ci-requires'
import { FIXED_NOW, testApp, type TestApp } from './test-app'

export const PG_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined
// Every PostgreSQL test reads PG_URL from here: under CI its absence fails each suite that imports it
requireInCi(PG_URL !== undefined, 'PostgreSQL for the storage tests', 'set TEST_DATABASE_URL (or DATABASE_URL)')

export interface StoreKind {
  name: 'sqlite' | 'postgres'
  open(): Promise<Store>
}

const sqliteDirs: string[] = []
afterAll(() => {
  for (const dir of sqliteDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

export function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-events-'))
  sqliteDirs.push(dir)
  return dir
}

export const SQLITE: StoreKind = { name: 'sqlite', open: () => Store.open({ dataDir: tempDataDir() }) }
export const POSTGRES: StoreKind = { name: 'postgres', open: () => Store.open({ databaseUrl: PG_URL }) }

/** The stores the storage tests run on: SQLite always, PostgreSQL when a URL is given (its absence said above). */
export function storeKinds(): StoreKind[] {
  return PG_URL ? [SQLITE, POSTGRES] : [SQLITE]
}

export const visitor = () => randomBytes(18).toString('base64url')

export function viewEvent(overrides: Partial<ReachEvent> = {}): ReachEvent {
  return {
    id: randomUUID(),
    type: 'view',
    at: FIXED_NOW - 60_000,
    visitor: 'visitor-0123456789abcdef',
    page: 'pages/detail/index',
    collection: 'explainers',
    itemId: 'test-explainer-alpha',
    ...overrides,
  }
}

export function eventsApp(store: Store, overrides: Parameters<typeof testApp>[0] = {}): TestApp {
  return testApp({ events: { store }, ...overrides })
}

export function post(app: TestApp, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** The stored rows with these ids, by id, as plain objects (numbers as numbers on both databases). */
export async function storedRows(store: Store, ids: string[]) {
  if (ids.length === 0) return []
  const rows = await store.db.selectFrom('events').selectAll().where('id', 'in', ids).orderBy('id').execute()
  return rows.map((row) => ({ ...row, at: Number(row.at), received_at: Number(row.received_at) }))
}
