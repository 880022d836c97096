// POST /api/v1/staff/newsroom/uploads: an image (for a body, a news cover or a share image), a video poster, or a
// video with its poster, as multipart/form-data. Registered inside the newsroom's scope: the session (401) and the
// CSRF token (403) are checked before the body is read; who may upload is who may draft for the publisher (403).
// The fields, sent before the files:
//   kind       image | poster | video
//   publisher  optional: the region the item is for (default: a city account's own region, else the province)
// then the file part `file` (the image, poster or video) and, for a video, `poster` (its poster image).
// The answer names each stored file's path under CONTENT_DIR/media, the value for the item's field (uploads-media.ts
// says what is checked and stored). Audited as newsroom.upload; a refusal (400 unreadable, 403 region, 413 too
// large, 415 type) as newsroom.upload.refused with its status, code and reason and, for each file part received,
// its name, the bytes received and the type told from them (never the file's contents). A stored file is not public
// until an item naming it is published (content/served-media.ts): staff see it at GET /media/<path> here
// (media-routes.ts), a preview link's phone through the draft's answer.
import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import path from 'node:path'
import type { ContentStore } from '../content/content-store'
import { ApiError } from '../http/api-error'
import type { StaffStore } from '../staff/staff-store'
import { staffMediaRoute } from './media-routes'
import { mayDraft } from './policy'
import {
  badUpload,
  IMAGE_MAX_BYTES,
  IncomingVideo,
  limitText,
  sniff,
  SNIFF_BYTES,
  storeImage,
  tooLarge,
  VIDEO_MAX_BYTES,
  type StoredImage,
} from './uploads-media'

export const UPLOADS_PATH = '/uploads'
const KINDS = ['image', 'poster', 'video'] as const
type Kind = (typeof KINDS)[number]

export interface UploadRoutesOptions {
  staff: StaffStore
  content: ContentStore
}

/** What is recorded of a file part in a refusal's audit entry: never its contents. */
interface PartFacts {
  part: string
  filename: string
  /** Bytes received (when cutShort, the refusal came before the rest was read). */
  bytes: number
  cutShort?: boolean
  /** The type told from the first bytes (file-type), 'unknown' when none is known. */
  type?: string
}

/** A request the staff app would not send (its fields wrong): staff are told to reload the page. */
const FORM = { why: 'form' }

/** Refusals audited as newsroom.upload.refused: what a client sent wrong (401 and CSRF are the scope's). */
const AUDITED_REFUSALS = new Set([400, 403, 413, 415])

/** The parts a request may have: 2 fields, 2 files; anything more is refused by the parser (413). */
const LIMITS = { fields: 2, files: 2, parts: 4, fieldSize: 100, fieldNameSize: 20, headerPairs: 20 }

export const uploadRoutes: FastifyPluginAsync<UploadRoutesOptions> = async (app, { staff, content }) => {
  // In this scope only: the multipart parser, its files never larger than a video may be (each part is counted
  // against its own limit while it arrives)
  // GET /media/<path>: what was uploaded, before any item using it is published
  await app.register(staffMediaRoute, { content })
  await app.register(fastifyMultipart, {
    limits: { ...LIMITS, fileSize: VIDEO_MAX_BYTES + 1 },
    throwFileSizeLimit: false,
  })

  app.post(UPLOADS_PATH, async (request, reply) => {
    const { account } = request.staffSession!
    const actor = { ...account, reviewSteps: '' }
    const fields: { kind?: Kind; publisher?: string } = {}
    /** The file parts as they arrive, for a refusal's audit entry. */
    const received: PartFacts[] = []
    /** A refusal on record (newsroom.upload.refused), then thrown; an audit failure does not hide the refusal. */
    const refuse = async (error: unknown): Promise<never> => {
      if (error instanceof ApiError && AUDITED_REFUSALS.has(error.statusCode)) {
        const detail = {
          status: error.statusCode,
          code: error.code,
          reason: error.message,
          ...(error.params ? { params: error.params } : {}),
          ...(fields.kind ? { kind: fields.kind } : {}),
          ...(fields.publisher ? { publisher: fields.publisher } : {}),
          files: received,
        }
        await staff
          .audit({ at: staff.now(), actor: account.username, action: 'newsroom.upload.refused', detail })
          .catch((failure: unknown) => request.log.error({ err: failure }, 'upload refusal not audited'))
      }
      throw error
    }
    if (!request.isMultipart()) {
      await refuse(
        new ApiError(415, 'UNSUPPORTED_TYPE', 'Send the upload as multipart/form-data (fields kind, file, poster)', {
          why: 'multipart',
        }),
      )
    }
    const mediaDir = path.join(content.content.contentDir, 'media')
    const province = content.content.site?.province ?? ''
    const regions = new Set([province, ...(content.content.site?.regions ?? []).map((region) => region.id)])

    const images = new Map<'file' | 'poster', { bytes: Buffer; filename: string }>()
    let video: IncomingVideo | undefined
    let checkedWho = false
    /** Before the first file: the kind, and may this account upload for the publisher. */
    const checkWho = () => {
      if (checkedWho) return
      checkedWho = true
      if (!fields.kind) throw badUpload(`kind is required before the files: one of ${KINDS.join(', ')}`, FORM)
      fields.publisher ??= account.role === 'city' ? account.region : province
      if (!regions.has(fields.publisher))
        throw badUpload(`publisher: ${fields.publisher} is not a region of site.yaml`, FORM)
      if (!mayDraft(actor, fields.publisher)) {
        throw new ApiError(403, 'FORBIDDEN_REGION', 'This account may not upload for items of that publisher')
      }
    }

    // The connection closed while the session was being looked up, before anything read the body: the request
    // stream has already ended, and reading its parts would wait for ever. Refused (and on record) as cut short
    if (request.raw.aborted || request.raw.destroyed) {
      await refuse(parserError(new Error('aborted'), { cutOff: true, sawParts: false }))
    }
    try {
      for await (const part of request.parts({ limits: { ...LIMITS, fileSize: VIDEO_MAX_BYTES + 1 } })) {
        if (part.type === 'field') {
          if (checkedWho) throw badUpload(`Send the field ${part.fieldname} before the files`, FORM)
          const value = String(part.value)
          if (part.fieldname === 'kind') {
            if (!(KINDS as readonly string[]).includes(value)) {
              throw badUpload(`kind must be one of ${KINDS.join(', ')}`, FORM)
            }
            fields.kind = value as Kind
          } else if (part.fieldname === 'publisher') {
            fields.publisher = value
          } else {
            throw badUpload(`Unknown field ${part.fieldname}: send kind, publisher, file and poster`, FORM)
          }
          continue
        }
        checkWho()
        const name = part.fieldname
        if (name !== 'file' && name !== 'poster') {
          throw badUpload(`Unknown file part ${name}: the file goes in 'file', a video's poster in 'poster'`, FORM)
        }
        if (name === 'poster' && fields.kind !== 'video') throw badUpload(`Only a video has a 'poster' part`, FORM)
        if ((name === 'file' && (images.has('file') || video)) || (name === 'poster' && images.has('poster'))) {
          throw badUpload(`The part '${name}' is sent twice`, FORM)
        }
        const filename = part.filename.slice(0, 200)
        const facts: PartFacts = { part: name, filename, bytes: 0 }
        received.push(facts)
        try {
          if (name === 'file' && fields.kind === 'video') {
            video = new IncomingVideo(mediaDir, filename)
            try {
              await video.receive(part.file)
            } finally {
              facts.bytes = video.size
              facts.type = video.detected
            }
          } else {
            images.set(name, { bytes: await readImage(part.file, facts), filename })
          }
        } finally {
          if (!part.file.readableEnded) facts.cutShort = true
        }
      }
      if (!checkedWho) throw badUpload(`No file was sent: put it in the part 'file'`, { why: 'no-file' })
      const kind = fields.kind!
      if (kind === 'video' ? !video : !images.has('file'))
        throw badUpload(`No file was sent: put it in the part 'file'`, { why: 'no-file' })
      if (kind === 'video' && !images.has('poster')) {
        throw badUpload(`A video needs its poster: send the poster image in the part 'poster'`, { why: 'no-poster' })
      }

      let answer: Record<string, unknown>
      let facts: Record<string, unknown>
      if (kind === 'video') {
        // The video checked, then the poster stored, then the video moved: a refusal of either leaves nothing
        await video!.check()
        const poster = await storeImage(mediaDir, images.get('poster')!.bytes, images.get('poster')!.filename, 'poster')
        const stored = await video!.store()
        answer = {
          kind,
          publisher: fields.publisher,
          src: stored.path,
          poster: poster.path,
          durationSeconds: stored.durationSeconds,
          video: stored,
          posterImage: poster,
          warnings: stored.warnings,
        }
        facts = {
          kind,
          publisher: fields.publisher,
          src: stored.path,
          bytes: stored.bytes,
          sha256: stored.sha256,
          durationSeconds: stored.durationSeconds,
          poster: poster.path,
          posterFrom: poster.received,
        }
      } else {
        const { bytes, filename } = images.get('file')!
        const stored: StoredImage = await storeImage(mediaDir, bytes, filename, kind)
        answer = { kind, publisher: fields.publisher, ...stored, warnings: [] }
        facts = {
          kind,
          publisher: fields.publisher,
          path: stored.path,
          bytes: stored.bytes,
          sha256: stored.sha256,
          from: stored.received,
        }
      }
      await staff.audit({ at: staff.now(), actor: account.username, action: 'newsroom.upload', detail: facts })
      reply.code(201)
      return answer
    } catch (error) {
      // A refusal before the whole body was read: the connection closes after the answer, the rest is not read
      if (!request.raw.readableEnded) reply.header('connection', 'close')
      // Awaited here, before the finally's own await: its rejection is never left unhandled meanwhile
      return await refuse(
        parserError(error, {
          cutOff: !request.raw.complete,
          sawParts: received.length > 0 || fields.kind !== undefined || fields.publisher !== undefined,
        }),
      )
    } finally {
      await video?.discard()
    }
  })
}

/**
 * Reads an image part, refusing it (413) as soon as it is larger than an image may be; `facts` gets the bytes
 * received and the type told from the first of them.
 */
async function readImage(stream: AsyncIterable<Buffer>, facts: PartFacts): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  const told = async () => {
    facts.bytes = size
    const found = await sniff(Buffer.concat(chunks).subarray(0, SNIFF_BYTES))
    facts.type = found?.mime ?? 'unknown'
  }
  for await (const chunk of stream) {
    size += chunk.length
    chunks.push(chunk)
    if (size > IMAGE_MAX_BYTES) {
      await told()
      throw tooLarge(`The image is larger than ${limitText(IMAGE_MAX_BYTES)}: images may be at most that`, {
        why: 'image-bytes',
        what: facts.part === 'poster' ? 'poster' : 'image',
      })
    }
  }
  await told()
  return Buffer.concat(chunks)
}

/**
 * The multipart parser's own errors, said as what to change: every malformed body is a refusal (4xx, audited), never a
 * 500. `cutOff`: the request stream ended before its Content-Length (the connection closed); `sawParts`: a field or a
 * file part was read before the error.
 */
function parserError(error: unknown, { cutOff, sawParts }: { cutOff: boolean; sawParts: boolean }): unknown {
  if (error instanceof ApiError) return error
  const code = (error as { code?: string }).code
  const status = (error as { statusCode?: number }).statusCode
  const message = error instanceof Error ? error.message : String(error)
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return tooLarge('Too many parts: send the fields kind and publisher, the file and (for a video) the poster', {
      why: 'parts',
    })
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new ApiError(415, 'UNSUPPORTED_TYPE', 'Send the upload as multipart/form-data', { why: 'multipart' })
  }
  // The body ends before the multipart data does: busboy's "Part terminated early due to unexpected end of multipart
  // data" (inside a part) and "Unexpected end of multipart data", the plugin's FST_MP_PREMATURE_CLOSE, or the
  // request's own "aborted" (ECONNRESET) when the connection closed first
  const endedEarly = /terminated early|unexpected end/i.test(message)
  if (cutOff || code === 'FST_MP_PREMATURE_CLOSE' || code === 'ECONNRESET' || (endedEarly && sawParts)) {
    return badUpload('The upload was cut short: the body ends before its multipart data does; send it again whole', {
      why: 'cut-short',
    })
  }
  // Nothing read before the end: the boundary the body uses is not the one Content-Type names (or none is named), or
  // a part's header is broken; a field named like an object's own property (__proto__); a JSON field that is not JSON
  if (
    endedEarly ||
    /boundary|malformed/i.test(message) ||
    (typeof code === 'string' && code.startsWith('FST_') && status !== undefined && status >= 400 && status < 500)
  ) {
    return badUpload(
      `The multipart body could not be read (${message.slice(0, 120)}): send multipart/form-data with the boundary its Content-Type names, fields kind and publisher, parts file and poster`,
      { why: 'form' },
    )
  }
  return error
}
