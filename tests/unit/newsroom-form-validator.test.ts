// The newsroom form's rjsf validator (staff/src/newsroom/rjsf-validator.ts), made on TypeBox's Value checker (no
// code generation, so it runs under the staff pages' CSP): it finds the same problems, at the same JSON pointers and
// in the same words, as the server's schema check (server/content/schema-problems.ts), after the form's values are
// turned into what the API takes (toData); rjsf's option matching (isValid) and the server's BAD_FIELD pointers as
// rjsf's ErrorSchema.
import type { RJSFSchema } from '@rjsf/utils'
import { WarningFrontMatter } from '../../src/model/warning'
import { ExplainerFrontMatter } from '../../src/model/explainer'
import { schemaProblems } from '../../server/content/schema-problems'
import { problemText } from '../../staff/src/newsroom/labels'
import { pointerErrors, typeBoxValidator } from '../../staff/src/newsroom/rjsf-validator'
import { toData, type JsonSchema } from '../../staff/src/newsroom/SchemaForm'

const validator = typeBoxValidator((schema, values) => toData(schema as JsonSchema, values))

const goodWarning = {
  id: 'fake-health-checks',
  title: '警惕“免费体检”推销保健品',
  status: 'draft',
  publishedAt: '2026-11-30',
  summary: '打着免费体检旗号推销保健品，是常见的套路。',
  sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条', url: '' }],
  level: 'caution',
  region: 'jiangsu',
  whatToDo: ['不参加来路不明的免费体检。', ''],
  channel: 'complaint',
  relatedExplainers: [],
}

/** The problems as pointer → message, from rjsf's ErrorSchema. */
function flatten(errors: Record<string, unknown>, pointer = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [key, value] of Object.entries(errors)) {
    if (key === '__errors') out[pointer || '/'] = value as string[]
    else Object.assign(out, flatten(value as Record<string, unknown>, `${pointer}/${key}`))
  }
  return out
}

describe('newsroom form validator (TypeBox Value, as the server checks)', () => {
  it('finds nothing wrong in a complete warning (empty optional fields and empty list lines left out)', () => {
    const result = validator.validateFormData(goodWarning, WarningFrontMatter as unknown as RJSFSchema)
    expect(result.errors).toEqual([])
    expect(result.errorSchema).toEqual({})
  })

  it('says what the server says, at the same pointers', () => {
    const bad = {
      ...goodWarning,
      id: 'Bad ID',
      summary: '短',
      level: '',
      sources: [{ title: '《', date: '2026-13-01' }],
      whatToDo: [''],
    }
    const result = validator.validateFormData(bad, WarningFrontMatter as unknown as RJSFSchema)
    const server = schemaProblems(WarningFrontMatter, toData(WarningFrontMatter as unknown as JsonSchema, bad))
    const expected = Object.fromEntries(server.map((problem) => [problem.pointer, [problem.message]]))
    expect(flatten(result.errorSchema as Record<string, unknown>)).toEqual(expected)
    expect(Object.keys(expected).sort()).toEqual(
      ['/id', '/level', '/sources/0/date', '/sources/0/title', '/summary', '/whatToDo'].sort(),
    )
    // …which the form says in Chinese
    expect(problemText(expected['/summary'][0])).toBe('至少 2 个字')
    expect(problemText(expected['/whatToDo'][0])).toBe('至少填 1 项')
    expect(problemText(expected['/sources/0/date'][0])).toBe('须为日期（年-月-日），如 2026-11-28')
    expect(result.errors.map((error) => error.property)).toContain('.sources[0].title')
  })

  it('checks a group in a list (legal basis, Q&A) as the server does', () => {
    const values = {
      id: 'prepaid-cards',
      title: '预付卡',
      status: 'draft',
      publishedAt: '2026-11-30',
      summary: '预付卡消费要点',
      sources: [{ title: '《消费者权益保护法》' }],
      category: 'consumer-rights',
      keyPoints: ['保留凭证'],
      legalBasis: [{ law: '中华人民共和国消费者权益保护法', article: '第五十三条', version: '2014-03-15' }],
      qa: [{ q: '商家跑路怎么办？' }],
    }
    const result = validator.validateFormData(values, ExplainerFrontMatter as unknown as RJSFSchema)
    const server = schemaProblems(ExplainerFrontMatter, toData(ExplainerFrontMatter as unknown as JsonSchema, values))
    expect(server.length).toBeGreaterThan(0)
    expect(flatten(result.errorSchema as Record<string, unknown>)).toEqual(
      Object.fromEntries(server.map((problem) => [problem.pointer, [problem.message]])),
    )
  })

  it("adds a form's own checks (rjsf's customValidate) to the schema's", () => {
    const result = validator.validateFormData(
      { ...goodWarning, expiresAt: '2026-01-01' },
      WarningFrontMatter as unknown as RJSFSchema,
      (values, errors) => {
        if (values.expiresAt < values.publishedAt) errors.expiresAt!.addError('失效日期早于发布日期')
        return errors
      },
    )
    expect(result.errorSchema).toEqual({ expiresAt: { __errors: ['失效日期早于发布日期'] } })
    expect(result.errors).toEqual([
      expect.objectContaining({ property: '.expiresAt', message: '失效日期早于发布日期' }),
    ])
  })

  it("answers rjsf's option matching for TypeBox and plain schemas", () => {
    const level = (WarningFrontMatter.properties.level as unknown as { anyOf: RJSFSchema[] }).anyOf[1]
    const root = WarningFrontMatter as unknown as RJSFSchema
    expect(validator.isValid(level, 'caution', root)).toBe(true)
    expect(validator.isValid(level, 'alert', root)).toBe(false)
    // A copy without TypeBox's marks (rjsf merges schemas into new objects)
    expect(validator.isValid(JSON.parse(JSON.stringify(level)), 'caution', root)).toBe(true)
    expect(validator.isValid({ type: 'string' }, 3, root)).toBe(false)
  })

  it("puts the server's BAD_FIELD pointers where rjsf looks for a field's errors", () => {
    expect(
      pointerErrors({ '/summary': 'must be at least 2 characters', '/sources/0/title': 'is required', '/': 'x' }),
    ).toEqual({
      __errors: ['x'],
      summary: { __errors: ['must be at least 2 characters'] },
      sources: { 0: { title: { __errors: ['is required'] } } },
    })
  })
})
