// kill -9 during ingest: a real API process (server/main.ts) takes batches from several clients at once, is killed
// with SIGKILL mid-stream, and started again on the same store. Every batch that was answered 202 is stored.
import type { ReachEvent } from '../../src/model/events'
import { startApi, stop, type Started } from '../../scripts/lib/processes'
import { Store } from '../../server/store/database'
import { PG_URL, storedRows, tempDataDir, viewEvent } from './events-helpers'

jest.setTimeout(60_000)

const CLIENTS = 4
const ACKED_BEFORE_KILL = 40

const batch = () =>
  Array.from({ length: 20 }, () => viewEvent({ at: Date.now() - 1000, itemId: 'test-explainer-alpha' }))

function postBatch(origin: string, events: ReachEvent[]) {
  return fetch(`${origin}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
}

interface Target {
  name: string
  env: () => Record<string, string>
}
const targets: Target[] = [
  { name: 'SQLite', env: () => ({ DATA_DIR: tempDataDir() }) },
  ...(PG_URL ? [{ name: 'PostgreSQL', env: () => ({ DATABASE_URL: PG_URL! }) }] : []),
]

describe.each(targets)('on $name', ({ env: makeEnv }) => {
  const env: Record<string, string> = { CONTENT_DIR: 'tests/api/fixtures/valid', ...makeEnv() }
  let api: Started | undefined
  afterEach(() => stop(api))

  test('SIGKILL mid-stream loses no acknowledged batch; after a restart they are still there', async () => {
    api = await startApi(env)
    const origin = api.origin
    const acked: ReachEvent[][] = []
    let refused = 0
    let killed = false

    // Clients send batches back to back until the connection fails (the process is gone)
    const client = async () => {
      while (!killed) {
        const events = batch()
        try {
          const response = await postBatch(origin, events)
          if (response.status === 202) {
            const body = (await response.json()) as { accepted: number; duplicates: number }
            expect(body).toEqual({ accepted: 20, duplicates: 0 })
            acked.push(events)
          } else refused++
        } catch {
          return
        }
        if (acked.length >= ACKED_BEFORE_KILL && !killed) {
          killed = true
          api!.process.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: CLIENTS }, client))
    await new Promise((resolve) =>
      api!.process.exitCode !== null || api!.process.signalCode
        ? resolve(undefined)
        : api!.process.once('exit', resolve),
    )
    expect(api.process.signalCode).toBe('SIGKILL')
    expect(refused).toBe(0)
    expect(acked.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL)

    // Started again on the same store: every acknowledged event is there, and resending one is a duplicate
    api = await startApi(env)
    const resent = await postBatch(api.origin, acked[0])
    expect(resent.status).toBe(202)
    expect(await resent.json()).toEqual({ accepted: 0, duplicates: 20 })
    await stop(api)
    api = undefined

    const store = await Store.open({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL })
    const ids = acked.flat().map((event) => event.id)
    const rows = await storedRows(store, ids)
    await store.close()
    expect(rows.length).toBe(ids.length)
  })
})
