import { getJson, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp()
})
afterAll(() => app.close())

describe('400 BAD_PARAMETER names the parameter', () => {
  const cases = [
    { url: '/api/v1/explainers?page=0', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/explainers?page=-1', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/explainers?page=1.5', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/explainers?page=abc', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/explainers?page=', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/explainers?page=1&page=2', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/warnings?page=Infinity', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/warnings?page=1e999', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/warnings?page=100001', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/news?pageSize=Infinity', message: 'pageSize must be a whole number from 1 to 50 (default 20)' },
    { url: '/api/v1/search?q=x&page=-Infinity', message: 'page must be a whole number from 1 to 100000' },
    { url: '/api/v1/news?pageSize=0', message: 'pageSize must be a whole number from 1 to 50 (default 20)' },
    { url: '/api/v1/news?pageSize=51', message: 'pageSize must be a whole number from 1 to 50 (default 20)' },
    { url: '/api/v1/videos?pageSize=ten', message: 'pageSize must be a whole number from 1 to 50 (default 20)' },
    { url: '/api/v1/search?q=x&pageSize=1000', message: 'pageSize must be a whole number from 1 to 50 (default 20)' },
    {
      url: '/api/v1/explainers?category=cars',
      message:
        'category must be one of consumer-rights, online-shopping, food-safety, prepaid-cards, prices, advertising, product-quality, special-equipment',
    },
    { url: '/api/v1/explainers?category=', message: expect.stringMatching(/^category must be one of consumer-rights/) },
    { url: '/api/v1/warnings?level=severe', message: 'level must be one of notice, caution, alert' },
    { url: '/api/v1/warnings?level=ALERT', message: 'level must be one of notice, caution, alert' },
    { url: '/api/v1/warnings?level=alert&level=notice', message: 'level must be one of notice, caution, alert' },
    {
      url: '/api/v1/warnings?region=atlantis',
      message: 'region must be one of test-province, test-city-a, test-city-b',
    },
    { url: '/api/v1/warnings?region=', message: 'region must be one of test-province, test-city-a, test-city-b' },
    { url: '/api/v1/warnings?includeExpired=yes', message: 'includeExpired must be true or false' },
    { url: '/api/v1/videos?award=gold', message: 'award must be one of first, second, third, excellence' },
    { url: '/api/v1/news?topic=sports', message: 'topic must be one of test-topic-one, test-topic-two' },
    { url: '/api/v1/search', message: 'q is required' },
    { url: '/api/v1/search?q=', message: 'q must be 1 to 50 characters' },
    { url: '/api/v1/search?q=%20%20', message: 'q must contain a word to search for' },
    { url: '/api/v1/search?q=' + 'x'.repeat(51), message: 'q must be 1 to 50 characters' },
    { url: '/api/v1/search?q=' + encodeURIComponent('预'.repeat(51)), message: 'q must be 1 to 50 characters' },
    { url: '/api/v1/search?q=test&page=0', message: 'page must be a whole number from 1 to 100000' },
  ]
  test.each(cases)('$url -> 400: $message', async ({ url, message }) => {
    const { status, body, headers } = await getJson(app, url)
    expect(status).toBe(400)
    expect(body).toEqual({ error: { code: 'BAD_PARAMETER', message } })
    expect(headers['cache-control']).toBe('no-store')
    expect(headers['access-control-allow-origin']).toBe('*')
  })

  test('a bad parameter on a detail route is not checked: the id decides', async () => {
    const { status } = await getJson(app, '/api/v1/explainers/test-explainer-alpha?page=0')
    expect(status).toBe(200)
  })
})
