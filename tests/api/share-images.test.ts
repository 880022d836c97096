// Share images (PLATFORM.md "Sharing": a chat card shows its image at 5:4): every item's summary and detail give one,
// its own shareImage, else the one scripts/make-share-images.mjs made for it, else the bureau's default.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { loadContent } from '../../server/content/load-content'
import { COLLECTIONS } from '../../src/model/labels'
import { isFiveByFour, pngSize } from '../support/png'
import { FIXTURES, getJson, REPO_ROOT, testApp, VALID_CONTENT, type TestApp } from './test-app'

const SEEDS = path.join(REPO_ROOT, 'seeds')
const run = promisify(execFile)

describe('seeds/: every published item has a 5:4 PNG share image', () => {
  let app: TestApp
  beforeAll(() => {
    app = testApp({ contentDir: SEEDS, now: Date.now })
  })
  afterAll(() => app.close())

  test.each(COLLECTIONS)('%s: each detail (and its summary) names a share image served as a 5:4 PNG', async (c) => {
    const list = await getJson(app, `/api/v1/${c}?pageSize=50&includeExpired=true`)
    expect(list.body.items.length).toBeGreaterThan(0)
    for (const summary of list.body.items) {
      const detail = await getJson(app, `/api/v1/${c}/${summary.id}`)
      expect(detail.body.shareImage).toMatch(/^\/media\/share\/.+\.png$/)
      expect(summary.shareImage).toBe(detail.body.shareImage)

      const image = await app.inject(detail.body.shareImage)
      expect({ id: summary.id, status: image.statusCode, type: image.headers['content-type'] }).toEqual({
        id: summary.id,
        status: 200,
        type: 'image/png',
      })
      const size = pngSize(image.rawPayload)
      expect({ id: summary.id, ...size, fiveByFour: isFiveByFour(size) }).toEqual({
        id: summary.id,
        ...size,
        fiveByFour: true,
      })
    }
  })

  test('the default image is a 500×400 PNG', () => {
    expect(pngSize(fs.readFileSync(path.join(SEEDS, 'media/share/default.png')))).toEqual({ width: 500, height: 400 })
  })
})

describe('which share image an item gets', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-share-'))
    fs.cpSync(VALID_CONTENT, path.join(dir, 'valid'), { recursive: true })
    fs.cpSync(path.join(FIXTURES, 'check-problems'), path.join(dir, 'check-problems'), { recursive: true })
    for (const fixture of ['valid', 'check-problems']) {
      const share = path.join(dir, fixture, 'media/share')
      fs.mkdirSync(path.join(share, 'warnings'), { recursive: true })
      fs.copyFileSync(path.join(SEEDS, 'media/share/default.png'), path.join(share, 'default.png'))
    }
    // A made-up "generated" image for one warning (any PNG will do here)
    fs.copyFileSync(
      path.join(SEEDS, 'media/share/default.png'),
      path.join(dir, 'valid/media/share/warnings/test-warning-active.png'),
    )
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const shareImageOf = async (contentDir: string, route: string) => {
    const app = testApp({ contentDir })
    try {
      const detail = await getJson(app, `/api/v1/${route}`)
      const list = await getJson(app, `/api/v1/${route.split('/')[0]}?includeExpired=true`)
      const summary = list.body.items.find((item: { id: string }) => item.id === detail.body.id)
      expect(summary?.shareImage).toBe(detail.body.shareImage)
      return detail.body.shareImage as string | undefined
    } finally {
      await app.close()
    }
  }

  const cases = [
    {
      name: 'its own shareImage',
      dir: 'valid',
      route: 'explainers/test-explainer-alpha',
      expected: '/media/images/test-figure.png',
    },
    {
      name: 'none of its own: the generated one',
      dir: 'valid',
      route: 'warnings/test-warning-active',
      expected: '/media/share/warnings/test-warning-active.png',
    },
    {
      name: 'none of its own, none generated: the default',
      dir: 'valid',
      route: 'news/test-news-one',
      expected: '/media/share/default.png',
    },
    {
      name: 'its own shareImage is missing (a content problem): the default',
      dir: 'check-problems',
      route: 'explainers/test-explainer-dates',
      expected: '/media/share/default.png',
    },
  ]
  test.each(cases)('$name: $route -> $expected', async (row) => {
    expect(await shareImageOf(path.join(dir, row.dir), row.route)).toBe(row.expected)
  })

  test('no default image in the content folder: no shareImage (WeChat then shows a screenshot)', async () => {
    expect(await shareImageOf(VALID_CONTENT, 'news/test-news-one')).toBeUndefined()
  })

  test('npm run content:check notes a published item that shares only the default image, and still passes', async () => {
    const contentDir = path.join(dir, 'valid')
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CONTENT_DIR: contentDir },
    })
    const lines = stdout.trim().split('\n')
    const note = (file: string) =>
      `${contentDir}/${file}: note: shares the default image: run node scripts/make-share-images.mjs to make its own`
    expect(lines).toContain(note('news/test-news-one.md'))
    expect(lines).not.toContain(note('warnings/test-warning-active.md'))
    expect(lines).not.toContain(note('explainers/test-explainer-alpha.md'))
    expect(lines).not.toContain(note('news/test-news-draft.md'))
    expect(lines.at(-1)).toMatch(/: all good: /)
  }, 30_000)

  test('a missing shareImage of its own is still reported', () => {
    const problems = loadContent(path.join(dir, 'check-problems')).problems
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'explainers/test-explainer-dates.md',
        pointer: '/shareImage',
        severity: 'warning',
      }),
    )
  })
})
