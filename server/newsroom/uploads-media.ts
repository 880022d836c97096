// What an upload's bytes are and what is stored of them (uploads.ts is the route). The type is told from the bytes
// (file-type), never from the file's name or the declared Content-Type. Images are decoded and re-encoded with sharp
// (EXIF orientation applied, every metadata block dropped: EXIF with its GPS position, XMP, IPTC, ICC), as JPEG;
// a poster also gets its WebP copies for cards (POSTER_SIZES, as scripts/make-posters.mjs makes them). A video is
// kept as sent, once file-type says MP4 and its boxes are complete, hold a movie header (the duration is read from
// there) and an H.264 video track.
import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'
import { POSTER_SIZES, posterVariantPath, type PosterSize } from '../../src/model/labels'
import type { ErrorParams } from '../../src/model/error-messages'
import { ApiError } from '../http/api-error'

/** An image file: at most 5 MiB, and at most 4096 px on its longer side. */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024
export const IMAGE_MAX_SIDE = 4096
/** Stored images are made to fit in 2048 × 2048 (larger ones are scaled down; phones show them at ≤ 1,200 px). */
export const IMAGE_STORED_SIDE = 2048
/** A video file: MP4 only, at most 50 MiB, at most an hour (the video schema's durationSeconds). */
export const VIDEO_MAX_BYTES = 50 * 1024 * 1024
export const VIDEO_MAX_SECONDS = 3600
/** The image types taken in (told from the bytes); everything is stored as JPEG. */
export const IMAGE_TYPES: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP' }
const JPEG_QUALITY = 82
/** The poster copies' WebP quality, as scripts/make-posters.mjs. */
const POSTER_COPY_QUALITY = 72
/** Bytes file-type needs to tell a type (its reasonable detection size). */
export const SNIFF_BYTES = 4100

/**
 * Decoding memory. A 4096 × 4096 image is 128 MiB decoded (16-bit RGBA); its re-encoding here takes about 70 MiB,
 * and parallel uploads used to be decoded at once (four such PNGs: the API from about 230 MiB to a peak of 499 MiB).
 * Decodes now wait their turn, one at a time in each process (decodeQueue: peak 389 MiB), and libvips keeps no cache
 * of earlier operations (every upload is new). limitInputPixels refuses anything larger before it is decoded.
 * scripts/bench-upload-memory.ts measures it.
 */
sharp.cache(false)

/** Runs tasks one at a time, in the order they came; a failing task does not stop the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    // The next task waits for this one to settle, whichever way
    this.tail = result.catch(() => undefined)
    return result
  }
}

/** The image decodes of this process (storeImage's re-encoding and its poster copies), one at a time. */
export const decodeQueue = new SerialQueue()

/** Folders under CONTENT_DIR/media, by what the upload is for. */
export const UPLOAD_FOLDERS = { image: 'images', poster: 'posters', video: 'videos' } as const

// The params (`why` and the details) are what staff are told, in Chinese (src/model/error-messages.ts)
export const tooLarge = (message: string, params?: ErrorParams) => new ApiError(413, 'TOO_LARGE', message, params)
export const unsupported = (message: string, params?: ErrorParams) =>
  new ApiError(415, 'UNSUPPORTED_TYPE', message, params)
export const badUpload = (message: string, params?: ErrorParams) => new ApiError(400, 'BAD_UPLOAD', message, params)

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`
export const limitText = (bytes: number) => `${bytes / 1024 / 1024} MB`

/** What the bytes are, as file-type tells (undefined: no known type), with SVG and HEIC named for clear refusals. */
export async function sniff(head: Buffer): Promise<{ mime: string; ext: string } | undefined> {
  // file-type reads binary signatures (an SVG with an XML prolog is application/xml to it): SVG is told first
  const text = head
    .subarray(0, 2048)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+svg[^>]*>\s*)?<svg[\s>]/i.test(text)) {
    return { mime: 'image/svg+xml', ext: 'svg' }
  }
  const found = await fileTypeFromBuffer(head)
  return found ? { mime: found.mime, ext: found.ext } : undefined
}

/** The refusal of an image whose bytes are of another type (415), naming what they are. */
export function refuseImageType(found: { mime: string; ext: string } | undefined, filename: string): ApiError {
  const accepted = Object.values(IMAGE_TYPES).join(', ')
  const name = filename ? `${filename}: ` : ''
  if (!found) {
    return unsupported(
      `${name}the bytes are not an image of a known type (accepted: ${accepted}); the file's name and declared type are not trusted`,
      { why: 'not-image' },
    )
  }
  if (found.mime === 'image/svg+xml') {
    return unsupported(`${name}SVG is not accepted (it can carry scripts and links): upload it as PNG or JPEG`, {
      why: 'svg',
    })
  }
  if (found.mime === 'image/heic' || found.mime === 'image/heif' || found.mime.startsWith('image/heic')) {
    return unsupported(`${name}HEIC photos are not accepted: export the photo as JPEG first`, { why: 'heic' })
  }
  return unsupported(
    `${name}the bytes are ${found.mime} (.${found.ext}), not an image of an accepted type (${accepted})`,
    { why: 'other-type', ext: found.ext },
  )
}

export interface StoredImage {
  /** The path under CONTENT_DIR/media, to put in an item's field (poster, cover, shareImage) or a body image. */
  path: string
  url: string
  type: 'image/jpeg'
  width: number
  height: number
  bytes: number
  sha256: string
  /** What was sent: the type told from its bytes, its size in pixels and bytes. */
  received: { type: string; width: number; height: number; bytes: number }
  /** A poster's copies for cards (tile, wide): their URLs. */
  sizes?: Record<PosterSize, string>
}

/**
 * Checks an image (type from the bytes, size, pixels), re-encodes it as JPEG without metadata, and stores it under
 * media/<folder>/<sha256 of the stored bytes>.jpg; a poster also gets its tile and wide WebP copies.
 */
export async function storeImage(
  mediaDir: string,
  bytes: Buffer,
  filename: string,
  purpose: 'image' | 'poster',
): Promise<StoredImage> {
  const what = purpose === 'poster' ? 'The poster' : 'The image'
  if (bytes.length === 0)
    throw badUpload(`${what} ${filename ? `(${filename}) ` : ''}is empty`, { why: 'empty', what: purpose })
  if (bytes.length > IMAGE_MAX_BYTES) {
    throw tooLarge(`${what} is ${megabytes(bytes.length)}: images may be at most ${limitText(IMAGE_MAX_BYTES)}`, {
      why: 'image-bytes',
      what: purpose,
      size: megabytes(bytes.length),
    })
  }
  const found = await sniff(bytes)
  if (!found || !(found.mime in IMAGE_TYPES)) throw refuseImageType(found, filename)
  // The header first: no pixel is decoded before the size is known
  let meta: sharp.Metadata
  try {
    meta = await sharp(bytes, { failOn: 'error' }).metadata()
  } catch {
    throw badUpload(`${what} could not be read as ${IMAGE_TYPES[found.mime]}: the file is damaged or cut short`, {
      what: purpose,
    })
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0
  const height = meta.autoOrient?.height ?? meta.height ?? 0
  if (!width || !height) throw badUpload(`${what} has no size in its header: the file is damaged`, { what: purpose })
  if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE) {
    throw tooLarge(
      `${what} is ${width} × ${height} px: images may be at most ${IMAGE_MAX_SIDE} px on each side (scale it down first)`,
      { why: 'image-pixels', what: purpose, width, height },
    )
  }
  if ((meta.pages ?? 1) > 1)
    throw unsupported(`${what} is animated (${meta.pages} frames): upload a still image`, {
      why: 'animated',
      frames: meta.pages ?? 2,
    })
  // Decoded in its turn (decodeQueue): the pixels of one image at a time in memory
  const { output, copies } = await decodeQueue.run(async () => {
    let encoded: { data: Buffer; info: sharp.OutputInfo }
    try {
      encoded = await sharp(bytes, { failOn: 'error', limitInputPixels: IMAGE_MAX_SIDE * IMAGE_MAX_SIDE })
        .rotate()
        .resize({ width: IMAGE_STORED_SIDE, height: IMAGE_STORED_SIDE, fit: 'inside', withoutEnlargement: true })
        // Transparent parts become white (JPEG has no transparency)
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
        .toBuffer({ resolveWithObject: true })
    } catch {
      throw badUpload(`${what} could not be decoded as ${IMAGE_TYPES[found.mime]}: the file is damaged or cut short`, {
        what: purpose,
      })
    }
    // A poster's copies for cards, from the stored JPEG
    const made: [PosterSize, Buffer][] = []
    if (purpose === 'poster') {
      for (const [size, box] of Object.entries(POSTER_SIZES) as [PosterSize, { width: number; height: number }][]) {
        const copy = await sharp(encoded.data)
          .resize(box.width, box.height, { fit: 'cover', position: 'centre' })
          .webp({ quality: POSTER_COPY_QUALITY, effort: 6 })
          .toBuffer()
        made.push([size, copy])
      }
    }
    return { output: encoded, copies: made }
  })
  const sha256 = createHash('sha256').update(output.data).digest('hex')
  const relative = `${UPLOAD_FOLDERS[purpose]}/${sha256.slice(0, 32)}.jpg`
  await writeOnce(mediaDir, relative, output.data)
  const stored: StoredImage = {
    path: relative,
    url: `/media/${relative}`,
    type: 'image/jpeg',
    width: output.info.width,
    height: output.info.height,
    bytes: output.data.length,
    sha256,
    received: { type: found.mime, width, height, bytes: bytes.length },
  }
  if (purpose === 'poster') {
    const sizes = {} as Record<PosterSize, string>
    for (const [size, copy] of copies) {
      const copyPath = posterVariantPath(relative, size)
      await writeOnce(mediaDir, copyPath, copy)
      sizes[size] = `/media/${copyPath}`
    }
    stored.sizes = sizes
  }
  return stored
}

/** Writes a file through a hidden temporary one and a rename (a reader never sees half of it); kept if there. */
async function writeOnce(mediaDir: string, relative: string, bytes: Buffer) {
  const target = path.join(mediaDir, relative)
  if (fs.existsSync(target)) return
  await fs.promises.mkdir(path.dirname(target), { recursive: true })
  const temporary = path.join(path.dirname(target), `.upload-${randomBytes(8).toString('hex')}.part`)
  try {
    await fs.promises.writeFile(temporary, bytes, { flag: 'wx' })
    await fs.promises.rename(temporary, target)
  } finally {
    await fs.promises.rm(temporary, { force: true })
  }
}

/** A video being received: written to a hidden temporary file in media/videos while its hash is taken. */
export class IncomingVideo {
  readonly temporary: string
  size = 0
  /** The type told from the first bytes once they are in ('unknown': none known), for the audit of a refusal. */
  detected: string | undefined
  private readonly hash = createHash('sha256')
  private head: Buffer[] = []
  private headBytes = 0
  private checked = false
  private readonly out: fs.WriteStream

  constructor(
    private readonly mediaDir: string,
    private readonly filename: string,
  ) {
    const folder = path.join(mediaDir, UPLOAD_FOLDERS.video)
    fs.mkdirSync(folder, { recursive: true })
    this.temporary = path.join(folder, `.upload-${randomBytes(8).toString('hex')}.part`)
    this.out = fs.createWriteStream(this.temporary, { flags: 'wx' })
    // An error is thrown where it is waited for (the drain, the end); never unhandled
    this.out.on('error', () => undefined)
  }

  /** Reads the part to its end: 415 as soon as its first bytes are not MP4, 413 past the limit. */
  async receive(stream: AsyncIterable<Buffer>) {
    for await (const chunk of stream) {
      this.size += chunk.length
      if (this.size > VIDEO_MAX_BYTES) {
        throw tooLarge(`The video is larger than ${limitText(VIDEO_MAX_BYTES)}: shorten it or encode it smaller`, {
          why: 'video-bytes',
        })
      }
      if (!this.checked) {
        this.head.push(chunk)
        this.headBytes += chunk.length
        if (this.headBytes >= SNIFF_BYTES) await this.checkType()
      }
      this.hash.update(chunk)
      // once() rejects when the stream fails (a full disk) instead of waiting for a drain that never comes
      if (!this.out.write(chunk)) await once(this.out, 'drain')
    }
    if (!this.checked) await this.checkType()
    await new Promise<void>((resolve, reject) =>
      this.out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
  }

  private async checkType() {
    this.checked = true
    const head = Buffer.concat(this.head)
    this.head = []
    if (head.length === 0)
      throw badUpload(`The video ${this.filename ? `(${this.filename}) ` : ''}is empty`, {
        why: 'empty',
        what: 'video',
      })
    const found = await sniff(head)
    this.detected = found?.mime ?? 'unknown'
    if (found?.mime !== 'video/mp4') {
      const what = found ? `${found.mime} (.${found.ext})` : 'of no known type'
      throw unsupported(
        `The video's bytes are ${what}: only MP4 (H.264) is accepted; the file's name and declared type are not trusted`,
        { why: 'video-type' },
      )
    }
  }

  private checkedFacts: Awaited<ReturnType<typeof mp4Facts>> | undefined

  /** Checks the boxes (a movie header, H.264, at most an hour): 400/415 naming the problem; nothing is moved. */
  async check() {
    const facts = await mp4Facts(this.temporary)
    if (facts.videoCodecs.length === 0)
      throw badUpload('The video has no video track: it holds sound only, or is damaged', { why: 'no-video-track' })
    const other = facts.videoCodecs.find((code) => !H264_ENTRIES.has(code))
    if (other) {
      throw unsupported(
        `The video is encoded as ${other}, not H.264 (avc1): encode it as H.264 so that every phone and WeChat plays it`,
        { why: 'video-codec', codec: other },
      )
    }
    if (facts.durationSeconds > VIDEO_MAX_SECONDS) {
      throw badUpload(`The video lasts ${facts.durationSeconds} s: a video may last at most ${VIDEO_MAX_SECONDS} s`, {
        why: 'too-long',
        seconds: facts.durationSeconds,
        max: VIDEO_MAX_SECONDS,
      })
    }
    this.checkedFacts = facts
  }

  /** Once checked: moves the file to videos/<sha256>.mp4; the path, its duration, and warnings. */
  async store(): Promise<{
    path: string
    url: string
    bytes: number
    sha256: string
    durationSeconds: number
    warnings: string[]
  }> {
    if (!this.checkedFacts) await this.check()
    const facts = this.checkedFacts!
    const sha256 = this.hash.digest('hex')
    const relative = `${UPLOAD_FOLDERS.video}/${sha256.slice(0, 32)}.mp4`
    const target = path.join(this.mediaDir, relative)
    if (fs.existsSync(target)) await fs.promises.rm(this.temporary, { force: true })
    else await fs.promises.rename(this.temporary, target)
    const warnings = facts.faststart
      ? []
      : [
          'The movie header (moov) comes after the media data: phones start playing only once the whole file is loaded (re-encode with ffmpeg -movflags +faststart)',
        ]
    return {
      path: relative,
      url: `/media/${relative}`,
      bytes: this.size,
      sha256,
      durationSeconds: facts.durationSeconds,
      warnings,
    }
  }

  /** Removes the temporary file (after a refusal, or once stored: then it is gone already). */
  async discard() {
    this.out.destroy()
    // Closed only once its file was opened: removed after that, never before it is created
    if (!this.out.closed) await once(this.out, 'close').catch(() => undefined)
    await fs.promises.rm(this.temporary, { force: true })
  }
}

/**
 * The top-level boxes of an MP4 file: a movie header (moov/mvhd) must be there; its duration in whole seconds
 * (at least 1), and whether moov comes before the media data (mdat), so that playing can start at once.
 */
export async function mp4Facts(
  file: string,
): Promise<{ durationSeconds: number; faststart: boolean; videoCodecs: string[] }> {
  const handle = await fs.promises.open(file, 'r')
  try {
    const { size } = await handle.stat()
    const header = Buffer.alloc(16)
    let offset = 0
    let sawMdat = false
    let found: { durationSeconds: number; faststart: boolean; videoCodecs: string[] } | undefined
    // Every top-level box: one running past the end of the file means it was cut short (the media data last)
    while (offset + 8 <= size) {
      await handle.read(header, 0, 16, offset)
      let boxSize = header.readUInt32BE(0)
      const type = header.toString('latin1', 4, 8)
      let headerSize = 8
      if (boxSize === 1) {
        boxSize = Number(header.readBigUInt64BE(8))
        headerSize = 16
      } else if (boxSize === 0) {
        boxSize = size - offset
      }
      if (boxSize < headerSize || offset + boxSize > size) {
        throw badUpload(`The video is not a complete MP4 file: the box '${type}' at byte ${offset} runs past its end`, {
          why: 'incomplete',
        })
      }
      if (type === 'mdat') sawMdat = true
      if (type === 'moov') {
        const length = Math.min(boxSize - headerSize, 16 * 1024 * 1024)
        const moov = Buffer.alloc(length)
        await handle.read(moov, 0, length, offset + headerSize)
        const durationSeconds = movieDuration(moov)
        if (durationSeconds === undefined)
          throw badUpload('The video has no movie header (mvhd): it cannot be played', { why: 'incomplete' })
        found = { durationSeconds, faststart: !sawMdat, videoCodecs: videoCodecs(moov) }
      }
      offset += boxSize
    }
    if (!found)
      throw badUpload('The video has no movie box (moov): it is cut short or not a playable MP4 file', {
        why: 'incomplete',
      })
    if (!sawMdat)
      throw badUpload('The video has no media data (mdat): it is cut short or not a playable MP4 file', {
        why: 'incomplete',
      })
    return found
  } finally {
    await handle.close()
  }
}

/** Sample entries of video tracks (moov/trak/mdia/minf/stbl/stsd) by their four-character code. */
const VIDEO_ENTRIES = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'av01', 'vp09', 'vp08', 'mp4v', 'dvh1', 'dvhe'])
/** What phones and WeChat play everywhere: H.264. */
export const H264_ENTRIES = new Set(['avc1', 'avc3'])

/** The codes of the video sample entries in a moov box's tracks. */
export function videoCodecs(moov: Buffer): string[] {
  const found: string[] = []
  const walk = (start: number, end: number, depth: number) => {
    let offset = start
    while (offset + 8 <= end && depth < 8) {
      const size = moov.readUInt32BE(offset)
      const type = moov.toString('latin1', offset + 4, offset + 8)
      if (size < 8 || offset + size > end) return
      if (['trak', 'mdia', 'minf', 'stbl'].includes(type)) walk(offset + 8, offset + size, depth + 1)
      else if (type === 'stsd' && size >= 16) {
        // A full box (version and flags), the entry count, then the sample entries
        let entry = offset + 16
        while (entry + 8 <= offset + size) {
          const entrySize = moov.readUInt32BE(entry)
          const code = moov.toString('latin1', entry + 4, entry + 8)
          if (VIDEO_ENTRIES.has(code)) found.push(code)
          if (entrySize < 8) break
          entry += entrySize
        }
      }
      offset += size
    }
  }
  try {
    walk(0, moov.length, 0)
  } catch {
    // A box running past what was read: what was found so far
  }
  return found
}

function movieDuration(moov: Buffer): number | undefined {
  try {
    return findMovieDuration(moov)
  } catch {
    // A box running past the end of what was read: no usable header
    return undefined
  }
}

function findMovieDuration(moov: Buffer): number | undefined {
  let offset = 0
  while (offset + 8 <= moov.length) {
    const boxSize = moov.readUInt32BE(offset)
    const type = moov.toString('latin1', offset + 4, offset + 8)
    if (type === 'mvhd') {
      const version = moov[offset + 8]
      const body = offset + 12
      const [timescale, duration] =
        version === 1
          ? [moov.readUInt32BE(body + 16), Number(moov.readBigUInt64BE(body + 20))]
          : [moov.readUInt32BE(body + 8), moov.readUInt32BE(body + 12)]
      if (!timescale) return undefined
      return Math.max(1, Math.round(duration / timescale))
    }
    if (boxSize < 8) return undefined
    offset += boxSize
  }
  return undefined
}
