// Login throttling with the real API: WORKERS=2 on one SQLite DATA_DIR, no STAFF_ADDRESS_KEY, client addresses from
// X-Forwarded-For (TRUST_PROXY=127.0.0.1). Each login goes over a connection of its own, so node:cluster hands them
// to both workers in turn. Shown: attempts are counted before their password is checked, so parallel logins never
// check more than the limit; the counts are shared by the workers and survive a restart (the address key is kept
// in the database); a guesser's address is locked while the owner signs in from another.
import http from 'node:http'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startApi, stop, type Started } from '../../scripts/lib/processes'
import { StaffStore } from '../../server/staff/staff-store'
import { Store } from '../../server/store/database'

const PASSWORD = 'correct-horse-battery-staple'
const WRONG = 'wrong-password-xyz'
/** Failures for one account from one address in 15 min (MAX_FAILURES_PER_ACCOUNT_ADDRESS). */
const LIMIT = 5
const PARALLEL = 19

jest.setTimeout(60_000)

let dataDir: string
let api: Started | undefined

const env = () => ({ DATA_DIR: dataDir, WORKERS: '2', TRUST_PROXY: '127.0.0.1', STAFF_ADDRESS_KEY: '' })

/** POST /api/v1/staff/session over a new connection, from `address` (X-Forwarded-For): the status. */
function login(username: string, password: string, address: string): Promise<number> {
  const body = JSON.stringify({ username, password })
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL('/api/v1/staff/session', api!.origin),
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-forwarded-for': address,
        },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode!))
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

const tally = (statuses: number[]) => {
  const counts: Record<number, number> = {}
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1
  return counts
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-throttle-'))
  const store = await Store.open({ dataDir })
  const staff = new StaffStore(store)
  for (const name of ['sequential', 'parallel']) await staff.add(name, PASSWORD, 'city', 'nanjing', 'test')
  await store.close()
  api = await startApi(env())
})

afterAll(async () => {
  await stop(api)
  fs.rmSync(dataDir, { recursive: true, force: true })
})

test('one count for both workers: the 6th wrong password in a row from one address is 429, whichever worker', async () => {
  const statuses: number[] = []
  for (let i = 0; i < 2 * LIMIT; i++) statuses.push(await login('sequential', WRONG, '198.51.100.7'))
  expect(statuses).toEqual([...Array(LIMIT).fill(401), ...Array(LIMIT).fill(429)])
})

test(`${PARALLEL} parallel logins, the right password 12th: at most ${LIMIT} wrong passwords checked, the rest 429`, async () => {
  const statuses = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) => login('parallel', i === 11 ? PASSWORD : WRONG, '203.0.113.9')),
  )
  const counts = tally(statuses)
  // No other answer (two workers appending to the audit log at once once gave 500 SQLITE_BUSY)
  const unexpected = statuses.filter((status) => ![401, 204, 429].includes(status))
  if (unexpected.length) {
    const errors = api!
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":50'))
    throw new Error(`answers ${unexpected.join(', ')}; the API logged:\n${errors.slice(0, 3).join('\n')}`)
  }
  // Reserved before Argon2: no more than the limit are checked. A successful login releases its reservation (it is
  // no failure), so one more wrong password may be checked if the right one finished before all were counted.
  expect(counts[401] ?? 0).toBeLessThanOrEqual(LIMIT)
  expect(counts[204] ?? 0).toBeLessThanOrEqual(1)
  expect((counts[401] ?? 0) + (counts[204] ?? 0)).toBeGreaterThanOrEqual(LIMIT)
  expect(counts[429]).toBe(PARALLEL - (counts[401] ?? 0) - (counts[204] ?? 0))
})

test("the guesser's address is locked, the owner signs in from another; after a restart the lock holds", async () => {
  expect(await login('sequential', PASSWORD, '198.51.100.7')).toBe(429)
  expect(await login('sequential', PASSWORD, '192.0.2.44')).toBe(204)
  await stop(api)
  api = await startApi(env())
  // The counts are in the database and the addresses' key with them: a restart unlocks nothing
  expect(await login('sequential', PASSWORD, '198.51.100.7')).toBe(429)
  expect(await login('sequential', WRONG, '198.51.100.7')).toBe(429)
  expect(await login('sequential', PASSWORD, '192.0.2.45')).toBe(204)
})
