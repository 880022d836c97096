import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { formatProblem, loadContent } from '../../server/content/load-content'
import {
  CONTENT_WITH_PROBLEMS,
  FIXTURES,
  getJson,
  ids,
  REPO_ROOT,
  testApp,
  VALID_CONTENT,
  type TestApp,
} from './test-app'

const run = promisify(execFile)

describe('invalid content is skipped and reported; valid content keeps being served', () => {
  let app: TestApp
  beforeAll(() => {
    app = testApp({ contentDir: CONTENT_WITH_PROBLEMS })
  })
  afterAll(() => app.close())

  test('/health counts the ten invalid files next to the four valid items', async () => {
    const { status, body } = await getJson(app, '/api/v1/health')
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'ok', items: 4, invalid: 10 })
  })

  const served = [
    { url: '/api/v1/explainers', ids: ['test-explainer-ok'] },
    { url: '/api/v1/warnings', ids: ['test-warning-ok'] },
    { url: '/api/v1/videos', ids: ['test-video-ok'] },
    { url: '/api/v1/news', ids: ['test-news-ok'] },
  ]
  test.each(served)('$url still lists the valid $ids', async ({ url, ids: expected }) => {
    const { status, body } = await getJson(app, url)
    expect(status).toBe(200)
    expect(ids(body.items)).toEqual(expected)
  })

  const skipped = [
    '/api/v1/explainers/bad-category',
    '/api/v1/explainers/id-mismatch',
    '/api/v1/explainers/some-other-id',
    '/api/v1/explainers/broken-yaml',
    '/api/v1/explainers/script-front-matter',
    '/api/v1/warnings/bad-level',
    '/api/v1/warnings/unknown-region',
    '/api/v1/warnings/missing-sources',
    '/api/v1/warnings/impossible-date',
    '/api/v1/videos/unquoted-number',
  ]
  test.each(skipped)('%s -> 404', async (url) => {
    expect((await getJson(app, url)).status).toBe(404)
  })

  test('a related id that names nothing is dropped; the item is still served with the links that work', async () => {
    const { status, body } = await getJson(app, '/api/v1/explainers/test-explainer-ok')
    expect(status).toBe(200)
    expect(ids(body.related)).toEqual(['test-warning-ok'])
  })

  test('an unknown topic is dropped from a news item', async () => {
    const { body } = await getJson(app, '/api/v1/news/test-news-ok')
    expect(body.topics).toEqual(['test-topic-one'])
  })

  test('an office in an unknown region is left out of /services', async () => {
    const { body } = await getJson(app, '/api/v1/services')
    expect(body.offices.map((office: { region: string }) => office.region)).toEqual(['test-city-a'])
  })

  test('raw HTML in a body never reaches the response', async () => {
    const { body } = await getJson(app, '/api/v1/explainers/test-explainer-ok')
    expect(JSON.stringify(body.body)).not.toMatch(/<|>/)
    expect(body.body).toEqual([{ type: 'paragraph', spans: [{ text: 'Test body with inline HTML.' }] }])
  })

  test('JavaScript front matter is refused and never run', () => {
    expect((globalThis as Record<string, unknown>).__frontMatterRan).toBeUndefined()
  })
})

describe('problem reports name the file, the field and what is wrong', () => {
  const content = loadContent(CONTENT_WITH_PROBLEMS)
  const lines = content.problems.map((problem) => formatProblem('fixture', problem))

  const expected = [
    'fixture/explainers/bad-category.md: category: must be one of consumer-rights, online-shopping, food-safety, prepaid-cards, prices, advertising, product-quality, special-equipment',
    'fixture/explainers/id-mismatch.md: id: must match the file name (id-mismatch)',
    expect.stringMatching(/^fixture\/explainers\/broken-yaml\.md: front matter is not valid: Missing closing "quote/),
    'fixture/explainers/no-front-matter.md: front matter is missing: start the file with a --- line, the fields, and another --- line',
    'fixture/explainers/script-front-matter.md: front matter is not valid: only YAML or JSON front matter is accepted',
    'fixture/explainers/notes.txt: is not a .md file: ignored',
    'fixture/explainers/test-explainer-ok.md: relatedWarnings/1: test-warning-missing is not a warning: link dropped',
    expect.stringMatching(/^fixture\/explainers\/test-explainer-ok\.md: body: raw HTML is dropped: <span>/),
    expect.stringMatching(/^fixture\/explainers\/test-explainer-ok\.md: body: raw HTML is dropped: <div>/),
    'fixture/warnings/bad-level.md: level: must be one of notice, caution, alert',
    'fixture/warnings/unknown-region.md: region: must be one of test-province, test-city-a, test-city-b',
    'fixture/warnings/missing-sources.md: sources: is required',
    'fixture/warnings/impossible-date.md: publishedAt: 2024-02-30 is not a day in the calendar',
    'fixture/videos/test-video-ok.md: poster: media file not found: media/posters/test-missing-poster.png',
    'fixture/videos/test-video-ok.md: src: media file not found: media/videos/test-missing-clip.mp4',
    'fixture/videos/unquoted-number.md: durationSecond: is not a known field (did you mean durationSeconds?)',
    'fixture/videos/unquoted-number.md: durationSeconds: is required',
    'fixture/videos/unquoted-number.md: summary: must be text: put it in quotes (a leading 0 or a long number is otherwise lost)',
    'fixture/news/test-news-ok.md: topics/1: test-topic-unknown is not a topic in site.yaml: link dropped',
    'fixture/news/test-news-ok.md: body: link "../warnings/test-warning-ok.md" is not kept: links must start with https:// or /pages/',
    'fixture/services.yaml: offices/1/region: test-nowhere is not a region in site.yaml: this office is left out',
  ]
  const named = expected.map((line) => [
    typeof line === 'string' ? line : String((line as { sample: RegExp }).sample),
    line,
  ])
  test.each(named)('%s', (_name, line) => {
    expect(lines).toContainEqual(line)
  })

  test('nothing else is reported', () => {
    expect(lines).toHaveLength(expected.length)
  })

  test('invalid files are errors, kept-but-broken parts are warnings', () => {
    const errors = new Set(content.problems.filter((p) => p.severity === 'error').map((p) => p.file))
    expect(errors.size).toBe(content.invalid)
    expect([...errors].sort()).toEqual([
      'explainers/bad-category.md',
      'explainers/broken-yaml.md',
      'explainers/id-mismatch.md',
      'explainers/no-front-matter.md',
      'explainers/script-front-matter.md',
      'videos/unquoted-number.md',
      'warnings/bad-level.md',
      'warnings/impossible-date.md',
      'warnings/missing-sources.md',
      'warnings/unknown-region.md',
    ])
  })

  test('the valid fixture has no problems at all', () => {
    expect(loadContent(VALID_CONTENT).problems).toEqual([])
  })
})

describe('broken site settings', () => {
  let app: TestApp
  beforeAll(() => {
    app = testApp({ contentDir: path.join(FIXTURES, 'broken-site') })
  })
  afterAll(() => app.close())

  test.each(['/api/v1/site', '/api/v1/home', '/api/v1/services'])('%s -> 503 CONTENT_UNAVAILABLE', async (url) => {
    const { status, body } = await getJson(app, url)
    expect(status).toBe(503)
    expect(body).toEqual({ error: { code: 'CONTENT_UNAVAILABLE', message: expect.any(String) } })
  })

  test('items are still served, and the missing folders are empty lists', async () => {
    expect(ids((await getJson(app, '/api/v1/explainers')).body.items)).toEqual(['test-explainer-beta'])
    expect(ids((await getJson(app, '/api/v1/warnings')).body.items)).toEqual(['test-warning-caution'])
    expect((await getJson(app, '/api/v1/videos')).body).toEqual({ items: [], page: 1, pageSize: 20, total: 0 })
    expect((await getJson(app, '/api/v1/health')).body).toMatchObject({ items: 2, invalid: 2 })
  })

  test('a missing content folder does not take the service down', async () => {
    const empty = testApp({ contentDir: path.join(FIXTURES, 'no-such-folder') })
    expect((await getJson(empty, '/api/v1/health')).body).toMatchObject({ status: 'ok', items: 0, invalid: 2 })
    expect((await getJson(empty, '/api/v1/news')).status).toBe(200)
    await empty.close()
  })
})

describe('scripts/content-check.ts', () => {
  const check = (contentDir: string) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CONTENT_DIR: contentDir },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    )

  test('valid content: exit 0 and a one-line summary', async () => {
    const { code, stdout } = await check('tests/api/fixtures/valid')
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      'tests/api/fixtures/valid: all good: 18 items (5 explainers, 5 warnings, 4 videos, 4 news), site.yaml and services.yaml',
    ])
  }, 30_000)

  test('content with problems: one line per problem, then a summary, and exit 1', async () => {
    const { code, stdout } = await check('tests/api/fixtures/with-problems')
    expect(code).toBe(1)
    const lines = stdout.trim().split('\n')
    expect(lines).toContain(
      'tests/api/fixtures/with-problems/warnings/bad-level.md: level: must be one of notice, caution, alert',
    )
    expect(lines).toHaveLength(22)
    expect(lines[21]).toBe(
      'tests/api/fixtures/with-problems: 21 problems: 10 invalid files left out, 9 warnings on served files; ' +
        '4 items served (1 explainers, 1 warnings, 1 videos, 1 news)',
    )
  }, 30_000)
})
