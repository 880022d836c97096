// POST /api/v1/staff/newsroom/uploads on SQLite and (TEST_DATABASE_URL) PostgreSQL, over a temporary copy of
// seeds/ as CONTENT_DIR: images made here with sharp (with EXIF) are stored re-encoded as JPEG without metadata
// under a content-hash name, shown to staff (not public at /media/ before an item naming it is published: see
// media-visibility.test.ts); a poster gets its card copies; a video is stored with its
// poster and its duration read from its boxes; a text file named .png, an SVG, an oversize file or image, a video
// that is not MP4 are refused with 415/413 naming the problem and leave nothing behind; no session 401, no CSRF
// token 403, another region 403; every upload is in the audit log as newsroom.upload, every refusal as
// newsroom.upload.refused (reason, bytes, type told, no contents), and the chain verifies (npm run audit:verify too).
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { decodeQueue, IMAGE_MAX_BYTES, VIDEO_MAX_BYTES } from '../../server/newsroom/uploads-media'
import { StaffStore, verifyAuditChain } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { POSTER_SIZES } from '../../src/model/labels'
import { PG_URL, storeKinds } from './events-helpers'
import { addAccounts, copySeeds, logIn, type Session, unique } from './newsroom-helpers'
import { REPO_ROOT, testApp, type TestApp } from './test-app'

const run = promisify(execFile)
jest.setTimeout(30_000)
const URL = '/api/v1/staff/newsroom/uploads'
const SECRET = 'SECRET-PHOTOGRAPHER-0123'
const SEED_VIDEO = path.join(REPO_ROOT, 'seeds/media/videos/sample-excellence-e-bike-charging.mp4')

interface Part {
  name: string
  value?: string
  filename?: string
  type?: string
  bytes?: Buffer
}

/** A multipart/form-data body, parts in the order given. */
function multipart(parts: Part[]) {
  const boundary = `----shijian${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`
    if (part.bytes)
      head += `; filename="${part.filename ?? 'file'}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}`
    chunks.push(Buffer.from(`${head}\r\n\r\n`), part.bytes ?? Buffer.from(part.value ?? ''), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/**
 * One request over a raw socket to a listening app, its body sent as given (`declaredLength`: the Content-Length to
 * claim, default the body's), then the socket half-closed: what came back before the server closed it ('' if nothing).
 */
function rawPost(port: number, headers: Record<string, string>, body: Buffer, declaredLength = body.length) {
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
    const head = Object.entries({ ...headers, 'content-length': String(declaredLength), connection: 'close' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')
    socket.write(`POST ${URL} HTTP/1.1\r\nhost: 127.0.0.1\r\n${head}\r\n`)
    // A whole request leaves the connection open for the answer (the server closes it: connection: close), as a
    // browser does; half-closing it would let Node's server abort the request before a slower store has answered.
    // One cut off before its Content-Length closes it, which is what is being tested
    if (declaredLength === body.length) socket.write(body)
    else socket.end(body)
  })
}

/** A photo-like JPEG with EXIF (the photographer, a GPS-like note) that must not survive the upload. */
const jpegWithExif = (width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .withExif({ IFD0: { Artist: SECRET, Copyright: SECRET, ImageDescription: '32.0603N 118.7969E' } })
    .jpeg({ quality: 90 })
    .toBuffer()

const pngWithAlpha = (width = 300, height = 200) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.5 } } })
    .withExif({ IFD0: { Artist: SECRET } })
    .png()
    .toBuffer()

describe.each(storeKinds())('newsroom uploads on $name', (kind) => {
  let store: Store
  let app: TestApp
  let staff: StaffStore
  let contentDir: string
  let mediaDir: string
  const name = { writer: unique('writer'), nanjing: unique('njwriter') }
  const sessions: Record<string, Session> = {}

  beforeAll(async () => {
    contentDir = copySeeds('shijian-uploads-content-')
    mediaDir = path.join(contentDir, 'media')
    store = await kind.open()
    staff = new StaffStore(store)
    app = testApp({ contentDir, events: { store }, now: () => Date.now() })
    await addAccounts(staff, {
      [name.writer]: { role: 'province', region: 'jiangsu' },
      [name.nanjing]: { role: 'city', region: 'nanjing' },
    })
    Object.assign(sessions, await logIn(app, Object.values(name), '10.8'))
  }, 60_000)
  afterAll(async () => {
    await app.close()
    await store.close()
    fs.rmSync(contentDir, { recursive: true, force: true })
  })

  function upload(who: string | undefined, parts: Part[], options: { csrf?: boolean } = {}) {
    const { payload, contentType } = multipart(parts)
    const headers: Record<string, string> = { 'content-type': contentType }
    if (who) headers.cookie = sessions[who].cookie
    if (who && options.csrf !== false) headers['x-csrf-token'] = sessions[who].csrf
    return app.inject({ method: 'POST', url: URL, headers, payload })
  }

  /** Every file under media/ (relative paths), to see that a refusal stored nothing, not even a temporary file. */
  function mediaFiles(): string[] {
    return (fs.readdirSync(mediaDir, { recursive: true }) as string[]).filter((file) =>
      fs.statSync(path.join(mediaDir, file)).isFile(),
    )
  }

  async function uploadEntries() {
    return (await staff.auditEntries()).filter((entry) => entry.action === 'newsroom.upload')
  }

  it('stores an image re-encoded as JPEG without its metadata, under a content-hash name, shown to staff', async () => {
    const sent = await jpegWithExif(640, 480)
    expect(sent.includes(SECRET)).toBe(true)
    expect((await sharp(sent).metadata()).exif).toBeDefined()
    // The declared type and name say PNG: only the bytes count
    const response = await upload(name.writer, [
      { name: 'kind', value: 'image' },
      { name: 'file', filename: 'photo.png', type: 'image/png', bytes: sent },
    ])
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body.path).toMatch(/^images\/[0-9a-f]{32}\.jpg$/)
    expect(body).toMatchObject({ kind: 'image', type: 'image/jpeg', width: 640, height: 480, publisher: 'jiangsu' })
    expect(body.received).toEqual({ type: 'image/jpeg', width: 640, height: 480, bytes: sent.length })
    const stored = fs.readFileSync(path.join(mediaDir, body.path))
    expect(body.path).toBe(`images/${body.sha256.slice(0, 32)}.jpg`)
    expect(stored.includes(SECRET)).toBe(false)
    expect(stored.includes('32.0603N')).toBe(false)
    const meta = await sharp(stored).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: 640, height: 480 })
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(meta.iptc).toBeUndefined()
    // Its public address (body.url) answers once an item naming it is published; until then staff see it
    expect(body.url).toBe(`/media/${body.path}`)
    expect((await app.inject({ method: 'GET', url: body.url })).statusCode).toBe(404)
    const served = await app.inject({
      method: 'GET',
      url: `/api/v1/staff/newsroom/media/${body.path}`,
      headers: { cookie: sessions[name.writer].cookie },
    })
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toBe('image/jpeg')
    expect(served.rawPayload.equals(stored)).toBe(true)
    // The same bytes again: the same name, one file
    const again = await upload(name.writer, [
      { name: 'kind', value: 'image' },
      { name: 'file', filename: 'again.jpg', type: 'image/jpeg', bytes: sent },
    ])
    expect(again.json().path).toBe(body.path)
    const entries = await uploadEntries()
    const last = entries[entries.length - 1]
    expect(last.actor).toBe(name.writer)
    expect(JSON.parse(last.detail)).toMatchObject({ kind: 'image', path: body.path, publisher: 'jiangsu' })
  })

  it('re-encodes a PNG with transparency onto white, and makes a poster its card copies', async () => {
    const response = await upload(name.writer, [
      { name: 'kind', value: 'poster' },
      { name: 'file', filename: 'poster.png', type: 'image/png', bytes: await pngWithAlpha(1280, 720) },
    ])
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body.path).toMatch(/^posters\/[0-9a-f]{32}\.jpg$/)
    expect(body.received.type).toBe('image/png')
    const stored = fs.readFileSync(path.join(mediaDir, body.path))
    expect(stored.includes(SECRET)).toBe(false)
    const { data, info } = await sharp(stored).raw().toBuffer({ resolveWithObject: true })
    expect(info.channels).toBe(3)
    // Half-transparent red on white: about (228, 128, 128)
    expect(data[0]).toBeGreaterThan(200)
    expect(data[1]).toBeGreaterThan(100)
    for (const [size, box] of Object.entries(POSTER_SIZES)) {
      const copy = path.join(mediaDir, body.path.replace(/\.jpg$/, `.${size}.webp`))
      expect(body.sizes[size]).toBe(`/media/${path.relative(mediaDir, copy)}`)
      expect(await sharp(copy).metadata()).toMatchObject({ format: 'webp', width: box.width, height: box.height })
    }
  })

  it('stores a video with its poster: the paths for src and poster, and the duration from the MP4 boxes', async () => {
    const video = fs.readFileSync(SEED_VIDEO)
    const response = await upload(name.nanjing, [
      { name: 'kind', value: 'video' },
      { name: 'file', filename: 'clip.mov', type: 'video/quicktime', bytes: video },
      { name: 'poster', filename: 'poster.jpg', type: 'image/jpeg', bytes: await jpegWithExif(1280, 720) },
    ])
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ kind: 'video', publisher: 'nanjing', durationSeconds: 8, warnings: [] })
    expect(body.src).toMatch(/^videos\/[0-9a-f]{32}\.mp4$/)
    expect(body.poster).toMatch(/^posters\/[0-9a-f]{32}\.jpg$/)
    expect(fs.readFileSync(path.join(mediaDir, body.src)).equals(video)).toBe(true)
    expect(fs.readFileSync(path.join(mediaDir, body.poster)).includes(SECRET)).toBe(false)
    expect(mediaFiles().filter((file) => path.basename(file).startsWith('.'))).toEqual([])
    const entries = await uploadEntries()
    expect(JSON.parse(entries[entries.length - 1].detail)).toMatchObject({
      kind: 'video',
      src: body.src,
      poster: body.poster,
      durationSeconds: 8,
      bytes: video.length,
    })
  })

  it('refuses what is not an image or video of an accepted type (415), whatever its name says, storing nothing', async () => {
    const before = mediaFiles()
    const text = await upload(name.writer, [
      { name: 'kind', value: 'image' },
      { name: 'file', filename: 'photo.png', type: 'image/png', bytes: Buffer.from('just some text, not a picture\n') },
    ])
    expect(text.statusCode).toBe(415)
    expect(text.json().error.code).toBe('UNSUPPORTED_TYPE')
    expect(text.json().error.message).toMatch(/photo\.png: the bytes are not an image of a known type/)
    const svg = await upload(name.writer, [
      { name: 'kind', value: 'image' },
      {
        name: 'file',
        filename: 'logo.svg',
        type: 'image/svg+xml',
        bytes: Buffer.from(
          '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
      },
    ])
    expect(svg.statusCode).toBe(415)
    expect(svg.json().error.message).toMatch(/SVG is not accepted/)
    const gif = await upload(name.writer, [
      { name: 'kind', value: 'image' },
      {
        name: 'file',
        filename: 'a.jpg',
        type: 'image/jpeg',
        bytes: await sharp(await jpegWithExif(8, 8))
          .gif()
          .toBuffer(),
      },
    ])
    expect(gif.statusCode).toBe(415)
    expect(gif.json().error.message).toMatch(/image\/gif/)
    // A PNG sent as the video
    const notVideo = await upload(name.writer, [
      { name: 'kind', value: 'video' },
      { name: 'file', filename: 'clip.mp4', type: 'video/mp4', bytes: await pngWithAlpha() },
      { name: 'poster', filename: 'poster.jpg', type: 'image/jpeg', bytes: await jpegWithExif() },
    ])
    expect(notVideo.statusCode).toBe(415)
    expect(notVideo.json().error.message).toMatch(/image\/png .*only MP4/)
    // A JPEG cut short
    const jpeg = await jpegWithExif()
    const cut = await upload(name.writer, [
      { name: 'kind', value: 'image' },
      { name: 'file', filename: 'cut.jpg', type: 'image/jpeg', bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) },
    ])
    expect(cut.statusCode).toBe(400)
    expect(cut.json().error.message).toMatch(/damaged or cut short/)
    // Not multipart at all
    const json = await app.inject({
      method: 'POST',
      url: URL,
      headers: {
        cookie: sessions[name.writer].cookie,
        'x-csrf-token': sessions[name.writer].csrf,
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ kind: 'image' }),
    })
    expect(json.statusCode).toBe(415)
    expect(json.json().error.message).toMatch(/multipart\/form-data/)
    expect(mediaFiles()).toEqual(before)
  })

  it('refuses a file or an image larger than the limits (413), storing nothing', async () => {
    const before = mediaFiles()
    const bigFile = Buffer.concat([await jpegWithExif(64, 64), randomBytes(IMAGE_MAX_BYTES)])
    const big = await upload(name.writer, [
      { name: 'kind', value: 'image' },
      { name: 'file', filename: 'big.jpg', type: 'image/jpeg', bytes: bigFile },
    ])
    expect(big.statusCode).toBe(413)
    expect(big.json().error).toEqual({
      code: 'TOO_LARGE',
      message: 'The image is larger than 5 MB: images may be at most that',
      // What staff are told (src/model/error-messages.ts): 这张图片超过 5 MB
      params: { why: 'image-bytes', what: 'image' },
    })
    // Few bytes, too many pixels
    const wide = await sharp({ create: { width: 5000, height: 20, channels: 3, background: '#fff' } })
      .png()
      .toBuffer()
    expect(wide.length).toBeLessThan(IMAGE_MAX_BYTES)
    const tooWide = await upload(name.writer, [
      { name: 'kind', value: 'image' },
      { name: 'file', filename: 'wide.png', type: 'image/png', bytes: wide },
    ])
    expect(tooWide.statusCode).toBe(413)
    expect(tooWide.json().error.message).toMatch(/5000 × 20 px: images may be at most 4096 px/)
    // A video over 50 MB: refused while it arrives; its temporary file removed
    const video = fs.readFileSync(SEED_VIDEO)
    const bigVideo = await upload(name.writer, [
      { name: 'kind', value: 'video' },
      {
        name: 'file',
        filename: 'long.mp4',
        type: 'video/mp4',
        bytes: Buffer.concat([video, Buffer.alloc(VIDEO_MAX_BYTES)]),
      },
      { name: 'poster', filename: 'poster.jpg', type: 'image/jpeg', bytes: await jpegWithExif() },
    ])
    expect(bigVideo.statusCode).toBe(413)
    expect(bigVideo.json().error.message).toMatch(/larger than 50 MB/)
    expect(mediaFiles()).toEqual(before)
  })

  it('puts each refusal on record as newsroom.upload.refused: reason, bytes, type told, never the contents', async () => {
    const refusalsBy = async (who: string) =>
      (await staff.auditEntries()).filter((entry) => entry.action === 'newsroom.upload.refused' && entry.actor === who)
    const earlier = (await refusalsBy(name.writer)).length
    const text = 'just some text, not a picture, SECRET-TEXT-CONTENT\n'
    expect(
      (
        await upload(name.writer, [
          { name: 'kind', value: 'image' },
          { name: 'file', filename: 'photo.png', type: 'image/png', bytes: Buffer.from(text) },
        ])
      ).statusCode,
    ).toBe(415)
    // 6 MB: refused as soon as more than 5 MB are in (here, sent in one piece by inject, all of it)
    const bigFile = Buffer.concat([await jpegWithExif(64, 64), randomBytes(IMAGE_MAX_BYTES + 1024 * 1024)])
    expect(
      (
        await upload(name.writer, [
          { name: 'kind', value: 'poster' },
          { name: 'file', filename: 'big.jpg', type: 'image/jpeg', bytes: bigFile },
        ])
      ).statusCode,
    ).toBe(413)
    const wide = await sharp({ create: { width: 5000, height: 20, channels: 3, background: '#fff' } })
      .png()
      .toBuffer()
    expect(
      (
        await upload(name.writer, [
          { name: 'kind', value: 'image' },
          { name: 'file', filename: 'wide.png', type: 'image/png', bytes: wide },
        ])
      ).statusCode,
    ).toBe(413)
    const png = await pngWithAlpha()
    expect(
      (
        await upload(name.writer, [
          { name: 'kind', value: 'video' },
          { name: 'file', filename: 'clip.mp4', type: 'video/mp4', bytes: png },
          { name: 'poster', filename: 'poster.jpg', type: 'image/jpeg', bytes: await jpegWithExif() },
        ])
      ).statusCode,
    ).toBe(415)
    // A city account uploading for another city: refused (403) and on record too
    expect(
      (
        await upload(name.nanjing, [
          { name: 'kind', value: 'image' },
          { name: 'publisher', value: 'wuxi' },
          { name: 'file', filename: 'a.jpg', type: 'image/jpeg', bytes: await jpegWithExif(32, 32) },
        ])
      ).statusCode,
    ).toBe(403)

    const entries = (await refusalsBy(name.writer)).slice(earlier)
    const details = entries.map((entry) => JSON.parse(entry.detail))
    expect(details).toEqual([
      {
        status: 415,
        code: 'UNSUPPORTED_TYPE',
        reason: expect.stringMatching(/^photo\.png: the bytes are not an image of a known type/),
        params: { why: 'not-image' },
        kind: 'image',
        publisher: 'jiangsu',
        files: [{ part: 'file', filename: 'photo.png', bytes: text.length, type: 'unknown' }],
      },
      {
        status: 413,
        code: 'TOO_LARGE',
        reason: 'The image is larger than 5 MB: images may be at most that',
        params: { why: 'image-bytes', what: 'image' },
        kind: 'poster',
        publisher: 'jiangsu',
        // Refused while it arrived (over a network the rest is never read: cutShort)
        files: [expect.objectContaining({ part: 'file', filename: 'big.jpg', type: 'image/jpeg' })],
      },
      {
        status: 413,
        code: 'TOO_LARGE',
        reason: expect.stringMatching(/5000 × 20 px: images may be at most 4096 px/),
        params: { why: 'image-pixels', what: 'image', width: 5000, height: 20 },
        kind: 'image',
        publisher: 'jiangsu',
        files: [{ part: 'file', filename: 'wide.png', bytes: wide.length, type: 'image/png' }],
      },
      {
        status: 415,
        code: 'UNSUPPORTED_TYPE',
        reason: expect.stringMatching(/image\/png .*only MP4/),
        params: { why: 'video-type' },
        kind: 'video',
        publisher: 'jiangsu',
        files: [{ part: 'file', filename: 'clip.mp4', bytes: png.length, type: 'image/png' }],
      },
    ])
    const bigBytes = details[1].files[0].bytes
    expect(bigBytes).toBeGreaterThan(IMAGE_MAX_BYTES)
    expect(bigBytes).toBeLessThanOrEqual(bigFile.length)
    // Nothing of the files' contents: not the text, not the JPEG's EXIF
    const written = JSON.stringify(entries)
    expect(written).not.toContain('SECRET-TEXT-CONTENT')
    expect(written).not.toContain(SECRET)
    expect(JSON.parse((await refusalsBy(name.nanjing)).at(-1)!.detail)).toMatchObject({
      status: 403,
      code: 'FORBIDDEN_REGION',
      publisher: 'wuxi',
      files: [],
    })
    // The chain verifies, here and as npm run audit:verify sees it
    expect(verifyAuditChain(await staff.auditEntries())).toMatchObject({ ok: true })
    const database =
      kind.name === 'sqlite'
        ? { DATA_DIR: path.dirname(store.description.replace(/^SQLite /, '')) }
        : { DATABASE_URL: PG_URL }
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/staff.ts', 'verify-audit'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: '', ...database },
    })
    expect(stdout).toMatch(/^audit log intact: \d+ entries/)
  })

  it('refuses a video that is not H.264 (415) or is cut short (400), leaving nothing behind', async () => {
    const before = mediaFiles()
    const video = fs.readFileSync(SEED_VIDEO)
    const poster = { name: 'poster', filename: 'poster.jpg', type: 'image/jpeg', bytes: await jpegWithExif() }
    // The same file with its video track's sample entry said to be HEVC
    const hevc = Buffer.from(video)
    const entry = hevc.indexOf('avc1', hevc.indexOf('stsd'))
    expect(entry).toBeGreaterThan(0)
    hevc.write('hvc1', entry, 'latin1')
    const notH264 = await upload(name.writer, [
      { name: 'kind', value: 'video' },
      { name: 'file', filename: 'clip.mp4', type: 'video/mp4', bytes: hevc },
      poster,
    ])
    expect(notH264.statusCode).toBe(415)
    expect(notH264.json().error.message).toMatch(/encoded as hvc1, not H\.264/)
    const cut = await upload(name.writer, [
      { name: 'kind', value: 'video' },
      { name: 'file', filename: 'clip.mp4', type: 'video/mp4', bytes: video.subarray(0, video.length - 1000) },
      poster,
    ])
    expect(cut.statusCode).toBe(400)
    expect(cut.json().error.message).toMatch(/not a complete MP4 file/)
    // The poster of a refused video is not kept either
    expect(mediaFiles()).toEqual(before)
  })

  it('says what is missing: the kind, the file, a video without its poster', async () => {
    const image = await jpegWithExif()
    const noKind = await upload(name.writer, [{ name: 'file', filename: 'a.jpg', type: 'image/jpeg', bytes: image }])
    expect(noKind.statusCode).toBe(400)
    expect(noKind.json().error.message).toMatch(/kind is required/)
    const noFile = await upload(name.writer, [{ name: 'kind', value: 'image' }])
    expect(noFile.statusCode).toBe(400)
    expect(noFile.json().error.message).toMatch(/No file was sent/)
    const noPoster = await upload(name.writer, [
      { name: 'kind', value: 'video' },
      { name: 'file', filename: 'clip.mp4', type: 'video/mp4', bytes: fs.readFileSync(SEED_VIDEO) },
    ])
    expect(noPoster.statusCode).toBe(400)
    expect(noPoster.json().error.message).toMatch(/needs its poster/)
    expect(mediaFiles().filter((file) => path.basename(file).startsWith('.'))).toEqual([])
  })

  it('needs a session (401), the CSRF token (403), and the right region (403)', async () => {
    const parts = async (publisher?: string): Promise<Part[]> => [
      { name: 'kind', value: 'image' },
      ...(publisher ? [{ name: 'publisher', value: publisher }] : []),
      { name: 'file', filename: 'a.jpg', type: 'image/jpeg', bytes: await jpegWithExif(32, 32) },
    ]
    const count = (await uploadEntries()).length
    const noSession = await upload(undefined, await parts())
    expect(noSession.statusCode).toBe(401)
    expect(noSession.json().error.code).toBe('NO_SESSION')
    const noCsrf = await upload(name.writer, await parts(), { csrf: false })
    expect(noCsrf.statusCode).toBe(403)
    expect(noCsrf.json().error.code).toBe('BAD_CSRF_TOKEN')
    // A city account uploads for its own city only
    const otherCity = await upload(name.nanjing, await parts('wuxi'))
    expect(otherCity.statusCode).toBe(403)
    expect(otherCity.json().error.code).toBe('FORBIDDEN_REGION')
    const province = await upload(name.nanjing, await parts('jiangsu'))
    expect(province.statusCode).toBe(403)
    const own = await upload(name.nanjing, await parts())
    expect(own.statusCode).toBe(201)
    expect(own.json().publisher).toBe('nanjing')
    const unknown = await upload(name.writer, await parts('atlantis'))
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.message).toMatch(/atlantis is not a region/)
    // Only the accepted upload is on record, and the chain verifies
    expect((await uploadEntries()).length).toBe(count + 1)
    expect(verifyAuditChain(await staff.auditEntries())).toMatchObject({ ok: true })
  })

  describe('malformed uploads', () => {
    const refusals = async () =>
      (await staff.auditEntries())
        .filter((entry) => entry.action === 'newsroom.upload.refused' && entry.actor === name.writer)
        .map((entry) => JSON.parse(entry.detail))
    const headersOf = (contentType: string) => ({
      'content-type': contentType,
      cookie: sessions[name.writer].cookie,
      'x-csrf-token': sessions[name.writer].csrf,
    })
    const post = (contentType: string, payload: Buffer | string) =>
      app.inject({ method: 'POST', url: URL, headers: headersOf(contentType), payload })

    it('answers each with a 4xx saying what is wrong, on record as newsroom.upload.refused, storing nothing', async () => {
      const before = mediaFiles()
      const earlier = (await refusals()).length
      const image = await jpegWithExif()
      const whole = multipart([
        { name: 'kind', value: 'image' },
        { name: 'file', filename: 'a.jpg', type: 'image/jpeg', bytes: image },
      ])
      const fileStarts = whole.payload.indexOf(image)
      const cases: { what: string; send: () => Promise<{ statusCode: number; json: () => any }>; status: number }[] = [
        // Cut short inside the file part (busboy: "Part terminated early"), and inside the field
        {
          what: 'cut in the file',
          send: () => post(whole.contentType, whole.payload.subarray(0, fileStarts + 1000)),
          status: 400,
        },
        { what: 'cut in a field', send: () => post(whole.contentType, whole.payload.subarray(0, 60)), status: 400 },
        // The body's boundary is not the one the header names
        {
          what: 'another boundary',
          send: () => post('multipart/form-data; boundary=not-the-one-used', whole.payload),
          status: 400,
        },
        { what: 'no boundary', send: () => post('multipart/form-data', whole.payload), status: 400 },
        // A field named like an object's own property
        {
          what: 'a prototype field',
          send: () => {
            const bad = multipart([{ name: '__proto__', value: 'x' }])
            return post(bad.contentType, bad.payload)
          },
          status: 400,
        },
        { what: 'an empty body', send: () => post(whole.contentType, ''), status: 400 },
        {
          what: 'too many parts',
          send: () => {
            // More fields than the two there are (the parser's limit, before any of them is looked at)
            const many = multipart(Array.from({ length: 4 }, () => ({ name: 'kind', value: 'image' })))
            return post(many.contentType, many.payload)
          },
          status: 413,
        },
      ]
      for (const { what, send, status } of cases) {
        const answer = await send()
        expect({ what, status: answer.statusCode }).toEqual({ what, status })
        expect(answer.json().error.message).toEqual(expect.any(String))
      }
      const recorded = (await refusals()).slice(earlier)
      expect(recorded.map((detail) => detail.status)).toEqual(cases.map((one) => one.status))
      expect(recorded[0]).toMatchObject({
        code: 'BAD_UPLOAD',
        reason: expect.stringMatching(/cut short/),
        files: [expect.objectContaining({ part: 'file', filename: 'a.jpg', cutShort: true })],
      })
      expect(mediaFiles()).toEqual(before)
    })

    it('a request cut short on a real connection: 400 when its length was told true, on record when it is cut off', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as AddressInfo
      const earlier = (await refusals()).length
      const image = await jpegWithExif()
      const whole = multipart([
        { name: 'kind', value: 'image' },
        { name: 'file', filename: 'cut.jpg', type: 'image/jpeg', bytes: image },
      ])
      const cut = whole.payload.subarray(0, whole.payload.indexOf(image) + 2000)
      // The body ends early, its Content-Length saying so: the whole request arrives, the multipart body is cut
      const told = await rawPost(port, headersOf(whole.contentType), cut)
      expect(told).toMatch(/^HTTP\/1\.1 400 /)
      expect(told).toMatch(/"code":"BAD_UPLOAD"/)
      expect(told).toMatch(/cut short/)
      // The connection closes before the Content-Length is reached: no one hears the answer, the refusal is recorded
      await rawPost(port, headersOf(whole.contentType), cut, whole.payload.length)
      let recorded: any[] = []
      for (let tries = 0; tries < 50 && recorded.length < 2; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        recorded = (await refusals()).slice(earlier)
      }
      expect(recorded).toEqual([
        expect.objectContaining({ status: 400, code: 'BAD_UPLOAD', reason: expect.stringMatching(/cut short/) }),
        expect.objectContaining({ status: 400, code: 'BAD_UPLOAD', reason: expect.stringMatching(/cut short/) }),
      ])
      // The part read so far is named when the server had begun reading it; when the connection closed while the
      // session was still being looked up (a slower store), nothing was read and no part is named
      const partsRead = recorded[1].files as unknown[]
      if (partsRead.length > 0) {
        expect(partsRead).toEqual([expect.objectContaining({ part: 'file', filename: 'cut.jpg', cutShort: true })])
      }
    })
  })

  it('decodes parallel uploads one at a time (decodeQueue)', async () => {
    let running = 0
    let mostRunning = 0
    let waiting = 0
    let mostWaiting = 0
    const queued = decodeQueue.run.bind(decodeQueue)
    const spy = jest.spyOn(decodeQueue, 'run').mockImplementation((task) => {
      mostWaiting = Math.max(mostWaiting, ++waiting)
      return queued(async () => {
        waiting--
        mostRunning = Math.max(mostRunning, ++running)
        try {
          return await task()
        } finally {
          running--
        }
      })
    })
    try {
      const images = await Promise.all([1, 2, 3, 4].map((n) => pngWithAlpha(400 + n, 300)))
      const answers = await Promise.all(
        images.map((bytes) =>
          upload(name.writer, [
            { name: 'kind', value: 'image' },
            { name: 'file', filename: 'p.png', type: 'image/png', bytes },
          ]),
        ),
      )
      expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201])
      expect(spy).toHaveBeenCalledTimes(4)
      // All four were waiting for their turn at once, and only one was ever decoded at a time
      expect(mostWaiting).toBeGreaterThan(1)
      expect(mostRunning).toBe(1)
    } finally {
      spy.mockRestore()
    }
  })
})
