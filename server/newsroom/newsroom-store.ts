// The newsroom's records in the staff database (migration 0005_newsroom): one row per item with its workflow state,
// every saved version (kept for diffs), and every review step. State changes are compare-and-set updates (the
// state, step, round or version the caller saw), so two people acting at once never both succeed.
//
// Two ids (migration 0011): `id`, the newsroom's (the staff routes' :id, autosaves, preview links, the audit log),
// never changes; `publicId`, the file's name in CONTENT_DIR and the id of share links, is null until the item is
// first published and fixed from then on. A new draft's id is made here (newDraftId: random, not guessable), so no
// id tells anyone that a draft they may not see exists; an item read in from a file has the file's id as both.
import { randomBytes } from 'node:crypto'
import type { CollectionName } from '../../src/model/labels'
import type { NewsroomReview, NewsroomVersionInfo } from '../../src/model/newsroom'
import type { Transaction, Updateable } from 'kysely'
import type { Database, NewsroomItemsTable, Store } from '../store/database'
import { dropAutosaves } from './autosave'
import type { FrontMatter, ItemText } from './item-file'

export type WorkflowState = NewsroomItemsTable['state']

export interface ItemRecord {
  key: number
  collection: CollectionName
  /** The newsroom's id: the server's for a new draft (newDraftId), the file's for an item read in from one */
  id: string
  /** The public id (CONTENT_DIR/<collection>/<publicId>.md, share links): null until first published, then fixed */
  publicId: string | null
  publisher: string
  state: WorkflowState
  step: number
  round: number
  version: number
  submittedVersion: number | null
  publishedVersion: number | null
  correctionReason: string | null
  createdBy: string
  createdAt: number
  updatedAt: number
}

export interface VersionRecord extends ItemText, NewsroomVersionInfo {}

export type ReviewRecord = NewsroomReview

/** Runs inside a change's transaction once the change is made: its audit entry, which commits with it or not at all. */
export type AuditInside = (trx: Transaction<Database>) => Promise<void>

/** The saver written for a version read in from CONTENT_DIR (an item that existed before the newsroom had it). */
export const IMPORTED = '(content file)'

const DRAFT_ID_LETTERS = 'abcdefghijklmnopqrstuvwxyz234567'
/**
 * A new draft's newsroom id: `d-` and 20 random letters of base32 (100 bits), never the id the editor wishes for.
 * The wish (the draft's `id` field) becomes the public id on publication; until then a city account asking for
 * another region's id, or creating with it, learns nothing (the draft's own id cannot be guessed or collided with).
 */
export function newDraftId(): string {
  return 'd-' + [...randomBytes(20)].map((byte) => DRAFT_ID_LETTERS[byte & 31]).join('')
}

type Row = { [K in keyof NewsroomItemsTable]: unknown }

function toRecord(row: Row): ItemRecord {
  const nullable = (value: unknown) => (value === null || value === undefined ? null : Number(value))
  return {
    key: Number(row.id),
    collection: row.collection as CollectionName,
    id: row.item_id as string,
    publicId: (row.public_id as string | null) ?? null,
    publisher: row.publisher as string,
    state: row.state as WorkflowState,
    step: Number(row.step),
    round: Number(row.round),
    version: Number(row.version),
    submittedVersion: nullable(row.submitted_version),
    publishedVersion: nullable(row.published_version),
    correctionReason: (row.correction_reason as string | null) ?? null,
    createdBy: row.created_by as string,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export class NewsroomStore {
  constructor(
    readonly store: Store,
    readonly now: () => number,
  ) {}

  private get db() {
    return this.store.db
  }

  /**
   * The compare-and-set every change makes, in one transaction: the item's row updated only while it is still as the
   * caller saw it (`seen`: its state and, when given, step, round and version), then the rest of the change (`then`,
   * e.g. the new version or review row) and its audit entry (`onRecord`), committed together. False, with nothing
   * changed, when the row moved on meanwhile.
   */
  private guarded(
    record: ItemRecord,
    seen: { state: WorkflowState; step?: number; round?: number; version?: number },
    set: Updateable<NewsroomItemsTable>,
    then?: AuditInside,
    onRecord?: AuditInside,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      let update = trx
        .updateTable('newsroom_items')
        .set(set)
        .where('id', '=', record.key)
        .where('state', '=', seen.state)
      if (seen.step !== undefined) update = update.where('step', '=', seen.step)
      if (seen.round !== undefined) update = update.where('round', '=', seen.round)
      if (seen.version !== undefined) update = update.where('version', '=', seen.version)
      const updated = await update.executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) return false
      await then?.(trx)
      await onRecord?.(trx)
      return true
    })
  }

  /** The item of this newsroom id, else the one published under this public id (a public page's id). */
  async find(collection: CollectionName, id: string): Promise<ItemRecord | undefined> {
    await this.store.ready()
    const query = this.db.selectFrom('newsroom_items').selectAll().where('collection', '=', collection)
    const row =
      (await query.where('item_id', '=', id).executeTakeFirst()) ??
      (await query.where('public_id', '=', id).executeTakeFirst())
    return row ? toRecord(row) : undefined
  }

  /** Whether an item other than `except` has this public id (published once, or read in from a file). */
  async publicIdUsed(collection: CollectionName, publicId: string, except?: ItemRecord): Promise<boolean> {
    await this.store.ready()
    let query = this.db
      .selectFrom('newsroom_items')
      .select('id')
      .where('collection', '=', collection)
      .where('public_id', '=', publicId)
    if (except) query = query.where('id', '!=', except.key)
    return (await query.executeTakeFirst()) !== undefined
  }

  async all(): Promise<ItemRecord[]> {
    await this.store.ready()
    const rows = await this.db.selectFrom('newsroom_items').selectAll().orderBy('updated_at', 'desc').execute()
    return rows.map(toRecord)
  }

  /**
   * A new record with its first version. `state` is draft for a new item, published when an existing published file
   * is read in (then version 1 is that file, saved by IMPORTED, and `id` is also its public id). Undefined when the
   * item has a record already.
   */
  async create(
    collection: CollectionName,
    id: string,
    publisher: string,
    item: ItemText,
    by: string,
    state: 'draft' | 'published' = 'draft',
    onRecord?: AuditInside,
  ): Promise<ItemRecord | undefined> {
    await this.store.ready()
    const at = this.now()
    try {
      await this.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('newsroom_items')
          .values({
            collection,
            item_id: id,
            public_id: by === IMPORTED ? id : null,
            publisher,
            state,
            step: 0,
            round: 0,
            version: 1,
            submitted_version: null,
            published_version: state === 'published' ? 1 : null,
            correction_reason: null,
            created_by: by,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await trx
          .insertInto('newsroom_versions')
          .values({
            item: Number(inserted.id),
            version: 1,
            data: JSON.stringify(item.data),
            body: item.body,
            saved_by: by,
            saved_at: at,
          })
          .execute()
        await onRecord?.(trx)
        // The creator's autosave of the new item is saved now
        await dropAutosaves(trx, by, [`new:${collection}`, `${collection}/${id}`])
      })
    } catch (error) {
      // The unique (collection, item_id) or, read in, (collection, public_id): someone else made it first
      if (await this.find(collection, id)) return undefined
      throw error
    }
    return this.find(collection, id)
  }

  /**
   * Saves a new version on top of `expected` (the version the editor had), while the item is a draft. Undefined
   * when the record moved on meanwhile (another save, a submit): the caller answers 412 or 409.
   */
  async save(
    record: ItemRecord,
    expected: number,
    item: ItemText,
    by: string,
    extra: { correctionReason?: string; publisher?: string; fromState?: WorkflowState } = {},
    onRecord?: AuditInside,
  ): Promise<number | undefined> {
    const at = this.now()
    const version = expected + 1
    const fromState = extra.fromState ?? 'draft'
    const set = {
      version,
      updated_at: at,
      state: 'draft' as const,
      ...(extra.correctionReason !== undefined ? { correction_reason: extra.correctionReason } : {}),
      ...(extra.publisher !== undefined ? { publisher: extra.publisher } : {}),
    }
    const saved = await this.guarded(
      record,
      { state: fromState, version: expected },
      set,
      async (trx) => {
        await trx
          .insertInto('newsroom_versions')
          .values({
            item: record.key,
            version,
            data: JSON.stringify(item.data),
            body: item.body,
            saved_by: by,
            saved_at: at,
          })
          .execute()
      },
      async (trx) => {
        await onRecord?.(trx)
        // The saver's autosave of this item is a version now
        await dropAutosaves(trx, by, [`${record.collection}/${record.id}`])
      },
    )
    return saved ? version : undefined
  }

  async version(record: ItemRecord, version: number): Promise<VersionRecord | undefined> {
    const row = await this.db
      .selectFrom('newsroom_versions')
      .selectAll()
      .where('item', '=', record.key)
      .where('version', '=', version)
      .executeTakeFirst()
    if (!row) return undefined
    return {
      version: Number(row.version),
      data: JSON.parse(row.data) as FrontMatter,
      body: row.body,
      savedBy: row.saved_by,
      savedAt: Number(row.saved_at),
    }
  }

  /** Every version's number, saver and time (not the text), oldest first. */
  async versions(record: ItemRecord): Promise<{ version: number; savedBy: string; savedAt: number }[]> {
    const rows = await this.db
      .selectFrom('newsroom_versions')
      .select(['version', 'saved_by', 'saved_at'])
      .where('item', '=', record.key)
      .orderBy('version')
      .execute()
    return rows.map((row) => ({ version: Number(row.version), savedBy: row.saved_by, savedAt: Number(row.saved_at) }))
  }

  /**
   * The authors of the work under review: whoever saved a version since the last publication (a correction's
   * authors are those who wrote the correction), a version read in from a file excepted.
   */
  async authors(record: ItemRecord): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('newsroom_versions')
      .select('saved_by')
      .where('item', '=', record.key)
      .where('version', '>', record.publishedVersion ?? 0)
      .execute()
    return new Set(rows.map((row) => row.saved_by).filter((by) => by !== IMPORTED))
  }

  async reviews(record: ItemRecord, round?: number): Promise<ReviewRecord[]> {
    let query = this.db.selectFrom('newsroom_reviews').selectAll().where('item', '=', record.key)
    if (round !== undefined) query = query.where('round', '=', round)
    const rows = await query.orderBy('id').execute()
    return rows.map((row) => ({
      round: Number(row.round),
      version: Number(row.version),
      step: Number(row.step),
      stepName: row.step_name,
      reviewer: row.reviewer,
      decision: row.decision,
      comment: row.comment,
      at: Number(row.at),
    }))
  }

  /** The audit entries about one item (actions newsroom.*), oldest first, their detail parsed. */
  async auditOf(collection: CollectionName, id: string) {
    // Ids and collection names hold only [a-z0-9-]: nothing in them is a LIKE wildcard
    const rows = await this.db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor', 'action', 'detail'])
      .where('action', 'like', 'newsroom.%')
      .where('detail', 'like', `%"collection":"${collection}"%`)
      .where('detail', 'like', `%"id":"${id}"%`)
      .orderBy('id')
      .execute()
    return rows
      .map((row) => ({
        at: Number(row.at),
        actor: row.actor,
        action: row.action,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
      }))
      .filter((row) => row.detail.collection === collection && row.detail.id === id)
  }

  /** Draft → in review at the first step, a new round, the latest version frozen. False when it moved meanwhile. */
  async submit(record: ItemRecord, onRecord?: AuditInside): Promise<boolean> {
    const set = {
      state: 'in_review' as const,
      step: 0,
      round: record.round + 1,
      submitted_version: record.version,
      updated_at: this.now(),
    }
    return this.guarded(record, { state: 'draft', version: record.version }, set, undefined, onRecord)
  }

  /**
   * Records a review of the current step and moves the item on: approve → the next step, or `approved` after the
   * last; return → back to draft. False when the item is no longer at that step of that round.
   */
  async review(
    record: ItemRecord,
    stepName: string,
    chainLength: number,
    reviewer: string,
    decision: 'approve' | 'return',
    comment: string | undefined,
    onRecord?: AuditInside,
  ): Promise<boolean> {
    const at = this.now()
    const last = record.step + 1 >= chainLength
    const next =
      decision === 'return'
        ? { state: 'draft' as const, step: 0 }
        : last
          ? { state: 'approved' as const, step: record.step + 1 }
          : { state: 'in_review' as const, step: record.step + 1 }
    const seen = { state: 'in_review' as const, step: record.step, round: record.round }
    const recorded: AuditInside = async (trx) => {
      await trx
        .insertInto('newsroom_reviews')
        .values({
          item: record.key,
          round: record.round,
          version: record.submittedVersion ?? record.version,
          step: record.step,
          step_name: stepName,
          reviewer,
          decision,
          comment: comment ?? null,
          at,
        })
        .execute()
    }
    return this.guarded(record, seen, { ...next, updated_at: at }, recorded, onRecord)
  }

  /**
   * Moves the state from one to another (publish, withdraw); false when it was not `from` any more. `publicId` is
   * set on the first publication; another item holding it already makes the update fail (the unique index).
   */
  async transition(
    record: ItemRecord,
    from: WorkflowState,
    to: WorkflowState,
    extra: { publishedVersion?: number; correctionReason?: null; publicId?: string } = {},
    onRecord?: AuditInside,
  ): Promise<boolean> {
    const set = {
      state: to,
      updated_at: this.now(),
      ...(extra.publishedVersion !== undefined ? { published_version: extra.publishedVersion } : {}),
      ...(extra.correctionReason !== undefined ? { correction_reason: extra.correctionReason } : {}),
      ...(extra.publicId !== undefined ? { public_id: extra.publicId } : {}),
    }
    return this.guarded(record, { state: from }, set, undefined, onRecord)
  }
}
