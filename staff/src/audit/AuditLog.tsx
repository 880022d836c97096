// 操作日志: the audit log for province accounts (GET /api/v1/staff/audit). At the top the whole chain's state in words
// (完整, or where it breaks); filters (period, actor, and an action or a group of them chosen by name); a table of the
// entries, newest first, each marked 通过 or 未通过校验, in pages of the server's size; the CSV export of the same
// filter. A city account sees 无权查看 (the API answers it 403 anyway).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { errorMessage } from '../../../src/model/error-messages'
import { ApiError } from '../api'
import { lastDays, periodProblem, today } from '../period'
import type { Me } from '../types'
import { auditCsvUrl, fetchAudit, type AuditFilter, type AuditPage, type ChainStatus } from './audit-api'
import { ACTION_CHOICES, AUDIT_ACTION_GROUPS, actionLabel, actorLabel, detailText } from './labels'

/** The filter's choice in words: a group (newsroom.*), an action, or all. */
const filterLabel = (action: string) =>
  AUDIT_ACTION_GROUPS.find((group) => group.filter === action)?.label ?? actionLabel(action)

type Load =
  | { kind: 'loading'; previous?: AuditPage }
  | { kind: 'done'; data: AuditPage }
  | { kind: 'error'; message: string; previous?: AuditPage }

export function chainWords(chain: ChainStatus): string {
  if (chain.ok) return `全部 ${chain.entries} 条记录均通过校验，没有被修改或删除。`
  return `在第 ${chain.brokenAt} 条处断开：该条记录被修改或删除（共 ${chain.entries} 条）。`
}

const PROBLEM_WORDS = (problem: string | undefined) =>
  problem && /before/.test(problem) ? '前一条记录被修改或删除' : '本条内容与其哈希不符（被修改）'

export function AuditLog({ me, onLoggedOut }: { me: Me; onLoggedOut: (notice: string) => void }) {
  const id = useId()
  const [filter, setFilter] = useState<AuditFilter>(() => ({ ...lastDays(30), actor: '', action: '' }))
  const [draft, setDraft] = useState<AuditFilter>(filter)
  const [problem, setProblem] = useState<string>()
  const [page, setPage] = useState(1)
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const heading = useRef<HTMLHeadingElement>(null)
  const regionName = (region: string) => me.regions?.find((known) => known.id === region)?.name

  useEffect(() => {
    if (me.role !== 'province') return
    const controller = new AbortController()
    setLoad((last) => ({ kind: 'loading', previous: last.kind === 'done' ? last.data : last.previous }))
    fetchAudit(filter, page, controller.signal).then(
      (data) => setLoad({ kind: 'done', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        if (error instanceof ApiError && error.status === 401) {
          onLoggedOut('登录已过期，请重新登录。')
          return
        }
        const message =
          error instanceof ApiError && error.status === 403
            ? '无权查看操作日志：只有省局账号可以查看。'
            : error instanceof ApiError && error.status === 400
              ? errorMessage(error.code, error.params, error.status)
              : '操作日志加载失败，请检查网络后重试。'
        setLoad((last) => ({
          kind: 'error',
          message,
          previous: last.kind === 'loading' ? last.previous : undefined,
        }))
      },
    )
    return () => controller.abort()
  }, [filter, page, me.role, onLoggedOut])

  if (me.role !== 'province') {
    return (
      <main id='main' className='page'>
        <h1>操作日志</h1>
        <div className='alert error' role='alert'>
          <p>无权查看：操作日志只对省局账号开放。</p>
        </div>
      </main>
    )
  }

  const apply = (event: FormEvent) => {
    event.preventDefault()
    const wrong = periodProblem(draft.from, draft.to)
    setProblem(wrong)
    if (wrong) return
    setPage(1)
    setFilter({ ...draft })
  }

  const data = load.kind === 'done' ? load.data : load.previous
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1
  const goTo = (next: number) => {
    setPage(next)
    heading.current?.focus()
  }

  return (
    <main id='main' className='page audit'>
      <h1 ref={heading} tabIndex={-1}>
        操作日志
      </h1>
      {data &&
        (data.chain.ok ? (
          <div className='alert info chain-ok' role='status'>
            <p>
              <strong>日志完整</strong> · {chainWords(data.chain)}
            </p>
          </div>
        ) : (
          <div className='alert error chain-broken' role='alert'>
            <p>
              <strong>日志已断开</strong> · {chainWords(data.chain)}
            </p>
            <p>该条及之后的记录不能再视为可信，请向系统管理员报告（可用命令 npm run audit:verify 复核）。</p>
          </div>
        ))}

      <form className='filters audit-filters' onSubmit={apply} aria-label='查询条件' noValidate>
        <div className='field'>
          <label htmlFor={`${id}-from`}>开始日期</label>
          <input
            id={`${id}-from`}
            type='date'
            value={draft.from}
            max={today()}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </div>
        <div className='field'>
          <label htmlFor={`${id}-to`}>结束日期</label>
          <input
            id={`${id}-to`}
            type='date'
            value={draft.to}
            max={today()}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </div>
        <div className='field'>
          <label htmlFor={`${id}-actor`}>操作人</label>
          <input
            id={`${id}-actor`}
            type='text'
            value={draft.actor}
            placeholder='用户名，留空为全部'
            maxLength={100}
            onChange={(event) => setDraft({ ...draft, actor: event.target.value })}
          />
        </div>
        <div className='field'>
          <label htmlFor={`${id}-action`}>操作</label>
          <select
            id={`${id}-action`}
            value={draft.action}
            onChange={(event) => setDraft({ ...draft, action: event.target.value })}
          >
            <option value=''>全部操作</option>
            <optgroup label='一类操作'>
              {AUDIT_ACTION_GROUPS.map((group) => (
                <option key={group.filter} value={group.filter}>
                  {group.label}
                </option>
              ))}
            </optgroup>
            <optgroup label='某一项操作'>
              {ACTION_CHOICES.map((choice) => (
                <option key={choice.action} value={choice.action}>
                  {choice.label}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type='submit'>查询</button>
        {problem && (
          <p className='alert error' role='alert'>
            {problem}
          </p>
        )}
      </form>

      <div className='scope'>
        <p>
          {filter.from} 至 {filter.to}（北京时间）{filter.actor.trim() ? ` · 操作人 ${filter.actor.trim()}` : ''}
          {filter.action.trim() ? ` · ${filterLabel(filter.action.trim())}` : ''}
          {data ? ` · 共 ${data.total} 条` : ''}
        </p>
        <a className='button' href={auditCsvUrl(filter)} download>
          导出 CSV（当前条件的日志）
        </a>
      </div>

      <p className='visually-hidden' role='status'>
        {load.kind === 'loading' ? '正在加载操作日志…' : load.kind === 'done' ? '操作日志已更新。' : ''}
      </p>
      {load.kind === 'loading' && !data && <p className='loading'>正在加载操作日志…</p>}
      {load.kind === 'error' && (
        <div className='alert error' role='alert'>
          <p>{load.message}</p>
        </div>
      )}

      {data && data.entries.length === 0 && <p className='empty'>所选条件下没有操作记录。</p>}
      {data && data.entries.length > 0 && (
        <div className={load.kind === 'loading' ? 'results stale' : 'results'} aria-busy={load.kind === 'loading'}>
          <p className='swipe-hint' aria-hidden='true'>
            表格可左右滑动
          </p>
          <div className='scroll' role='region' aria-label='操作记录（可横向滚动）' tabIndex={0}>
            <table className='data audit-table'>
              <caption>
                操作记录，最新的在前（第 {data.page} 页，共 {pages} 页）
              </caption>
              <thead>
                <tr>
                  <th scope='col'>编号</th>
                  <th scope='col'>时间</th>
                  <th scope='col'>操作人</th>
                  <th scope='col'>操作</th>
                  <th scope='col'>详情</th>
                  <th scope='col'>校验</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((entry) => (
                  <tr key={entry.id} className={entry.verified ? undefined : 'failed'}>
                    <th scope='row'>{entry.id}</th>
                    <td className='time'>{entry.time}</td>
                    <td>{actorLabel(entry.actor)}</td>
                    <td>{actionLabel(entry.action)}</td>
                    <td className='detail'>{detailText(entry.detail, regionName)}</td>
                    <td className='check'>
                      {entry.verified ? (
                        <span className='ok'>通过</span>
                      ) : (
                        <span className='bad'>
                          未通过校验<span className='why'>{PROBLEM_WORDS(entry.problem)}</span>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <nav className='pager' aria-label='翻页'>
              <button type='button' disabled={data.page <= 1} onClick={() => goTo(data.page - 1)}>
                上一页
              </button>
              <span>
                第 {data.page} / {pages} 页
              </span>
              <button type='button' disabled={data.page >= pages} onClick={() => goTo(data.page + 1)}>
                下一页
              </button>
            </nav>
          )}
        </div>
      )}
    </main>
  )
}
