// scripts/content-check.ts: dates in order, media that exists, and published ids that never disappear.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { loadContent } from '../../server/content/load-content'
import { compareIds, publishedIds } from '../../scripts/published-ids'
import { REPO_ROOT, VALID_CONTENT } from './test-app'

const run = promisify(execFile)

const check = (contentDir: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, CONTENT_DIR: contentDir },
  }).then(
    ({ stdout }) => ({ code: 0, lines: stdout.trim().split('\n') }),
    (error: { code: number; stdout: string }) => ({ code: error.code, lines: error.stdout.trim().split('\n') }),
  )

describe('problems only the check catches (the files are served)', () => {
  const dir = 'tests/api/fixtures/check-problems'
  let result: { code: number; lines: string[] }
  beforeAll(async () => {
    result = await check(dir)
  }, 30_000)

  const gone = (id: string) =>
    `${dir}/published-ids.txt: ${id}: was published and is no longer (share links may point at it): ` +
    'restore it, or remove its line deliberately and say why in the commit'
  const expected = [
    `${dir}/explainers/test-explainer-dates.md: updatedAt: 2024-02-01 is before publishedAt (2024-03-01)`,
    `${dir}/warnings/test-warning-dates.md: expiresAt: 2024-04-30 is before publishedAt (2024-05-01)`,
    `${dir}/explainers/test-explainer-dates.md: shareImage: media file not found: media/images/test-missing-share.png`,
    `${dir}/explainers/test-explainer-dates.md: body: media file not found: media/images/test-missing-figure.png`,
    `${dir}/news/test-news-missing-cover.md: cover: media file not found: media/images/test-missing-cover.png`,
    `${dir}/videos/test-video-missing-media.md: poster: media file not found: media/posters/test-missing-poster.png`,
    `${dir}/videos/test-video-missing-media.md: src: media file not found: media/videos/test-missing-clip.mp4`,
    gone('explainers/test-explainer-now-draft'),
    gone('explainers/test-explainer-renamed'),
    gone('news/test-news-withdrawn'),
  ]
  test.each(expected)('%s', (line) => {
    expect(result.lines).toContain(line)
  })

  test('nothing else, then a summary, and exit 1', () => {
    expect(result.code).toBe(1)
    expect(result.lines).toHaveLength(expected.length + 1)
    expect(result.lines.at(-1)).toBe(
      `${dir}: 7 problems: 0 invalid files left out, 7 warnings on served files; ` +
        '5 items served (2 explainers, 1 warnings, 1 videos, 1 news); 3 problems with published ids',
    )
  })

  test('an updatedAt equal to publishedAt is fine', () => {
    expect(result.lines.join('\n')).not.toMatch(/test-news-missing-cover\.md: updatedAt/)
  })
})

describe('published ids', () => {
  test('published means status published, scheduled ones included; drafts are not', () => {
    const ids = publishedIds(loadContent(VALID_CONTENT))
    expect(ids).toContain('explainers/test-explainer-future')
    expect(ids).not.toContain('explainers/test-explainer-draft')
    expect(ids).toEqual([...ids].sort())
  })

  const comparisons = [
    { name: 'nothing changed', listed: ['a/x', 'b/y'], published: ['a/x', 'b/y'], gone: [], unlisted: [] },
    { name: 'one removed', listed: ['a/x', 'b/y'], published: ['a/x'], gone: ['b/y'], unlisted: [] },
    { name: 'one renamed', listed: ['a/x'], published: ['a/z'], gone: ['a/x'], unlisted: ['a/z'] },
    { name: 'one new', listed: ['a/x'], published: ['a/x', 'a/y'], gone: [], unlisted: ['a/y'] },
  ]
  test.each(comparisons)('$name -> gone $gone, unlisted $unlisted', ({ listed, published, gone, unlisted }) => {
    expect(compareIds(listed, published)).toEqual({ gone, unlisted })
  })

  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-ids-'))
    fs.cpSync(VALID_CONTENT, dir, { recursive: true })
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  const listFile = () => path.join(dir, 'published-ids.txt')
  const listedIds = () =>
    fs
      .readFileSync(listFile(), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))

  test('a published item renamed: the check names the old id, and --update-ids never drops it', async () => {
    const from = path.join(dir, 'explainers/test-explainer-beta.md')
    const text = fs.readFileSync(from, 'utf8').replace('id: test-explainer-beta', 'id: test-explainer-beta-two')
    fs.rmSync(from)
    fs.writeFileSync(path.join(dir, 'explainers/test-explainer-beta-two.md'), text)

    const { code, lines } = await check(dir)
    expect(code).toBe(1)
    expect(lines).toContainEqual(
      expect.stringContaining(': explainers/test-explainer-beta: was published and is no longer'),
    )
    expect(lines).toContainEqual(
      expect.stringContaining('(explainers/test-explainer-beta-two): run npm run content:check -- --update-ids'),
    )

    const updated = await check(dir, '--update-ids')
    expect(updated.code).toBe(1)
    expect(listedIds()).toContain('explainers/test-explainer-beta')
    expect(listedIds()).toContain('explainers/test-explainer-beta-two')
  }, 30_000)

  test('a newly published item: the check asks for --update-ids, which adds it in order; then all is good', async () => {
    const draft = path.join(dir, 'news/test-news-draft.md')
    fs.writeFileSync(draft, fs.readFileSync(draft, 'utf8').replace('status: draft', 'status: published'))
    expect((await check(dir)).code).toBe(1)

    const updated = await check(dir, '--update-ids')
    expect(updated.lines[0]).toMatch(/published-ids\.txt: added 1 newly published ids: news\/test-news-draft$/)
    expect(listedIds()).toEqual([...listedIds()].sort())
    expect(listedIds()).toContain('news/test-news-draft')
    expect(await check(dir)).toEqual({ code: 0, lines: [expect.stringMatching(/: all good: /)] })
  }, 30_000)

  test('no list yet: the check fails and says how to start one; --update-ids writes it', async () => {
    fs.rmSync(listFile())
    const { code, lines } = await check(dir)
    expect(code).toBe(1)
    expect(lines[0]).toMatch(/published-ids\.txt: is missing: run npm run content:check -- --update-ids/)
    expect((await check(dir, '--update-ids')).code).toBe(0)
    expect(listedIds()).toEqual(publishedIds(loadContent(dir)))
  }, 30_000)
})
