// The newsroom's server side, under /api/v1/staff/newsroom (registered only when a store is open, like the staff
// routes): list, draft, save with a version check, submit, approve or return at each step of the collection's
// review chain, publish into CONTENT_DIR, withdraw (撤稿) and correct (更正). Every call checks the session (401),
// the CSRF token on POST (403), and who may do what for the item's publisher (policy.ts, 403); every action is
// written to the hash-chained audit log.
//
// Ids tell nothing of drafts an account may not see. An item of a region the account may not read is answered
// exactly as an id nothing has (404 NOT_FOUND, the same message and headers) on every route that takes an id. And a
// new draft's id is the server's, random (newDraftId in newsroom-store.ts), not the one the editor types: the typed
// `id` is the public id wished for, fixed as the item's publicId when it is first published and checked then
// against public ids only (items published or withdrawn, files in CONTENT_DIR, published-ids.txt), with 409
// PUBLIC_ID_TAKEN if another has it. So neither asking for an id nor creating one can reveal that another region
// drafted it (before, a 403 against a 404, and 409 ID_TAKEN on create, did). Items read in from a file, and those
// published before, keep their id as both.
//
// What an account may do with an item now is answered with it (`actions`), computed by the very checks the routes
// make before acting (checkSave, checkSubmit, checkReviewer, checkPublish, checkWithdraw, checkCorrect), so the
// editor offers only what the server would let through.
import { createTwoFilesPatch } from 'diff'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorParams } from '../../src/model/error-messages'
import { COLLECTIONS, type CollectionName } from '../../src/model/labels'
import type { NewsroomAction } from '../../src/model/newsroom'
import type { ContentStore } from '../content/content-store'
import type { ContentItem } from '../content/load-content'
import { shanghaiDate } from '../content/shanghai-date'
import { ApiError } from '../http/api-error'
import { staffAuthenticator, staffScope } from '../staff/session-auth'
import { canonicalJson, type StaffStore } from '../staff/staff-store'
import { autosaveRoutes } from './autosave'
import { blocksPreviewRoute } from './blocks-preview'
import { previewLinkRoute } from './preview-links'
import {
  checkItem,
  draftProblems,
  itemMarkdown,
  listedIds,
  publishFile,
  readItemFile,
  withdrawFile,
  type FrontMatter,
  type ItemText,
} from './item-file'
import { linkAndDateProblems } from './link-date-checks'
import { IMPORTED, newDraftId, NewsroomStore, type AuditInside, type ItemRecord } from './newsroom-store'
import { describeHit, findTerms, readTerms, type TermHit } from './terms-check'
import {
  chainFor,
  isReviewer,
  mayDraft,
  mayRead,
  mayReviewFor,
  mayTakeStep,
  parseReviewSteps,
  type Actor,
} from './policy'
import { uploadRoutes } from './uploads'

export const NEWSROOM_PREFIX = '/newsroom'
/** A draft's body: front matter and Markdown, at most this many bytes of JSON. */
export const MAX_DRAFT_BYTES = 256 * 1024
const MAX_COMMENT = 2000
/** How long a publish or withdraw waits for an overtaking reload to serve the change before reloading itself. */
const RELOAD_WAIT_MS = 5000

export interface NewsroomRoutesOptions {
  staff: StaffStore
  content: ContentStore
  /**
   * Reads CONTENT_DIR again once a file was written (other replicas see the change through their file watcher):
   * undefined when a later reload overtook it (app.reloadContentInBackground).
   */
  reload: () => Promise<unknown>
  /** The H5 app's address for preview links (H5_URL); unset: the staff request's own origin. */
  h5Url?: string
}

/** What the list and an item show: the workflow state, and what the public sees. */
export type ShownState = 'draft' | 'in_review' | 'approved' | 'scheduled' | 'published' | 'withdrawn'

interface ListQuery {
  collection?: CollectionName
  state?: ShownState
  publisher?: string
  q?: string
}

const collectionParam = { type: 'string', enum: [...COLLECTIONS] }
const idParam = { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 }
const itemParams = {
  type: 'object',
  required: ['collection', 'id'],
  properties: { collection: collectionParam, id: idParam },
}
const draftBody = {
  type: 'object',
  required: ['data', 'body'],
  additionalProperties: false,
  properties: { data: { type: 'object' }, body: { type: 'string', maxLength: MAX_DRAFT_BYTES } },
}
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength })

type ItemParams = { collection: CollectionName; id: string }

export const newsroomRoutes: FastifyPluginAsync<NewsroomRoutesOptions> = async (
  app,
  { staff, content, reload, h5Url },
) => {
  await staffScope(app)
  // Every route: the session (401) and, on POST, the CSRF token (403), before anything else is read
  app.addHook('onRequest', staffAuthenticator(staff))
  const news = new NewsroomStore(staff.store, staff.now)
  // A draft's field problems: 400 naming the first in the message and every one in `fields`; the rest to the
  // app's own handler (the error shape, no 5xx for anything a client sends)
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof FieldError) {
      reply.code(400).header('cache-control', 'no-store')
      return { error: { code: error.code, message: error.message }, fields: error.fields }
    }
    if (error instanceof ChecksError) {
      reply.code(422).header('cache-control', 'no-store')
      return { error: { code: error.code, message: error.message }, checks: error.checks }
    }
    throw error
  })

  const contentDir = () => content.content.contentDir
  const site = () => content.content.site
  const province = () => site()?.province ?? ''
  const today = () => shanghaiDate(staff.now())

  async function actorOf(request: FastifyRequest): Promise<Actor> {
    const { account } = request.staffSession!
    return { ...account, reviewSteps: await staff.reviewSteps(account.id) }
  }

  const entry = (actor: Actor, action: string, facts: Record<string, unknown>) => ({
    at: staff.now(),
    actor: actor.username,
    action: `newsroom.${action}`,
    detail: facts,
  })
  /** An action's audit entry on its own (refusals). */
  const audit = (actor: Actor, action: string, facts: Record<string, unknown>) =>
    staff.audit(entry(actor, action, facts))
  /** An action's audit entry inside the transaction of the change it records: both are committed, or neither. */
  const audited =
    (actor: Actor, action: string, facts: Record<string, unknown>): AuditInside =>
    (trx) =>
      staff.appendAudit(trx, entry(actor, action, facts))

  const liveItem = (collection: CollectionName, id: string): ContentItem | undefined =>
    (content.content.items[collection] as ContentItem[]).find((item) => item.id === id)

  /** What the public sees of an item (by its public id) now: published, scheduled (publishedAt after today) or nothing. */
  function publicState(collection: CollectionName, id: string | null): 'published' | 'scheduled' | undefined {
    if (id === null) return undefined
    const item = liveItem(collection, id)
    if (!item || item.data.status !== 'published') return undefined
    return item.data.publishedAt > today() ? 'scheduled' : 'published'
  }

  /** The items whose related links name this one (relatedWarnings, relatedExplainers), as collection/id. */
  function linksTo(collection: CollectionName, id: string): string[] {
    const { items } = content.content
    if (collection === 'warnings') {
      return items.explainers.filter((item) => item.data.relatedWarnings?.includes(id)).map((i) => i.file.slice(0, -3))
    }
    if (collection === 'explainers') {
      return items.warnings.filter((item) => item.data.relatedExplainers?.includes(id)).map((i) => i.file.slice(0, -3))
    }
    return []
  }

  /** The state shown for an item: a record's (by its public id, once it has one), or a file's not yet read in. */
  function shownState(collection: CollectionName, id: string, record?: ItemRecord): ShownState | undefined {
    const live = publicState(collection, record ? record.publicId : id)
    if (record) {
      if (record.state === 'published') return live ?? 'published'
      return record.state
    }
    if (live) return live
    if (liveItem(collection, id)) return 'draft'
    return undefined
  }

  /**
   * Reloads CONTENT_DIR until the change is served here. Under `npm run api` the file watcher sees the write too and
   * supersedes a reload already under way (its own follows 300 ms later), so one attempt may be dropped.
   */
  async function reloadUntil(served: () => boolean) {
    for (let attempt = 0; attempt < 3 && !served(); attempt++) {
      if ((await reload()) !== undefined) continue
      // Overtaken: a later reload (the watcher's) is on its way and will serve the change; wait for it
      const until = Date.now() + RELOAD_WAIT_MS
      while (!served() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /** The step an item in review waits for; an item past the end of a chain shortened meanwhile waits for its last. */
  function currentStep(record: ItemRecord): string {
    const chain = chainFor(site(), record.collection)
    return chain[Math.min(record.step, chain.length - 1)]
  }

  const stepName = (record: ItemRecord) => (record.state === 'in_review' ? currentStep(record) : null)

  /** The record of an item, reading a published file in as version 1 when the newsroom has not had it yet. */
  async function recordOrImport(collection: CollectionName, id: string, actor: Actor): Promise<ItemRecord | undefined> {
    const record = await news.find(collection, id)
    if (record) return record
    const file = readItemFile(contentDir(), collection, id)
    if (!file) return undefined
    const publisher = typeof file.data.publisher === 'string' ? file.data.publisher : province()
    // Another region's file: as if there were none (nothing read in)
    if (!mayRead(actor, publisher)) return undefined
    const state = file.data.status === 'published' ? 'published' : 'draft'
    const imported = audited(actor, 'import', { collection, id, version: 1, state })
    return (await news.create(collection, id, publisher, file, IMPORTED, state, imported)) ?? news.find(collection, id)
  }

  /** The item, or 404: an item of a region this account may not read is answered as one that does not exist. */
  async function requireRecord(collection: CollectionName, id: string, actor: Actor): Promise<ItemRecord> {
    const record = await recordOrImport(collection, id, actor)
    if (!record || !mayRead(actor, record.publisher)) throw unknownItem(collection, id)
    return record
  }

  /**
   * Fields set by the server: status (draft until published), the publisher (the account's region by default) and,
   * once the item has one, its public id (the `id` field is the public id wished for until the first publication).
   */
  function normalise(data: FrontMatter, publicId: string | null, actor: Actor): FrontMatter {
    const publisher =
      typeof data.publisher === 'string' ? data.publisher : actor.role === 'city' ? actor.region : province()
    return { ...data, id: publicId ?? data.id, status: 'draft', publisher }
  }

  /**
   * Whether another item has this public id: one published (or withdrawn) under it or read in from a file, a file of
   * that name in CONTENT_DIR or withdrawn/, or an id in published-ids.txt. Public ids only: what other drafts wish
   * for is never looked at, so the answer tells nothing of them. An item's own public id, once fixed, is its own.
   */
  async function publicIdTaken(record: ItemRecord, publicId: string): Promise<boolean> {
    if (record.publicId !== null) return record.publicId !== publicId
    const { collection } = record
    const dir = contentDir()
    return (
      (await news.publicIdUsed(collection, publicId, record)) ||
      readItemFile(dir, collection, publicId) !== undefined ||
      readItemFile(dir, collection, publicId, 'withdrawn') !== undefined ||
      listedIds(dir).has(`${collection}/${publicId}`)
    )
  }

  /** The public id an item is (or would be) published under: its own once fixed, else the `id` its version wishes. */
  const publicIdOf = (record: ItemRecord, version: ItemText) => record.publicId ?? String(version.data.id ?? '')

  function validate(collection: CollectionName, data: FrontMatter) {
    const problems = draftProblems(collection, data, site())
    if (problems.length) {
      const first = problems[0]
      throw new FieldError(`${first.pointer.replace(/^\//, '') || 'data'}: ${first.message}`, problems)
    }
  }

  /**
   * The checks before the last step and before publishing, on the version as it would be published (under its
   * public id): today's content check (the loader's problems for this file), the forbidden and mistaken terms of
   * CONTENT_DIR/terms.yaml, and, before the first publication, whether the public id is free.
   */
  async function runChecks(record: ItemRecord, version: ItemText, publicId = publicIdOf(record, version)) {
    const { collection } = record
    const id = publicId
    const published: ItemText = { data: { ...version.data, id, status: 'published' }, body: version.body }
    const taken = await publicIdTaken(record, id)
    const problems = [
      ...(taken
        ? [{ pointer: '/id', message: `${id} is taken as a public id: choose another`, severity: 'error' }]
        : []),
      ...checkItem(contentDir(), collection, id, itemMarkdown(collection, published)).map(
        ({ pointer, message, severity }) => ({ pointer, message, severity }),
      ),
      // Links and dates as they would be once public (link-date-checks.ts)
      ...linkAndDateProblems({
        collection,
        item: published,
        today: today(),
        content: content.content,
        publishedBefore: listedIds(contentDir()).has(`${collection}/${id}`),
      }),
    ]
    const { terms, problems: termsFile } = readTerms(contentDir())
    return { published, problems, terms: findTerms(terms, published), termsFile }
  }

  /** The checks, or 422 CHECKS_FAILED naming each problem and each term with where it is. */
  async function checkOrRefuse(record: ItemRecord, version: ItemText, publicId?: string) {
    const { published, ...checks } = await runChecks(record, version, publicId)
    const list = [
      ...checks.problems.map((p) => `${p.pointer.replace(/^\//, '') || 'file'}: ${p.message}`),
      ...checks.termsFile,
      ...checks.terms.map(describeHit),
    ]
    if (list.length) throw new ChecksError(`The checks found problems: ${list.join('; ')}`, checks)
    return published
  }

  async function detail(record: ItemRecord, actor: Actor) {
    const current = await news.version(record, record.version)
    return {
      collection: record.collection,
      id: record.id,
      publicId: record.publicId,
      publisher: record.publisher,
      state: shownState(record.collection, record.id, record),
      public: publicState(record.collection, record.publicId) ?? null,
      actions: await actionsFor(actor, record),
      chain: chainFor(site(), record.collection),
      step: stepName(record),
      version: record.version,
      submittedVersion: record.submittedVersion,
      publishedVersion: record.publishedVersion,
      correctionReason: record.correctionReason,
      createdBy: record.createdBy,
      data: current?.data ?? {},
      body: current?.body ?? '',
      versions: await news.versions(record),
      reviews: await news.reviews(record),
    }
  }

  function sendDetail(
    reply: FastifyReply,
    body: Awaited<ReturnType<typeof detail>> & { linkedFrom?: string[] },
    code = 200,
  ) {
    reply.code(code).header('etag', `"${body.version}"`)
    return body
  }

  /**
   * The diff between two versions: the fields that differ, each with its value before and after (the staff app says
   * them by their labels), a unified diff of the body alone, and one of the two files.
   */
  async function diffBetween(record: ItemRecord, from: number, to: number) {
    const [a, b] = await Promise.all([news.version(record, from), news.version(record, to)])
    const before: ItemText = a ?? { data: {}, body: '' }
    const after: ItemText = b ?? { data: {}, body: '' }
    const keys = [...new Set([...Object.keys(before.data), ...Object.keys(after.data)])]
    const changedFields = keys.filter((key) => JSON.stringify(before.data[key]) !== JSON.stringify(after.data[key]))
    if (before.body !== after.body) changedFields.push('body')
    const patch = createTwoFilesPatch(
      `${record.id}.md (version ${from})`,
      `${record.id}.md (version ${to})`,
      a ? itemMarkdown(record.collection, before) : '',
      b ? itemMarkdown(record.collection, after) : '',
    )
    const fields = changedFields
      .filter((name) => name !== 'body')
      .map((name) => ({ name, before: before.data[name] ?? null, after: after.data[name] ?? null }))
    const bodyPatch =
      before.body === after.body ? '' : createTwoFilesPatch('body', 'body', before.body, after.body, '', '')
    const savedSince = (await news.versions(record)).filter((v) => v.version > from && v.version <= to)
    return { from, to, changedFields, fields, bodyPatch, patch, savedSince }
  }

  // Who may review this item at its current step: 403 or 409 with the reason, audited when refused for who it is
  // (unless `quiet`: asked for the item's `actions`, nothing was attempted)
  async function checkReviewer(
    actor: Actor,
    record: ItemRecord,
    step: string,
    action: 'approve' | 'return',
    quiet = false,
  ) {
    if (record.state !== 'in_review') throw new ApiError(409, 'NOT_IN_REVIEW', `${record.id} is not in review`)
    if (!mayReviewFor(actor, record.publisher, province())) throw forbiddenRegion('review')
    const current = currentStep(record)
    const refuse = async (status: number, code: string, message: string, params?: ErrorParams) => {
      if (!quiet)
        await audit(actor, `${action}.refused`, {
          collection: record.collection,
          id: record.id,
          step,
          current,
          reason: code,
        })
      return new ApiError(status, code, message, params)
    }
    if (step !== current) {
      throw await refuse(409, 'STEP_NOT_CURRENT', `${record.id} waits for ${current}, not ${step}`, { current, step })
    }
    if (!mayTakeStep(actor, step)) {
      throw await refuse(403, 'FORBIDDEN_ROLE', `${actor.username} may not take the step ${step}`, { step })
    }
    if ((await news.authors(record)).has(actor.username)) {
      throw await refuse(403, 'SELF_REVIEW', 'No one reviews their own work: another reviewer must take this step')
    }
    const earlier = (await news.reviews(record, record.round)).filter((review) => review.decision === 'approve')
    if (earlier.some((review) => review.reviewer === actor.username)) {
      throw await refuse(403, 'SAME_REVIEWER', 'Each step is taken by a different person than the earlier steps')
    }
  }

  /** Publishing and withdrawing: a reviewer who may take the chain's last step, for this publisher. */
  function checkSignOff(actor: Actor, record: ItemRecord) {
    if (!mayReviewFor(actor, record.publisher, province())) throw forbiddenRegion('publish or withdraw')
    const chain = chainFor(site(), record.collection)
    const last = chain[chain.length - 1]
    if (!mayTakeStep(actor, last)) {
      throw new ApiError(403, 'FORBIDDEN_ROLE', `Publishing and withdrawing need a reviewer who may take ${last}`, {
        why: 'sign-off',
        step: last,
      })
    }
  }

  /** Saving a new version: a draft, by someone who may draft for its publisher. */
  function checkSave(actor: Actor, record: ItemRecord) {
    if (!mayDraft(actor, record.publisher)) throw forbiddenRegion('draft')
    if (record.state === 'published') throw publishedNeedsCorrection(record.id)
    if (record.state !== 'draft') {
      throw new ApiError(409, 'NOT_EDITABLE', `${record.id} is ${record.state}: only a draft can be edited`)
    }
  }

  /** Submitting: a draft, by someone who may draft for its publisher. */
  function checkSubmit(actor: Actor, record: ItemRecord) {
    if (!mayDraft(actor, record.publisher)) throw forbiddenRegion('submit')
    if (record.state !== 'draft') throw new ApiError(409, 'NOT_A_DRAFT', `${record.id} is ${record.state}`)
  }

  /** Publishing: an item through every step, by a reviewer who may sign off. */
  function checkPublish(actor: Actor, record: ItemRecord) {
    checkSignOff(actor, record)
    if (record.state !== 'approved') {
      throw new ApiError(
        409,
        'NOT_APPROVED',
        `${record.id} is ${record.state}: only an item through every step is published`,
      )
    }
  }

  /** Withdrawing: an item whose file (under its public id) is published, by a reviewer who may sign off. */
  function checkWithdraw(actor: Actor, record: ItemRecord) {
    checkSignOff(actor, record)
    const live = record.publicId === null ? undefined : readItemFile(contentDir(), record.collection, record.publicId)
    if (!live || live.data.status !== 'published') {
      throw new ApiError(409, 'NOT_PUBLISHED', `${record.id} is not published: nothing to withdraw`)
    }
  }

  /** Correcting: an item published (or scheduled) and not being corrected, by someone who may draft for it. */
  function checkCorrect(actor: Actor, record: ItemRecord) {
    if (!mayDraft(actor, record.publisher)) throw forbiddenRegion('correct')
    if (record.state !== 'published' || !publicState(record.collection, record.publicId)) {
      throw new ApiError(409, 'NOT_PUBLISHED', `${record.id} is ${record.state}: only a published item is corrected`)
    }
  }

  /**
   * What this account may do with the item now: each action whose route's own check (above) lets it through, asked
   * quietly (nothing audited). Approving at the last step also needs the checks to pass, which the route runs then.
   */
  async function actionsFor(actor: Actor, record: ItemRecord): Promise<NewsroomAction[]> {
    const step = currentStep(record)
    const checks: [NewsroomAction, () => unknown][] = [
      ['save', () => checkSave(actor, record)],
      ['submit', () => checkSubmit(actor, record)],
      ['approve', () => checkReviewer(actor, record, step, 'approve', true)],
      ['return', () => checkReviewer(actor, record, step, 'return', true)],
      ['publish', () => checkPublish(actor, record)],
      ['withdraw', () => checkWithdraw(actor, record)],
      ['correct', () => checkCorrect(actor, record)],
    ]
    const actions: NewsroomAction[] = []
    for (const [action, check] of checks) {
      try {
        await check()
        actions.push(action)
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
      }
    }
    return actions
  }

  // Routes ------------------------------------------------------------------------------------------------------

  // POST /uploads (uploads.ts): its own scope with the multipart parser; the session and CSRF checks above apply
  await app.register(uploadRoutes, { staff, content })

  blocksPreviewRoute(app, MAX_DRAFT_BYTES, () => site()?.officialHosts ?? [])
  previewLinkRoute(app, { news, staff, actorOf, h5Url })
  autosaveRoutes(app, { news, staff, content, actorOf, maxBytes: MAX_DRAFT_BYTES })

  app.get('/me', async (request) => {
    const actor = await actorOf(request)
    const steps = parseReviewSteps(actor.reviewSteps)
    return {
      username: actor.username,
      role: actor.role,
      region: actor.region,
      reviewSteps: steps,
      chains: Object.fromEntries(COLLECTIONS.map((collection) => [collection, chainFor(site(), collection)])),
    }
  })

  app.get<{ Querystring: ListQuery }>(
    '/items',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            collection: collectionParam,
            state: { type: 'string', enum: ['draft', 'in_review', 'approved', 'scheduled', 'published', 'withdrawn'] },
            publisher: idParam,
            q: { type: 'string', maxLength: 50 },
          },
        },
      },
    },
    async (request) => {
      const actor = await actorOf(request)
      const { collection, state, q } = request.query
      let { publisher } = request.query
      if (actor.role === 'city') {
        if (publisher !== undefined && publisher !== actor.region) throw forbiddenRegion()
        publisher = actor.region
      }
      // The newsroom's records by their id, and the served items no record has (a record holds its public id's)
      const all = await news.all()
      const records = new Map(all.map((record) => [`${record.collection}/${record.id}`, record]))
      const held = new Set(all.filter((r) => r.publicId !== null).map((r) => `${r.collection}/${r.publicId}`))
      const keys = new Set(records.keys())
      for (const name of COLLECTIONS) {
        for (const item of content.content.items[name]) {
          if (!held.has(`${name}/${item.id}`)) keys.add(`${name}/${item.id}`)
        }
      }
      const items = []
      for (const key of keys) {
        const [name, id] = key.split('/') as [CollectionName, string]
        const record = records.get(key)
        const publicId = record ? record.publicId : id
        const live = publicId === null ? undefined : liveItem(name, publicId)
        const itemPublisher = record?.publisher ?? live?.data.publisher ?? province()
        const shown = shownState(name, id, record)
        if (!shown || !mayRead(actor, itemPublisher)) continue
        if (collection && name !== collection) continue
        if (publisher && itemPublisher !== publisher) continue
        if (state && shown !== state) continue
        const data = record ? (await news.version(record, record.version))?.data : live?.data
        const title = data?.title as string | undefined
        // Found by its title, its id, or the public id it has or wishes for
        const wish = String(publicId ?? data?.id ?? '')
        if (q && !String(title ?? '').includes(q) && !id.includes(q) && !wish.includes(q)) continue
        items.push({
          collection: name,
          id,
          publicId,
          title: title ?? id,
          publisher: itemPublisher,
          state: shown,
          public: publicState(name, publicId) ?? null,
          step: record ? stepName(record) : null,
          version: record?.version ?? 0,
          correctionReason: record?.correctionReason ?? null,
          updatedAt: record?.updatedAt ?? null,
        })
      }
      items.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.id < b.id ? -1 : 1))
      return { items, total: items.length }
    },
  )

  app.post<{ Body: { collection: CollectionName; data: FrontMatter; body: string } }>(
    '/items',
    {
      bodyLimit: MAX_DRAFT_BYTES + 4096,
      schema: {
        body: {
          type: 'object',
          required: ['collection', 'data', 'body'],
          additionalProperties: false,
          properties: { collection: collectionParam, ...draftBody.properties },
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request)
      const { collection, body } = request.body
      // The id typed is the public id wished for (fixed on publication, checked then); the draft's own id is the
      // server's, so creating says nothing of what other regions have drafted (no 409 for an id in use)
      const wish = request.body.data.id
      if (typeof wish !== 'string') {
        throw new FieldError('id: is required', [{ pointer: '/id', message: 'is required' }])
      }
      const data = normalise(request.body.data, null, actor)
      if (!mayDraft(actor, String(data.publisher))) throw forbiddenRegion('draft')
      validate(collection, data)
      const publisher = String(data.publisher)
      let record: ItemRecord | undefined
      // (A random id of 100 bits taken already: never seen, but tried again rather than failed)
      for (let attempt = 0; !record && attempt < 3; attempt++) {
        const id = newDraftId()
        const created = audited(actor, 'create', { collection, id, version: 1, publisher })
        record = await news.create(collection, id, publisher, { data, body }, actor.username, 'draft', created)
      }
      if (!record) throw new Error('No free draft id after three tries')
      return sendDetail(reply, await detail(record, actor), 201)
    },
  )

  app.get<{ Params: ItemParams }>(
    '/items/:collection/:id',
    { schema: { params: itemParams } },
    async (request, reply) => {
      const actor = await actorOf(request)
      const { collection, id } = request.params
      const record = await news.find(collection, id)
      if (record) {
        if (!mayRead(actor, record.publisher)) throw unknownItem(collection, id)
        return sendDetail(reply, await detail(record, actor))
      }
      // Not in the newsroom yet: the file as it is (version 0)
      const file = readItemFile(contentDir(), collection, id)
      const publisher = typeof file?.data.publisher === 'string' ? file.data.publisher : province()
      if (!file || !mayRead(actor, publisher)) throw unknownItem(collection, id)
      return sendDetail(reply, {
        collection,
        id,
        publicId: id,
        publisher,
        state: shownState(collection, id) ?? 'draft',
        public: publicState(collection, id) ?? null,
        actions: await actionsFor(actor, fileRecord(collection, id, publisher, file)),
        chain: chainFor(site(), collection),
        step: null,
        version: 0,
        submittedVersion: null,
        publishedVersion: null,
        correctionReason: null,
        createdBy: IMPORTED,
        data: file.data,
        body: file.body,
        versions: [],
        reviews: [],
      })
    },
  )

  app.get<{ Params: ItemParams; Querystring: { from: number; to?: number } }>(
    '/items/:collection/:id/diff',
    {
      schema: {
        params: itemParams,
        querystring: {
          type: 'object',
          required: ['from'],
          properties: { from: { type: 'integer', minimum: 0 }, to: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (request) => {
      const actor = await actorOf(request)
      const record = await news.find(request.params.collection, request.params.id)
      if (!record || !mayRead(actor, record.publisher)) {
        throw new ApiError(404, 'NOT_FOUND', `No versions of ${request.params.id}`)
      }
      return diffBetween(record, request.query.from, request.query.to ?? record.version)
    },
  )

  // The checks a version must pass before the last step (content check, forbidden and mistaken terms), at any time
  app.get<{ Params: ItemParams; Querystring: { version?: number } }>(
    '/items/:collection/:id/checks',
    {
      schema: {
        params: itemParams,
        querystring: { type: 'object', properties: { version: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request) => {
      const actor = await actorOf(request)
      const record = await news.find(request.params.collection, request.params.id)
      if (!record || !mayRead(actor, record.publisher)) {
        throw new ApiError(404, 'NOT_FOUND', `No versions of ${request.params.id}`)
      }
      const number = request.query.version ?? record.submittedVersion ?? record.version
      const version = await news.version(record, number)
      if (!version) throw new ApiError(404, 'NOT_FOUND', `${record.id} has no version ${number}`)
      const { published: _published, ...checks } = await runChecks(record, version)
      const passed = checks.problems.length + checks.terms.length + checks.termsFile.length === 0
      return { version: number, passed, ...checks }
    },
  )

  // The item's audit entries (newsroom.*, refusals included), oldest first: every step on record, for the UI
  app.get<{ Params: ItemParams }>(
    '/items/:collection/:id/history',
    { schema: { params: itemParams } },
    async (request) => {
      const actor = await actorOf(request)
      const { collection, id } = request.params
      const record = await news.find(collection, id)
      if (!record || !mayRead(actor, record.publisher)) throw new ApiError(404, 'NOT_FOUND', `No history of ${id}`)
      return { entries: await news.auditOf(record.collection, record.id) }
    },
  )

  // Save: a new version on top of the one the editor had (If-Match), while the item is a draft
  app.post<{ Params: ItemParams; Body: ItemText }>(
    '/items/:collection/:id/versions',
    { bodyLimit: MAX_DRAFT_BYTES + 4096, schema: { params: itemParams, body: draftBody } },
    async (request, reply) => {
      const actor = await actorOf(request)
      const { collection, id } = request.params
      let record = await news.find(collection, id)
      if (!record) {
        // A draft file not yet in the newsroom: read in as version 1, then saved on top of it (If-Match "0")
        const file = readItemFile(contentDir(), collection, id)
        const publisher = typeof file?.data.publisher === 'string' ? file.data.publisher : province()
        if (!file || !mayRead(actor, publisher)) throw unknownItem(collection, id)
        checkSave(actor, fileRecord(collection, id, publisher, file))
        const expected = ifMatchVersion(request)
        if (expected !== 0) return staleVersion(reply, expected, undefined)
        const imported = audited(actor, 'import', { collection, id, version: 1, state: 'draft' })
        record =
          (await news.create(collection, id, publisher, file, IMPORTED, 'draft', imported)) ??
          (await news.find(collection, id))!
        if (record.version !== 1) return staleVersion(reply, expected, record)
        return saveOn(request, reply, actor, record, 1)
      }
      if (!mayRead(actor, record.publisher)) throw unknownItem(collection, id)
      const expected = ifMatchVersion(request)
      if (expected !== record.version) return staleVersion(reply, expected, record)
      return saveOn(request, reply, actor, record, expected)
    },
  )

  async function saveOn(
    request: FastifyRequest<{ Params: ItemParams; Body: ItemText }>,
    reply: FastifyReply,
    actor: Actor,
    record: ItemRecord,
    expected: number,
  ) {
    checkSave(actor, record)
    const data = normalise(request.body.data, record.publicId, actor)
    if (!mayDraft(actor, String(data.publisher))) throw forbiddenRegion('draft')
    validate(record.collection, data)
    const saved = audited(actor, 'save', { collection: record.collection, id: record.id, version: expected + 1 })
    const publisher = String(data.publisher)
    const version = await news.save(
      record,
      expected,
      { data, body: request.body.body },
      actor.username,
      { publisher },
      saved,
    )
    if (version === undefined) {
      const now = (await news.find(record.collection, record.id))!
      if (now.state !== 'draft') throw new ApiError(409, 'NOT_EDITABLE', `${record.id} is ${now.state} now`)
      return staleVersion(reply, expected, now)
    }
    return sendDetail(reply, await detail((await news.find(record.collection, record.id))!, actor))
  }

  /** 412: the version the editor had is not the latest; what changed since, as fields and a unified diff. */
  async function staleVersion(reply: FastifyReply, expected: number, record: ItemRecord | undefined) {
    const current = record?.version ?? 0
    const diff = record ? await diffBetween(record, expected, current) : undefined
    reply.code(412).header('etag', `"${current}"`)
    return {
      error: {
        code: 'VERSION_CONFLICT',
        message: `You edited version ${expected}; version ${current} was saved meanwhile: merge its changes and save again`,
      },
      yourVersion: expected,
      currentVersion: current,
      ...(diff
        ? {
            changedFields: diff.changedFields,
            fields: diff.fields,
            bodyPatch: diff.bodyPatch,
            diff: diff.patch,
            savedSince: diff.savedSince,
          }
        : {}),
    }
  }

  app.post<{ Params: ItemParams }>(
    '/items/:collection/:id/submit',
    { schema: { params: itemParams } },
    async (request, reply) => {
      const actor = await actorOf(request)
      const record = await requireRecord(request.params.collection, request.params.id, actor)
      checkSubmit(actor, record)
      const expected = request.headers['if-match'] === undefined ? record.version : ifMatchVersion(request)
      if (expected !== record.version) return staleVersion(reply, expected, record)
      const chain = chainFor(site(), record.collection)
      const submitted = audited(actor, 'submit', {
        collection: record.collection,
        id: record.id,
        version: record.version,
        step: chain[0],
      })
      if (!(await news.submit(record, submitted))) {
        throw new ApiError(409, 'CHANGED', `${record.id} changed meanwhile: reload it`)
      }
      return sendDetail(reply, await detail((await news.find(record.collection, record.id))!, actor))
    },
  )

  app.post<{ Params: ItemParams; Body: { step: string; comment?: string } }>(
    '/items/:collection/:id/approve',
    {
      bodyLimit: 16 * 1024,
      schema: {
        params: itemParams,
        body: {
          type: 'object',
          required: ['step'],
          additionalProperties: false,
          properties: { step: text(20), comment: { type: 'string', maxLength: MAX_COMMENT } },
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request)
      const record = await requireRecord(request.params.collection, request.params.id, actor)
      const { step, comment } = request.body
      await checkReviewer(actor, record, step, 'approve')
      const chain = chainFor(site(), record.collection)
      const last = record.step + 1 >= chain.length
      if (last) {
        // Before the last step: today's content check on the version under review
        const version = await news.version(record, record.submittedVersion ?? record.version)
        await checkOrRefuse(record, version!)
      }
      const approved = audited(actor, 'approve', {
        collection: record.collection,
        id: record.id,
        version: record.submittedVersion,
        step,
        ...(comment ? { comment } : {}),
      })
      if (!(await news.review(record, step, chain.length, actor.username, 'approve', comment || undefined, approved))) {
        throw new ApiError(409, 'CHANGED', `${record.id} moved on meanwhile: reload it`)
      }
      return sendDetail(reply, await detail((await news.find(record.collection, record.id))!, actor))
    },
  )

  app.post<{ Params: ItemParams; Body: { step: string; comment: string } }>(
    '/items/:collection/:id/return',
    {
      bodyLimit: 16 * 1024,
      schema: {
        params: itemParams,
        body: {
          type: 'object',
          required: ['step', 'comment'],
          additionalProperties: false,
          properties: { step: text(20), comment: text(MAX_COMMENT) },
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request)
      const record = await requireRecord(request.params.collection, request.params.id, actor)
      const { step, comment } = request.body
      await checkReviewer(actor, record, step, 'return')
      const chain = chainFor(site(), record.collection)
      const returned = audited(actor, 'return', {
        collection: record.collection,
        id: record.id,
        version: record.submittedVersion,
        step,
        comment,
      })
      if (!(await news.review(record, step, chain.length, actor.username, 'return', comment, returned))) {
        throw new ApiError(409, 'CHANGED', `${record.id} moved on meanwhile: reload it`)
      }
      return sendDetail(reply, await detail((await news.find(record.collection, record.id))!, actor))
    },
  )

  // Publish: the approved version written into CONTENT_DIR under its public id. The first publication fixes that id:
  // the one the version wishes for (its `id` field), or `publicId` in the body (say, when the wished one was taken
  // meanwhile); taken by another item, 409 PUBLIC_ID_TAKEN. Later publications (corrections) keep it.
  app.post<{ Params: ItemParams; Body: { publicId?: string } | undefined }>(
    '/items/:collection/:id/publish',
    {
      bodyLimit: 16 * 1024,
      schema: {
        params: itemParams,
        body: { type: ['object', 'null'], additionalProperties: false, properties: { publicId: idParam } },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request)
      const record = await requireRecord(request.params.collection, request.params.id, actor)
      checkPublish(actor, record)
      const versionNumber = record.submittedVersion ?? record.version
      const version = (await news.version(record, versionNumber))!
      const asked = request.body?.publicId
      if (asked !== undefined && record.publicId !== null && asked !== record.publicId) {
        throw new ApiError(409, 'PUBLIC_ID_FIXED', `${record.id} was published as ${record.publicId}: its id stays`, {
          publicId: record.publicId,
        })
      }
      const publicId = record.publicId ?? asked ?? String(version.data.id)
      const taken = () =>
        new ApiError(
          409,
          'PUBLIC_ID_TAKEN',
          `The public id ${record.collection}/${publicId} is taken: choose another`,
          {
            publicId,
          },
        )
      if (await publicIdTaken(record, publicId)) throw taken()
      const published = await checkOrRefuse(record, version, publicId)
      // In the transaction of the state change: the file written, then the audit entry; a failure undoes both
      const publishedEntry = audited(actor, 'publish', {
        collection: record.collection,
        id: record.id,
        ...(publicId !== record.id ? { publicId } : {}),
        version: versionNumber,
        publishedAt: published.data.publishedAt,
        ...(record.correctionReason ? { correction: record.correctionReason } : {}),
      })
      const write: AuditInside = async (trx) => {
        try {
          publishFile(contentDir(), record.collection, publicId, itemMarkdown(record.collection, published))
        } catch (error) {
          throw fileFailure(request, error, `${record.collection}/${publicId}.md could not be written`)
        }
        await publishedEntry(trx)
      }
      const change = {
        publishedVersion: versionNumber,
        correctionReason: null,
        ...(record.publicId === null ? { publicId } : {}),
      }
      let moved: boolean
      try {
        moved = await news.transition(record, 'approved', 'published', change, write)
      } catch (error) {
        // Another publication took the id between the check and the update (the unique index): nothing written
        if (record.publicId === null && (await news.publicIdUsed(record.collection, publicId, record))) throw taken()
        throw error
      }
      if (!moved) throw new ApiError(409, 'CHANGED', `${record.id} changed meanwhile: reload it`)
      const expected = canonicalJson(published.data)
      await reloadUntil(() => canonicalJson(liveItem(record.collection, publicId)?.data) === expected)
      return sendDetail(reply, await detail((await news.find(record.collection, record.id))!, actor))
    },
  )

  app.post<{ Params: ItemParams; Body: { reason: string } }>(
    '/items/:collection/:id/withdraw',
    {
      bodyLimit: 16 * 1024,
      schema: {
        params: itemParams,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: text(MAX_COMMENT) },
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request)
      const { collection, id } = request.params
      const record = await requireRecord(collection, id, actor)
      checkWithdraw(actor, record)
      // (published: it has its public id, the file's name)
      const publicId = record.publicId!
      // Items linking to it keep being served without the link (the content check lists them until edited)
      const linkedFrom = linksTo(collection, publicId)
      const withdrawnEntry = audited(actor, 'withdraw', {
        collection,
        id: record.id,
        ...(publicId !== record.id ? { publicId } : {}),
        reason: request.body.reason,
        linkedFrom,
      })
      const move: AuditInside = async (trx) => {
        try {
          withdrawFile(contentDir(), collection, publicId)
        } catch (error) {
          throw fileFailure(request, error, `${collection}/${publicId}.md could not be moved to withdrawn/`)
        }
        await withdrawnEntry(trx)
      }
      if (!(await news.transition(record, record.state, 'withdrawn', { correctionReason: null }, move))) {
        throw new ApiError(409, 'CHANGED', `${record.id} changed meanwhile: reload it`)
      }
      await reloadUntil(() => liveItem(collection, publicId) === undefined)
      const after = (await news.find(collection, record.id))!
      return sendDetail(reply, { ...(await detail(after, actor)), linkedFrom })
    },
  )

  // Correction (更正): a new draft of a published item, its reason at the top of the body and updatedAt today; it
  // goes through the chain like any draft while the published version stays online
  app.post<{ Params: ItemParams; Body: { reason: string } }>(
    '/items/:collection/:id/corrections',
    {
      bodyLimit: 16 * 1024,
      schema: {
        params: itemParams,
        body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: text(500) } },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request)
      const { collection, id } = request.params
      const record = await requireRecord(collection, id, actor)
      checkCorrect(actor, record)
      const live = (await news.version(record, record.publishedVersion ?? record.version))!
      const reason = request.body.reason.trim()
      const day = today()
      const notice = `> [!NOTE]\n> **更正**（${day}）：${reason.replace(/\s*\n\s*/g, ' ')}\n\n`
      const data = { ...live.data, id: record.publicId ?? live.data.id, status: 'draft', updatedAt: day }
      const corrected = audited(actor, 'correct', { collection, id: record.id, version: record.version + 1, reason })
      const extra = { correctionReason: reason, fromState: 'published' as const }
      const correction = { data, body: notice + live.body }
      const version = await news.save(record, record.version, correction, actor.username, extra, corrected)
      if (version === undefined) throw new ApiError(409, 'CHANGED', `${record.id} changed meanwhile: reload it`)
      return sendDetail(reply, await detail((await news.find(collection, record.id))!, actor), 201)
    },
  )

  // Anyone with review steps sees what waits for them; a helper for the list, not a permission
  app.get('/queue', async (request) => {
    const actor = await actorOf(request)
    if (!isReviewer(actor)) return { items: [] }
    const items = []
    for (const record of await news.all()) {
      if (record.state !== 'in_review' || !mayReviewFor(actor, record.publisher, province())) continue
      const step = stepName(record)
      if (step && mayTakeStep(actor, step)) items.push({ collection: record.collection, id: record.id, step })
    }
    return { items }
  })
}

class ChecksError extends ApiError {
  constructor(
    message: string,
    readonly checks: { problems: unknown[]; terms: TermHit[]; termsFile: string[] },
  ) {
    super(422, 'CHECKS_FAILED', message)
  }
}

class FieldError extends ApiError {
  constructor(
    message: string,
    readonly fields: { pointer: string; message: string }[],
  ) {
    super(400, 'BAD_FIELD', message)
  }
}

/** A file that could not be written or moved: logged, and 500 WRITE_FAILED saying which (nothing recorded). */
function fileFailure(request: FastifyRequest, error: unknown, message: string) {
  request.log.error({ err: error }, message)
  const code = (error as { code?: string }).code
  return new ApiError(500, 'WRITE_FAILED', `${message}${code ? ` (${code})` : ''}: nothing was changed`)
}

/**
 * An item this account may not see is answered exactly as one that does not exist: 404 NOT_FOUND, the same message
 * (naming only the id asked for), nothing else. Never 403: that would say a draft of another region has this id.
 */
function unknownItem(collection: CollectionName, id: string) {
  return new ApiError(404, 'NOT_FOUND', `No item ${collection}/${id}`)
}

/** A file not yet read in, as a record for the actions' checks (version 0; its id is its public id). */
function fileRecord(collection: CollectionName, id: string, publisher: string, file: ItemText): ItemRecord {
  const state = file.data.status === 'published' ? 'published' : 'draft'
  return {
    key: 0,
    collection,
    id,
    publicId: id,
    publisher,
    state,
    step: 0,
    round: 0,
    version: 0,
    submittedVersion: null,
    publishedVersion: null,
    correctionReason: null,
    createdBy: IMPORTED,
    createdAt: 0,
    updatedAt: 0,
  }
}

function forbiddenRegion(what = 'see') {
  return new ApiError(403, 'FORBIDDEN_REGION', `This account may not ${what} items of that publisher`)
}

function publishedNeedsCorrection(id: string) {
  return new ApiError(409, 'PUBLISHED', `${id} is published: start a correction (更正) to change it`)
}

/** The version in If-Match (`"3"`, `3` or `W/"3"`): 428 when missing, 400 when not a version number. */
function ifMatchVersion(request: FastifyRequest): number {
  const header = request.headers['if-match']
  if (header === undefined) {
    throw new ApiError(428, 'PRECONDITION_REQUIRED', 'Send If-Match with the version you edited (its ETag)')
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(String(header))
  if (!match) throw new ApiError(400, 'BAD_PARAMETER', 'If-Match must be the version you edited, e.g. "3"')
  return Number(match[1])
}
