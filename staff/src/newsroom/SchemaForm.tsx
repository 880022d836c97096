// A collection's form made from the same TypeBox schema the API validates with (src/model/*: TypeBox schemas are
// JSON Schema): each property becomes a labelled control by its type: text, date, number, yes/no, a choice
// (a union of literals, with the app's Chinese labels), a region (publisher, region), a list of texts, or a list of
// groups of fields (sources, legal basis, Q&A) that can be added and removed. The server's field problems (400
// BAD_FIELD: JSON pointers) are shown on their fields; nothing typed is lost.
import { Fragment, type ReactNode } from 'react'
import { ENUM_LABELS, fieldLabel, problemText } from './labels'
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

const DATE_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$'
/** Set by the server: never typed. */
const SERVER_FIELDS = new Set(['status'])

export const inputId = (pointer: string) => `f${pointer.replace(/[^a-zA-Z0-9]/g, '-')}`
const errorId = (pointer: string) => `${inputId(pointer)}-error`

function literals(schema: JsonSchema): string[] | undefined {
  if (!schema.anyOf?.every((option) => 'const' in option)) return undefined
  return schema.anyOf.map((option) => String(option.const))
}

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
    return schema.items?.type === 'string' ? items.filter((entry) => entry !== '') : items
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    if (values === '' || values === undefined || values === null) return undefined
    const number = Number(values)
    return Number.isFinite(number) ? number : values
  }
  if (schema.type === 'boolean') return Boolean(values)
  return typeof values === 'string' ? values : values === undefined ? undefined : String(values)
}

interface FieldProps {
  pointer: string
  name: string
  parent?: string
  schema: JsonSchema
  required: boolean
  value: unknown
  onChange: (value: unknown) => void
  errors: Record<string, string>
  regions: Region[]
  readOnly: boolean
  /** An entry of a list of texts: neither required nor optional on its own */
  entry?: boolean
}

function ErrorText({ pointer, errors }: { pointer: string; errors: Record<string, string> }) {
  const message = errors[pointer]
  if (!message) return null
  return (
    <p id={errorId(pointer)} className='field-error'>
      {problemText(message)}
    </p>
  )
}

function hint(schema: JsonSchema, name: string): string | undefined {
  if (name === 'id') return '小写字母、数字和连字符，如 fake-health-products；发布后不能再改'
  // Dates, ids (of regions, related items) and choices: the control or its own message says enough
  if (schema.pattern) return undefined
  if (schema.maxLength && schema.minLength) return `${schema.minLength}–${schema.maxLength} 个字`
  if (schema.maxLength) return `最多 ${schema.maxLength} 个字`
  return undefined
}

function Field(props: FieldProps): ReactNode {
  const { pointer, name, parent, schema, required, value, onChange, errors, regions, readOnly, entry: isEntry } = props
  const id = inputId(pointer)
  const label = fieldLabel(name, parent)
  const invalid = Boolean(errors[pointer])
  const described = [invalid ? errorId(pointer) : '', hint(schema, name) ? `${id}-hint` : ''].filter(Boolean).join(' ')
  const common = {
    id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': described || undefined,
    'aria-required': required || undefined,
    disabled: readOnly,
  }
  const labelText = (
    <>
      {label}
      {isEntry ? null : required ? (
        <span className='required'>（必填）</span>
      ) : (
        <span className='optional'>（选填）</span>
      )}
    </>
  )
  const hintText = hint(schema, name) && (
    <p id={`${id}-hint`} className='hint'>
      {hint(schema, name)}
    </p>
  )

  if (schema.type === 'array') {
    const list = Array.isArray(value) ? value : []
    const item = schema.items ?? {}
    const set = (index: number, entry: unknown) => onChange(list.map((old, i) => (i === index ? entry : old)))
    const remove = (index: number) => onChange(list.filter((_, i) => i !== index))
    const add = () => onChange([...list, emptyValue(item)])
    return (
      <fieldset
        className={`field-list${invalid ? ' invalid' : ''}`}
        aria-describedby={invalid ? errorId(pointer) : undefined}
      >
        <legend>{labelText}</legend>
        <ErrorText pointer={pointer} errors={errors} />
        {list.length === 0 && <p className='muted'>（还没有）</p>}
        {list.map((entry, index) => (
          <div className='list-entry' key={index}>
            {item.type === 'object' ? (
              <fieldset className='group'>
                <legend>
                  {label} 第 {index + 1} 项
                </legend>
                <ErrorText pointer={`${pointer}/${index}`} errors={errors} />
                {Object.entries(item.properties ?? {}).map(([sub, subSchema]) => (
                  <Field
                    key={sub}
                    pointer={`${pointer}/${index}/${sub}`}
                    name={sub}
                    parent={name}
                    schema={subSchema}
                    required={Boolean(item.required?.includes(sub))}
                    value={(entry as Values)?.[sub]}
                    onChange={(subValue) => set(index, { ...(entry as Values), [sub]: subValue })}
                    errors={errors}
                    regions={regions}
                    readOnly={readOnly}
                  />
                ))}
              </fieldset>
            ) : (
              <Field
                pointer={`${pointer}/${index}`}
                name={`${label} 第 ${index + 1} 项`}
                schema={item}
                required={false}
                entry
                value={entry}
                onChange={(entryValue) => set(index, entryValue)}
                errors={errors}
                regions={regions}
                readOnly={readOnly}
              />
            )}
            {!readOnly && (
              <button type='button' className='small' onClick={() => remove(index)}>
                删除{label}第 {index + 1} 项
              </button>
            )}
          </div>
        ))}
        {!readOnly && (
          <button type='button' className='small' onClick={add}>
            添加{label}
          </button>
        )}
      </fieldset>
    )
  }

  let control: ReactNode
  const options = literals(schema)
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : ''
  if (options) {
    const names = ENUM_LABELS[name] ?? {}
    control = (
      <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value=''>请选择</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {names[option] ? `${names[option]}（${option}）` : option}
          </option>
        ))}
      </select>
    )
  } else if ((name === 'publisher' || name === 'region') && !parent && regions.length) {
    control = (
      <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value=''>{name === 'publisher' ? '默认（本账号所属单位）' : '请选择'}</option>
        {regions.map((region) => (
          <option key={region.id} value={region.id}>
            {region.name}
          </option>
        ))}
      </select>
    )
  } else if (schema.type === 'boolean') {
    return (
      <div className='field check'>
        <input
          {...common}
          type='checkbox'
          checked={Boolean(value)}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
        <ErrorText pointer={pointer} errors={errors} />
      </div>
    )
  } else if (schema.type === 'integer' || schema.type === 'number') {
    control = (
      <input
        {...common}
        type='number'
        inputMode='numeric'
        min={schema.minimum}
        max={schema.maximum}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    )
  } else if (schema.pattern === DATE_PATTERN) {
    control = <input {...common} type='date' value={text} onChange={(event) => onChange(event.target.value)} />
  } else if ((schema.maxLength ?? 0) > 100 || name === 'a' || name === 'quote') {
    control = <textarea {...common} rows={3} value={text} onChange={(event) => onChange(event.target.value)} />
  } else {
    control = (
      <input
        {...common}
        type={schema.pattern === '^https?://' ? 'url' : 'text'}
        value={text}
        spellCheck={name === 'id' ? false : undefined}
        autoCapitalize={name === 'id' ? 'none' : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    )
  }
  return (
    <div className={`field${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id}>{labelText}</label>
      {hintText}
      {control}
      <ErrorText pointer={pointer} errors={errors} />
    </div>
  )
}

export function SchemaForm({
  schema,
  values,
  onChange,
  errors,
  regions,
  readOnly,
  idLocked,
  mediaSlot,
}: {
  schema: JsonSchema
  values: Values
  onChange: (values: Values) => void
  errors: Record<string, string>
  regions: Region[]
  readOnly: boolean
  /** The id of a saved item never changes */
  idLocked: boolean
  /** After a top-level field: its upload picker and image (shareImage, cover, poster), if any */
  mediaSlot?: (name: string, value: unknown, set: (value: string) => void) => ReactNode
}) {
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([name]) => !SERVER_FIELDS.has(name))
        .map(([name, sub]) => (
          <Fragment key={name}>
            <Field
              pointer={`/${name}`}
              name={name}
              schema={sub}
              required={Boolean(schema.required?.includes(name))}
              value={values[name]}
              onChange={(value) => onChange({ ...values, [name]: value })}
              errors={errors}
              regions={regions}
              readOnly={readOnly || (name === 'id' && idLocked)}
            />
            {mediaSlot?.(name, values[name], (value) => onChange({ ...values, [name]: value }))}
          </Fragment>
        ))}
    </>
  )
}
