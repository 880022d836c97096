import { getJson, ids, PREVIEW_ORIGIN, PREVIEW_TOKEN, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

const withToken = { 'x-preview-token': PREVIEW_TOKEN }

describe('drafts', () => {
  const cases = [
    { url: '/api/v1/explainers', draft: 'test-explainer-draft' },
    { url: '/api/v1/warnings', draft: 'test-warning-draft' },
    { url: '/api/v1/videos', draft: 'test-video-draft' },
    { url: '/api/v1/news', draft: 'test-news-draft' },
  ]

  test.each(cases)('$url without a token leaves out $draft', async ({ url, draft }) => {
    const { body } = await getJson(app, url)
    expect(ids(body.items)).not.toContain(draft)
  })

  test.each(cases)('$url with X-Preview-Token lists $draft marked draft: true', async ({ url, draft }) => {
    const { status, body, headers } = await getJson(app, url, withToken)
    expect(status).toBe(200)
    expect(body.items).toContainEqual(expect.objectContaining({ id: draft, draft: true }))
    expect(body.items.filter((item: { draft?: boolean }) => item.draft)).toHaveLength(1)
    expect(headers['cache-control']).toBe('private, no-store')
  })

  test.each(cases)('$url?preview=<token> lists $draft too', async ({ url, draft }) => {
    const { body } = await getJson(app, `${url}?preview=${PREVIEW_TOKEN}`)
    expect(ids(body.items)).toContain(draft)
  })

  test.each(cases)('$url/$draft is 404 without a token and 200 with one', async ({ url, draft }) => {
    expect((await getJson(app, `${url}/${draft}`)).status).toBe(404)
    const preview = await getJson(app, `${url}/${draft}`, withToken)
    expect(preview.status).toBe(200)
    expect(preview.body).toMatchObject({ id: draft, draft: true, status: 'draft' })
  })

  test('a preview also shows scheduled items, and search and home include drafts', async () => {
    const list = await getJson(app, '/api/v1/explainers', withToken)
    expect(ids(list.body.items)).toEqual([
      'test-explainer-future',
      'test-explainer-draft',
      'test-explainer-gamma',
      'test-explainer-beta',
      'test-explainer-alpha',
    ])
    const search = await getJson(app, '/api/v1/search?q=test-explainer-draft', withToken)
    expect(ids(search.body.items)).toEqual(['test-explainer-draft'])
    const home = await getJson(app, '/api/v1/home', withToken)
    expect(ids(home.body.news)[0]).toBe('test-news-draft')
  })

  test('published items never carry a draft field', async () => {
    const { body } = await getJson(app, '/api/v1/explainers', withToken)
    const published = body.items.find((item: { id: string }) => item.id === 'test-explainer-alpha')
    expect(published).not.toHaveProperty('draft')
  })
})

describe('preview tokens', () => {
  const wrong: { name: string; url: string; headers: Record<string, string> }[] = [
    { name: 'a wrong header token', url: '/api/v1/explainers', headers: { 'x-preview-token': 'wrong' } },
    {
      name: 'a token that only differs in length',
      url: '/api/v1/explainers',
      headers: { 'x-preview-token': PREVIEW_TOKEN + 'x' },
    },
    { name: 'an empty header token', url: '/api/v1/explainers', headers: { 'x-preview-token': '' } },
    { name: 'a wrong ?preview=', url: '/api/v1/explainers?preview=wrong', headers: {} },
    { name: 'an empty ?preview=', url: '/api/v1/explainers?preview=', headers: {} },
    {
      name: 'two ?preview= values',
      url: `/api/v1/explainers?preview=${PREVIEW_TOKEN}&preview=${PREVIEW_TOKEN}`,
      headers: {},
    },
    {
      name: 'a wrong token on a detail',
      url: '/api/v1/explainers/test-explainer-alpha',
      headers: { 'x-preview-token': 'x' },
    },
    { name: 'a wrong token on health', url: '/api/v1/health', headers: { 'x-preview-token': 'x' } },
    { name: 'a wrong token on an unknown path', url: '/api/v1/nothing', headers: { 'x-preview-token': 'x' } },
  ]
  test.each(wrong)('$name -> 401 BAD_PREVIEW_TOKEN, never the public answer', async ({ url, headers }) => {
    const { status, body, headers: responseHeaders } = await getJson(app, url, headers)
    expect(status).toBe(401)
    expect(body).toEqual({
      error: { code: 'BAD_PREVIEW_TOKEN', message: expect.stringMatching(/preview token is not valid/) },
    })
    expect(responseHeaders['access-control-allow-origin']).toBeUndefined()
  })

  test('a wrong header token wins over a right ?preview=', async () => {
    const { status } = await getJson(app, `/api/v1/explainers?preview=${PREVIEW_TOKEN}`, { 'x-preview-token': 'wrong' })
    expect(status).toBe(401)
  })

  test('with previews off (no PREVIEW_TOKEN) any token is 401 saying previews are not enabled', async () => {
    const publicOnly = testApp({ previewToken: undefined })
    const { status, body } = await getJson(publicOnly, '/api/v1/explainers', { 'x-preview-token': PREVIEW_TOKEN })
    expect(status).toBe(401)
    expect(body).toEqual({ error: { code: 'BAD_PREVIEW_TOKEN', message: 'Previews are not enabled on this server' } })
    expect((await getJson(publicOnly, '/api/v1/explainers')).status).toBe(200)
    await publicOnly.close()
  })

  test('an empty PREVIEW_TOKEN means previews are off, not that an empty token opens them', async () => {
    const emptyToken = testApp({ previewToken: '' })
    const { status } = await getJson(emptyToken, '/api/v1/explainers?preview=')
    expect(status).toBe(401)
    await emptyToken.close()
  })
})

describe('CORS for previews', () => {
  const cases = [
    { name: 'an allowed origin gets its own origin back', origin: PREVIEW_ORIGIN, allow: PREVIEW_ORIGIN },
    {
      name: 'another origin gets no Access-Control-Allow-Origin',
      origin: 'https://elsewhere.example.test',
      allow: undefined,
    },
    { name: 'no origin gets no Access-Control-Allow-Origin', origin: undefined, allow: undefined },
  ]
  test.each(cases)('$name, never *', async ({ origin, allow }) => {
    const headers: Record<string, string> = { ...withToken }
    if (origin) headers.origin = origin
    const response = await getJson(app, '/api/v1/explainers', headers)
    expect(response.status).toBe(200)
    expect(response.headers['access-control-allow-origin']).toBe(allow)
    expect(response.headers.vary).toMatch(/Origin/)
  })

  test('a 401 for an allowed origin can be read by that origin', async () => {
    const response = await getJson(app, '/api/v1/explainers', { 'x-preview-token': 'wrong', origin: PREVIEW_ORIGIN })
    expect(response.status).toBe(401)
    expect(response.headers['access-control-allow-origin']).toBe(PREVIEW_ORIGIN)
  })

  const preflights = [
    {
      name: 'a preflight for X-Preview-Token from an allowed origin is allowed',
      origin: PREVIEW_ORIGIN,
      requestHeaders: 'x-preview-token',
      allow: PREVIEW_ORIGIN,
      allowHeaders: 'X-Preview-Token, If-None-Match',
    },
    {
      name: 'a preflight for X-Preview-Token from another origin is refused',
      origin: 'https://elsewhere.example.test',
      requestHeaders: 'X-Preview-Token',
      allow: undefined,
      allowHeaders: undefined,
    },
    {
      name: 'a preflight for a public read is allowed from anywhere',
      origin: 'https://elsewhere.example.test',
      requestHeaders: 'if-none-match',
      allow: '*',
      allowHeaders: 'If-None-Match',
    },
  ]
  test.each(preflights)('$name', async ({ origin, requestHeaders, allow, allowHeaders }) => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/explainers',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': requestHeaders },
    })
    expect(response.statusCode).toBe(204)
    expect(response.headers['access-control-allow-origin']).toBe(allow)
    expect(response.headers['access-control-allow-headers']).toBe(allowHeaders)
    expect(response.headers['access-control-allow-methods']).toBe('GET, HEAD')
  })
})
