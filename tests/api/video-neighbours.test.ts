import { getJson, PREVIEW_TOKEN, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

const withToken = { 'x-preview-token': PREVIEW_TOKEN }
const NONE = 'none'

describe('GET /api/v1/videos/:id has its neighbours in the gallery order (newest first)', () => {
  const cases = [
    { name: 'the newest has no previous', id: 'test-video-excellence', previous: NONE, next: 'test-video-second' },
    {
      name: 'a middle one has both',
      id: 'test-video-second',
      previous: 'test-video-excellence',
      next: 'test-video-first',
    },
    { name: 'the oldest has no next', id: 'test-video-first', previous: 'test-video-second', next: NONE },
    {
      name: 'preview: the draft is the newest',
      id: 'test-video-draft',
      previous: NONE,
      next: 'test-video-excellence',
      headers: withToken,
    },
    {
      name: 'preview: the draft is the neighbour of the newest published one',
      id: 'test-video-excellence',
      previous: 'test-video-draft',
      next: 'test-video-second',
      headers: withToken,
    },
  ]
  test.each(cases)('$name: $id -> previous $previous, next $next', async ({ id, previous, next, headers }) => {
    const { status, body } = await getJson(app, `/api/v1/videos/${id}`, headers)
    expect(status).toBe(200)
    expect(body.previous?.id ?? NONE).toBe(previous)
    expect(body.next?.id ?? NONE).toBe(next)
    if (previous === NONE) expect(body).not.toHaveProperty('previous')
    if (next === NONE) expect(body).not.toHaveProperty('next')
  })

  test('the order matches the list', async () => {
    const list = await getJson(app, '/api/v1/videos')
    const chain: string[] = []
    let id: string | undefined = list.body.items[0].id
    while (id) {
      chain.push(id)
      id = (await getJson(app, `/api/v1/videos/${id}`)).body.next?.id
    }
    expect(chain).toEqual(list.body.items.map((item: { id: string }) => item.id))
  })

  test('neighbours are summaries, with no body, related items or neighbours of their own', async () => {
    const { body } = await getJson(app, '/api/v1/videos/test-video-second')
    for (const neighbour of [body.previous, body.next]) {
      expect(neighbour).toMatchObject({
        collection: 'videos',
        poster: expect.any(String),
        awardLabel: expect.any(String),
      })
      for (const key of ['body', 'related', 'previous', 'next', 'src']) expect(neighbour).not.toHaveProperty(key)
    }
  })

  test('without a token no draft is anyone’s neighbour', async () => {
    const list = await getJson(app, '/api/v1/videos')
    for (const { id } of list.body.items as { id: string }[]) {
      const { body } = await getJson(app, `/api/v1/videos/${id}`)
      expect([body.previous?.draft, body.next?.draft]).toEqual([undefined, undefined])
    }
  })

  test.each(['explainers/test-explainer-beta', 'warnings/test-warning-caution', 'news/test-news-two'])(
    '%s has no neighbours',
    async (path) => {
      const { body } = await getJson(app, `/api/v1/${path}`)
      expect(body).not.toHaveProperty('previous')
      expect(body).not.toHaveProperty('next')
    },
  )
})
