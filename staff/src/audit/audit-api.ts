// The audit log's routes (server/staff/audit-routes.ts): GET /audit (a page of entries, newest first, each checked,
// and the whole chain's verification) and the CSV export's address.
import { call, STAFF_API } from '../api'
import type { AuditLogEntry } from '../../../src/model/audit'

export interface AuditFilter {
  from: string
  to: string
  /** '' : every actor */
  actor: string
  /** '' : every action; an action (newsroom.publish) or a prefix ending in * (newsroom.*) */
  action: string
}

export type AuditEntry = AuditLogEntry

export type ChainStatus =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string }

export interface AuditPage {
  from: string
  to: string
  page: number
  pageSize: number
  total: number
  entries: AuditEntry[]
  chain: ChainStatus
}

export function auditQuery(filter: AuditFilter, page?: number): string {
  const query = new URLSearchParams({ from: filter.from, to: filter.to })
  if (filter.actor.trim()) query.set('actor', filter.actor.trim())
  if (filter.action.trim()) query.set('action', filter.action.trim())
  if (page && page > 1) query.set('page', String(page))
  return query.toString()
}

export async function fetchAudit(filter: AuditFilter, page: number, signal?: AbortSignal): Promise<AuditPage> {
  return (await (await call(`/audit?${auditQuery(filter, page)}`, { signal })).json()) as AuditPage
}

export const auditCsvUrl = (filter: AuditFilter) => `${STAFF_API}/audit.csv?${auditQuery(filter)}`

/** The audit page's address in the hash: #/audit */
export const AUDIT_HASH = '#/audit'
export const isAuditHash = (hash: string) => /^#\/?audit(\/|$)/.test(hash)
