import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getJson, ids, testApp, VALID_CONTENT } from './test-app'

describe('the Asia/Shanghai date decides expiry and scheduled items', () => {
  const cases = [
    {
      name: 'at 23:59 on 2025-06-01 in Shanghai, a warning expiring that day is still listed',
      at: '2025-06-01T15:59:00Z',
      warnings: ['test-warning-active', 'test-warning-caution', 'test-warning-notice'],
    },
    {
      name: 'at 00:01 on 2025-06-02 in Shanghai (still 2025-06-01 in UTC) it has expired',
      at: '2025-06-01T16:01:00Z',
      warnings: ['test-warning-active', 'test-warning-caution'],
    },
  ]
  test.each(cases)('$name', async ({ at, warnings }) => {
    const app = testApp({ now: () => Date.parse(at) })
    expect(ids((await getJson(app, '/api/v1/warnings')).body.items)).toEqual(warnings)
    await app.close()
  })

  test('a running server recompiles when the day changes: expiry, ETags and scheduled items follow the clock', async () => {
    let now = Date.parse('2025-06-01T15:59:00Z')
    const app = testApp({ now: () => now })
    const before = await getJson(app, '/api/v1/warnings/test-warning-notice')
    expect(before.body.expired).toBe(false)

    now = Date.parse('2025-06-01T16:01:00Z')
    const after = await getJson(app, '/api/v1/warnings/test-warning-notice')
    expect(after.body.expired).toBe(true)
    expect(after.headers.etag).not.toBe(before.headers.etag)

    now = Date.parse('2098-12-31T16:00:00Z')
    expect(ids((await getJson(app, '/api/v1/explainers')).body.items)[0]).toBe('test-explainer-future')
    await app.close()
  })
})

describe('reloadContent', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-content-'))
    fs.cpSync(VALID_CONTENT, dir, { recursive: true })
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  test('an edited file is served after a reload, with a new ETag', async () => {
    const app = testApp({ contentDir: dir })
    const before = await getJson(app, '/api/v1/news/test-news-one')
    const file = path.join(dir, 'news/test-news-one.md')
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('title: Test news test-news-one', 'title: Test news edited'),
    )

    expect((await getJson(app, '/api/v1/news/test-news-one')).body.title).toBe('Test news test-news-one')
    app.reloadContent()
    const after = await getJson(app, '/api/v1/news/test-news-one')
    expect(after.body.title).toBe('Test news edited')
    expect(after.headers.etag).not.toBe(before.headers.etag)
    await app.close()
  })

  test('a file broken while running is dropped and counted; the rest stays', async () => {
    const app = testApp({ contentDir: dir })
    fs.writeFileSync(path.join(dir, 'warnings/test-warning-caution.md'), '---\nid: [\n---\n')
    const reloaded = app.reloadContent()
    expect(reloaded.invalid).toBe(1)
    expect((await getJson(app, '/api/v1/health')).body).toMatchObject({ items: 17, invalid: 1 })
    expect(ids((await getJson(app, '/api/v1/warnings')).body.items)).toEqual([
      'test-warning-active',
      'test-warning-notice',
    ])
    await app.close()
  })
})
