// rjsf's validator for the newsroom's forms, made on TypeBox's own checker (`Check`, `Errors` from
// @sinclair/typebox/value and /errors) against the same TypeBox schema the API validates with. It needs no code
// generation: @rjsf/validator-ajv8 compiles schemas with `new Function`, which the staff pages' Content-Security-Policy
// (script-src 'self', no 'unsafe-eval') refuses, and TypeBox's TypeCompiler does the same; its Value checker walks
// the schema instead. The server stays the authority: its 400 BAD_FIELD problems are what the form shows (as rjsf
// `extraErrors`); this validator answers rjsf's own questions (which option of a choice a value matches) and
// `validateFormData` with the server's words (server/content/schema-problems.ts), said in Chinese by problemText.
import { Kind, type TSchema } from '@sinclair/typebox'
import { Errors, ValueErrorType } from '@sinclair/typebox/errors'
import { Check } from '@sinclair/typebox/value'
// The server's words for a schema problem, which problemText says in Chinese: the same before and after saving
import { describeError } from '../../../server/content/schema-problems'
import type {
  CustomValidator,
  ErrorSchema,
  ErrorTransformer,
  FormValidation,
  RJSFSchema,
  RJSFValidationError,
  UiSchema,
  ValidationData,
  ValidatorType,
} from '@rjsf/utils'

/** A JSON pointer's segments (`/sources/0/title` → ['sources', 0, 'title']). */
export function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

type Tree = { __errors?: string[] } & { [key: string]: Tree | string[] | undefined }

/** Adds a message to an ErrorSchema (rjsf's tree of `__errors` by property name) at a path. */
function addError(tree: Tree, path: (string | number)[], message: string) {
  let node = tree
  for (const part of path) node = (node[String(part)] ??= {}) as Tree
  ;(node.__errors ??= []).push(message)
}

/** Field problems keyed by JSON pointer (the server's BAD_FIELD answer) as rjsf's ErrorSchema. */
export function pointerErrors(errors: Record<string, string>): ErrorSchema {
  const tree: Tree = {}
  for (const [pointer, message] of Object.entries(errors)) addError(tree, pointerPath(pointer), message)
  return tree as ErrorSchema
}

/** rjsf's `customValidate` handler (`errors.summary.addError(…)`) over the form's values, and its errors. */
function errorHandler(values: unknown): FormValidation {
  const node = (value: unknown): Record<string, unknown> => {
    const handler: Record<string, unknown> = { __errors: [] as string[] }
    handler.addError = (message: string) => (handler.__errors as string[]).push(message)
    if (value && typeof value === 'object') {
      for (const [key, sub] of Object.entries(value)) handler[key] = node(sub)
    }
    return handler
  }
  return node(values) as FormValidation
}

function unwrap(handler: unknown, path: string[] = [], tree: Tree = {}): Tree {
  if (!handler || typeof handler !== 'object') return tree
  for (const [key, value] of Object.entries(handler)) {
    if (key === '__errors') for (const message of value as string[]) addError(tree, path, message)
    else if (key !== 'addError') unwrap(value, [...path, key], tree)
  }
  return tree
}

const isTypeBox = (schema: unknown): schema is TSchema =>
  typeof schema === 'object' && schema !== null && Kind in schema

/** A schema without TypeBox's marks (rjsf made it from parts): the few keywords the newsroom's options use. */
function plainCheck(schema: Record<string, unknown>, value: unknown): boolean {
  if ('const' in schema) return value === schema.const
  if (Array.isArray(schema.enum)) return schema.enum.includes(value)
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((option) => plainCheck(option as RJSFSchema, value))
  switch (schema.type) {
    case 'string':
      return typeof value === 'string'
    case 'number':
      return typeof value === 'number'
    case 'integer':
      return Number.isInteger(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'array':
      return Array.isArray(value)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    default:
      return true
  }
}

/** The errors of a tree, as rjsf lists them. */
function errorList(tree: Tree, path: string[] = []): RJSFValidationError[] {
  const list: RJSFValidationError[] = []
  for (const [key, value] of Object.entries(tree)) {
    if (key === '__errors') {
      const property = path.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')
      for (const message of value as string[]) list.push({ property, message, stack: `${property} ${message}`.trim() })
    } else list.push(...errorList(value as Tree, [...path, key]))
  }
  return list
}

/**
 * The validator for one form. `prepare` turns the form's values into what the API takes (toData: numbers typed as
 * text become numbers, empty optional fields are left out) before they are checked, as saving does.
 */
export function typeBoxValidator(prepare: (schema: RJSFSchema, values: unknown) => unknown): ValidatorType {
  const problems = (schema: RJSFSchema, values: unknown): RJSFValidationError[] => {
    if (!isTypeBox(schema)) return []
    const seen = new Set<string>()
    const list: RJSFValidationError[] = []
    for (const error of Errors(schema, prepare(schema, values))) {
      if (seen.has(error.path)) continue
      seen.add(error.path)
      const property = pointerPath(error.path)
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
        .join('')
      const message = describeError(error)
      list.push({ name: ValueErrorType[error.type], property, message, stack: `${property} ${message}`.trim() })
    }
    return list
  }

  return {
    validateFormData(
      formData: unknown,
      schema: RJSFSchema,
      customValidate?: CustomValidator,
      transformErrors?: ErrorTransformer,
      uiSchema?: UiSchema,
    ): ValidationData<unknown> {
      let errors = problems(schema, formData)
      if (transformErrors) errors = transformErrors(errors, uiSchema)
      const tree: Tree = {}
      if (customValidate) unwrap(customValidate(formData, errorHandler(formData), uiSchema), [], tree)
      const custom = errorList(tree)
      for (const error of errors) addError(tree, (error.property ?? '').match(/[^.[\]]+/g) ?? [], error.message ?? '')
      return { errors: [...errors, ...custom], errorSchema: tree as ErrorSchema }
    },
    isValid(schema: RJSFSchema, formData: unknown): boolean {
      try {
        return isTypeBox(schema) ? Check(schema, formData) : plainCheck(schema as Record<string, unknown>, formData)
      } catch {
        return false
      }
    },
    rawValidation<Result>(schema: RJSFSchema, formData?: unknown) {
      try {
        return { errors: (isTypeBox(schema) ? [...Errors(schema, formData)] : []) as Result[] }
      } catch (error) {
        return { validationError: error as Error }
      }
    },
  }
}
