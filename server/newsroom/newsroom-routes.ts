// The newsroom's server side, under /api/v1/staff/newsroom (registered only when a store is open, like the staff
// routes): list, draft, save with a version check, submit, approve or return at each step of the collection's
// review chain, publish into CONTENT_DIR, withdraw (撤稿) and correct (更正). Every call checks the session (401),
// the CSRF token on POST (403), and who may do what for the item's publisher (policy.ts, 403); every action is
// written to the hash-chained audit log.
import { createTwoFilesPatch } from 'diff'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { COLLECTIONS, type CollectionName } from '../../src/model/labels'
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
import { IMPORTED, NewsroomStore, type AuditInside, type ItemRecord } from './newsroom-store'
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

  /** What the public sees of an item now: published, scheduled (publishedAt after today) or nothing. */
  function publicState(collection: CollectionName, id: string): 'published' | 'scheduled' | undefined {
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

  function shownState(collection: CollectionName, id: string, record?: ItemRecord): ShownState | undefined {
    const live = publicState(collection, id)
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
    if (!mayRead(actor, publisher)) throw forbiddenRegion()
    const state = file.data.status === 'published' ? 'published' : 'draft'
    const imported = audited(actor, 'import', { collection, id, version: 1, state })
    return (await news.create(collection, id, publisher, file, IMPORTED, state, imported)) ?? news.find(collection, id)
  }

  async function requireRecord(collection: CollectionName, id: string, actor: Actor): Promise<ItemRecord> {
    const record = await recordOrImport(collection, id, actor)
    if (!record) throw new ApiError(404, 'NOT_FOUND', `No item ${collection}/${id}`)
    if (!mayRead(actor, record.publisher)) throw forbiddenRegion()
    return record
  }

  /** Fields set by the server: status (draft until published) and the publisher (the account's region by default). */
  function normalise(data: FrontMatter, id: string, actor: Actor): FrontMatter {
    const publisher =
      typeof data.publisher === 'string' ? data.publisher : actor.role === 'city' ? actor.region : province()
    return { ...data, id, status: 'draft', publisher }
  }

  function validate(collection: CollectionName, data: FrontMatter) {
    const problems = draftProblems(collection, data, site())
    if (problems.length) {
      const first = problems[0]
      throw new FieldError(`${first.pointer.replace(/^\//, '') || 'data'}: ${first.message}`, problems)
    }
  }

  /** Today's content check on the version as it would be published: 422 naming each problem. */
  /**
   * The checks before the last step and before publishing, on the version as it would be published: today's content
   * check (the loader's problems for this file) and the forbidden and mistaken terms of CONTENT_DIR/terms.yaml.
   */
  function runChecks(collection: CollectionName, id: string, version: ItemText) {
    const published: ItemText = { data: { ...version.data, status: 'published' }, body: version.body }
    const problems = [
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
  function checkOrRefuse(collection: CollectionName, id: string, version: ItemText) {
    const { published, ...checks } = runChecks(collection, id, version)
    const list = [
      ...checks.problems.map((p) => `${p.pointer.replace(/^\//, '') || 'file'}: ${p.message}`),
      ...checks.termsFile,
      ...checks.terms.map(describeHit),
    ]
    if (list.length) throw new ChecksError(`The checks found problems: ${list.join('; ')}`, checks)
    return published
  }

  async function detail(record: ItemRecord) {
    const current = await news.version(record, record.version)
    return {
      collection: record.collection,
      id: record.id,
      publisher: record.publisher,
      state: shownState(record.collection, record.id, record),
      public: publicState(record.collection, record.id) ?? null,
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
  async function checkReviewer(actor: Actor, record: ItemRecord, step: string, action: 'approve' | 'return') {
    if (record.state !== 'in_review') throw new ApiError(409, 'NOT_IN_REVIEW', `${record.id} is not in review`)
    if (!mayReviewFor(actor, record.publisher, province())) throw forbiddenRegion('review')
    const current = currentStep(record)
    const refuse = async (status: number, code: string, message: string) => {
      await audit(actor, `${action}.refused`, {
        collection: record.collection,
        id: record.id,
        step,
        current,
        reason: code,
      })
      return new ApiError(status, code, message)
    }
    if (step !== current) {
      throw await refuse(409, 'STEP_NOT_CURRENT', `${record.id} waits for ${current}, not ${step}`)
    }
    if (!mayTakeStep(actor, step)) {
      throw await refuse(403, 'FORBIDDEN_ROLE', `${actor.username} may not take the step ${step}`)
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
      throw new ApiError(403, 'FORBIDDEN_ROLE', `Publishing and withdrawing need a reviewer who may take ${last}`)
    }
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
      const records = new Map((await news.all()).map((record) => [`${record.collection}/${record.id}`, record]))
      const keys = new Set(records.keys())
      for (const name of COLLECTIONS) for (const item of content.content.items[name]) keys.add(`${name}/${item.id}`)
      const items = []
      for (const key of keys) {
        const [name, id] = key.split('/') as [CollectionName, string]
        const record = records.get(key)
        const live = liveItem(name, id)
        const itemPublisher = record?.publisher ?? live?.data.publisher ?? province()
        const shown = shownState(name, id, record)
        if (!shown || !mayRead(actor, itemPublisher)) continue
        if (collection && name !== collection) continue
        if (publisher && itemPublisher !== publisher) continue
        if (state && shown !== state) continue
        const title = record ? ((await news.version(record, record.version))?.data.title as string) : live?.data.title
        if (q && !String(title ?? '').includes(q) && !id.includes(q)) continue
        items.push({
          collection: name,
          id,
          title: title ?? id,
          publisher: itemPublisher,
          state: shown,
          public: publicState(name, id) ?? null,
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
      const id = request.body.data.id
      if (typeof id !== 'string') throw new FieldError('id: is required', [{ pointer: '/id', message: 'is required' }])
      const data = normalise(request.body.data, id, actor)
      if (!mayDraft(actor, String(data.publisher))) throw forbiddenRegion('draft')
      validate(collection, data)
      const dir = contentDir()
      const taken =
        (await news.find(collection, id)) !== undefined ||
        readItemFile(dir, collection, id) !== undefined ||
        readItemFile(dir, collection, id, 'withdrawn') !== undefined ||
        listedIds(dir).has(`${collection}/${id}`)
      if (taken)
        throw new ApiError(409, 'ID_TAKEN', `${collection}/${id} exists or was published once: choose another id`)
      const publisher = String(data.publisher)
      const created = audited(actor, 'create', { collection, id, version: 1, publisher })
      const record = await news.create(collection, id, publisher, { data, body }, actor.username, 'draft', created)
      if (!record) throw new ApiError(409, 'ID_TAKEN', `${collection}/${id} exists already`)
      return sendDetail(reply, await detail(record), 201)
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
        if (!mayRead(actor, record.publisher)) throw forbiddenRegion()
        return sendDetail(reply, await detail(record))
      }
      // Not in the newsroom yet: the file as it is (version 0)
      const file = readItemFile(contentDir(), collection, id)
      if (!file) throw new ApiError(404, 'NOT_FOUND', `No item ${collection}/${id}`)
      const publisher = typeof file.data.publisher === 'string' ? file.data.publisher : province()
      if (!mayRead(actor, publisher)) throw forbiddenRegion()
      return sendDetail(reply, {
        collection,
        id,
        publisher,
        state: shownState(collection, id) ?? 'draft',
        public: publicState(collection, id) ?? null,
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
      if (!record) throw new ApiError(404, 'NOT_FOUND', `No versions of ${request.params.id}`)
      if (!mayRead(actor, record.publisher)) throw forbiddenRegion()
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
      if (!record) throw new ApiError(404, 'NOT_FOUND', `No versions of ${request.params.id}`)
      if (!mayRead(actor, record.publisher)) throw forbiddenRegion()
      const number = request.query.version ?? record.submittedVersion ?? record.version
      const version = await news.version(record, number)
      if (!version) throw new ApiError(404, 'NOT_FOUND', `${record.id} has no version ${number}`)
      const { published: _published, ...checks } = runChecks(record.collection, record.id, version)
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
      if (!record) throw new ApiError(404, 'NOT_FOUND', `No history of ${id}`)
      if (!mayRead(actor, record.publisher)) throw forbiddenRegion()
      return { entries: await news.auditOf(collection, id) }
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
        if (!file) throw new ApiError(404, 'NOT_FOUND', `No item ${collection}/${id}`)
        if (file.data.status === 'published') throw publishedNeedsCorrection(id)
        const publisher = typeof file.data.publisher === 'string' ? file.data.publisher : province()
        if (!mayDraft(actor, publisher)) throw forbiddenRegion('draft')
        const expected = ifMatchVersion(request)
        if (expected !== 0) return staleVersion(reply, expected, undefined)
        const imported = audited(actor, 'import', { collection, id, version: 1, state: 'draft' })
        record =
          (await news.create(collection, id, publisher, file, IMPORTED, 'draft', imported)) ??
          (await news.find(collection, id))!
        if (record.version !== 1) return staleVersion(reply, expected, record)
        return saveOn(request, reply, actor, record, 1)
      }
      if (!mayDraft(actor, record.publisher)) throw forbiddenRegion('draft')
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
    if (record.state === 'published') throw publishedNeedsCorrection(record.id)
    if (record.state !== 'draft') {
      throw new ApiError(409, 'NOT_EDITABLE', `${record.id} is ${record.state}: only a draft can be edited`)
    }
    const data = normalise(request.body.data, record.id, actor)
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
    return sendDetail(reply, await detail((await news.find(record.collection, record.id))!))
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
      if (!mayDraft(actor, record.publisher)) throw forbiddenRegion('submit')
      if (record.state !== 'draft') throw new ApiError(409, 'NOT_A_DRAFT', `${record.id} is ${record.state}`)
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
      return sendDetail(reply, await detail((await news.find(record.collection, record.id))!))
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
        checkOrRefuse(record.collection, record.id, version!)
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
      return sendDetail(reply, await detail((await news.find(record.collection, record.id))!))
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
      return sendDetail(reply, await detail((await news.find(record.collection, record.id))!))
    },
  )

  app.post<{ Params: ItemParams }>(
    '/items/:collection/:id/publish',
    { schema: { params: itemParams } },
    async (request, reply) => {
      const actor = await actorOf(request)
      const record = await requireRecord(request.params.collection, request.params.id, actor)
      checkSignOff(actor, record)
      if (record.state !== 'approved') {
        throw new ApiError(
          409,
          'NOT_APPROVED',
          `${record.id} is ${record.state}: only an item through every step is published`,
        )
      }
      const versionNumber = record.submittedVersion ?? record.version
      const version = (await news.version(record, versionNumber))!
      const published = checkOrRefuse(record.collection, record.id, version)
      // In the transaction of the state change: the file written, then the audit entry; a failure undoes both
      const publishedEntry = audited(actor, 'publish', {
        collection: record.collection,
        id: record.id,
        version: versionNumber,
        publishedAt: published.data.publishedAt,
        ...(record.correctionReason ? { correction: record.correctionReason } : {}),
      })
      const write: AuditInside = async (trx) => {
        try {
          publishFile(contentDir(), record.collection, record.id, itemMarkdown(record.collection, published))
        } catch (error) {
          throw fileFailure(request, error, `${record.collection}/${record.id}.md could not be written`)
        }
        await publishedEntry(trx)
      }
      const change = { publishedVersion: versionNumber, correctionReason: null }
      if (!(await news.transition(record, 'approved', 'published', change, write))) {
        throw new ApiError(409, 'CHANGED', `${record.id} changed meanwhile: reload it`)
      }
      const expected = canonicalJson(published.data)
      await reloadUntil(() => canonicalJson(liveItem(record.collection, record.id)?.data) === expected)
      return sendDetail(reply, await detail((await news.find(record.collection, record.id))!))
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
      checkSignOff(actor, record)
      const live = readItemFile(contentDir(), collection, id)
      if (!live || live.data.status !== 'published') {
        throw new ApiError(409, 'NOT_PUBLISHED', `${id} is not published: nothing to withdraw`)
      }
      // Items linking to it keep being served without the link (the content check lists them until edited)
      const linkedFrom = linksTo(collection, id)
      const withdrawnEntry = audited(actor, 'withdraw', { collection, id, reason: request.body.reason, linkedFrom })
      const move: AuditInside = async (trx) => {
        try {
          withdrawFile(contentDir(), collection, id)
        } catch (error) {
          throw fileFailure(request, error, `${collection}/${id}.md could not be moved to withdrawn/`)
        }
        await withdrawnEntry(trx)
      }
      if (!(await news.transition(record, record.state, 'withdrawn', { correctionReason: null }, move))) {
        throw new ApiError(409, 'CHANGED', `${id} changed meanwhile: reload it`)
      }
      await reloadUntil(() => liveItem(collection, id) === undefined)
      return sendDetail(reply, { ...(await detail((await news.find(collection, id))!)), linkedFrom })
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
      if (!mayDraft(actor, record.publisher)) throw forbiddenRegion('correct')
      if (record.state !== 'published' || !publicState(collection, id)) {
        throw new ApiError(409, 'NOT_PUBLISHED', `${id} is ${record.state}: only a published item is corrected`)
      }
      const live = (await news.version(record, record.publishedVersion ?? record.version))!
      const reason = request.body.reason.trim()
      const day = today()
      const notice = `> [!NOTE]\n> **更正**（${day}）：${reason.replace(/\s*\n\s*/g, ' ')}\n\n`
      const data = { ...live.data, status: 'draft', updatedAt: day }
      const corrected = audited(actor, 'correct', { collection, id, version: record.version + 1, reason })
      const extra = { correctionReason: reason, fromState: 'published' as const }
      const correction = { data, body: notice + live.body }
      const version = await news.save(record, record.version, correction, actor.username, extra, corrected)
      if (version === undefined) throw new ApiError(409, 'CHANGED', `${id} changed meanwhile: reload it`)
      return sendDetail(reply, await detail((await news.find(collection, id))!), 201)
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
