// The audit log for province staff, under /api/v1/staff (registered beside staff-routes.ts when a store is open):
//   GET /audit?from&to[&actor][&action][&page][&pageSize]  the entries, newest first, paged; each entry says whether
//       it is intact (its hash is what its content gives, and its prev_hash is the hash of the entry before it in the
//       log), and `chain` is the whole log's verification, as `npm run audit:verify` does it
//   GET /audit.csv?from&to[&actor][&action]                 the same entries as CSV for Excel, audited as audit.export
// from/to are days in Asia/Shanghai (YYYY-MM-DD, both included; default the last 30 days up to today). `action` is an
// exact action, or a prefix ending in `*` (`newsroom.*`). A city account is refused (403): the log is the province's.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { addDays, isRealDate, shanghaiDate, shanghaiDateTime, shanghaiDayStart } from '../content/shanghai-date'
import { ApiError } from '../http/api-error'
import { csvCell } from './reach-csv'
import { staffAuthenticator, staffScope } from './session-auth'
import { auditHash, GENESIS_HASH, verifyAuditChain, type StaffStore } from './staff-store'
import type { AuditLogEntry } from '../../src/model/audit'

export interface AuditRoutesOptions {
  staff: StaffStore
}

export const AUDIT_PAGE_SIZE = 50
export const AUDIT_PAGE_SIZE_MAX = 200
/** At most this many entries in one CSV export: a longer period is exported in parts. */
export const AUDIT_CSV_MAX_ROWS = 100_000
const DEFAULT_DAYS = 30
/** Entries read and hashed between two turns of the event loop when the whole chain is checked. */
const CHAIN_SLICE = 2000

export const AUDIT_CSV_HEADER = ['编号', '时间', '操作人', '操作', '详情', '哈希', '前一条哈希', '校验']

interface AuditQuery {
  from?: string
  to?: string
  actor?: string
  action?: string
  page?: string
  pageSize?: string
}

interface Filter {
  from: string
  to: string
  actor?: string
  action?: string
}

const badParameter = (message: string) => new ApiError(400, 'BAD_PARAMETER', message)

export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (app, { staff }) => {
  await staffScope(app)
  app.addHook('onRequest', staffAuthenticator(staff))
  app.addHook('preHandler', async (request) => {
    if (request.staffSession!.account.role !== 'province') {
      throw new ApiError(403, 'FORBIDDEN_ROLE', 'The audit log is read by province staff only', { why: 'audit' })
    }
  })

  /** The filter of a request: 400 naming a bad parameter. */
  function filterOf(query: AuditQuery): Filter {
    for (const [name, value] of Object.entries(query)) {
      if (Array.isArray(value)) throw badParameter(`${name} must be given once`)
    }
    const date = (name: string, value: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isRealDate(value))
        throw badParameter(`${name} must be a date YYYY-MM-DD`)
      return value
    }
    const to = date('to', query.to || shanghaiDate(staff.now()))
    const from = date('from', query.from || addDays(to, -(DEFAULT_DAYS - 1)))
    if (from > to) throw badParameter('from must not be after to')
    const actor = query.actor?.trim() || undefined
    const action = query.action?.trim() || undefined
    if (actor && actor.length > 100) throw badParameter('actor must be at most 100 characters')
    if (action && !/^[a-z0-9_.-]{1,60}\*?$/i.test(action)) {
      throw badParameter('action must be an action such as newsroom.publish, or a prefix ending in * (newsroom.*)')
    }
    return { from, to, actor, action }
  }

  /** The entries of the filter, newest first, each with the hash of the entry before it in the whole log. */
  function selectEntries(filter: Filter) {
    const start = shanghaiDayStart(filter.from)
    const end = shanghaiDayStart(addDays(filter.to, 1))
    let query = staff.store.db.selectFrom('audit_log as a').where('a.at', '>=', start).where('a.at', '<', end)
    if (filter.actor) query = query.where('a.actor', '=', filter.actor)
    if (filter.action?.endsWith('*')) {
      const prefix = filter.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)
      query = query.where(sql<boolean>`a.action like ${prefix + '%'} escape '\\'`)
    } else if (filter.action) {
      query = query.where('a.action', '=', filter.action)
    }
    return query
  }

  /** A page of entries, newest first; `beforeId`: only those older than that entry (the CSV's slices). */
  async function entries(filter: Filter, limit: number, offset: number, beforeId?: number) {
    let query = selectEntries(filter)
    if (beforeId !== undefined) query = query.where('a.id', '<', beforeId)
    const rows = await query
      .selectAll('a')
      .select((eb) =>
        eb
          .selectFrom('audit_log as b')
          .select('b.hash')
          .whereRef('b.id', '<', 'a.id')
          .orderBy('b.id', 'desc')
          .limit(1)
          .as('before_hash'),
      )
      .orderBy('a.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute()
    return rows.map((row): AuditLogEntry => {
      const entry = { at: Number(row.at), actor: row.actor, action: row.action, detail: row.detail }
      const hashMatches = auditHash(row.prev_hash, entry) === row.hash
      const linked = row.prev_hash === (row.before_hash ?? '0'.repeat(64))
      let detail: unknown = row.detail
      try {
        detail = JSON.parse(row.detail)
      } catch {
        // An edited entry may hold anything: shown as written
      }
      return {
        id: Number(row.id),
        at: entry.at,
        time: shanghaiDateTime(entry.at),
        actor: row.actor,
        action: row.action,
        detail,
        hash: row.hash,
        prevHash: row.prev_hash,
        verified: hashMatches && linked,
        ...(hashMatches && linked
          ? {}
          : {
              problem: hashMatches
                ? 'prev_hash is not the hash of the entry before (an entry before it was removed or edited)'
                : 'the entry does not match its hash (it was edited)',
            }),
      }
    })
  }

  async function count(filter: Filter): Promise<number> {
    const row = await selectEntries(filter)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  /**
   * The whole chain checked as verifyAuditChain (npm run audit:verify) does, read in slices of CHAIN_SLICE entries with
   * a turn of the event loop between them: better-sqlite3 reads synchronously, and 100,000 entries take about half a
   * second to read and hash, which would stall every other request at once.
   */
  async function chain(): Promise<ReturnType<typeof verifyAuditChain>> {
    let prev = GENESIS_HASH
    let after = 0
    let checked = 0
    for (;;) {
      const rows = await staff.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '>', after)
        .orderBy('id')
        .limit(CHAIN_SLICE)
        .execute()
      if (rows.length === 0) return { ok: true, entries: checked }
      // The same rules and reasons as verifyAuditChain, from the hash before the slice
      for (const row of rows) {
        const id = Number(row.id)
        if (row.prev_hash !== prev) return broken(id, 'prev_hash is not the hash of the entry before')
        if (auditHash(prev, { ...row, at: Number(row.at) }) !== row.hash) {
          return broken(id, 'the entry does not match its hash')
        }
        prev = row.hash
        after = id
      }
      checked += rows.length
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  async function broken(brokenAt: number, reason: string) {
    const row = await staff.store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst()
    return { ok: false as const, entries: Number(row?.n ?? 0), brokenAt, reason }
  }

  app.get<{ Querystring: AuditQuery }>('/audit', async (request) => {
    const filter = filterOf(request.query)
    const page = wholeNumber(request.query.page, 'page', 1, 100_000) ?? 1
    const pageSize = wholeNumber(request.query.pageSize, 'pageSize', 1, AUDIT_PAGE_SIZE_MAX) ?? AUDIT_PAGE_SIZE
    await staff.store.ready()
    const [list, total, verification] = await Promise.all([
      entries(filter, pageSize, (page - 1) * pageSize),
      count(filter),
      chain(),
    ])
    return { ...filter, page, pageSize, total, entries: list, chain: verification }
  })

  app.get<{ Querystring: AuditQuery }>(
    '/audit.csv',
    async (request: FastifyRequest<{ Querystring: AuditQuery }>, reply) => {
      const filter = filterOf(request.query)
      await staff.store.ready()
      const total = await count(filter)
      if (total > AUDIT_CSV_MAX_ROWS) {
        throw new ApiError(
          413,
          'TOO_MANY_ROWS',
          `${total} entries from ${filter.from} to ${filter.to}: export at most ${AUDIT_CSV_MAX_ROWS} at a time (a shorter period)`,
        )
      }
      const verification = await chain()
      // In slices, newest first, with a turn of the event loop between them (as the chain check)
      const lines = [AUDIT_CSV_HEADER.join(',')]
      let beforeId: number | undefined
      for (;;) {
        const slice = await entries(filter, CHAIN_SLICE, 0, beforeId)
        for (const entry of slice) {
          const cells = [
            entry.id,
            entry.time,
            entry.actor,
            entry.action,
            typeof entry.detail === 'string' ? entry.detail : JSON.stringify(entry.detail),
            entry.hash,
            entry.prevHash,
            entry.verified ? '通过' : `不符：${entry.problem}`,
          ]
          lines.push(cells.map(csvCell).join(','))
        }
        if (slice.length < CHAIN_SLICE || lines.length > AUDIT_CSV_MAX_ROWS) break
        beforeId = slice[slice.length - 1].id
        await new Promise((resolve) => setImmediate(resolve))
      }
      const csv = '\uFEFF' + lines.join('\r\n') + '\r\n'
      // Written once the export is made: the export itself is the next entry of the log
      await staff.audit({
        at: staff.now(),
        actor: request.staffSession!.account.username,
        action: 'audit.export',
        detail: {
          from: filter.from,
          to: filter.to,
          actor: filter.actor ?? null,
          action: filter.action ?? null,
          rows: lines.length - 1,
          chainOk: verification.ok,
        },
      })
      reply.header('content-type', 'text/csv; charset=utf-8')
      reply.header('content-disposition', `attachment; filename="audit-${filter.from}-${filter.to}.csv"`)
      reply.header('x-audit-chain', verification.ok ? 'ok' : `broken at ${verification.brokenAt}`)
      return csv
    },
  )
}

function wholeNumber(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw badParameter(`${name} must be a whole number from ${min} to ${max}`)
  }
  return Number(value)
}
