// POST /api/v1/staff/newsroom/blocks: the editor's live preview, a body turned into the blocks the app draws (the
// loader's markdownToBlocks). 401 without a session, 403 without the CSRF token, 400 without a body; raw HTML is
// dropped and said.
import { StaffStore } from '../../server/staff/staff-store'
import type { Store } from '../../server/store/database'
import { storeKinds } from './events-helpers'
import { testApp, type TestApp } from './test-app'

jest.setTimeout(30_000)
const PASSWORD = 'correct-horse-battery-staple'
const URL = '/api/v1/staff/newsroom/blocks'

describe('newsroom blocks preview', () => {
  let store: Store
  let app: TestApp
  let cookie: string
  let csrf: string

  beforeAll(async () => {
    store = await storeKinds()[0].open()
    const staff = new StaffStore(store)
    app = testApp({ events: { store }, now: () => Date.now() })
    await staff.add('blocks-writer', PASSWORD, 'city', 'nanjing', 'test')
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'blocks-writer', password: PASSWORD }),
    })
    expect(response.statusCode).toBe(204)
    cookie = `shijian_staff=${/^shijian_staff=([^;]*)/.exec(String(response.headers['set-cookie']))![1]}`
    csrf = String(response.headers['x-csrf-token'])
  })
  afterAll(async () => {
    await app.close()
    await store.close()
  })

  const post = (payload: unknown, headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: URL,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(payload),
    })

  it('answers the blocks of a body, and what cannot be shown', async () => {
    const body =
      '## 套路\n\n- 先送**礼品**\n- 再推销\n\n> [!LAW] 《中华人民共和国消费者权益保护法》第二十条\n> 经营者……\n\n<b>粗</b>\n'
    const response = await post({ body }, { cookie, 'x-csrf-token': csrf })
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    const { blocks, problems } = response.json()
    expect(blocks[0]).toEqual({ type: 'heading', level: 2, text: '套路' })
    expect(blocks[1]).toEqual({
      type: 'list',
      ordered: false,
      items: [[{ text: '先送' }, { text: '礼品', strong: true }], [{ text: '再推销' }]],
    })
    expect(blocks[2]).toMatchObject({ type: 'law', law: '《中华人民共和国消费者权益保护法》', article: '第二十条' })
    expect(JSON.stringify(blocks)).not.toContain('<b>')
    expect(problems.length).toBeGreaterThan(0)
  })

  it('refuses without a session, without the CSRF token, and without a body', async () => {
    expect((await post({ body: 'x' }, {})).statusCode).toBe(401)
    const noToken = await post({ body: 'x' }, { cookie })
    expect(noToken.statusCode).toBe(403)
    expect(noToken.json().error.code).toBe('BAD_CSRF_TOKEN')
    expect((await post({ text: 'x' }, { cookie, 'x-csrf-token': csrf })).statusCode).toBe(400)
  })
})
