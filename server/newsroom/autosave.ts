// Autosave of drafts: each account's unsaved work in the editor, kept on the server while it types (table
// newsroom_autosaves, migration 0006), so a closed tab, a crash or a lost connection loses at most a few seconds.
// One autosave per account and slot: an item (`collection/id`) or a new item of a collection (`new:collection`).
//
// It is a private working copy, not a version: never readable by another account, not validated against the
// collection's schema (work in progress; only its shape and size are checked: 400, 413), not audited per keystroke.
// Saving a version (or creating the item) deletes the saver's autosave of that slot in the same transaction
// (dropAutosaves, called by newsroom-store.ts). Registered inside the newsroom's routes: the session (401) and, for
// PUT and DELETE, the CSRF token (403) are checked before anything else; then whether the item exists for this
// account (404, the same for an item of a region it may not draft for as for no item at all) and, to autosave,
// whether it is a draft (409).
//
//   PUT    /autosaves/:collection/:id   {baseVersion, data, body}  → 200 {slot, baseVersion, savedAt, bytes}
//   GET    /autosaves/:collection/:id   → 200 {autosave: null | {slot, baseVersion, savedAt, data, body}}
//   DELETE /autosaves/:collection/:id   → 204
//   (and the same on /autosaves/:collection for a new item of that collection)
//
// The PUT answers once its transaction is committed (SQLite WAL or PostgreSQL), so what it acknowledged survives
// the process being killed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Transaction } from 'kysely'
import { COLLECTIONS, type CollectionName } from '../../src/model/labels'
import type { ContentStore } from '../content/content-store'
import { ApiError } from '../http/api-error'
import type { StaffStore } from '../staff/staff-store'
import type { Database } from '../store/database'
import { readItemFile } from './item-file'
import type { NewsroomStore } from './newsroom-store'
import { mayDraft, type Actor } from './policy'

/** Nesting and size limits of the fields' shape (the form's values: texts, lists of texts and of small objects). */
const MAX_DEPTH = 5
const MAX_KEYS = 200
const MAX_ITEMS = 500

export const itemSlot = (collection: CollectionName, id: string) => `${collection}/${id}`
export const newSlot = (collection: CollectionName) => `new:${collection}`

/** Inside a save's or a create's transaction: the saver's autosaves of these slots go with it (or stay, if not). */
export async function dropAutosaves(trx: Transaction<Database>, username: string, slots: string[]): Promise<void> {
  await trx
    .deleteFrom('newsroom_autosaves')
    .where('slot', 'in', slots)
    .where('account', 'in', (eb) => eb.selectFrom('staff').select('id').where('username', '=', username))
    .execute()
}

export interface AutosaveRouteDeps {
  news: NewsroomStore
  staff: StaffStore
  content: ContentStore
  actorOf: (request: FastifyRequest) => Promise<Actor>
  /** MAX_DRAFT_BYTES: the most an autosave's JSON {data, body} may take */
  maxBytes: number
}

interface AutosaveBody {
  baseVersion: number
  data: Record<string, unknown>
  body: string
}

type Params = { collection: CollectionName; id?: string }

/** The problem with the fields' shape (a path and what is wrong), or undefined when it is a plain JSON object. */
function shapeProblem(value: unknown, path: string, depth: number): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is not a finite number`
  if (depth >= MAX_DEPTH) return `${path} is nested more than ${MAX_DEPTH} levels deep`
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) return `${path} has more than ${MAX_ITEMS} entries`
    for (let index = 0; index < value.length; index++) {
      const problem = shapeProblem(value[index], `${path}/${index}`, depth + 1)
      if (problem) return problem
    }
    return undefined
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value)
    if (keys.length > MAX_KEYS) return `${path} has more than ${MAX_KEYS} fields`
    for (const key of keys) {
      const problem = shapeProblem((value as Record<string, unknown>)[key], `${path}/${key}`, depth + 1)
      if (problem) return problem
    }
    return undefined
  }
  return `${path} is not a JSON value`
}

export function autosaveRoutes(app: FastifyInstance, { news, staff, content, actorOf, maxBytes }: AutosaveRouteDeps) {
  const province = () => content.content.site?.province ?? ''
  const forbidden = () => new ApiError(403, 'FORBIDDEN_REGION', 'This account may not draft items of that publisher')

  /**
   * The slot asked for (by the item's newsroom id) and whether it is a draft: 404 for an unknown item, and the very
   * same 404 for an item this account may not draft (another region's: nothing says it exists).
   */
  async function target(actor: Actor, { collection, id }: Params) {
    if (id === undefined) return { slot: newSlot(collection), editable: true, state: 'draft' }
    const unknown = new ApiError(404, 'NOT_FOUND', `No item ${collection}/${id}`)
    const record = await news.find(collection, id)
    let publisher: string
    let state: string
    let slotId = id
    if (record) {
      publisher = record.publisher
      state = record.state
      slotId = record.id
    } else {
      const file = readItemFile(content.content.contentDir, collection, id)
      if (!file) throw unknown
      publisher = typeof file.data.publisher === 'string' ? file.data.publisher : province()
      state = file.data.status === 'published' ? 'published' : 'draft'
    }
    if (!mayDraft(actor, publisher)) throw unknown
    return { slot: itemSlot(collection, slotId), editable: state === 'draft', state }
  }

  const db = () => staff.store.db

  async function put(request: FastifyRequest<{ Params: Params; Body: AutosaveBody }>) {
    const actor = await actorOf(request)
    const { slot, editable, state } = await target(actor, request.params)
    if (!editable) {
      throw new ApiError(409, 'NOT_EDITABLE', `${slot} is ${state}: only a draft is autosaved`)
    }
    const { baseVersion, data, body } = request.body
    const problem = shapeProblem(data, 'data', 0)
    if (problem) throw new ApiError(400, 'BAD_AUTOSAVE', `The autosave's fields are not kept: ${problem}`)
    // A city account's draft names its own region (as saving it would require)
    if (typeof data.publisher === 'string' && data.publisher !== '' && !mayDraft(actor, data.publisher)) {
      throw forbidden()
    }
    const json = JSON.stringify({ data, body })
    const bytes = Buffer.byteLength(json)
    if (bytes > maxBytes) {
      throw new ApiError(
        413,
        'TOO_LARGE',
        `The autosave is ${bytes} bytes: at most ${maxBytes} bytes (${maxBytes / 1024} KiB) of fields and body are kept`,
      )
    }
    await staff.store.ready()
    const savedAt = staff.now()
    await db()
      .insertInto('newsroom_autosaves')
      .values({ account: actor.id, slot, base_version: baseVersion, content: json, saved_at: savedAt })
      .onConflict((conflict) =>
        conflict
          .columns(['account', 'slot'])
          .doUpdateSet({ base_version: baseVersion, content: json, saved_at: savedAt }),
      )
      .execute()
    return { slot, baseVersion, savedAt, bytes }
  }

  async function get(request: FastifyRequest<{ Params: Params }>) {
    const actor = await actorOf(request)
    const { slot } = await target(actor, request.params)
    await staff.store.ready()
    const row = await db()
      .selectFrom('newsroom_autosaves')
      .selectAll()
      .where('account', '=', actor.id)
      .where('slot', '=', slot)
      .executeTakeFirst()
    if (!row) return { autosave: null }
    const { data, body } = JSON.parse(row.content) as { data: Record<string, unknown>; body: string }
    return { autosave: { slot, baseVersion: Number(row.base_version), savedAt: Number(row.saved_at), data, body } }
  }

  async function remove(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const actor = await actorOf(request)
    const { slot } = await target(actor, request.params)
    await staff.store.ready()
    await db().deleteFrom('newsroom_autosaves').where('account', '=', actor.id).where('slot', '=', slot).execute()
    return reply.code(204).send()
  }

  const collection = { type: 'string', enum: [...COLLECTIONS] }
  const id = { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 }
  const bodySchema = {
    type: 'object',
    required: ['baseVersion', 'data', 'body'],
    additionalProperties: false,
    properties: {
      baseVersion: { type: 'integer', minimum: 0, maximum: 1_000_000_000 },
      data: { type: 'object' },
      body: { type: 'string' },
    },
  }
  // Room for a body over the limit to reach the handler, which says how large it was (413)
  const bodyLimit = 2 * maxBytes + 4096
  for (const [url, params] of [
    ['/autosaves/:collection/:id', { type: 'object', required: ['collection', 'id'], properties: { collection, id } }],
    ['/autosaves/:collection', { type: 'object', required: ['collection'], properties: { collection } }],
  ] as const) {
    app.put<{ Params: Params; Body: AutosaveBody }>(url, { bodyLimit, schema: { params, body: bodySchema } }, put)
    app.get<{ Params: Params }>(url, { schema: { params } }, get)
    app.delete<{ Params: Params }>(url, { schema: { params } }, remove)
  }
}
