// Shared set-up for the API tests: fixture folders, a fixed clock, and an app built over them.
import path from 'node:path'
import { buildApp, type BuildAppOptions } from '../../server/app'

export const FIXTURES = path.join(__dirname, 'fixtures')
export const VALID_CONTENT = path.join(FIXTURES, 'valid')
export const CONTENT_WITH_PROBLEMS = path.join(FIXTURES, 'with-problems')
export const REPO_ROOT = path.resolve(__dirname, '../..')

/** 2025-06-01 12:00 in Asia/Shanghai: the fixtures' expiry and schedule dates are set around it. */
export const FIXED_NOW = Date.parse('2025-06-01T04:00:00Z')
export const PREVIEW_TOKEN = 'test-preview-token'
export const PREVIEW_ORIGIN = 'http://localhost:10086'

export function testApp(overrides: Partial<BuildAppOptions> = {}) {
  return buildApp({
    contentDir: VALID_CONTENT,
    previewToken: PREVIEW_TOKEN,
    corsOrigins: [PREVIEW_ORIGIN],
    now: () => FIXED_NOW,
    ...overrides,
  })
}

export type TestApp = ReturnType<typeof testApp>

export async function getJson(app: TestApp, url: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url, headers })
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body ? JSON.parse(response.body) : undefined,
  }
}

export const ids = (items: { id: string }[]) => items.map((item) => item.id)
