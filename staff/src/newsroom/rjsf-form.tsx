// The newsroom's item form drawn by @rjsf/core from the collection's TypeBox schema (TypeBox schemas are JSON
// Schema). rjsf walks the schema, keeps the values and adds and removes list entries; the templates and widgets here
// draw what staff see: a visible Chinese <label> bound to every control (labels.ts), （必填）/（选填）, hints, the
// server's field problems (400 BAD_FIELD, JSON pointers, passed as rjsf `extraErrors`) under their fields with
// aria-invalid and aria-describedby, 添加…/删除…第 N 项 buttons, region choices and the media pickers. Ids are
// `f-` + the pointer's names joined by `-` (idPrefix 'f', idSeparator '-'), the same as inputId(pointer).
// Loaded only when an item is opened (SchemaForm.tsx imports it lazily), not with the login page.
import { Fragment, useMemo, useState, type ChangeEvent, type ReactNode } from 'react'
// (The package's index also exports a test helper that needs @rjsf/validator-ajv8: the form is imported alone)
import Form from '@rjsf/core/lib/components/Form.js'
import type {
  ArrayFieldItemTemplateProps,
  ArrayFieldTemplateProps,
  FieldPathList,
  FieldTemplateProps,
  ObjectFieldTemplateProps,
  RegistryWidgetsType,
  RJSFSchema,
  TemplatesType,
  UiSchema,
  WidgetProps,
} from '@rjsf/utils'
import { ENUM_LABELS, fieldLabel, problemText } from './labels'
import type { Region } from './newsroom-api'
import { toData, type JsonSchema, type SchemaFormProps, type Values } from './SchemaForm'
import { pointerErrors, typeBoxValidator } from './rjsf-validator'

const DATE_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$'
/** Set by the server: never typed. */
const SERVER_FIELDS = new Set(['status'])

interface Context {
  /** The server's field problems by JSON pointer */
  serverErrors: Record<string, string>
  /** Ids of the controls staff have left (blurred): the form's own check speaks only of these */
  touched: Set<string>
  regions: Region[]
  publishers: Region[]
  mediaSlot: SchemaFormProps['mediaSlot']
  setField: (name: string, value: unknown) => void
}

const pointerOfPath = (path: FieldPathList) => path.map((part) => `/${part}`).join('') || '/'
const errorId = (id: string) => `${id}-error`
const hintId = (id: string) => `${id}-hint`

/** What a place in the form is called: its name, the list or group it is in, and whether it is a list's entry. */
function place(path: FieldPathList) {
  const last = path[path.length - 1]
  const names = path.filter((part): part is string => typeof part === 'string')
  if (typeof last === 'number') {
    const list = names[names.length - 1] ?? ''
    return { name: list, parent: undefined, entry: last, label: `${fieldLabel(list)} 第 ${last + 1} 项` }
  }
  const name = names[names.length - 1] ?? ''
  const parent = names.length > 1 ? names[names.length - 2] : undefined
  return { name, parent, entry: undefined, label: fieldLabel(name, parent) }
}

/** The path of a control from its id (`f-sources-0-title`): the schemas' names are letters and digits only. */
const pathOfId = (id: string): FieldPathList =>
  id
    .split('-')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))

function hint(schema: JsonSchema, name: string): string | undefined {
  if (name === 'id') return '小写字母、数字和连字符，如 fake-health-products；发布后不能再改'
  // Dates, ids (of regions, related items) and choices: the control or its own message says enough
  if (schema.pattern) return undefined
  if (schema.maxLength && schema.minLength) return `${schema.minLength}–${schema.maxLength} 个字`
  if (schema.maxLength) return `最多 ${schema.maxLength} 个字`
  return undefined
}

/**
 * The problems shown at a place (a control, a list or a group with this id): the server's (extraErrors), and those of
 * the form's own check (live, on leaving a control) once staff have left it or, for a list or group, one of its
 * controls. rjsf gives both in `rawErrors`; the same words said twice are shown once.
 */
function shownErrors(registry: { formContext?: unknown }, id: string, rawErrors: string[] | undefined): string[] {
  const { serverErrors, touched } = registry.formContext as Context
  const server = serverErrors[pointerOfPath(pathOfId(id))]
  const left = touched.has(id) || [...touched].some((other) => other.startsWith(`${id}-`))
  return [...new Set((rawErrors ?? []).filter((message) => message && (message === server || left)))]
}

function ErrorText({ id, errors }: { id: string; errors: string[] }) {
  if (!errors.length) return null
  return (
    <p id={errorId(id)} className='field-error'>
      {errors.map((message) => problemText(message, pointerOfPath(pathOfId(id)))).join('；')}
    </p>
  )
}

function RequiredMark({ required }: { required?: boolean }) {
  return required ? <span className='required'>（必填）</span> : <span className='optional'>（选填）</span>
}

/** The attributes every control has: its id, whether it is wrong and what describes it. */
function controlProps(props: WidgetProps) {
  const { id, schema, rawErrors, required, disabled, readonly } = props
  const invalid = shownErrors(props.registry, id, rawErrors).length > 0
  const { name, entry } = place(pathOfId(id))
  const described = [
    invalid ? errorId(id) : '',
    entry === undefined && hint(schema as JsonSchema, name) ? hintId(id) : '',
  ]
    .filter(Boolean)
    .join(' ')
  return {
    id,
    name: id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': described || undefined,
    'aria-required': (entry === undefined && required) || undefined,
    disabled: disabled || readonly,
    onBlur: () => props.onBlur(id, props.value),
    onFocus: () => props.onFocus(id, props.value),
  }
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '')

/** Text, a number, a date, a web address or a longer text, by the schema (as the API checks it). */
function TextWidget(props: WidgetProps) {
  const schema = props.schema as JsonSchema
  const { name } = place(pathOfId(props.id))
  const common = controlProps(props)
  const change = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onChange(event.target.value)
  if (schema.type === 'integer' || schema.type === 'number') {
    return (
      <input
        {...common}
        type='number'
        inputMode='numeric'
        min={schema.minimum}
        max={schema.maximum}
        value={text(props.value)}
        onChange={change}
      />
    )
  }
  if (schema.pattern === DATE_PATTERN)
    return <input {...common} type='date' value={text(props.value)} onChange={change} />
  if ((schema.maxLength ?? 0) > 100 || name === 'a' || name === 'quote') {
    return <textarea {...common} rows={3} value={text(props.value)} onChange={change} />
  }
  return (
    <input
      {...common}
      type={schema.pattern === '^https?://' ? 'url' : 'text'}
      value={text(props.value)}
      spellCheck={name === 'id' ? false : undefined}
      autoCapitalize={name === 'id' ? 'none' : undefined}
      onChange={change}
    />
  )
}

/** A choice among the schema's literals, each with the app's Chinese name. */
function SelectWidget(props: WidgetProps) {
  const { name } = place(pathOfId(props.id))
  const names = ENUM_LABELS[name] ?? {}
  const options = (props.options.enumOptions ?? []).map((option) => String(option.value))
  return (
    <select {...controlProps(props)} value={text(props.value)} onChange={(event) => props.onChange(event.target.value)}>
      <option value=''>请选择</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {names[option] ?? option}
        </option>
      ))}
    </select>
  )
}

/** The publisher or the region of an item: a region of the site settings. */
function RegionWidget(props: WidgetProps) {
  const { regions, publishers } = props.registry.formContext as Context
  const { name } = place(pathOfId(props.id))
  return (
    <select {...controlProps(props)} value={text(props.value)} onChange={(event) => props.onChange(event.target.value)}>
      <option value=''>{name === 'publisher' ? '默认（本账号所属单位）' : '请选择'}</option>
      {(name === 'publisher' ? publishers : regions).map((region) => (
        <option key={region.id} value={region.id}>
          {region.name}
        </option>
      ))}
    </select>
  )
}

function CheckboxWidget(props: WidgetProps) {
  return (
    <input
      {...controlProps(props)}
      type='checkbox'
      checked={Boolean(props.value)}
      onChange={(event) => props.onChange(event.target.checked)}
    />
  )
}

/** A field: its label (with 必填/选填), hint, control and problem. Lists and groups draw their own frame. */
function FieldTemplate(props: FieldTemplateProps) {
  const { id, children, required, fieldPathId } = props
  const schema = props.schema as JsonSchema
  if (schema.type === 'object' || schema.type === 'array') return children
  const { name, label, entry } = place(fieldPathId.path)
  const errors = shownErrors(props.registry, id, props.rawErrors)
  const invalid = errors.length > 0
  if (schema.type === 'boolean') {
    return (
      <div className='field check'>
        {children}
        <label htmlFor={id}>{label}</label>
        <ErrorText id={id} errors={errors} />
      </div>
    )
  }
  const hintText = entry === undefined ? hint(schema, name) : undefined
  return (
    <div className={`field${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {entry === undefined && <RequiredMark required={required} />}
      </label>
      {hintText && (
        <p id={hintId(id)} className='hint'>
          {hintText}
        </p>
      )}
      {children}
      <ErrorText id={id} errors={errors} />
    </div>
  )
}

/** A list (whatToDo, sources, …): its entries, 添加… and a problem with the list as a whole. */
function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const { fieldPathId, items, required, canAdd, onAddClick, disabled, readonly } = props
  const id = fieldPathId.$id
  const { label } = place(fieldPathId.path)
  const errors = shownErrors(props.registry, id, props.rawErrors)
  const invalid = errors.length > 0
  return (
    <fieldset className={`field-list${invalid ? ' invalid' : ''}`} aria-describedby={invalid ? errorId(id) : undefined}>
      <legend>
        {label}
        <RequiredMark required={required} />
      </legend>
      <ErrorText id={id} errors={errors} />
      {items.length === 0 && <p className='muted'>（还没有）</p>}
      {items}
      {canAdd !== false && !disabled && !readonly && (
        <button type='button' className='small' onClick={onAddClick}>
          添加{label}
        </button>
      )}
    </fieldset>
  )
}

/** One entry of a list and its 删除…第 N 项 button. */
function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, buttonsProps, index, disabled, readonly } = props
  const path = buttonsProps.fieldPathId.path
  const list = place(path.slice(0, -1)).label
  return (
    <div className='list-entry'>
      {children}
      {!disabled && !readonly && (
        <button type='button' className='small' onClick={buttonsProps.onRemoveItem}>
          删除{list}第 {index + 1} 项
        </button>
      )}
    </div>
  )
}

/** The whole form (each field followed by its media picker, if any), or a group of fields in a list's entry. */
function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { fieldPathId, properties, errorSchema, formData } = props
  const path = fieldPathId.path
  if (path.length === 0) {
    const { mediaSlot, setField } = props.registry.formContext as Context
    const values = (formData ?? {}) as Values
    return (
      <>
        {properties
          .filter((property) => !SERVER_FIELDS.has(property.name))
          .map((property) => (
            <Fragment key={property.name}>
              {property.content}
              {mediaSlot?.(property.name, values[property.name], (value) => setField(property.name, value))}
            </Fragment>
          ))}
      </>
    )
  }
  const { label } = place(path)
  return (
    <fieldset className='group'>
      <legend>{label}</legend>
      <ErrorText id={fieldPathId.$id} errors={shownErrors(props.registry, fieldPathId.$id, errorSchema?.__errors)} />
      {properties.map((property) => (
        <Fragment key={property.name}>{property.content}</Fragment>
      ))}
    </fieldset>
  )
}

const WIDGETS: RegistryWidgetsType = { TextWidget, SelectWidget, CheckboxWidget, RegionWidget }
const TEMPLATES: Partial<TemplatesType> = {
  FieldTemplate,
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  ObjectFieldTemplate,
}
const VALIDATOR = typeBoxValidator((schema, values) => toData(schema as JsonSchema, values))

const prepared = new WeakMap<JsonSchema, JsonSchema>()

/**
 * The schema as rjsf reads it: a choice among literals (TypeBox's Union of Literals, an `anyOf` of `const`s) also
 * says `type: 'string'`, which rjsf needs to draw it as one select. Copies keep TypeBox's marks (its Kind symbol), so
 * the validator still checks them as TypeBox schemas.
 */
function forRjsf(schema: JsonSchema): JsonSchema {
  const known = prepared.get(schema)
  if (known) return known
  let out: JsonSchema = schema
  if (!schema.type && schema.anyOf?.length && schema.anyOf.every((option) => typeof option.const === 'string')) {
    out = { ...schema, type: 'string' }
  } else if (schema.properties) {
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([name, sub]) => [name, forRjsf(sub)]))
    out = { ...schema, properties }
  } else if (schema.items) {
    out = { ...schema, items: forRjsf(schema.items) }
  }
  prepared.set(schema, out)
  return out
}

/** Where the schema leaves the choice of control to the form: regions, the id once saved, no submit button. */
function uiSchemaFor(schema: JsonSchema, regions: Region[], idLocked: boolean): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } }
  for (const name of ['publisher', 'region']) {
    if (schema.properties?.[name] && regions.length) ui[name] = { 'ui:widget': 'RegionWidget' }
  }
  if (idLocked) ui.id = { 'ui:disabled': true }
  return ui
}

export default function RjsfSchemaForm({
  schema,
  values,
  onChange,
  errors,
  regions,
  publishers,
  readOnly,
  idLocked,
  mediaSlot,
}: SchemaFormProps): ReactNode {
  const uiSchema = useMemo(() => uiSchemaFor(schema, regions, idLocked), [schema, regions, idLocked])
  const extraErrors = useMemo(() => pointerErrors(errors), [errors])
  const [touched, setTouched] = useState<Set<string>>(() => new Set())
  const context: Context = {
    serverErrors: errors,
    touched,
    regions,
    publishers: publishers ?? regions,
    mediaSlot,
    setField: (name, value) => onChange({ ...values, [name]: value }),
  }
  return (
    <Form
      tagName='div'
      className='schema-form'
      schema={forRjsf(schema) as RJSFSchema}
      uiSchema={uiSchema}
      formData={values}
      onChange={(event) => onChange(event.formData as Values)}
      // The form's own check (the schema, as the server's) when staff leave a control; saving asks the server
      liveValidate='onBlur'
      onBlur={(id) => setTouched((before) => (before.has(id) ? before : new Set(before).add(id)))}
      validator={VALIDATOR}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      disabled={readOnly}
      idPrefix='f'
      idSeparator='-'
      formContext={context}
      widgets={WIDGETS}
      templates={TEMPLATES}
      experimental_defaultFormStateBehavior={{
        // The editor gives the form its values (emptyValue): rjsf fills in nothing of its own
        arrayMinItems: { populate: 'never' },
        emptyObjectFields: 'skipDefaults',
        constAsDefaults: 'never',
      }}
    />
  )
}
