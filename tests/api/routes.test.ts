import { getJson, ids, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

const SUMMARY_KEYS = ['id', 'collection', 'title', 'summary', 'publishedAt']
const EXTRA_SUMMARY_KEYS = {
  explainers: ['category', 'categoryLabel'],
  warnings: ['level', 'levelLabel', 'region', 'regionName', 'expired'],
  videos: ['unit', 'award', 'awardLabel', 'durationSeconds', 'poster', 'sample'],
  news: ['origin', 'topics'],
}
const DETAIL_KEYS = ['status', 'body', 'sources', 'related']
const EXTRA_DETAIL_KEYS = {
  explainers: ['keyPoints', 'legalBasis', 'qa', 'tags'],
  warnings: ['whatToDo', 'channel', 'channelLabel'],
  videos: ['contest', 'src'],
  news: [],
}
type Collection = keyof typeof EXTRA_SUMMARY_KEYS

function expectSummary(summary: Record<string, unknown>, collection: Collection) {
  expect(summary).toEqual(expect.objectContaining({ collection }))
  for (const key of [...SUMMARY_KEYS, ...EXTRA_SUMMARY_KEYS[collection]]) expect(summary).toHaveProperty(key)
  for (const key of DETAIL_KEYS) expect(summary).not.toHaveProperty(key)
}

describe('GET /api/v1 lists', () => {
  const cases: { url: string; collection: Collection; ids: string[] }[] = [
    {
      url: '/api/v1/explainers',
      collection: 'explainers',
      ids: ['test-explainer-gamma', 'test-explainer-beta', 'test-explainer-alpha'],
    },
    {
      url: '/api/v1/warnings',
      collection: 'warnings',
      ids: ['test-warning-active', 'test-warning-caution', 'test-warning-notice'],
    },
    {
      url: '/api/v1/videos',
      collection: 'videos',
      ids: ['test-video-excellence', 'test-video-second', 'test-video-first'],
    },
    { url: '/api/v1/news', collection: 'news', ids: ['test-news-three', 'test-news-two', 'test-news-one'] },
  ]

  test.each(cases)('$url -> 200, published summaries newest first, no drafts or scheduled items', async (row) => {
    const { status, body } = await getJson(app, row.url)
    expect(status).toBe(200)
    expect(body).toEqual({ items: expect.any(Array), page: 1, pageSize: 20, total: row.ids.length })
    expect(ids(body.items)).toEqual(row.ids)
    for (const item of body.items) expectSummary(item, row.collection)
  })

  const filterCases = [
    { url: '/api/v1/explainers?category=food-safety', ids: ['test-explainer-beta'] },
    { url: '/api/v1/explainers?category=advertising', ids: [] },
    { url: '/api/v1/warnings?level=notice', ids: ['test-warning-notice'] },
    { url: '/api/v1/warnings?level=notice&includeExpired=true', ids: ['test-warning-notice', 'test-warning-expired'] },
    { url: '/api/v1/warnings?region=test-city-b', ids: ['test-warning-caution', 'test-warning-notice'] },
    { url: '/api/v1/warnings?region=test-city-a', ids: ['test-warning-active', 'test-warning-notice'] },
    { url: '/api/v1/warnings?region=test-city-a&level=alert', ids: ['test-warning-active'] },
    { url: '/api/v1/warnings?region=test-city-a&level=notice', ids: ['test-warning-notice'] },
    { url: '/api/v1/warnings?region=test-city-b&level=caution', ids: ['test-warning-caution'] },
    { url: '/api/v1/warnings?region=test-province', ids: ['test-warning-notice'] },
    {
      url: '/api/v1/warnings?region=test-province&includeExpired=true',
      ids: ['test-warning-notice', 'test-warning-expired'],
    },
    {
      url: '/api/v1/warnings?region=test-city-b&includeExpired=true',
      ids: ['test-warning-caution', 'test-warning-notice', 'test-warning-expired'],
    },
    {
      url: '/api/v1/warnings?includeExpired=true',
      ids: ['test-warning-active', 'test-warning-caution', 'test-warning-notice', 'test-warning-expired'],
    },
    {
      url: '/api/v1/warnings?includeExpired=false',
      ids: ['test-warning-active', 'test-warning-caution', 'test-warning-notice'],
    },
    { url: '/api/v1/videos?award=second', ids: ['test-video-second'] },
    { url: '/api/v1/videos?award=third', ids: [] },
    { url: '/api/v1/news?topic=test-topic-one', ids: ['test-news-two', 'test-news-one'] },
    { url: '/api/v1/news?topic=test-topic-two', ids: ['test-news-two'] },
  ]
  test.each(filterCases)('$url -> $ids', async ({ url, ids: expected }) => {
    const { status, body } = await getJson(app, url)
    expect(status).toBe(200)
    expect(ids(body.items)).toEqual(expected)
    expect(body.total).toBe(expected.length)
  })

  const pageCases = [
    {
      url: '/api/v1/explainers?pageSize=2',
      page: 1,
      pageSize: 2,
      ids: ['test-explainer-gamma', 'test-explainer-beta'],
    },
    { url: '/api/v1/explainers?pageSize=2&page=2', page: 2, pageSize: 2, ids: ['test-explainer-alpha'] },
    { url: '/api/v1/explainers?pageSize=2&page=3', page: 3, pageSize: 2, ids: [] },
    { url: '/api/v1/explainers?page=99', page: 99, pageSize: 20, ids: [] },
    {
      url: '/api/v1/explainers?pageSize=50',
      page: 1,
      pageSize: 50,
      ids: ['test-explainer-gamma', 'test-explainer-beta', 'test-explainer-alpha'],
    },
    { url: '/api/v1/explainers?pageSize=1&page=3', page: 3, pageSize: 1, ids: ['test-explainer-alpha'] },
  ]
  test.each(pageCases)('$url -> page $page of size $pageSize, total stays 3', async (row) => {
    const { status, body } = await getJson(app, row.url)
    expect(status).toBe(200)
    expect(body).toEqual({ items: expect.any(Array), page: row.page, pageSize: row.pageSize, total: 3 })
    expect(ids(body.items)).toEqual(row.ids)
  })

  test('unknown query parameters are ignored', async () => {
    const plain = await app.inject('/api/v1/explainers')
    const extra = await app.inject('/api/v1/explainers?utm_source=wechat&from=timeline&isappinstalled=0')
    expect(extra.statusCode).toBe(200)
    expect(extra.body).toBe(plain.body)
  })

  test('a trailing slash answers the same list', async () => {
    const plain = await app.inject('/api/v1/news')
    const slashed = await app.inject('/api/v1/news/')
    expect(slashed.statusCode).toBe(200)
    expect(slashed.body).toBe(plain.body)
  })
})

describe('GET /api/v1 details', () => {
  const cases: { url: string; collection: Collection; related: string[] }[] = [
    { url: '/api/v1/explainers/test-explainer-alpha', collection: 'explainers', related: ['test-warning-active'] },
    { url: '/api/v1/explainers/test-explainer-beta', collection: 'explainers', related: ['test-warning-active'] },
    {
      url: '/api/v1/warnings/test-warning-active',
      collection: 'warnings',
      related: ['test-explainer-beta', 'test-explainer-alpha'],
    },
    { url: '/api/v1/warnings/test-warning-caution', collection: 'warnings', related: [] },
    {
      url: '/api/v1/videos/test-video-first',
      collection: 'videos',
      related: ['test-video-excellence', 'test-video-second'],
    },
    { url: '/api/v1/news/test-news-one', collection: 'news', related: ['test-news-two'] },
    { url: '/api/v1/news/test-news-three', collection: 'news', related: [] },
  ]
  test.each(cases)('$url -> 200, the full item with related summaries $related', async (row) => {
    const { status, body } = await getJson(app, row.url)
    expect(status).toBe(200)
    for (const key of [
      ...SUMMARY_KEYS,
      ...EXTRA_SUMMARY_KEYS[row.collection],
      ...DETAIL_KEYS,
      ...EXTRA_DETAIL_KEYS[row.collection],
    ]) {
      expect(body).toHaveProperty(key)
    }
    expect(body.collection).toBe(row.collection)
    expect(body.status).toBe('published')
    expect(body.body.length).toBeGreaterThan(0)
    expect(ids(body.related)).toEqual(row.related)
    for (const summary of body.related) expect(summary).not.toHaveProperty('body')
  })

  test('an explainer detail has labels, body blocks, media paths under /media and its Q&A', async () => {
    const { body } = await getJson(app, '/api/v1/explainers/test-explainer-alpha')
    expect(body).toMatchObject({
      id: 'test-explainer-alpha',
      category: 'consumer-rights',
      categoryLabel: '消费维权',
      updatedAt: '2024-01-20',
      shareImage: '/media/images/test-figure.png',
      qa: [{ q: 'Test question?', a: 'Test answer.' }],
      tags: ['test-tag'],
      legalBasis: [{ law: 'Test Law', article: 'Test article 1', version: '2020-01-01' }],
    })
    expect(body.body.map((block: { type: string }) => block.type)).toEqual([
      'heading',
      'paragraph',
      'callout',
      'list',
      'quote',
      'image',
      'paragraph',
    ])
    expect(body.body[5]).toEqual({
      type: 'image',
      src: '/media/images/test-figure.png',
      alt: 'Test figure',
      caption: 'Test caption',
    })
  })

  test('a warning detail names its level, region and channel in words', async () => {
    const { body } = await getJson(app, '/api/v1/warnings/test-warning-active')
    expect(body).toMatchObject({
      level: 'alert',
      levelLabel: '预警',
      region: 'test-city-a',
      regionName: '测试甲市',
      expiresAt: '2099-12-31',
      expired: false,
      channel: 'complaint',
      channelLabel: '投诉',
      whatToDo: ['Test thing to do'],
    })
  })

  test('an expired warning is left out of the list but its detail opens, marked expired', async () => {
    const { status, body } = await getJson(app, '/api/v1/warnings/test-warning-expired')
    expect(status).toBe(200)
    expect(body).toMatchObject({ expired: true, expiresAt: '2024-12-31' })
  })

  test('a warning that expires today is not expired yet', async () => {
    const { body } = await getJson(app, '/api/v1/warnings/test-warning-notice')
    expect(body).toMatchObject({ expiresAt: '2025-06-01', expired: false })
  })

  test('a video detail gives poster and src as media paths', async () => {
    const { body } = await getJson(app, '/api/v1/videos/test-video-first')
    expect(body).toMatchObject({
      poster: '/media/posters/test-poster.png',
      src: '/media/videos/test-clip.mp4',
      award: 'first',
      awardLabel: '一等奖',
      sample: true,
      contest: 'Test contest',
    })
  })

  test('a news detail gives its cover as a media path', async () => {
    const { body } = await getJson(app, '/api/v1/news/test-news-two')
    expect(body).toMatchObject({ cover: '/media/images/test-figure.png', topics: ['test-topic-one', 'test-topic-two'] })
  })
})

describe('GET /api/v1 site, home, services, health, search', () => {
  test('/health -> 200 with item and invalid counts', async () => {
    const { status, body } = await getJson(app, '/api/v1/health')
    expect(status).toBe(200)
    expect(body).toEqual({ status: 'ok', items: 18, invalid: 0, loadedAt: expect.any(String) })
    expect(Number.isNaN(Date.parse(body.loadedAt))).toBe(false)
  })

  test('/site -> 200 with the site settings', async () => {
    const { status, body } = await getJson(app, '/api/v1/site')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      bureauName: '测试市场监督管理局（测试数据）',
      hotline: '12315',
      province: 'test-province',
    })
    expect(ids(body.regions)).toEqual(['test-province', 'test-city-a', 'test-city-b'])
  })

  test('/home -> 200 with the site, topics with their news, and the latest of each collection', async () => {
    const { status, body } = await getJson(app, '/api/v1/home')
    expect(status).toBe(200)
    expect(body.site).toEqual({
      bureauName: '测试市场监督管理局（测试数据）',
      appName: '测试市监（测试数据）',
      hotline: '12315',
    })
    expect(body.topics.map((topic: { id: string; items: { id: string }[] }) => [topic.id, ids(topic.items)])).toEqual([
      ['test-topic-one', ['test-news-two', 'test-news-one']],
      ['test-topic-two', ['test-news-two']],
    ])
    expect(ids(body.warnings)).toEqual(['test-warning-active', 'test-warning-caution', 'test-warning-notice'])
    expect(ids(body.news)).toEqual(['test-news-three', 'test-news-two', 'test-news-one'])
    expect(ids(body.explainers)).toEqual(['test-explainer-gamma', 'test-explainer-beta', 'test-explainer-alpha'])
    expect(ids(body.videos)).toEqual(['test-video-excellence', 'test-video-second', 'test-video-first'])
  })

  test('/services -> 200 with channels, rules, offices, and the hotline and regions from site settings', async () => {
    const { status, body } = await getJson(app, '/api/v1/services')
    expect(status).toBe(200)
    expect(body.channels.map((channel: { kind: string }) => channel.kind)).toEqual(['complaint', 'report', 'inquiry'])
    expect(body).toMatchObject({
      hotline: '12315',
      website12315: 'https://example.test/12315',
      miniProgram12315: { name: '12315' },
      acceptanceRules: ['Test acceptance rule'],
      offices: [{ region: 'test-city-a', phone: '0999-12315' }],
    })
    expect(ids(body.regions)).toEqual(['test-province', 'test-city-a', 'test-city-b'])
  })

  // ids: the items holding every word, which come first; items holding only some may follow (match 'partial' alone)
  const searchCases = [
    { q: 'needle-in-body', ids: ['test-explainer-alpha'] },
    { q: 'NEEDLE-IN-BODY', ids: ['test-explainer-alpha'] },
    { q: 'test-news-two', ids: ['test-news-two'] },
    { q: 'Test video summary for test-video-first', ids: ['test-video-first'] },
    { q: 'warning alert', ids: [] },
    { q: 'Test warning body for test-warning-caution', ids: ['test-warning-caution'] },
    { q: 'test-explainer-draft', ids: [] },
    { q: 'test-explainer-future', ids: [] },
    { q: 'no such words anywhere', ids: [] },
    { q: '  needle-in-body  ', ids: ['test-explainer-alpha'] },
  ]
  test.each(searchCases)('/search?q=$q -> $ids', async ({ q, ids: expected }) => {
    const { status, body } = await getJson(app, `/api/v1/search?q=${encodeURIComponent(q)}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ page: 1, pageSize: 20, q: q.trim() })
    expect(body.match).toBe(expected.length ? 'all' : body.total ? 'partial' : 'none')
    expect(ids(body.items).slice(0, expected.length)).toEqual(expected)
  })

  test('/search matches every collection, puts title matches first, and pages the result', async () => {
    const all = await getJson(app, '/api/v1/search?q=test')
    expect(all.body.total).toBe(13)
    expect(new Set(all.body.items.map((item: { collection: string }) => item.collection))).toEqual(
      new Set(['explainers', 'warnings', 'videos', 'news']),
    )
    const pages = await Promise.all(
      [1, 2, 3].map((page) => getJson(app, `/api/v1/search?q=test&pageSize=5&page=${page}`)),
    )
    expect(pages.flatMap((page) => ids(page.body.items))).toEqual(ids(all.body.items))
    expect(pages.map((page) => page.body.items.length)).toEqual([5, 5, 3])

    const titleFirst = await getJson(app, '/api/v1/search?q=needle-in-body test-explainer')
    expect(ids(titleFirst.body.items)[0]).toBe('test-explainer-alpha')
    // The four visible warnings hold all three words (in their bodies) and come first; items with some follow
    const bodyOnly = await getJson(app, '/api/v1/search?q=' + encodeURIComponent('Test warning body'))
    expect(bodyOnly.body.match).toBe('all')
    expect(ids(bodyOnly.body.items).slice(0, 4).sort()).toEqual(
      ['test-warning-active', 'test-warning-caution', 'test-warning-expired', 'test-warning-notice'].sort(),
    )
    expect(bodyOnly.body.items.slice(4).every((item: { collection: string }) => item.collection !== 'warnings')).toBe(
      true,
    )
  })

  test('/search expired warnings are found, marked expired', async () => {
    const { body } = await getJson(app, '/api/v1/search?q=test-warning-expired')
    expect(body.items).toEqual([expect.objectContaining({ id: 'test-warning-expired', expired: true })])
  })
})

describe('404 for unknown ids and paths', () => {
  const cases = [
    { url: '/api/v1/explainers/no-such-item', message: /No explainer has the id "no-such-item"/ },
    { url: '/api/v1/warnings/no-such-item', message: /No warning/ },
    { url: '/api/v1/videos/no-such-item', message: /No video/ },
    { url: '/api/v1/news/no-such-item', message: /No news item/ },
    { url: '/api/v1/explainers/test-explainer-draft', message: /No explainer/ },
    { url: '/api/v1/explainers/test-explainer-future', message: /No explainer/ },
    { url: '/api/v1/warnings/test-warning-draft', message: /No warning/ },
    { url: '/api/v1/explainers/TEST-EXPLAINER-ALPHA', message: /No explainer/ },
    { url: '/api/v1/explainers/test-explainer-alpha/more', message: /Nothing is published at/ },
    { url: '/api/v1/nothing', message: /Nothing is published at \/api\/v1\/nothing/ },
    { url: '/api/v2/explainers', message: /Nothing is published at/ },
    { url: '/', message: /Nothing is published at \/$/ },
    { url: '/media/no-such-file.png', message: /Nothing is published at/ },
    { url: '/media/../site.yaml', message: /Nothing is published at/ },
    { url: '/media/%2e%2e/site.yaml', message: /Nothing is published at/ },
  ]
  test.each(cases)('$url -> 404 NOT_FOUND', async ({ url, message }) => {
    const { status, body, headers } = await getJson(app, url)
    expect(status).toBe(404)
    expect(body).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringMatching(message) } })
    expect(headers['content-type']).toBe('application/json; charset=utf-8')
  })

  test('POST to a GET route is not allowed (405, Allow) and has the error shape', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/explainers', payload: { a: 1 } })
    expect(response.statusCode).toBe(405)
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS')
    expect(response.json()).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: expect.any(String) } })
  })
})
