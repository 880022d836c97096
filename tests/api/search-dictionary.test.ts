// seeds/search.yaml is checked like every content file (issue 12): a missing file is an empty dictionary; an invalid
// one is reported (content:check, /health's invalid count, the log) and left out while search goes on; a wrong entry
// in a valid file is reported by file and entry, and left out.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { formatProblem, loadContent } from '../../server/content/load-content'
import { checkDictionary } from '../../server/content/search-dictionary'
import { FIXTURES, getJson, ids, testApp } from './test-app'

const ENGINE = path.join(FIXTURES, 'search-engine')
let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-dictionary-'))
  fs.cpSync(ENGINE, dir, { recursive: true })
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const writeDictionary = (text: string) => fs.writeFileSync(path.join(dir, 'search.yaml'), text)
const dictionaryProblems = () =>
  loadContent(dir)
    .problems.filter((problem) => problem.file === 'search.yaml')
    .map((problem) => formatProblem(dir, problem).slice(dir.length + 1) + ` (${problem.severity})`)

describe('search.yaml missing or invalid', () => {
  test('missing: no problem, an empty dictionary', () => {
    fs.rmSync(path.join(dir, 'search.yaml'))
    const content = loadContent(dir)
    expect(content.problems).toEqual([])
    expect(content.dictionary).toEqual({})
  })

  test.each([
    {
      name: 'a group of one word',
      yaml: 'synonyms:\n  - [会员卡, 储值卡]\n  - [预付卡]\n',
      problem: 'search.yaml: synonyms/1: ',
    },
    {
      name: 'a word over 20 characters',
      yaml: `synonyms:\n  - [会员卡, ${'长'.repeat(21)}]\n`,
      problem: 'synonyms/0/1',
    },
    { name: 'an unknown key', yaml: 'synonym:\n  - [会员卡, 储值卡]\n', problem: 'synonym: is not a known field' },
    { name: 'an empty word', yaml: "synonyms:\n  - [会员卡, '']\n", problem: 'synonyms/0/1' },
    { name: 'not YAML', yaml: 'synonyms: [会员卡, [\n', problem: 'search.yaml: is not valid YAML' },
  ])('$name: reported as an error naming the entry; the dictionary is left out', ({ yaml, problem }) => {
    writeDictionary(yaml)
    const content = loadContent(dir)
    const problems = dictionaryProblems()
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.join('\n')).toContain(problem)
    expect(problems.every((line) => line.endsWith('(error)'))).toBe(true)
    expect(content.invalid).toBe(1)
    expect(content.dictionary).toEqual({})
  })

  test('an invalid dictionary: /health counts it, and search goes on without its words', async () => {
    writeDictionary('synonyms:\n  - [预付卡]\nexpand:\n  电瓶车: [电动自行车]\n')
    const app = testApp({ contentDir: dir })
    try {
      const health = await getJson(app, '/api/v1/health')
      expect(health.body.invalid).toBe(1)
      const found = await getJson(app, `/api/v1/search?q=${encodeURIComponent('电瓶车')}`)
      expect(ids(found.body.items)).toEqual(['eng-ebike-colloquial'])
    } finally {
      await app.close()
    }
  })
})

describe('wrong entries in a valid search.yaml: warnings, the entry left out, the rest used', () => {
  test('a repeated group, a word twice in a group, a group of one after trimming, a word expanding to itself', () => {
    writeDictionary(
      [
        'synonyms:',
        '  - [会员卡, 储值卡]',
        '  - [储值卡, 会员卡]',
        '  - [预付卡, 预付卡, 充值卡]',
        "  - [办卡, ' ']",
        'expand:',
        '  电瓶车: [电瓶车, 电动自行车]',
        '  煤气罐: [" "]',
      ].join('\n') + '\n',
    )
    expect(dictionaryProblems()).toEqual([
      'search.yaml: synonyms/1: repeats the group synonyms/0: left out (warning)',
      'search.yaml: synonyms/2/1: 预付卡 is in this group twice (warning)',
      'search.yaml: synonyms/3/1: is an empty word: left out (warning)',
      'search.yaml: synonyms/3: has fewer than two words: a group needs at least two, this one is left out (warning)',
      'search.yaml: expand/电瓶车/0: 电瓶车 expands to itself: left out (warning)',
      'search.yaml: expand/煤气罐/0: is an empty word: left out (warning)',
      'search.yaml: expand/煤气罐: leads to no word: left out (warning)',
    ])
    const content = loadContent(dir)
    expect(content.invalid).toBe(0)
    expect(content.dictionary).toEqual({
      synonyms: [
        ['会员卡', '储值卡'],
        ['预付卡', '充值卡'],
      ],
      expand: { 电瓶车: ['电动自行车'] },
    })
  })

  test('checkDictionary on a clean dictionary reports nothing and keeps it', () => {
    const warn = jest.fn()
    const dictionary = { synonyms: [['七天无理由', '七日无理由']], expand: { 煤气罐: ['液化气钢瓶'] } }
    expect(checkDictionary(dictionary, warn)).toEqual(dictionary)
    expect(warn).not.toHaveBeenCalled()
  })
})
