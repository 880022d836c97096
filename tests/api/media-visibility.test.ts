// Which media /media/ serves (issue 19, 5): only files a public answer names (server/content/served-media.ts). A
// draft's file, a scheduled item's, an upload no item uses and a withdrawn item's answer 404; staff reach every file
// through the newsroom's media route (with a session), a preview link's phone the draft's own files through the draft
// route (?media=, only those it shows); publishing makes a file public, withdrawing hides it unless another public
// item names it. On copies of tests/api/fixtures/valid (previews off, as on public replicas) and of seeds/.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { StaffStore } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { shanghaiDate } from '../../server/content/shanghai-date'
import { storeKinds } from './events-helpers'
import { addAccounts, callerAs, copySeeds, logIn, type Session, unique, warningData } from './newsroom-helpers'
import { FIXED_NOW, testApp, VALID_CONTENT, type TestApp } from './test-app'

jest.setTimeout(60_000)

const png = (colour: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .png()
    .toBuffer()

describe('/media on a public replica (no previews): only what a public answer names', () => {
  let dir: string
  let app: TestApp
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-media-visibility-'))
    fs.cpSync(VALID_CONTENT, dir, { recursive: true })
    const media = path.join(dir, 'media/images')
    fs.writeFileSync(path.join(media, 'unused.png'), await png('#123456'))
    fs.writeFileSync(path.join(media, 'draft-only.png'), await png('#654321'))
    fs.writeFileSync(path.join(media, 'scheduled-only.png'), await png('#abcdef'))
    // A draft and a scheduled item (published, dated after FIXED_NOW's day), each with an image of its own
    const draft = fs.readFileSync(path.join(dir, 'news/test-news-draft.md'), 'utf8')
    fs.writeFileSync(
      path.join(dir, 'news/test-news-draft.md'),
      draft.replace('cover: images/test-figure.png', 'cover: images/draft-only.png'),
    )
    const future = fs.readFileSync(path.join(dir, 'explainers/test-explainer-future.md'), 'utf8')
    expect(future).toMatch(/^status: published$/m)
    fs.writeFileSync(
      path.join(dir, 'explainers/test-explainer-future.md'),
      future.replace(/^---\n\n/m, '---\n\n![soon](images/scheduled-only.png)\n\n'),
    )
    app = testApp({ contentDir: dir, previewToken: undefined })
  })
  afterAll(async () => {
    await app.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  test.each([
    ['a published item’s image (cover, share image, body)', '/media/images/test-figure.png', 200],
    ['a published video’s poster and clip', '/media/posters/test-poster.png', 200],
    ['', '/media/videos/test-clip.mp4', 200],
    ['an upload no item names', '/media/images/unused.png', 404],
    ['a draft’s own image', '/media/images/draft-only.png', 404],
    ['a scheduled item’s own image, before its day', '/media/images/scheduled-only.png', 404],
  ])('%s: %s → %d', async (_what, url, status) => {
    const response = await app.inject(url)
    expect(response.statusCode).toBe(status)
    if (status === 404) {
      expect(response.json().error.code).toBe('NOT_FOUND')
      expect(response.headers['cache-control']).toBe('no-store')
    } else {
      expect(response.headers['cache-control']).toBe('public, max-age=2592000, s-maxage=5')
    }
    expect((await app.inject({ method: 'HEAD', url })).statusCode).toBe(status)
  })

  test('the scheduled item’s image is served from its day on (the day’s compile)', async () => {
    const day = fs.readFileSync(path.join(dir, 'explainers/test-explainer-future.md'), 'utf8')
    const publishedAt = /^publishedAt: '?(\d{4}-\d{2}-\d{2})'?$/m.exec(day)![1]
    expect(publishedAt > shanghaiDate(FIXED_NOW)).toBe(true)
    const later = testApp({
      contentDir: dir,
      previewToken: undefined,
      now: () => Date.parse(`${publishedAt}T04:00:00Z`),
    })
    try {
      expect((await later.inject('/media/images/scheduled-only.png')).statusCode).toBe(200)
      expect((await later.inject('/media/images/draft-only.png')).statusCode).toBe(404)
    } finally {
      await later.close()
    }
  })

  test('an instance with previews on (never a public one) serves what its previews show, drafts’ media too', async () => {
    const preview = testApp({ contentDir: dir })
    try {
      expect((await preview.inject('/media/images/draft-only.png')).statusCode).toBe(200)
      expect((await preview.inject('/media/images/unused.png')).statusCode).toBe(404)
    } finally {
      await preview.close()
    }
  })
})

describe.each(storeKinds())('newsroom media on $name: staff and preview links only until published', (kind) => {
  let store: Store
  let app: TestApp
  let staff: StaffStore
  let contentDir: string
  const name = { writer: unique('writer'), r1: unique('r1'), r2: unique('r2'), r3: unique('r3') }
  const sessions: Record<string, Session> = {}
  const call = callerAs(() => app, sessions)

  beforeAll(async () => {
    contentDir = copySeeds('shijian-media-newsroom-')
    store = await kind.open()
    staff = new StaffStore(store)
    app = testApp({ contentDir, events: { store }, now: () => Date.now(), previewToken: undefined })
    const reviewer = { role: 'province', region: 'jiangsu', reviewSteps: '*' } as const
    await addAccounts(staff, {
      [name.writer]: { role: 'province', region: 'jiangsu' },
      [name.r1]: reviewer,
      [name.r2]: reviewer,
      [name.r3]: reviewer,
    })
    Object.assign(sessions, await logIn(app, Object.values(name), '10.19'))
  })
  afterAll(async () => {
    await app.close()
    await store.close()
    fs.rmSync(contentDir, { recursive: true, force: true })
  })

  async function uploadImage(colour: string): Promise<string> {
    const boundary = `----media${Math.random().toString(16).slice(2)}`
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nimage\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      await png(colour),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/newsroom/uploads',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: sessions[name.writer].cookie,
        'x-csrf-token': sessions[name.writer].csrf,
      },
      payload,
    })
    expect(response.statusCode).toBe(201)
    return response.json().path as string
  }

  const warning = (wish: string, image: string) => ({
    collection: 'warnings',
    data: warningData(wish, { relatedExplainers: ['complaint-report-inquiry'] }),
    body: `## 套路是怎样的\n\n![现场照片](${image})\n\n- 先送小礼品，再请“专家”讲课。\n`,
  })

  async function publish(wish: string, image: string): Promise<string> {
    const created = await call(name.writer, 'POST', '/items', warning(wish, image))
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    expect((await call(name.writer, 'POST', `/items/warnings/${id}/submit`)).statusCode).toBe(200)
    for (const [who, step] of [
      [name.r1, '初审'],
      [name.r2, '复审'],
      [name.r3, '终审'],
    ]) {
      expect((await call(who, 'POST', `/items/warnings/${id}/approve`, { step })).statusCode).toBe(200)
    }
    expect((await call(name.r3, 'POST', `/items/warnings/${id}/publish`)).statusCode).toBe(200)
    return id
  }

  const publicStatus = async (relative: string) => (await app.inject(`/media/${relative}`)).statusCode

  test('an upload: 404 at /media/, 200 to staff with a session (401 without), and in the body preview', async () => {
    const image = await uploadImage('#aa0000')
    expect(image).toMatch(/^images\/[0-9a-f]{32}\.jpg$/)
    expect(await publicStatus(image)).toBe(404)
    const staffView = await call(name.writer, 'GET', `/media/${image}`)
    expect(staffView.statusCode).toBe(200)
    expect(staffView.headers['content-type']).toBe('image/jpeg')
    expect(staffView.headers['cache-control']).toBe('no-store')
    expect(staffView.rawPayload.equals(fs.readFileSync(path.join(contentDir, 'media', image)))).toBe(true)
    expect((await call(undefined, 'GET', `/media/${image}`)).statusCode).toBe(401)
    expect((await call(name.writer, 'GET', '/media/images/none.jpg')).statusCode).toBe(404)
    // The editor's preview of the body draws it from the staff route
    const blocks = await call(name.writer, 'POST', '/blocks', { body: `![图](${image})` })
    expect(blocks.json().blocks[0]).toMatchObject({
      type: 'image',
      src: `/api/v1/staff/newsroom/media/${image}`,
    })
  })

  test('a preview link shows the draft’s own image through the draft route (only that one); publishing makes it public', async () => {
    const image = await uploadImage('#00aa00')
    const other = await uploadImage('#0000aa')
    const wish = unique('media-preview')
    const created = await call(name.writer, 'POST', '/items', warning(wish, image))
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    const link = await call(name.writer, 'POST', `/items/warnings/${id}/preview-links`, {})
    expect(link.statusCode).toBe(201)
    const token = link.json().token as string
    const draftUrl = `/api/v1/drafts/${encodeURIComponent(token)}`
    const draft = await app.inject(draftUrl)
    expect(draft.statusCode).toBe(200)
    const imageBlock = draft.json().body.find((block: { type: string }) => block.type === 'image')
    expect(imageBlock.src).toBe(`${draftUrl}?media=${encodeURIComponent(image)}`)
    // The default share image: no public item of the seeds uses it (each has its own), so it comes this way too
    expect(draft.json().shareImage).toBe(`${draftUrl}?media=${encodeURIComponent('share/default.png')}`)
    expect((await app.inject(draft.json().shareImage)).statusCode).toBe(200)
    // Public files the draft shows stay at /media/ (a related item's share image)
    const related = draft.json().related as { shareImage?: string }[]
    expect(related.length).toBeGreaterThan(0)
    for (const summary of related) expect(summary.shareImage).toMatch(/^\/media\/share\//)
    const shown = await app.inject(imageBlock.src)
    expect(shown.statusCode).toBe(200)
    expect(shown.headers['content-type']).toBe('image/jpeg')
    expect(shown.headers['cache-control']).toBe('private, no-store')
    // Another upload, another draft's file, or anything else through this link: 404; a forged token opens nothing
    expect((await app.inject(`${draftUrl}?media=${encodeURIComponent(other)}`)).statusCode).toBe(404)
    expect((await app.inject(`${draftUrl}?media=..%2Fsite.yaml`)).statusCode).toBe(404)
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
    expect(
      (await app.inject(`/api/v1/drafts/${encodeURIComponent(forged)}?media=${encodeURIComponent(image)}`)).statusCode,
    ).toBe(404)
    expect(await publicStatus(image)).toBe(404)
  })

  test('publish → /media/ 200; withdraw one of two items naming a file → still 200; withdraw the other → 404', async () => {
    const image = await uploadImage('#aaaa00')
    expect(await publicStatus('share/default.png')).toBe(404)
    const first = await publish(unique('media-first'), image)
    expect(await publicStatus(image)).toBe(200)
    // The new item has no share image of its own: the default one is public now
    expect(await publicStatus('share/default.png')).toBe(200)
    const second = await publish(unique('media-second'), image)
    const withdraw = (id: string) => call(name.r3, 'POST', `/items/warnings/${id}/withdraw`, { reason: '核实中' })
    expect((await withdraw(first)).statusCode).toBe(200)
    expect(await publicStatus(image)).toBe(200)
    expect((await withdraw(second)).statusCode).toBe(200)
    // Withdrawn: at once here (the withdrawal answers once the reload is served); staff still see it
    const gone = await app.inject(`/media/${image}`)
    expect(gone.statusCode).toBe(404)
    expect(gone.headers['cache-control']).toBe('no-store')
    expect((await call(name.writer, 'GET', `/media/${image}`)).statusCode).toBe(200)
    // The seeds' own media (posters of published videos, share images) are served as before
    expect(await publicStatus('posters/sample-first-food-safety.jpg')).toBe(200)
    expect(await publicStatus('posters/sample-first-food-safety.tile.webp')).toBe(200)
    expect(await publicStatus('share/warnings/counterfeit-goods.png')).toBe(200)
  })
})
