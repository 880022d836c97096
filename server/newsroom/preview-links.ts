// Preview links (预览链接) for one draft: staff make a link and its QR code in the newsroom; a phone (H5, also inside
// WeChat) or WeChat devtools opens the item's detail page with `&draft=<token>`, and the app reads the draft from
// GET /api/v1/drafts/<token>, marked 草稿, never cached, never counted.
//
// A token names one item and when it expires, signed (HMAC-SHA256, 128 bits kept) with a key kept in table meta, so
// every replica on the same database accepts it and nothing else needs configuring. It shows the item's newest saved
// version at the time it is opened (what a reviewer wants after the author saves again), and stops working when it
// expires or the item is withdrawn (撤稿). It opens nothing but that one draft.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import QRCode from 'qrcode'
import type { DetailByCollection } from '../../src/model/api'
import { COLLECTIONS, type CollectionName } from '../../src/model/labels'
import { DETAIL_PAGES } from '../../src/routes'
import type { ContentStore } from '../content/content-store'
import { draftDetail } from '../content/items'
import { parseItem, type Problem } from '../content/load-content'
import { ApiError } from '../http/api-error'
import type { StaffStore } from '../staff/staff-store'
import type { Store } from '../store/database'
import { storeSecret } from '../store/store-secret'
import { itemMarkdown } from './item-file'
import { NewsroomStore } from './newsroom-store'
import { mayRead, type Actor } from './policy'

/** How long a link works unless asked otherwise, and the longest it may. */
export const PREVIEW_LINK_HOURS = 24
export const PREVIEW_LINK_MAX_HOURS = 72
const KEY_NAME = 'newsroom.previewKey'
const SIGNATURE_BYTES = 16

const TOKEN = new RegExp(
  `^(${COLLECTIONS.join('|')})\\.([a-z0-9]+(?:-[a-z0-9]+)*)\\.([0-9a-z]{1,10})\\.([A-Za-z0-9_-]{${Math.ceil((SIGNATURE_BYTES * 4) / 3)}})$`,
)

export interface PreviewClaim {
  collection: CollectionName
  id: string
  /** ms since the epoch, to the second */
  expiresAt: number
}

/** The database's preview key: made once by whichever process needs it first, then the same for every replica. */
export function previewKey(store: Store): Promise<Buffer> {
  return storeSecret(store, KEY_NAME)
}

const sign = (key: Buffer, payload: string) =>
  createHmac('sha256', key).update(payload).digest().subarray(0, SIGNATURE_BYTES)

export function makeToken(key: Buffer, claim: PreviewClaim): string {
  const payload = `${claim.collection}.${claim.id}.${Math.floor(claim.expiresAt / 1000).toString(36)}`
  return `${payload}.${sign(key, payload).toString('base64url')}`
}

/** The claim of a well-formed, correctly signed token (expired or not); undefined for anything else. */
export function readToken(key: Buffer, token: string): PreviewClaim | undefined {
  const match = TOKEN.exec(token)
  if (!match) return undefined
  const [, collection, id, expires, signature] = match
  const expected = sign(key, `${collection}.${id}.${expires}`)
  const presented = Buffer.from(signature, 'base64url')
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined
  return { collection: collection as CollectionName, id, expiresAt: parseInt(expires, 36) * 1000 }
}

/** The page a link opens, as WeChat devtools' 编译模式 takes it (启动页面 and 启动参数) and as H5 routes it. */
export function draftPagePath(collection: CollectionName, id: string, token: string) {
  return { page: DETAIL_PAGES[collection].replace(/^\//, ''), query: `id=${id}&draft=${token}` }
}

/**
 * The H5 app's address the links point at: H5_URL when set; else this request's own origin, which is right when the
 * staff pages are reached where the H5 app is served (nginx in deploy/, scripts/serve-h5.mjs in `npm start`).
 */
function h5Base(request: FastifyRequest, configured: string | undefined): string {
  if (configured) return configured.replace(/\/*$/, '/')
  return `${request.protocol}://${request.host}/`
}

export interface PreviewLinkDeps {
  news: NewsroomStore
  staff: StaffStore
  actorOf: (request: FastifyRequest) => Promise<Actor>
  h5Url?: string
}

/** POST /items/:collection/:id/preview-links, inside the newsroom's routes (session, CSRF, audit). */
export function previewLinkRoute(app: FastifyInstance, { news, staff, actorOf, h5Url }: PreviewLinkDeps) {
  app.post<{ Params: { collection: CollectionName; id: string }; Body: { hours?: number } | undefined }>(
    '/items/:collection/:id/preview-links',
    {
      schema: {
        params: {
          type: 'object',
          required: ['collection', 'id'],
          properties: {
            collection: { type: 'string', enum: [...COLLECTIONS] },
            id: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 },
          },
        },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { hours: { type: 'integer', minimum: 1, maximum: PREVIEW_LINK_MAX_HOURS } },
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request)
      const { collection, id } = request.params
      const record = await news.find(collection, id)
      if (!record) {
        throw new ApiError(404, 'NOT_FOUND', `${collection}/${id} has no saved version: save it before previewing`)
      }
      if (!mayRead(actor, record.publisher)) {
        throw new ApiError(403, 'FORBIDDEN_REGION', 'This account may not see items of that publisher')
      }
      if (record.state === 'withdrawn') throw new ApiError(409, 'WITHDRAWN', `${id} is withdrawn: it has no preview`)
      const hours = request.body?.hours ?? PREVIEW_LINK_HOURS
      const expiresAt = Math.floor((staff.now() + hours * 3600_000) / 1000) * 1000
      const token = makeToken(await previewKey(staff.store), { collection, id, expiresAt })
      const { page, query } = draftPagePath(collection, id, token)
      const url = `${h5Base(request, h5Url)}#/${page}?${query}`
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      await staff.audit({
        at: staff.now(),
        actor: actor.username,
        action: 'newsroom.preview-link',
        detail: { collection, id, version: record.version, expiresAt: new Date(expiresAt).toISOString() },
      })
      reply.code(201).header('cache-control', 'no-store')
      return { token, url, page, query, expiresAt: new Date(expiresAt).toISOString(), version: record.version, qrSvg }
    },
  )
}

export interface DraftRouteOptions {
  staff: StaffStore
  content: ContentStore
}

/** The draft's detail as the app reads a published one, with `draft: true` and `preview` (version, expiry). */
export type DraftDetail = DetailByCollection[CollectionName] & {
  preview: { version: number; expiresAt: string; savedAt: string }
}

/**
 * GET /api/v1/drafts/:token for the app. 404 for a token that is not one (or names no draft, or a withdrawn one);
 * 410 PREVIEW_EXPIRED once it has expired. Always `private, no-store`: no cache keeps a draft.
 */
export const draftRoutes: FastifyPluginAsync<DraftRouteOptions> = async (app, { staff, content }) => {
  const news = new NewsroomStore(staff.store, staff.now)
  app.get<{ Params: { token: string } }>(
    '/drafts/:token',
    { schema: { params: { type: 'object', properties: { token: { type: 'string', maxLength: 200 } } } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store')
      reply.header('x-robots-tag', 'noindex')
      const claim = readToken(await previewKey(staff.store), request.params.token)
      const unknown = new ApiError(404, 'NOT_FOUND', 'No draft for this preview link')
      if (!claim) throw unknown
      if (claim.expiresAt <= staff.now()) {
        throw new ApiError(410, 'PREVIEW_EXPIRED', 'This preview link has expired: ask the editor for a new one')
      }
      const record = await news.find(claim.collection, claim.id)
      if (!record || record.state === 'withdrawn') throw unknown
      const version = await news.version(record, record.version)
      if (!version) throw unknown
      const problems: Problem[] = []
      const file = `${record.collection}/${record.id}.md`
      const text = itemMarkdown(record.collection, { data: { ...version.data, status: 'draft' }, body: version.body })
      const loaded = content.content
      const item = parseItem(`${loaded.contentDir}/media`, record.collection, file, text, (p) => problems.push(p))
      if (!item) {
        // Saved versions pass the schema; a site.yaml changed since could still refuse one
        const first = problems.find((p) => p.severity === 'error')
        throw new ApiError(409, 'DRAFT_INVALID', `This draft cannot be shown: ${first?.pointer} ${first?.message}`)
      }
      const view = content.view(false)
      const detail = draftDetail(loaded, view.collections, item, view.today)
      return {
        ...detail,
        preview: {
          version: record.version,
          expiresAt: new Date(claim.expiresAt).toISOString(),
          savedAt: new Date(version.savedAt).toISOString(),
        },
      } satisfies DraftDetail
    },
  )
}
