import path from 'node:path'
import type { HighlightPart, SearchHit } from '../../src/model/api'
import { FIXTURES, getJson, ids, PREVIEW_TOKEN, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp({ contentDir: path.join(FIXTURES, 'search') })
})
afterAll(() => app.close())

const search = (q: string, query = '', headers: Record<string, string> = {}) =>
  getJson(app, `/api/v1/search?q=${encodeURIComponent(q)}${query}`, headers)

const joined = (parts: HighlightPart[]) => parts.map((part) => part.text).join('')
const marked = (parts: HighlightPart[]) => parts.filter((part) => part.match).map((part) => part.text)
const hit = (items: SearchHit[], id: string) => items.find((item) => item.id === id) as SearchHit

describe('GET /api/v1/search finds words in Chinese and Latin text', () => {
  // all: the items holding every word, first (in any order here); partial: the items holding only some, after them
  const cases = [
    {
      name: '预付卡 -> items mentioning 单用途预付卡, the one written in traditional characters too',
      q: '预付卡',
      all: ['test-prepaid-in-body', 'test-prepaid-in-title', 'test-traditional-text'],
    },
    {
      name: '預付卡 (traditional) -> the same items',
      q: '預付卡',
      all: ['test-prepaid-in-body', 'test-prepaid-in-title', 'test-traditional-text'],
    },
    {
      name: '單用途預付卡 (traditional, the whole term) -> the items with the whole term, then one with 预付卡 only',
      q: '單用途預付卡',
      all: ['test-prepaid-in-body', 'test-traditional-text'],
      partial: ['test-prepaid-in-title'],
    },
    {
      name: '卡 (one character) -> every item with it, inside words and at their end',
      q: '卡',
      all: ['test-prepaid-in-body', 'test-prepaid-in-title', 'test-traditional-text'],
    },
    {
      name: '预付卡 退款 -> the item holding both words first, then those holding one',
      q: '预付卡 退款',
      all: ['test-prepaid-in-body'],
      partial: ['test-prepaid-in-title', 'test-refund-once', 'test-refund-thrice', 'test-traditional-text'],
    },
    { name: '七天 无理由 -> words apart are each found', q: '七天 无理由', all: ['test-tie-newer', 'test-tie-older'] },
    { name: 'app -> Latin text whatever its case (APP, App)', q: 'app', all: ['test-latin-words'] },
    { name: 'ＡＰＰ (full-width) -> the same', q: 'ＡＰＰ', all: ['test-latin-words'] },
    { name: 'ap -> the start of a Latin word', q: 'ap', all: ['test-latin-words'] },
    { name: 'pp -> not the middle of a Latin word', q: 'pp', all: [] },
    { name: '新规草稿 -> nothing: only a draft has it', q: '新规草稿', all: [] },
    { name: '！？ -> nothing: punctuation is no word', q: '！？', all: [] },
    {
      name: '电动自行车 -> nothing: no item has a word of it (车 of 洗车店 alone is no match)',
      q: '电动自行车',
      all: [],
    },
  ]
  test.each(cases)('$name', async ({ q, all, partial = [] }) => {
    const { status, body } = await search(q)
    expect(status).toBe(200)
    const total = all.length + partial.length
    expect(body).toMatchObject({ page: 1, pageSize: 20, total, q })
    expect(body.match).toBe(all.length ? 'all' : partial.length ? 'partial' : 'none')
    expect(ids(body.items).slice(0, all.length).sort()).toEqual(all)
    expect(ids(body.items).slice(all.length).sort()).toEqual(partial)
  })
})

describe('GET /api/v1/search ranks title matches first, then more matches, then newer', () => {
  const cases = [
    {
      name: '预付卡 -> the title match first, though it is the oldest',
      q: '预付卡',
      first: 'test-prepaid-in-title',
    },
    {
      name: '退款 -> the title match, then three matches in a body above one (which is newer)',
      q: '退款',
      ids: ['test-prepaid-in-body', 'test-refund-thrice', 'test-refund-once'],
    },
    {
      name: '七天无理由 -> equal matches: the newer first',
      q: '七天无理由',
      ids: ['test-tie-newer', 'test-tie-older'],
    },
  ]
  test.each(cases)('$name', async ({ q, first, ids: expected }) => {
    const { body } = await search(q)
    if (first) expect(body.items[0].id).toBe(first)
    if (expected) expect(ids(body.items)).toEqual(expected)
  })
})

describe('GET /api/v1/search highlights the title and a snippet', () => {
  const cases = [
    {
      name: '预付卡 in a title: the parts join back to the title and mark 预付卡',
      q: '预付卡',
      id: 'test-prepaid-in-title',
      title: ['预付卡'],
      snippet: [],
    },
    {
      name: '預付卡 (traditional) marks the simplified title as written',
      q: '預付卡',
      id: 'test-prepaid-in-title',
      title: ['预付卡'],
      snippet: [],
    },
    {
      name: '预付卡 (simplified) marks the traditional body as written',
      q: '预付卡',
      id: 'test-traditional-text',
      title: [],
      snippet: ['預付卡'],
    },
    {
      name: '退款 marks every match in the snippet',
      q: '退款',
      id: 'test-refund-thrice',
      title: [],
      snippet: ['退款', '退款', '退款'],
    },
    { name: 'app marks Latin text as written', q: 'app', id: 'test-latin-words', title: ['APP'], snippet: ['App'] },
    {
      name: '预付卡 退款 marks both words',
      q: '预付卡 退款',
      id: 'test-prepaid-in-body',
      title: ['退款'],
      snippet: ['预付卡', '退款'],
    },
  ]
  test.each(cases)('$name', async ({ q, id, title, snippet }) => {
    const { body } = await search(q)
    const item = hit(body.items, id)
    expect(joined(item.highlight.title)).toBe(item.title)
    expect(marked(item.highlight.title)).toEqual(title)
    expect(marked(item.highlight.snippet)).toEqual(snippet)
  })

  test('a hit is the summary and its highlight, and nothing of the detail', async () => {
    const { body } = await search('预付卡')
    const item = hit(body.items, 'test-prepaid-in-title')
    expect(Object.keys(item).sort()).toEqual(
      [
        'collection',
        'expired',
        'highlight',
        'id',
        'level',
        'levelLabel',
        'publishedAt',
        'region',
        'regionName',
        'summary',
        'title',
      ].sort(),
    )
    expect(item.highlight).toEqual({ title: expect.any(Array), snippet: expect.any(Array) })
  })

  test('a match far into a body: about 60 characters around it, an ellipsis where the text is cut', async () => {
    const { body } = await search('单用途预付卡')
    const { snippet } = hit(body.items, 'test-prepaid-in-body').highlight
    const text = joined(snippet)
    expect(text.startsWith('…')).toBe(true)
    expect(text.length).toBeLessThanOrEqual(62)
    expect(marked(snippet)).toEqual(['单用途预付卡'])
  })

  test('a match in the title only: the snippet is the summary, unmarked', async () => {
    const { body } = await search('跑路')
    const item = hit(body.items, 'test-prepaid-in-title')
    expect(ids(body.items)).toEqual(['test-prepaid-in-title'])
    expect(item.highlight.snippet).toEqual([{ text: item.summary }])
  })
})

describe('GET /api/v1/search pages and drafts', () => {
  test('pages of 3 join up to the whole result; past the end is empty with the same total', async () => {
    const all = await search('测试')
    expect(all.body.total).toBe(8)
    const pages = await Promise.all([1, 2, 3, 4].map((page) => search('测试', `&pageSize=3&page=${page}`)))
    expect(pages.map((page) => page.body.items.length)).toEqual([3, 3, 2, 0])
    expect(pages.map((page) => page.body.total)).toEqual([8, 8, 8, 8])
    expect(pages.flatMap((page) => ids(page.body.items))).toEqual(ids(all.body.items))
  })

  const draftCases: { name: string; headers: Record<string, string>; draft: boolean }[] = [
    { name: 'without a token: no draft', headers: {}, draft: false },
    {
      name: 'with X-Preview-Token: the draft too, marked draft',
      headers: { 'x-preview-token': PREVIEW_TOKEN },
      draft: true,
    },
  ]
  test.each(draftCases)('预付卡 $name', async ({ headers, draft }) => {
    const { status, body } = await search('预付卡', '', headers)
    expect(status).toBe(200)
    const drafts = body.items.filter((item: SearchHit) => item.draft)
    expect(ids(drafts)).toEqual(draft ? ['test-prepaid-draft'] : [])
    expect(ids(body.items).includes('test-prepaid-draft')).toBe(draft)
  })
})

describe('GET /api/v1/search 400 BAD_PARAMETER names q', () => {
  const cases = [
    { name: 'no q', query: '', message: 'q is required' },
    { name: 'q empty', query: '?q=', message: 'q must be 1 to 50 characters' },
    { name: 'q of spaces', query: '?q=%20%20', message: 'q must contain a word to search for' },
    { name: 'q of an ideographic space', query: '?q=%E3%80%80', message: 'q must contain a word to search for' },
    {
      name: 'q of 51 characters',
      query: '?q=' + encodeURIComponent('预付卡'.repeat(17)),
      message: 'q must be 1 to 50 characters',
    },
  ]
  test.each(cases)('$name -> 400: $message', async ({ query, message }) => {
    const { status, body } = await getJson(app, '/api/v1/search' + query)
    expect(status).toBe(400)
    expect(body).toEqual({ error: { code: 'BAD_PARAMETER', message } })
  })

  test('50 characters are still a query', async () => {
    const { status, body } = await search('卡'.repeat(50))
    expect(status).toBe(200)
    expect(body.total).toBe(0)
  })
})
