// What the newsroom and audit API tests share: staff accounts made in the store and logged in over app.inject (a
// session cookie and its CSRF token each), unique names, and a temporary copy of seeds/ to use as CONTENT_DIR.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { StaffRole, StaffStore } from '../../server/staff/staff-store'
import { shanghaiDate } from '../../server/content/shanghai-date'
import { REPO_ROOT, type TestApp } from './test-app'

export const PASSWORD = 'correct-horse-battery-staple'

/** A name no other test file (sharing a PostgreSQL database) uses: `name-` and 8 hex digits. */
export const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}`

export interface Session {
  cookie: string
  csrf: string
}

/** An account to make: its role, region and (newsroom) review steps ('' none, '*' any, else names and commas). */
export interface AccountSpec {
  role: StaffRole
  region: string
  reviewSteps?: string
}

/** Makes the accounts (as actor 'test', each with PASSWORD), in the order given. */
export async function addAccounts(staff: StaffStore, accounts: Record<string, AccountSpec>): Promise<void> {
  for (const [username, { role, region, reviewSteps }] of Object.entries(accounts))
    await staff.add(username, PASSWORD, role, region, 'test', reviewSteps)
}

/**
 * Logs each account in (POST /api/v1/staff/session, expecting 204) from a random address under `subnet` (two
 * numbers, e.g. '10.9'; one per test file keeps the login rate limits apart) and returns their sessions by name.
 */
export async function logIn(app: TestApp, usernames: string[], subnet: string): Promise<Record<string, Session>> {
  const sessions: Record<string, Session> = {}
  for (const username of usernames) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { 'content-type': 'application/json' },
      remoteAddress: `${subnet}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      payload: JSON.stringify({ username, password: PASSWORD }),
    })
    expect(response.statusCode).toBe(204)
    const cookie = /^shijian_staff=([^;]*)/.exec(String(response.headers['set-cookie']))![1]
    sessions[username] = { cookie: `shijian_staff=${cookie}`, csrf: String(response.headers['x-csrf-token']) }
  }
  return sessions
}

/** A temporary copy of seeds/ (remove it with fs.rmSync(dir, { recursive: true, force: true })). */
export function copySeeds(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  fs.cpSync(path.join(REPO_ROOT, 'seeds'), dir, { recursive: true })
  return dir
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/**
 * Calls under `base` (default the newsroom's routes) as one of `sessions`' accounts, or with none (`who`
 * undefined): its cookie, and its CSRF token on anything but GET unless `csrf: false`; a payload other than a string
 * is sent as JSON. `app` is read at each call (tests make it in beforeAll).
 */
export function callerAs(app: () => TestApp, sessions: Record<string, Session>, base = '/api/v1/staff/newsroom') {
  return (
    who: string | undefined,
    method: Method,
    url: string,
    payload?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...options.headers }
    if (who) headers.cookie = sessions[who].cookie
    if (who && method !== 'GET' && options.csrf !== false) headers['x-csrf-token'] = sessions[who].csrf
    if (payload !== undefined) headers['content-type'] = 'application/json'
    return app().inject({
      method,
      url: base + url,
      headers,
      ...(payload !== undefined ? { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
    })
  }
}

/** A warning's front matter as the staff form sends it, dated today (Asia/Shanghai); `overrides` replace fields. */
export function warningData(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    title: '新的消费警示：小心“免费体检”',
    publishedAt: shanghaiDate(Date.now()),
    summary: '打着免费体检旗号推销保健品，是常见的套路。',
    level: 'caution',
    region: 'jiangsu',
    whatToDo: ['不参加来路不明的免费体检。', '发现虚假宣传，拨打12315举报。'],
    channel: 'complaint',
    sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条' }],
    ...overrides,
  }
}
