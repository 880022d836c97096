// The real content in seeds/, written by the content team. These pass once seeds/ is complete.
import path from 'node:path'
import { COLLECTIONS } from '../../src/model/labels'
import { formatProblem, loadContent } from '../../server/content/load-content'
import { getJson, REPO_ROOT, testApp, type TestApp } from './test-app'

const SEEDS = path.join(REPO_ROOT, 'seeds')

describe('seeds/', () => {
  let app: TestApp
  beforeAll(() => {
    app = testApp({ contentDir: SEEDS, now: Date.now })
  })
  afterAll(() => app.close())

  test('loads with zero invalid files', () => {
    const content = loadContent(SEEDS)
    const errors = content.problems.filter((problem) => problem.severity === 'error')
    expect(errors.map((problem) => formatProblem('seeds', problem))).toEqual([])
    expect(content.invalid).toBe(0)
    expect(content.site).toMatchObject({ hotline: '12315', regions: expect.any(Array) })
    expect(content.site?.regions.find((region) => region.id === content.site?.province)?.kind).toBe('province')
    expect(content.services).toMatchObject({ channels: expect.any(Array), offices: expect.any(Array) })
  })

  test.each(COLLECTIONS)('has at least 3 published items in %s, and each one opens', async (collection) => {
    const list = await getJson(app, `/api/v1/${collection}?pageSize=50&includeExpired=true`)
    expect(list.status).toBe(200)
    expect(list.body.total).toBeGreaterThanOrEqual(3)
    for (const item of list.body.items) {
      const detail = await getJson(app, `/api/v1/${collection}/${item.id}`)
      expect(detail.status).toBe(200)
    }
  })

  test('/site, /home and /services answer 200', async () => {
    for (const url of ['/api/v1/site', '/api/v1/home', '/api/v1/services']) {
      expect((await getJson(app, url)).status).toBe(200)
    }
  })

  test('has no problems at all: every media file exists and every link resolves (npm run content:check)', () => {
    const content = loadContent(SEEDS)
    expect(content.problems.map((problem) => formatProblem('seeds', problem))).toEqual([])
  })
})
