// The dashboard of one staff account: the period and filters, then the figures the API answers for them. Nothing is
// computed here beyond choosing and formatting what the server sent (reach-contract: no invented figures).
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { errorMessage } from '../../src/model/error-messages'
import { COLLECTION_LABELS, COLLECTIONS } from '../../src/model/labels'
import { ApiError, csvUrl, fetchReach } from './api'
import { Filters, type Selection } from './Filters'
import { count, indexValue, partialDayLabel, percent, perOne, updatedAtLabel } from './format'
import { dayLabel, lastDays } from './period'
import { DaysTable, ItemsTable, RegionsTable, SearchesTable } from './Tables'
import type { Figures, Me, Reach, ReachParams } from './types'
import { StaffHeader } from './StaffHeader'

const TrendChart = lazy(() => import('./chart/TrendChart'))

type Load =
  | { kind: 'loading'; previous?: Reach }
  | { kind: 'done'; reach: Reach }
  | { kind: 'error'; message: string; retry: boolean }

const FIGURE_KEYS: (keyof Figures)[] = [
  'views',
  'visitors',
  'shares',
  'shareOpens',
  'videoPlays',
  'videoCompletes',
  'hotlineTaps',
  'channelOpens',
  'searchesWithoutResult',
]

export const collectionLabel = (collection: string) =>
  (COLLECTION_LABELS as Record<string, string>)[collection] ?? collection

function errorText(error: ApiError): { message: string; retry: boolean } {
  if (error.status === 403) return { message: '您的账号无权查看所选地区的数据。', retry: false }
  if (error.status === 400) return { message: errorMessage(error.code, error.params, error.status), retry: false }
  if (error.status === 0) return { message: '无法连接服务器，请检查网络后重试。', retry: true }
  if (error.status === 404) return { message: '服务器上没有传播力统计（未开启事件存储）。', retry: false }
  return { message: `服务器暂时无法给出数据（${error.status}），请稍后重试。`, retry: true }
}

export function Dashboard({
  me,
  onLoggedOut,
  onLogout,
  nav,
}: {
  me: Me
  onLoggedOut: (notice: string) => void
  onLogout: (me: Me) => Promise<void>
  /** The staff pages' switcher, under the header's first row */
  nav?: ReactNode
}) {
  const [selection, setSelection] = useState<Selection>(() => ({
    preset: '7',
    ...lastDays(7),
    collection: '',
    region: me.role === 'city' ? me.region : '',
  }))
  const params: ReachParams = useMemo(
    () => ({ from: selection.from, to: selection.to, collection: selection.collection, region: selection.region }),
    [selection.from, selection.to, selection.collection, selection.region],
  )
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [regionOptions, setRegionOptions] = useState<{ id: string; name: string; kind: string }[]>([])
  const [logoutError, setLogoutError] = useState<string>()

  useEffect(() => {
    const controller = new AbortController()
    setLoad((current) => ({
      kind: 'loading',
      previous: current.kind === 'done' ? current.reach : current.kind === 'loading' ? current.previous : undefined,
    }))
    fetchReach(params, controller.signal).then(
      (reach) => {
        setLoad({ kind: 'done', reach })
        // The province's accounts get every region of site.yaml, whatever region was asked
        if (me.role === 'province') setRegionOptions(reach.regions.map(({ id, name, kind }) => ({ id, name, kind })))
        else setRegionOptions(reach.regions.filter((region) => region.id === me.region))
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        if (error instanceof ApiError && error.status === 401) {
          onLoggedOut('登录已过期或已在别处退出，请重新登录。')
          return
        }
        setLoad({
          kind: 'error',
          ...(error instanceof ApiError ? errorText(error) : { message: '数据没有加载成功，请重试。', retry: true }),
        })
      },
    )
    return () => controller.abort()
  }, [params, attempt, me.role, me.region, onLoggedOut])

  const logout = useCallback(async () => {
    setLogoutError(undefined)
    try {
      await onLogout(me)
    } catch {
      setLogoutError('退出没有成功，请检查网络后重试。')
    }
  }, [me, onLogout])

  const reach = load.kind === 'done' ? load.reach : load.kind === 'loading' ? load.previous : undefined
  const regionName = (id: string | undefined | null) =>
    id ? (regionOptions.find((region) => region.id === id)?.name ?? id) : undefined
  const scopeLabel = selection.region ? regionName(selection.region) : '全省（所有地区）'
  const collectionName = selection.collection ? collectionLabel(selection.collection) : '全部栏目'

  return (
    <>
      <StaffHeader page='传播力看板' me={me} onLogout={() => void logout()} logoutError={logoutError} nav={nav} />
      <main id='main' className='page'>
        <h1>传播力看板</h1>
        <Filters
          me={me}
          selection={selection}
          onChange={setSelection}
          regions={regionOptions}
          collections={COLLECTIONS.map((id) => ({ id, name: collectionLabel(id) }))}
        />
        <div className='scope'>
          <p>
            <strong>{scopeLabel}</strong> · {collectionName} · {dayLabel(selection.from, true)} 至{' '}
            {dayLabel(selection.to, true)}（北京时间）
          </p>
          <a className='button' href={csvUrl(params)} download>
            导出 CSV（当前条件的内容排行）
          </a>
        </div>

        <p className='visually-hidden' role='status'>
          {load.kind === 'loading' ? '正在加载数据…' : load.kind === 'done' ? '数据已更新。' : ''}
        </p>
        {load.kind === 'loading' && !reach && <p className='loading'>正在加载数据…</p>}
        {load.kind === 'error' && (
          <div className='alert error' role='alert'>
            <p>{load.message}</p>
            {load.retry && (
              <button type='button' onClick={() => setAttempt((n) => n + 1)}>
                重试
              </button>
            )}
          </div>
        )}
        {reach && load.kind !== 'error' && (
          <div className={load.kind === 'loading' ? 'results stale' : 'results'} aria-busy={load.kind === 'loading'}>
            <Results reach={reach} regionName={regionName} />
          </div>
        )}
      </main>
    </>
  )
}

function Results({ reach, regionName }: { reach: Reach; regionName: (id: string) => string | undefined }) {
  const { totals } = reach
  // Today is in the period: its figures are those of the hours so far, said on the chart and in the table
  const partial = useMemo(
    () => (reach.partial ? { day: reach.partial.day, label: partialDayLabel(reach.partial.asOf) } : undefined),
    [reach.partial],
  )
  const empty = FIGURE_KEYS.every((key) => !totals[key])
  const searches = reach.searches
  return (
    <>
      {reach.generated && (
        <div className='alert generated' role='note'>
          <p>
            <strong>演示数据：</strong>这些数字由程序生成，不是群众的真实访问。
          </p>
          <p>{reach.generated}</p>
        </div>
      )}
      <section aria-labelledby='totals-heading'>
        <h2 id='totals-heading'>总览</h2>
        <dl className='totals'>
          <Total label='浏览' value={count(totals.views)} unit='次' />
          <Total label='访客' value={count(totals.visitors)} unit='人次' note='每日访客相加' />
          <Total label='转发' value={count(totals.shares)} unit='次' />
          <Total label='转发打开' value={count(totals.shareOpens)} unit='次' />
          <Total
            label='每次转发带来的打开'
            value={perOne(totals.opensPerShare)}
            unit='次'
            note='转发打开 ÷ 转发：平均每次转发被打开几次'
          />
          <Total label='视频完播率' value={percent(totals.completionRate)} note='看完 ÷ 播放' />
          <Total label='热线拨打' value={count(totals.hotlineTaps)} unit='次' />
          <Total label='传播深度' value={count(totals.shareDepth)} unit='层' note='最长转发链' />
          <Total label='传播力指数' value={indexValue(totals.index)} strong />
        </dl>
        {reach.updatedAt ? <p className='muted'>数据更新至 {updatedAtLabel(reach.updatedAt)}。</p> : null}
      </section>

      {empty ? (
        <section aria-labelledby='empty-heading' className='empty'>
          <h2 id='empty-heading'>所选时段没有记录</h2>
          <p>
            {dayLabel(reach.from, true)} 至 {dayLabel(reach.to, true)}
            没有任何浏览、转发或搜索记录，所以没有趋势、排行和考评。
          </p>
          <p>可以：选择更长的时段（如“近180天”）；把栏目改为“全部栏目”；或确认小程序已上线且用户没有关闭“匿名统计”。</p>
        </section>
      ) : (
        <>
          <section aria-labelledby='trend-heading'>
            <h2 id='trend-heading'>每日趋势</h2>
            <figure className='trend'>
              <figcaption id='trend-summary'>
                <TrendSummary reach={reach} partial={partial?.label} />
              </figcaption>
              <Suspense fallback={<div className='chart loading'>正在加载趋势图…</div>}>
                <TrendChart days={reach.days} partial={partial} />
              </Suspense>
            </figure>
            <details>
              <summary>逐日数据表</summary>
              <DaysTable days={reach.days} partial={partial} />
            </details>
          </section>
          <section aria-labelledby='items-heading'>
            <h2 id='items-heading'>内容传播力排行</h2>
            <ItemsTable items={reach.items} regionName={regionName} />
          </section>
          <section aria-labelledby='regions-heading'>
            <h2 id='regions-heading'>各单位考评</h2>
            <RegionsTable regions={reach.regions} />
          </section>
          <section aria-labelledby='searches-heading'>
            <h2 id='searches-heading'>群众在找、我们还没有的内容</h2>
            <p className='muted'>搜索了却没有找到结果的词（已去掉像电话号码、身份证号的数字）。</p>
            {searches === undefined ? (
              <p>服务器暂未提供这项统计。</p>
            ) : searches.length === 0 ? (
              <p>所选时段没有搜不到结果的搜索。</p>
            ) : (
              <SearchesTable searches={searches} />
            )}
          </section>
        </>
      )}
    </>
  )
}

function Total({
  label,
  value,
  unit,
  note,
  strong,
}: {
  label: string
  value: string
  unit?: string
  note?: string
  strong?: boolean
}) {
  return (
    <div className={strong ? 'total strong' : 'total'}>
      <dt>{label}</dt>
      <dd>
        <span className='value'>{value}</span>
        {unit && value !== '—' ? <span className='unit'>{unit}</span> : null}
        {note ? <span className='note'>{note}</span> : null}
      </dd>
    </div>
  )
}

/** The chart in words: the period's totals and its busiest day, from the server's figures. */
function TrendSummary({ reach, partial }: { reach: Reach; partial?: string }) {
  const busiest = reach.days.reduce<Reach['days'][number] | undefined>(
    (best, day) => (!best || day.views > best.views ? day : best),
    undefined,
  )
  return (
    <>
      {dayLabel(reach.from)}至{dayLabel(reach.to)}共 {reach.days.length} 天：浏览 {count(reach.totals.views)} 次，访客{' '}
      {count(reach.totals.visitors)} 人次，转发 {count(reach.totals.shares)} 次，转发打开{' '}
      {count(reach.totals.shareOpens)} 次。
      {busiest && busiest.views > 0 ? `浏览最多的一天是${dayLabel(busiest.day)}（${count(busiest.views)} 次）。` : ''}
      {partial ? `最后一天是${partial}，还没有结束，数字会继续增加。` : ''}
      逐日数字见图下的数据表。
    </>
  )
}
