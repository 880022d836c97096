// A collection's form made from the same TypeBox schema the API validates with (src/model/*: TypeBox schemas are
// JSON Schema), drawn by @rjsf/core (rjsf-form.tsx, loaded when an item is opened): each property becomes a labelled
// control by its type: text, date, number, yes/no, a choice (a union of literals, with the app's Chinese labels), a
// region (publisher, region), a list of texts, or a list of groups of fields (sources, legal basis, Q&A) that can be
// added and removed. The server's field problems (400 BAD_FIELD: JSON pointers) are shown on their fields; nothing
// typed is lost. This file keeps what the editor needs at once: empty values, the values as the API takes them, ids.
import { lazy, Suspense, type ReactNode } from 'react'
import type { Region } from './newsroom-api'

export interface JsonSchema {
  type?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  const?: unknown
  pattern?: string
  minLength?: number
  maxLength?: number
  minItems?: number
  minimum?: number
  maximum?: number
}

export type Values = Record<string, unknown>

export const inputId = (pointer: string) => `f${pointer.replace(/[^a-zA-Z0-9]/g, '-')}`

/** An empty value of a schema, for a new item or a new entry of a list. */
export function emptyValue(schema: JsonSchema): unknown {
  // A list that needs entries starts with one to fill in
  if (schema.type === 'array') return (schema.minItems ?? 0) > 0 ? [emptyValue(schema.items ?? {})] : []
  if (schema.type === 'object') {
    const value: Values = {}
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      if (schema.required?.includes(name)) value[name] = emptyValue(sub)
    }
    return value
  }
  if (schema.type === 'boolean') return false
  if (schema.type === 'integer' || schema.type === 'number') return ''
  return ''
}

/** The values as the API takes them: optional fields left empty are left out, numbers as numbers. */
export function toData(schema: JsonSchema, values: unknown): unknown {
  if (schema.type === 'object') {
    const source = (values ?? {}) as Values
    const out: Values = {}
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      const value = toData(sub, source[name])
      const required = schema.required?.includes(name)
      const empty = value === '' || value === undefined || (Array.isArray(value) && value.length === 0)
      if (empty && !required) continue
      if (value === undefined) continue
      out[name] = value
    }
    // Fields the form does not know (set elsewhere) travel unchanged
    for (const [name, value] of Object.entries(source))
      if (!(name in out) && !schema.properties?.[name]) out[name] = value
    return out
  }
  if (schema.type === 'array') {
    const list = Array.isArray(values) ? values : []
    const items = list.map((entry) => toData(schema.items ?? {}, entry))
    // An empty line of a list of texts is not an entry
    return schema.items?.type === 'string' ? items.filter((entry) => entry !== '' && entry !== undefined) : items
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    if (values === '' || values === undefined || values === null) return undefined
    const number = Number(values)
    return Number.isFinite(number) ? number : values
  }
  if (schema.type === 'boolean') return Boolean(values)
  return typeof values === 'string' ? values : values === undefined ? undefined : String(values)
}

export interface SchemaFormProps {
  schema: JsonSchema
  values: Values
  onChange: (values: Values) => void
  /** The server's field problems (400 BAD_FIELD) by JSON pointer */
  errors: Record<string, string>
  regions: Region[]
  /** The regions this account may publish for (a city account: its own); the 发布单位 choice offers these only */
  publishers?: Region[]
  readOnly: boolean
  /** The id of a saved item never changes */
  idLocked: boolean
  /** After a top-level field: its upload picker and image (shareImage, cover, poster), if any */
  mediaSlot?: (name: string, value: unknown, set: (value: string) => void) => ReactNode
}

// @rjsf/core and its templates load with the first opened item, not with the login page or the list
const RjsfSchemaForm = lazy(() => import('./rjsf-form'))

export function SchemaForm(props: SchemaFormProps) {
  return (
    <Suspense
      fallback={
        <p className='muted' role='status'>
          正在载入表单…
        </p>
      }
    >
      <RjsfSchemaForm {...props} />
    </Suspense>
  )
}
