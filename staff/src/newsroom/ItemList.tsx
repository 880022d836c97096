// 稿件: every item the account may see with its state (草稿 / 审核中·步骤 / 待发布 / 已排期 / 已发布 / 已撤下),
// filters (栏目, 状态, 发布单位, 关键词) and 待我审核, the items waiting for a step this account may take.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { COLLECTIONS } from '../../../src/model/labels'
import { ApiError } from '../api'
import { collectionName, errorText, STATE_LABELS, stateLabel, timeLabel } from './labels'
import { fetchItems, fetchQueue, type ListItem, type NewsroomMe, type Region } from './newsroom-api'
import { routeHash, wasNavigated } from './route'

interface Filters {
  collection: string
  state: string
  publisher: string
  q: string
}

/** One of the list's filters: a labelled choice whose first option is “all”. */
function FilterSelect({
  id,
  label,
  all,
  value,
  options,
  onChange,
}: {
  id: string
  label: string
  all: string
  value: string
  /** [value, label] */
  options: [string, string][]
  onChange: (value: string) => void
}) {
  return (
    <div className='field'>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value=''>{all}</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  )
}

export function ItemList({
  me,
  regions,
  onUnauthorized,
}: {
  me: NewsroomMe
  regions: Region[]
  onUnauthorized: () => void
}) {
  const id = useId()
  const [filters, setFilters] = useState<Filters>({ collection: '', state: '', publisher: '', q: '' })
  const [words, setWords] = useState('')
  const [items, setItems] = useState<ListItem[]>()
  const [queue, setQueue] = useState<{ collection: string; id: string; step: string }[]>()
  const [error, setError] = useState<string>()
  const [newCollection, setNewCollection] = useState<string>('warnings')
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (wasNavigated()) heading.current?.focus()
  }, [])

  useEffect(() => {
    const controller = new AbortController()
    setError(undefined)
    fetchItems(filters, controller.signal).then(
      (answer) => setItems(answer.items),
      (failure: unknown) => {
        if (controller.signal.aborted) return
        if (failure instanceof ApiError && failure.status === 401) onUnauthorized()
        else setError(errorText(failure))
      },
    )
    return () => controller.abort()
  }, [filters, onUnauthorized])

  useEffect(() => {
    fetchQueue().then(
      (answer) => setQueue(answer.items),
      () => setQueue([]),
    )
  }, [])

  const regionName = (regionId: string) => regions.find((region) => region.id === regionId)?.name ?? regionId
  const titleOf = (collection: string, itemId: string) =>
    items?.find((item) => item.collection === collection && item.id === itemId)?.title ?? itemId

  const applyWords = (event: FormEvent) => {
    event.preventDefault()
    setFilters({ ...filters, q: words.trim() })
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        稿件
      </h1>
      <div className='new-item'>
        <div className='field'>
          <label htmlFor={`${id}-new`}>新建稿件的栏目</label>
          <select id={`${id}-new`} value={newCollection} onChange={(event) => setNewCollection(event.target.value)}>
            {COLLECTIONS.map((collection) => (
              <option key={collection} value={collection}>
                {collectionName(collection)}
              </option>
            ))}
          </select>
        </div>
        <a className='button primary' href={routeHash({ page: 'new', collection: newCollection })}>
          新建稿件
        </a>
      </div>

      {queue && queue.length > 0 && (
        <section aria-labelledby={`${id}-queue`} className='queue'>
          <h2 id={`${id}-queue`}>待我审核（{queue.length}）</h2>
          <ul>
            {queue.map((entry) => (
              <li key={`${entry.collection}/${entry.id}`}>
                <a href={routeHash({ page: 'item', collection: entry.collection, id: entry.id })}>
                  {titleOf(entry.collection, entry.id)}
                </a>{' '}
                <span className='muted'>
                  {collectionName(entry.collection)} · 等待{entry.step}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {queue && queue.length === 0 && me.reviewSteps.length > 0 && <p className='muted'>待我审核：暂无。</p>}

      <section aria-labelledby={`${id}-all`}>
        <h2 id={`${id}-all`}>全部稿件</h2>
        <form className='filters list-filters' aria-label='筛选稿件' onSubmit={applyWords}>
          <FilterSelect
            id={`${id}-collection`}
            label='栏目'
            all='全部栏目'
            value={filters.collection}
            options={COLLECTIONS.map((collection) => [collection, collectionName(collection)])}
            onChange={(collection) => setFilters({ ...filters, collection })}
          />
          <FilterSelect
            id={`${id}-state`}
            label='状态'
            all='全部状态'
            value={filters.state}
            options={Object.entries(STATE_LABELS)}
            onChange={(state) => setFilters({ ...filters, state })}
          />
          {me.role === 'province' && (
            <FilterSelect
              id={`${id}-publisher`}
              label='发布单位'
              all='全部单位'
              value={filters.publisher}
              options={regions.map((region) => [region.id, region.name])}
              onChange={(publisher) => setFilters({ ...filters, publisher })}
            />
          )}
          <div className='field words'>
            <label htmlFor={`${id}-q`}>标题或标识中的词</label>
            <div className='inline'>
              <input
                id={`${id}-q`}
                type='search'
                maxLength={50}
                value={words}
                onChange={(event) => setWords(event.target.value)}
              />
              <button type='submit'>查找</button>
            </div>
          </div>
        </form>

        {error && (
          <p className='alert error' role='alert'>
            {error}
          </p>
        )}
        <p className='visually-hidden' role='status'>
          {items ? `共 ${items.length} 篇稿件` : ''}
        </p>
        {!items && !error && <p className='loading'>正在加载…</p>}
        {items && items.length === 0 && <p className='empty'>没有符合条件的稿件。</p>}
        {items && items.length > 0 && (
          <div className='scroll'>
            <table className='data items-list'>
              <caption>共 {items.length} 篇，最近改动的在前</caption>
              <thead>
                <tr>
                  <th scope='col' className='text'>
                    标题
                  </th>
                  <th scope='col' className='text'>
                    状态
                  </th>
                  <th scope='col' className='text'>
                    栏目
                  </th>
                  <th scope='col' className='text'>
                    发布单位
                  </th>
                  <th scope='col'>版本</th>
                  <th scope='col'>改动时间</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={`${item.collection}/${item.id}`}>
                    <th scope='row' className='text title'>
                      <a href={routeHash({ page: 'item', collection: item.collection, id: item.id })}>{item.title}</a>
                      {/* Its public id (share links) once it has one; a draft's own id is the server's, of no use to read */}
                      {item.publicId && <span className='day'>{item.publicId}</span>}
                    </th>
                    <td className='text'>
                      <span className={`state state-${item.state}`}>{stateLabel(item.state, item.step)}</span>
                      {item.correctionReason && <span className='day'>更正中</span>}
                    </td>
                    <td className='text'>{collectionName(item.collection)}</td>
                    <td className='text'>{regionName(item.publisher)}</td>
                    <td>{item.version || '—'}</td>
                    <td>{timeLabel(item.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}
