// Preview links (预览链接) for one draft: staff make a link and its QR code in the newsroom; a phone (H5, also inside
// WeChat) or WeChat devtools opens the item's detail page with `&draft=<token>`, and the app reads the draft from
// GET /api/v1/drafts/<token>, marked 草稿, never cached, never counted.
//
// Each link made is a row of newsroom_preview_links (migration 0010): the item, the version it shows (the one saved
// when it was made, by default; or, when its maker chose so, the newest saved whenever it is opened, and then the
// app says so), until when, who made it, and who revoked it. The token names one item, its expiry and its row,
// signed (HMAC-SHA256, 128 bits kept) with a key kept in table meta, so every replica on the same database accepts
// it and nothing else needs configuring; it is honoured only as its row says: the row's expiry, not the token's,
// and never once revoked (410 PREVIEW_REVOKED). It stops working too when the item is withdrawn (撤稿), and opens
// nothing but that one draft. The editor lists an item's live links and revokes one (audited).
import fastifyStatic from '@fastify/static'
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import QRCode from 'qrcode'
import type { DetailByCollection } from '../../src/model/api'
import { COLLECTIONS, type CollectionName } from '../../src/model/labels'
import type { PreviewLinkEntry } from '../../src/model/newsroom'
import { DETAIL_PAGES } from '../../src/routes'
import type { ContentStore } from '../content/content-store'
import { draftDetail } from '../content/items'
import { parseItem, type Problem } from '../content/load-content'
import { ApiError } from '../http/api-error'
import type { StaffStore } from '../staff/staff-store'
import type { NewsroomPreviewLinksTable, Store } from '../store/database'
import { storeSecret } from '../store/store-secret'
import { itemMarkdown } from './item-file'
import { mediaFiles, sendDraftMedia, withDraftMediaUrls } from './media-routes'
import { NewsroomStore, type ItemRecord } from './newsroom-store'
import { mayRead, type Actor } from './policy'

/** How long a link works unless asked otherwise, and the longest it may. */
export const PREVIEW_LINK_HOURS = 24
export const PREVIEW_LINK_MAX_HOURS = 72
const KEY_NAME = 'newsroom.previewKey'
const SIGNATURE_BYTES = 16

const TOKEN = new RegExp(
  `^(${COLLECTIONS.join('|')})\\.([a-z0-9]+(?:-[a-z0-9]+)*)\\.([0-9a-z]{1,10})\\.([0-9a-z]{1,7})\\.([A-Za-z0-9_-]{${Math.ceil((SIGNATURE_BYTES * 4) / 3)}})$`,
)
/** Row ids fit PostgreSQL's integer (a serial) */
const MAX_LINK_ROW = 2 ** 31 - 1

export interface PreviewClaim {
  collection: CollectionName
  id: string
  /** ms since the epoch, to the second: what the token says (the link's row decides) */
  expiresAt: number
  /** The link's row in newsroom_preview_links, base 36 */
  link: string
}

/** The database's preview key: made once by whichever process needs it first, then the same for every replica. */
export function previewKey(store: Store): Promise<Buffer> {
  return storeSecret(store, KEY_NAME)
}

const sign = (key: Buffer, payload: string) =>
  createHmac('sha256', key).update(payload).digest().subarray(0, SIGNATURE_BYTES)

export function makeToken(key: Buffer, claim: PreviewClaim): string {
  const payload = `${claim.collection}.${claim.id}.${Math.floor(claim.expiresAt / 1000).toString(36)}.${claim.link}`
  return `${payload}.${sign(key, payload).toString('base64url')}`
}

/** The claim of a well-formed, correctly signed token (expired or not); undefined for anything else. */
export function readToken(key: Buffer, token: string): PreviewClaim | undefined {
  const match = TOKEN.exec(token)
  if (!match) return undefined
  const [, collection, id, expires, link, signature] = match
  const expected = sign(key, `${collection}.${id}.${expires}.${link}`)
  const presented = Buffer.from(signature, 'base64url')
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined
  // One spelling only: base64url's last character carries padding bits, which must be zero
  if (presented.toString('base64url') !== signature) return undefined
  return { collection: collection as CollectionName, id, expiresAt: parseInt(expires, 36) * 1000, link }
}

type LinkRow = { [K in keyof NewsroomPreviewLinksTable]: unknown }

function toEntry(row: LinkRow): PreviewLinkEntry {
  const version = row.version === null || row.version === undefined ? null : Number(row.version)
  return {
    link: Number(row.id).toString(36),
    version,
    followsNewest: version === null,
    expiresAt: new Date(Number(row.expires_at)).toISOString(),
    createdBy: row.created_by as string,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  }
}

/** The row of a link named in base 36, or undefined for a name that cannot be one. */
function linkRow(link: string): number | undefined {
  const row = /^[0-9a-z]{1,7}$/.test(link) ? parseInt(link, 36) : NaN
  return Number.isSafeInteger(row) && row > 0 && row <= MAX_LINK_ROW ? row : undefined
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

const itemParams = {
  collection: { type: 'string', enum: [...COLLECTIONS] },
  id: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80 },
} as const

/**
 * Inside the newsroom's routes (session, CSRF, audit), each with the right to see the item:
 *   POST   /items/:collection/:id/preview-links         a link (`hours`; `followsNewest`, default false), audited
 *   GET    /items/:collection/:id/preview-links         its live links (neither expired nor revoked), newest first
 *   DELETE /items/:collection/:id/preview-links/:link   revokes one, audited (newsroom.preview-link.revoke)
 * An item of another region is answered as one that does not exist (404), when listing or revoking.
 */
export function previewLinkRoute(app: FastifyInstance, { news, staff, actorOf, h5Url }: PreviewLinkDeps) {
  const db = () => staff.store.db
  /** The item's record for listing or revoking its links: 404 alike for no item and for another region's. */
  async function visibleRecord(request: FastifyRequest<{ Params: { collection: CollectionName; id: string } }>) {
    const actor = await actorOf(request)
    const { collection, id } = request.params
    const record = await news.find(collection, id)
    if (!record || !mayRead(actor, record.publisher))
      throw new ApiError(404, 'NOT_FOUND', `No item ${collection}/${id}`)
    return { actor, record }
  }
  /** The item's links neither revoked nor expired, newest first. */
  async function liveLinks(record: ItemRecord): Promise<PreviewLinkEntry[]> {
    const rows = await db()
      .selectFrom('newsroom_preview_links')
      .selectAll()
      .where('item', '=', record.key)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', staff.now())
      .orderBy('id', 'desc')
      .execute()
    return rows.map(toEntry)
  }

  app.get<{ Params: { collection: CollectionName; id: string } }>(
    '/items/:collection/:id/preview-links',
    { schema: { params: { type: 'object', required: ['collection', 'id'], properties: itemParams } } },
    async (request) => {
      const { record } = await visibleRecord(request)
      return { links: await liveLinks(record) }
    },
  )

  app.delete<{ Params: { collection: CollectionName; id: string; link: string } }>(
    '/items/:collection/:id/preview-links/:link',
    {
      schema: {
        params: {
          type: 'object',
          required: ['collection', 'id', 'link'],
          properties: { ...itemParams, link: { type: 'string', maxLength: 20 } },
        },
      },
    },
    async (request) => {
      const { actor, record } = await visibleRecord(request)
      const { collection, id, link } = request.params
      const row = linkRow(link)
      const noLink = new ApiError(404, 'NOT_FOUND', `No live preview link ${link} for ${collection}/${id}`)
      if (row === undefined) throw noLink
      const at = staff.now()
      const revoked = await db()
        .transaction()
        .execute(async (trx) => {
          const found = await trx
            .selectFrom('newsroom_preview_links')
            .selectAll()
            .where('id', '=', row)
            .where('item', '=', record.key)
            .executeTakeFirst()
          if (!found || found.revoked_at !== null || Number(found.expires_at) <= at) return undefined
          // Compare-and-set: of two revoking at once, one does
          const updated = await trx
            .updateTable('newsroom_preview_links')
            .set({ revoked_at: at, revoked_by: actor.username })
            .where('id', '=', row)
            .where('revoked_at', 'is', null)
            .executeTakeFirst()
          if (Number(updated.numUpdatedRows) !== 1) return undefined
          const entry = toEntry(found)
          await staff.appendAudit(trx, {
            at,
            actor: actor.username,
            action: 'newsroom.preview-link.revoke',
            detail: {
              collection,
              id,
              link,
              version: entry.version,
              followsNewest: entry.followsNewest,
              expiresAt: entry.expiresAt,
              createdBy: entry.createdBy,
            },
          })
          return entry
        })
      if (!revoked) throw noLink
      return { ...revoked, revokedAt: new Date(at).toISOString(), revokedBy: actor.username }
    },
  )

  app.post<{
    Params: { collection: CollectionName; id: string }
    Body: { hours?: number; followsNewest?: boolean } | undefined
  }>(
    '/items/:collection/:id/preview-links',
    {
      schema: {
        params: { type: 'object', required: ['collection', 'id'], properties: itemParams },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: {
            hours: { type: 'integer', minimum: 1, maximum: PREVIEW_LINK_MAX_HOURS },
            followsNewest: { type: 'boolean' },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request)
      const { collection, id } = request.params
      const record = await news.find(collection, id)
      // Another region's item: the same 404 as for an id nothing has (nothing says it exists)
      if (!record || !mayRead(actor, record.publisher)) {
        throw new ApiError(404, 'NOT_FOUND', `${collection}/${id} has no saved version: save it before previewing`)
      }
      if (record.state === 'withdrawn') throw new ApiError(409, 'WITHDRAWN', `${id} is withdrawn: it has no preview`)
      const hours = request.body?.hours ?? PREVIEW_LINK_HOURS
      const followsNewest = request.body?.followsNewest ?? false
      const at = staff.now()
      const expiresAt = Math.floor((at + hours * 3600_000) / 1000) * 1000
      const key = await previewKey(staff.store)
      // The link's row and its audit entry commit together
      const link = await db()
        .transaction()
        .execute(async (trx) => {
          const inserted = await trx
            .insertInto('newsroom_preview_links')
            .values({
              item: record.key,
              version: followsNewest ? null : record.version,
              expires_at: expiresAt,
              created_by: actor.username,
              created_at: at,
              revoked_at: null,
              revoked_by: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          const made = Number(inserted.id).toString(36)
          await staff.appendAudit(trx, {
            at,
            actor: actor.username,
            action: 'newsroom.preview-link',
            detail: {
              collection,
              id,
              link: made,
              version: record.version,
              followsNewest,
              expiresAt: new Date(expiresAt).toISOString(),
            },
          })
          return made
        })
      const token = makeToken(key, { collection, id, expiresAt, link })
      // The page of the item as the app names it: its public id once it has one, else its newsroom id
      const { page, query } = draftPagePath(collection, record.publicId ?? record.id, token)
      const url = `${h5Base(request, h5Url)}#/${page}?${query}`
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      reply.code(201).header('cache-control', 'no-store')
      return {
        token,
        link,
        url,
        page,
        query,
        expiresAt: new Date(expiresAt).toISOString(),
        version: record.version,
        followsNewest,
        qrSvg,
      }
    },
  )
}

export interface DraftRouteOptions {
  staff: StaffStore
  content: ContentStore
}

/**
 * The draft's detail as the app reads a published one, with `draft: true` and `preview`: the version shown, whether
 * the link follows the newest saved version (else it shows the one it was made for), its expiry.
 */
export type DraftDetail = DetailByCollection[CollectionName] & {
  preview: { version: number; followsNewest: boolean; expiresAt: string; savedAt: string }
}

/**
 * GET /api/v1/drafts/:token for the app. 404 for a token that is not one (or names no link, no draft, or a withdrawn
 * one); 410 PREVIEW_EXPIRED once its row's expiry has passed, 410 PREVIEW_REVOKED once revoked. Always
 * `private, no-store`: no cache keeps a draft. Readable cross-origin only from our own origins (request-policy.ts).
 */
export const draftRoutes: FastifyPluginAsync<DraftRouteOptions> = async (app, { staff, content }) => {
  const news = new NewsroomStore(staff.store, staff.now)
  // ?media=<path>: a file of the draft that /media/ does not serve (media-routes.ts)
  await app.register(fastifyStatic, mediaFiles(content))
  app.get<{ Params: { token: string }; Querystring: { media?: string } }>(
    '/drafts/:token',
    {
      schema: {
        params: { type: 'object', properties: { token: { type: 'string', maxLength: 200 } } },
        querystring: { type: 'object', properties: { media: { type: 'string', maxLength: 300 } } },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store')
      reply.header('x-robots-tag', 'noindex')
      const claim = readToken(await previewKey(staff.store), request.params.token)
      const unknown = new ApiError(404, 'NOT_FOUND', 'No draft for this preview link')
      const row = claim && linkRow(claim.link)
      if (!claim || row === undefined) throw unknown
      const link = await staff.store.db
        .selectFrom('newsroom_preview_links')
        .selectAll()
        .where('id', '=', row)
        .executeTakeFirst()
      const record = await news.find(claim.collection, claim.id)
      if (!link || !record || Number(link.item) !== record.key) throw unknown
      if (link.revoked_at !== null) {
        throw new ApiError(410, 'PREVIEW_REVOKED', 'This preview link has been revoked: ask the editor for a new one')
      }
      // The row's expiry, whatever the token says
      if (Number(link.expires_at) <= staff.now()) {
        throw new ApiError(410, 'PREVIEW_EXPIRED', 'This preview link has expired: ask the editor for a new one')
      }
      if (record.state === 'withdrawn') throw unknown
      const followsNewest = link.version === null
      const version = await news.version(record, followsNewest ? record.version : Number(link.version))
      if (!version) throw unknown
      const problems: Problem[] = []
      // Shown under its public id once it has one, else its newsroom id (the public id a draft wishes for is not yet its)
      const shownId = record.publicId ?? record.id
      const file = `${record.collection}/${shownId}.md`
      const data = { ...version.data, id: shownId, status: 'draft' }
      const text = itemMarkdown(record.collection, { data, body: version.body })
      const loaded = content.content
      const report = (p: Problem) => problems.push(p)
      // Body links to the official hosts of site.yaml only, as the published item will have them
      const hosts = loaded.site?.officialHosts
      const item = parseItem(`${loaded.contentDir}/media`, record.collection, file, text, report, hosts)
      if (!item) {
        // Saved versions pass the schema; a site.yaml changed since could still refuse one
        const first = problems.find((p) => p.severity === 'error')
        throw new ApiError(409, 'DRAFT_INVALID', `This draft cannot be shown: ${first?.pointer} ${first?.message}`)
      }
      const view = content.view(false)
      const detail = draftDetail(loaded, view.collections, item, view.today)
      const answer = {
        ...detail,
        preview: {
          version: version.version,
          followsNewest,
          expiresAt: new Date(Number(link.expires_at)).toISOString(),
          savedAt: new Date(version.savedAt).toISOString(),
        },
      } satisfies DraftDetail
      // The file asked for, if the draft names it; else the draft, its media that are not public named by this route
      const { token } = request.params
      if (request.query.media !== undefined) return sendDraftMedia(reply, answer, request.query.media)
      return withDraftMediaUrls(answer, content, `${app.prefix}/drafts/${encodeURIComponent(token)}`)
    },
  )
}
