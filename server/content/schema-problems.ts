// Schema errors in words a content editor can act on: `level: must be one of notice, caution, alert`.
import type { TSchema } from '@sinclair/typebox'
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value'
import { DateString, Id } from '../../src/model/common'
import { HostName } from '../../src/model/site'

export interface FieldProblem {
  /** JSON pointer into the file's data, e.g. `/sources/0/title`; empty for the whole file. */
  pointer: string
  message: string
}

const MAX_PER_FILE = 20

export function schemaProblems(schema: TSchema, value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = []
  const seen = new Set<string>()
  for (const error of Value.Errors(schema, value)) {
    if (seen.has(error.path)) continue
    seen.add(error.path)
    problems.push({ pointer: error.path, message: describeError(error) })
    if (problems.length >= MAX_PER_FILE) break
  }
  return problems
}

/** One error in those words (the staff app's form says the same before saving: staff/src/newsroom/rjsf-validator.ts). */
export function describeError(error: ValueError): string {
  const schema = error.schema as Record<string, unknown>
  switch (error.type) {
    case ValueErrorType.Union: {
      const allowed = literals(schema)
      return allowed ? `must be one of ${allowed.join(', ')}` : 'is not in an accepted form'
    }
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required'
    case ValueErrorType.ObjectAdditionalProperties: {
      const name = error.path.split('/').pop() ?? ''
      const known = Object.keys((schema.properties as Record<string, unknown>) ?? {})
      const guess = known.find((key) => distance(key.toLowerCase(), name.toLowerCase()) <= 2)
      return guess ? `is not a known field (did you mean ${guess}?)` : `is not a known field`
    }
    case ValueErrorType.String:
      if (typeof error.value === 'number' || typeof error.value === 'boolean') {
        return 'must be text: put it in quotes (a leading 0 or a long number is otherwise lost)'
      }
      return error.value === undefined ? 'is required' : 'must be text'
    case ValueErrorType.StringPattern:
      if (schema.pattern === Id.pattern)
        return 'must be lower-case letters, digits and hyphens, e.g. fake-health-products'
      if (schema.pattern === DateString.pattern) return 'must be a date written YYYY-MM-DD'
      if (schema.pattern === HostName.pattern) {
        return 'must be a host name alone, lower-case, e.g. www.samr.gov.cn (no https://, path or port)'
      }
      return `must match the pattern ${String(schema.pattern)}`
    case ValueErrorType.StringMinLength:
      return `must be at least ${String(schema.minLength)} characters`
    case ValueErrorType.StringMaxLength:
      return `must be at most ${String(schema.maxLength)} characters (it has ${String(error.value).length})`
    case ValueErrorType.Array:
      return 'must be a list'
    case ValueErrorType.ArrayMinItems:
      return `must have at least ${String(schema.minItems)} ${schema.minItems === 1 ? 'entry' : 'entries'}`
    case ValueErrorType.Object:
      return 'must be a set of fields'
    case ValueErrorType.Integer:
      return 'must be a whole number'
    case ValueErrorType.Number:
      return 'must be a number'
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `must be at least ${String(schema.minimum)}`
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `must be at most ${String(schema.maximum)}`
    case ValueErrorType.Boolean:
      return 'must be true or false'
    default:
      return error.message
  }
}

function literals(schema: Record<string, unknown>): string[] | undefined {
  const options = schema.anyOf as Record<string, unknown>[] | undefined
  if (!options?.every((option) => 'const' in option)) return undefined
  return options.map((option) => String(option.const))
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]
}
