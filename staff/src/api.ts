// Calls to the staff API on the same origin. The session cookie is HttpOnly (this code never sees it): GET /me says
// who is logged in and gives the CSRF token that DELETE /session needs.
import type { ErrorParams } from '../../src/model/error-messages'
import type { Me, Reach, ReachParams } from './types'

export const STAFF_API = '/api/v1/staff'

/** An answer other than 2xx, with the API's error code, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Retry-After in seconds (429) */
    readonly retryAfter?: number,
    /** The whole JSON answer (the newsroom's 400 `fields`, 412 `diff`, 422 `checks`) */
    readonly body?: Record<string, unknown>,
    /** The details the code's Chinese words say (src/model/error-messages.ts) */
    readonly params?: ErrorParams,
  ) {
    super(message)
  }
}

export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response
  try {
    response = await fetch(STAFF_API + path, { credentials: 'same-origin', cache: 'no-store', ...init })
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw new ApiError(0, 'NETWORK', '无法连接服务器')
  }
  if (response.ok) return response
  let code = 'HTTP_' + response.status
  let message = response.statusText
  let whole: Record<string, unknown> | undefined
  let params: ErrorParams | undefined
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; params?: ErrorParams } }
    whole = body as Record<string, unknown>
    code = body.error?.code ?? code
    message = body.error?.message ?? message
    params = body.error?.params
  } catch {
    // not the API's error shape (a proxy's page): the status says enough
  }
  const retry = Number(response.headers.get('retry-after'))
  const wait = Number.isFinite(retry) && retry > 0 ? retry : undefined
  throw new ApiError(response.status, code, message, wait, whole, wait ? { wait, ...params } : params)
}

/** Who is logged in; null without a session (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return (await (await call('/me')).json()) as Me
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null
    throw error
  }
}

/** The demo's words when the server runs on demo data (npm start -- --demo), else null; null when unknown. */
export async function fetchDemo(): Promise<string | null> {
  try {
    return ((await (await call('/demo')).json()) as { demo: string | null }).demo
  } catch {
    return null
  }
}

export async function logIn(username: string, password: string): Promise<void> {
  await call('/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
}

export async function logOut(csrfToken: string): Promise<void> {
  await call('/session', { method: 'DELETE', headers: { 'x-csrf-token': csrfToken } })
}

/** The query string of /reach and /reach.csv: empty collection or region are left out. */
export function reachQuery(params: ReachParams): string {
  const query = new URLSearchParams({ from: params.from, to: params.to })
  if (params.collection) query.set('collection', params.collection)
  if (params.region) query.set('region', params.region)
  return query.toString()
}

export async function fetchReach(params: ReachParams, signal?: AbortSignal): Promise<Reach> {
  return (await (await call(`/reach?${reachQuery(params)}`, { signal })).json()) as Reach
}

export const csvUrl = (params: ReachParams) => `${STAFF_API}/reach.csv?${reachQuery(params)}`
