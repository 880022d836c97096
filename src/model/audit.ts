// An entry of the staff audit log as GET /api/v1/staff/audit answers it (server/staff/audit-routes.ts) and the staff
// app's 操作日志 page shows it. Types only.
export interface AuditLogEntry {
  id: number
  /** ms since the epoch */
  at: number
  /** YYYY-MM-DD HH:mm:ss, Beijing time */
  time: string
  actor: string
  action: string
  detail: unknown
  hash: string
  prevHash: string
  /** Its hash matches it and its prevHash is the hash of the entry before it */
  verified: boolean
  /** When not verified: why */
  problem?: string
}
