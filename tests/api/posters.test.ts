// Video posters for cards: each video summary (lists, home, detail) gives `posterSizes`, the WebP copies that
// scripts/make-posters.mjs made beside the original at POSTER_SIZES, or the original where a copy is missing.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { loadContent } from '../../server/content/load-content'
import { POSTER_SIZES, type PosterSize } from '../../src/model/labels'
import { getJson, REPO_ROOT, testApp, VALID_CONTENT, type TestApp } from './test-app'

const SEEDS = path.join(REPO_ROOT, 'seeds')
const SIZES = Object.keys(POSTER_SIZES) as PosterSize[]
const run = promisify(execFile)
/** Each run of the script starts node and tsx: a few seconds on a busy machine. */
const SCRIPT_TIMEOUT = 30_000

interface VideoJson {
  id: string
  poster: string
  posterSizes: Record<PosterSize, string>
}

async function fetchImage(app: TestApp, url: string) {
  const response = await app.inject(url)
  const meta = response.statusCode === 200 ? await sharp(response.rawPayload).metadata() : undefined
  return { status: response.statusCode, type: response.headers['content-type'], bytes: response.rawPayload, meta }
}

describe('seeds/: every video has its poster copies', () => {
  let app: TestApp
  beforeAll(() => {
    app = testApp({ contentDir: SEEDS, now: Date.now })
  })
  afterAll(() => app.close())

  test('each summary names a tile and a wide WebP of their size, each smaller than the original', async () => {
    const list = await getJson(app, '/api/v1/videos?pageSize=50')
    expect(list.body.items.length).toBeGreaterThanOrEqual(3)
    for (const video of list.body.items as VideoJson[]) {
      const original = await fetchImage(app, video.poster)
      expect(original.status).toBe(200)
      for (const size of SIZES) {
        expect(video.posterSizes[size]).toBe(video.poster.replace(/\.[a-z]+$/, `.${size}.webp`))
        const copy = await fetchImage(app, video.posterSizes[size])
        expect([copy.status, copy.type]).toEqual([200, 'image/webp'])
        expect(copy.meta).toMatchObject({ format: 'webp', ...POSTER_SIZES[size] })
        expect(copy.bytes.length).toBeLessThan(original.bytes.length / 2)
      }
    }
  })

  test('the home page and a detail give the same copies as the list', async () => {
    const list = await getJson(app, '/api/v1/videos?pageSize=50')
    const byId = new Map((list.body.items as VideoJson[]).map((v) => [v.id, v.posterSizes]))
    const home = await getJson(app, '/api/v1/home')
    expect(home.body.videos.length).toBeGreaterThan(0)
    for (const video of home.body.videos as VideoJson[]) expect(video.posterSizes).toEqual(byId.get(video.id))
    const first = list.body.items[0] as VideoJson
    expect((await getJson(app, `/api/v1/videos/${first.id}`)).body.posterSizes).toEqual(first.posterSizes)
  })
})

describe('a poster without its copies, and npm run media:posters', () => {
  let dir: string
  let app: TestApp | undefined
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-posters-'))
    fs.cpSync(VALID_CONTENT, dir, { recursive: true })
  })
  afterEach(async () => {
    await app?.close()
    app = undefined
    fs.rmSync(dir, { recursive: true, force: true })
  })

  test(
    'before the copies are made, each size is the original poster; after, the copies',
    async () => {
      app = testApp({ contentDir: dir })
      const before = await getJson(app, '/api/v1/videos/test-video-first')
      expect(before.body.poster).toBe('/media/posters/test-poster.png')
      expect(before.body.posterSizes).toEqual({
        tile: '/media/posters/test-poster.png',
        wide: '/media/posters/test-poster.png',
      })
      await app.close()

      const first = await run(process.execPath, [path.join(REPO_ROOT, 'scripts/make-posters.mjs')], {
        cwd: REPO_ROOT,
        env: { ...process.env, CONTENT_DIR: dir },
      })
      // Every video of the fixture names the same poster: its two copies are made once.
      expect(first.stdout).toContain('posters: 2 written, 0 unchanged')
      const again = await run(process.execPath, [path.join(REPO_ROOT, 'scripts/make-posters.mjs')], {
        cwd: REPO_ROOT,
        env: { ...process.env, CONTENT_DIR: dir },
      })
      expect(again.stdout).toContain('posters: 0 written, 2 unchanged')

      app = testApp({ contentDir: dir })
      const after = await getJson(app, '/api/v1/videos')
      for (const video of after.body.items as VideoJson[]) {
        expect(video.posterSizes).toEqual({
          tile: '/media/posters/test-poster.tile.webp',
          wide: '/media/posters/test-poster.wide.webp',
        })
      }
      const tile = await fetchImage(app, '/media/posters/test-poster.tile.webp')
      expect(tile.meta).toMatchObject({ format: 'webp', ...POSTER_SIZES.tile })
    },
    SCRIPT_TIMEOUT,
  )

  test(
    'a missing copy falls back alone; --check names it and fails',
    async () => {
      await run(process.execPath, [path.join(REPO_ROOT, 'scripts/make-posters.mjs')], {
        cwd: REPO_ROOT,
        env: { ...process.env, CONTENT_DIR: dir },
      })
      fs.rmSync(path.join(dir, 'media/posters/test-poster.wide.webp'))
      app = testApp({ contentDir: dir })
      const video = await getJson(app, '/api/v1/videos/test-video-first')
      expect(video.body.posterSizes).toEqual({
        tile: '/media/posters/test-poster.tile.webp',
        wide: '/media/posters/test-poster.png',
      })
      const check = run(process.execPath, [path.join(REPO_ROOT, 'scripts/make-posters.mjs'), '--check'], {
        cwd: REPO_ROOT,
        env: { ...process.env, CONTENT_DIR: dir },
      })
      await expect(check).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('test-poster.wide.webp: missing'),
      })
    },
    SCRIPT_TIMEOUT,
  )

  test('a poster given as a web address is refused: the video is not served and the problem names the field', async () => {
    const file = path.join(dir, 'videos/test-video-first.md')
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('poster: posters/test-poster.png', 'poster: https://cdn.example.test/p.jpg'),
    )
    app = testApp({ contentDir: dir })
    expect((await getJson(app, '/api/v1/videos/test-video-first')).status).toBe(404)
    expect(loadContent(dir).problems).toContainEqual(
      expect.objectContaining({
        file: expect.stringContaining('test-video-first.md'),
        pointer: '/poster',
        message: 'https://cdn.example.test/p.jpg is not a file of our media: name a path under media/',
        severity: 'error',
      }),
    )
  })
})
