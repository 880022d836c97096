// The search engine's mechanics (issue 12), on made-up content (fixtures/search-engine, with a search.yaml):
// numbers written either way, traditional characters, question and filler words, quoted phrases, the dictionary
// (two-way groups, one-way expansion), full matches before partial ones, highlights on equivalents, suggestions when
// nothing matches, and the no-result log. Quality on the real content: search-quality.test.ts.
import path from 'node:path'
import type { HighlightPart, SearchHit, SearchResponse } from '../../src/model/api'
import { EXPLAINER_CATEGORIES } from '../../src/model/labels'
import { chineseNumber, fold } from '../../server/content/search-text'
import { withoutNumbers } from '../../server/routes/search-route'
import { FIXTURES, getJson, ids, testApp, type TestApp } from './test-app'

let app: TestApp
beforeAll(() => {
  app = testApp({ contentDir: path.join(FIXTURES, 'search-engine') })
})
afterAll(() => app.close())

const search = async (q: string) => {
  const { status, body } = await getJson(app, `/api/v1/search?q=${encodeURIComponent(q)}`)
  expect(status).toBe(200)
  return body as SearchResponse
}
const marked = (parts: HighlightPart[]) => parts.filter((part) => part.match).map((part) => part.text)
const hit = (body: SearchResponse, id: string) => body.items.find((item) => item.id === id) as SearchHit

describe('numbers: digits and Chinese numerals find each other', () => {
  test.each([
    { q: '7天无理由退货', first: 'eng-seven-day', title: ['七天无理由退货'] },
    { q: '七天无理由退货', first: 'eng-seven-day', title: ['七天无理由退货'] },
    { q: '十倍赔偿', first: 'eng-ten-times', title: ['10倍赔偿'] },
    { q: '10倍赔偿', first: 'eng-ten-times', title: ['10倍赔偿'] },
  ])('$q -> $first, its title marked as written', async ({ q, first, title }) => {
    const body = await search(q)
    expect(body.match).toBe('all')
    expect(body.items[0].id).toBe(first)
    expect(marked(body.items[0].highlight.title)).toEqual(title)
  })

  test('a Chinese number with 百, 千 or 万 and its digits: 1000元 finds 一千元, marked as written', async () => {
    const body = await search('最少赔1000元')
    expect(body.items[0].id).toBe('eng-ten-times')
    expect(marked(body.items[0].highlight.snippet)).toContain('一千元')
  })

  test.each([
    { numeral: '五百', value: 500 },
    { numeral: '三百二十', value: 320 },
    { numeral: '一千零五', value: 1005 },
    { numeral: '一千五', value: 1500 },
    { numeral: '两万五', value: 25000 },
    { numeral: '一万二千三百四十五', value: 12345 },
    { numeral: '三十', value: undefined },
    { numeral: '一二', value: undefined },
  ])('chineseNumber($numeral) -> $value', ({ numeral, value }) => {
    expect(chineseNumber(numeral)).toBe(value)
  })

  test('千万 (by all means) and 百货 are words, not numbers', () => {
    expect(fold('千万不要去百货').text).toBe('千万不要去百货')
  })

  test('a long number stays a number: 12315 finds the item that has it, 一二三一五 does not', async () => {
    expect(ids((await search('12315')).items)).toEqual(['eng-ten-times'])
    expect((await search('一二三一五')).items.map((item) => item.id)).not.toContain('eng-ten-times')
  })
})

describe('traditional characters', () => {
  test('電動自行車 finds the item written 电动自行车, marked as written', async () => {
    const body = await search('電動自行車')
    expect(body.items[0].id).toBe('eng-ebike-official')
    expect(marked(body.items[0].highlight.title)).toEqual(['电动自行车'])
  })
})

describe('question and filler words are dropped', () => {
  test.each(['请问网购怎么七天无理由退货呢', '网购能不能七天无理由退货啊', '我想问一下网购七天无理由退货是什么'])(
    '%s -> the item holding the other words, a full match',
    async (q) => {
      const body = await search(q)
      expect(body.match).toBe('all')
      expect(body.items[0].id).toBe('eng-seven-day')
    },
  )

  test('怎么投诉 -> the complaint item (怎么 alone is in nothing)', async () => {
    const body = await search('怎么投诉')
    expect(body.match).toBe('all')
    expect(body.items[0].id).toBe('eng-complaint')
  })

  test('了解 is a word, not the particle 了: it is searched', async () => {
    const body = await search('了解')
    expect(ids(body.items)).toEqual(['eng-understand'])
  })

  test('a query of question words only is searched as typed, not emptied', async () => {
    const body = await search('怎么办')
    expect(body).toMatchObject({ total: 0, match: 'none' })
  })
})

describe('a word typed with a homophone (a phone keyboard offers every character of a sound)', () => {
  test.each([
    { q: '怎么投素', id: 'eng-complaint', mark: '投诉' },
    { q: '过期食品陪偿', id: 'eng-ten-times', mark: '赔偿' },
  ])('$q -> $id, marking $mark', async ({ q, id, mark }) => {
    const body = await search(q)
    expect(body.match).toBe('all')
    expect(body.items[0].id).toBe(id)
    expect(marked(body.items[0].highlight.title).join('') + marked(body.items[0].highlight.snippet).join('')).toContain(
      mark,
    )
  })
})

describe('a quoted phrase is exact', () => {
  test.each(['"退款进度"', '“退款进度”', '「退款进度」'])('%s -> only the item with the words together', async (q) => {
    const body = await search(q)
    expect(ids(body.items)).toEqual(['eng-quoted-together'])
  })

  test('unquoted, the item with the words apart is found too', async () => {
    const body = await search('退款进度')
    expect(ids(body.items).sort()).toEqual(['eng-quoted-apart', 'eng-quoted-together'])
  })

  test('a quoted word gets no equivalents: "会员卡" does not find 储值卡', async () => {
    const body = await search('"会员卡"')
    expect(ids(body.items)).not.toContain('eng-card')
  })
})

describe('the dictionary (search.yaml)', () => {
  test('two-way: 会员卡 finds the item that says 储值卡, and marks 储值卡', async () => {
    const body = await search('会员卡')
    expect(body.match).toBe('all')
    expect(ids(body.items)).toContain('eng-card')
    expect(marked(hit(body, 'eng-card').highlight.title)).toEqual(['储值卡'])
  })

  test('two-way: 充值卡 finds it too (any word of the group)', async () => {
    expect(ids((await search('充值卡')).items)).toContain('eng-card')
  })

  test('one-way: 电瓶车 finds the colloquial item and the official term', async () => {
    const body = await search('电瓶车')
    expect(ids(body.items).sort()).toEqual(['eng-ebike-colloquial', 'eng-ebike-official'])
    expect(marked(hit(body, 'eng-ebike-official').highlight.title)).toEqual(['电动自行车'])
  })

  test('one-way: 电动自行车 does not go back to 电瓶车', async () => {
    const body = await search('电动自行车')
    expect(ids(body.items)).toEqual(['eng-ebike-official'])
  })
})

describe('ranking: full matches first, then partial ones', () => {
  test('过期 赔偿: the item with both first (match all), then the items with 过期 only', async () => {
    const body = await search('过期 赔偿')
    expect(body.match).toBe('all')
    expect(ids(body.items)[0]).toBe('eng-ten-times')
    expect(ids(body.items).slice(1).sort()).toEqual(['eng-card', 'eng-warning-expired'])
    expect(marked(hit(body, 'eng-card').highlight.title)).toEqual(['过期'])
  })

  test('only partial matches: match partial, the item holding more of the words first', async () => {
    // 投诉 and 电话 are in eng-complaint; 投诉 alone in eng-ten-times; 火星 nowhere
    const body = await search('火星 投诉电话')
    expect(body.match).toBe('partial')
    expect(ids(body.items)).toEqual(['eng-complaint', 'eng-ten-times'])
    expect(body.suggestions).toBeUndefined()
  })

  test('a longer word matches in part: 投诉热线 finds 投诉 and marks it', async () => {
    const body = await search('投诉热线')
    expect(body.match).toBe('partial')
    expect(ids(body.items)).toContain('eng-complaint')
    expect(marked(hit(body, 'eng-complaint').highlight.title)).toEqual(['投诉'])
  })
})

describe('nothing found: suggestions', () => {
  test('the nearest explainer categories by the characters, then the most common; current warnings, newest first', async () => {
    // No pair of these characters is in any item; 食, 品 and 偿 are in the food explainer
    const body = await search('品食偿')
    expect(body).toMatchObject({ total: 0, items: [], match: 'none' })
    const { categories, warnings } = body.suggestions!
    expect(categories[0]).toEqual({ id: 'food-safety', label: EXPLAINER_CATEGORIES['food-safety'] })
    expect(categories.map((category) => category.id).sort()).toEqual(
      ['consumer-rights', 'food-safety', 'online-shopping'].sort(),
    )
    // The expired warning is the newest of all, and left out; at most three
    expect(ids(warnings)).toEqual(['eng-ebike-official', 'eng-warning-april', 'eng-warning-march'])
  })

  test('a query with no Chinese character: the most common categories', async () => {
    const body = await search('zzqx')
    expect(body.match).toBe('none')
    expect(body.suggestions!.categories.length).toBe(3)
  })
})

describe('no-result queries are logged for staff, without personal data', () => {
  test('the query only, with a phone number blanked; a query that finds something is not logged', async () => {
    const info = jest.spyOn(app.log, 'info')
    try {
      await search('火星 13812345678')
      await search('会员卡')
      const logged = info.mock.calls.filter(([data]) => (data as { event?: string })?.event === 'search_no_result')
      expect(logged).toEqual([[{ event: 'search_no_result', q: '火星 ＊' }, 'search found nothing']])
    } finally {
      info.mockRestore()
    }
  })

  test.each([
    { q: '电话13812345678', out: '电话＊' },
    { q: '138 1234 5678', out: '＊' },
    { q: '身份证 32010219900101123X', out: '身份证 ＊X' },
    { q: '７天 12315', out: '７天 12315' },
    { q: '订单 2024-0612-3344', out: '订单 ＊' },
  ])('withoutNumbers($q) -> $out', ({ q, out }) => {
    expect(withoutNumbers(q)).toBe(out)
  })
})
