// Period (近7天 / 近30天 / 近180天 / 自定义), collection, and for the province's accounts the region. A preset
// applies at once; a custom period when 查询 is pressed with two valid dates. A city account has no region select:
// it sees its own region only.
import { useId, useState, type FormEvent } from 'react'
import { lastDays, periodProblem, PRESETS, today, type Preset } from './period'
import type { Me } from './types'

export interface Selection {
  preset: Preset
  from: string
  to: string
  collection: string
  /** '' : every region (province accounts only) */
  region: string
}

export function Filters({
  me,
  selection,
  onChange,
  regions,
  collections,
}: {
  me: Me
  selection: Selection
  onChange: (selection: Selection) => void
  regions: { id: string; name: string; kind: string }[]
  collections: { id: string; name: string }[]
}) {
  const id = useId()
  const [from, setFrom] = useState(selection.from)
  const [to, setTo] = useState(selection.to)
  const [problem, setProblem] = useState<string>()
  const max = today()

  const choosePreset = (preset: Preset) => {
    setProblem(undefined)
    if (preset === 'custom') {
      onChange({ ...selection, preset })
      setFrom(selection.from)
      setTo(selection.to)
    } else {
      onChange({ ...selection, preset, ...lastDays(Number(preset)) })
    }
  }

  const applyCustom = (event: FormEvent) => {
    event.preventDefault()
    const wrong = periodProblem(from, to)
    setProblem(wrong)
    if (!wrong) onChange({ ...selection, from, to })
  }

  return (
    <form className='filters' onSubmit={applyCustom} aria-label='查询条件'>
      <fieldset className='presets'>
        <legend>时段</legend>
        <div className='segmented'>
          {PRESETS.map((preset) => (
            <label key={preset.value} className={selection.preset === preset.value ? 'checked' : undefined}>
              <input
                type='radio'
                name={`${id}-preset`}
                value={preset.value}
                checked={selection.preset === preset.value}
                onChange={() => choosePreset(preset.value)}
              />
              <span>{preset.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {selection.preset === 'custom' && (
        <fieldset className='custom'>
          <legend>自定义时段（北京时间）</legend>
          <div className='field'>
            <label htmlFor={`${id}-from`}>开始日期</label>
            <input
              id={`${id}-from`}
              type='date'
              value={from}
              max={max}
              required
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(event) => setFrom(event.target.value)}
            />
          </div>
          <div className='field'>
            <label htmlFor={`${id}-to`}>结束日期</label>
            <input
              id={`${id}-to`}
              type='date'
              value={to}
              max={max}
              required
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(event) => setTo(event.target.value)}
            />
          </div>
          <button type='submit' className='primary'>
            查询
          </button>
          {problem && (
            <p id={`${id}-problem`} className='alert error' role='alert'>
              {problem}
            </p>
          )}
        </fieldset>
      )}
      <div className='selects'>
        <div className='field'>
          <label htmlFor={`${id}-collection`}>栏目</label>
          <select
            id={`${id}-collection`}
            value={selection.collection}
            onChange={(event) => onChange({ ...selection, collection: event.target.value })}
          >
            <option value=''>全部栏目</option>
            {collections.map((collection) => (
              <option key={collection.id} value={collection.id}>
                {collection.name}
              </option>
            ))}
          </select>
        </div>
        {me.role === 'province' && (
          <div className='field'>
            <label htmlFor={`${id}-region`}>地区</label>
            <select
              id={`${id}-region`}
              value={selection.region}
              onChange={(event) => onChange({ ...selection, region: event.target.value })}
            >
              <option value=''>全省（所有地区合计）</option>
              {regions.map((region) => (
                <option key={region.id} value={region.id}>
                  {region.kind === 'province' ? `${region.name}（省局自己发布的内容）` : region.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
    </form>
  )
}
