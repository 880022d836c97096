// What changed between two versions of an item, in staff's words: each front-matter field that differs by its label
// (src/model/staff-labels.ts), its value before and after said by the labels of its choices (警示 rather than
// caution, 草稿 rather than draft, 南京市 rather than nanjing), and the body's lines added and removed.
import { enumLabel, fieldLabel } from './labels'
import type { FieldChange, Region } from './newsroom-api'

const EMPTY = '（未填）'

/** A field's value in words: choices by their labels, regions by name, lists and groups by their parts' labels. */
export function valueText(name: string, value: unknown, regions: Region[], parent?: string): string {
  if (value === null || value === undefined || value === '') return EMPTY
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') {
    if (name === 'publisher' || name === 'region')
      return regions.find((region) => region.id === value)?.name ?? enumLabel(name, value)
    return enumLabel(name, value)
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY
    return value.map((entry, index) => `${index + 1}. ${valueText(name, entry, regions, parent)}`).join('\n')
  }
  if (typeof value === 'object') {
    return (
      Object.entries(value as Record<string, unknown>)
        // The part's name without the form's example (名称, not 名称（如《…》）)
        .map(([key, sub]) => `${fieldLabel(key, name).replace(/（如.*）$/, '')}：${valueText(key, sub, regions, name)}`)
        .join('，')
    )
  }
  return String(value)
}

/** A unified diff's hunks, added and removed lines marked ＋ and －. */
export function PatchView({ patch, label }: { patch: string; label: string }) {
  // Without the file header (===, --- and +++ lines) and the hunks' line numbers
  const lines = patch
    .split('\n')
    .filter((line) => !/^(?:={10,}|--- |\+\+\+ |Index: |\\ No newline)/.test(line))
    .map((line) => (line.startsWith('@@') ? '⋯' : line))
  return (
    <pre className='patch' aria-label={label} tabIndex={0}>
      {lines.map((line, index) => {
        const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line === '⋯' ? 'hunk' : ''
        return (
          <span key={index} className={kind || undefined}>
            {kind === 'add' ? '＋ ' : kind === 'del' ? '－ ' : '  '}
            {kind === 'add' || kind === 'del' ? line.slice(1) : line}
            {'\n'}
          </span>
        )
      })}
    </pre>
  )
}

/** The changed fields as a table (字段, before, after) and the body's changes under it. */
export function VersionChanges({
  fields,
  bodyPatch,
  regions,
  beforeLabel,
  afterLabel,
  caption,
}: {
  fields: FieldChange[]
  bodyPatch: string
  regions: Region[]
  beforeLabel: string
  afterLabel: string
  caption: string
}) {
  return (
    <>
      {fields.length > 0 && (
        <div className='scroll' role='region' aria-label={`${caption}（可横向滚动）`} tabIndex={0}>
          <table className='data changes'>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope='col' className='text'>
                  字段
                </th>
                <th scope='col' className='text'>
                  {beforeLabel}
                </th>
                <th scope='col' className='text'>
                  {afterLabel}
                </th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field) => (
                <tr key={field.name}>
                  <th scope='row' className='text'>
                    {fieldLabel(field.name)}
                  </th>
                  <td className='text del'>{valueText(field.name, field.before, regions)}</td>
                  <td className='text add'>{valueText(field.name, field.after, regions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {bodyPatch && (
        <>
          <p>{fieldLabel('body')}的改动（＋ 增加的行，－ 删去的行）：</p>
          <PatchView patch={bodyPatch} label={`${caption}：正文`} />
        </>
      )}
    </>
  )
}
