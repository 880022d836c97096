// The audit log's actions, actors and details in words, from the table shared with the server
// (src/model/staff-labels.ts); an action or key not listed there is shown as written.
import { errorMessage, type ErrorParams } from '../../../src/model/error-messages'
import {
  AUDIT_ACTIONS,
  AUDIT_DETAIL_KEYS,
  AUDIT_DETAIL_VALUES,
  auditActionLabel,
  fieldLabel,
} from '../../../src/model/staff-labels'

export { AUDIT_ACTION_GROUPS } from '../../../src/model/staff-labels'

export const actionLabel = auditActionLabel

/** The actions the filter offers one by one, in the table's order. */
export const ACTION_CHOICES = Object.entries(AUDIT_ACTIONS).map(([action, label]) => ({ action, label }))

/** Who did it: a username, `cli:<OS user>` (npm run staff on the server), or `(unknown)` (a name no account has). */
export function actorLabel(actor: string): string {
  if (actor === '(unknown)') return '（不存在的用户名）'
  if (actor.startsWith('cli:')) return `命令行（${actor.slice(4)}）`
  return actor
}

type Names = (id: string) => string | undefined

const time = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

function valueText(key: string, value: unknown, regionName: Names): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value))
    return value.length ? value.map((entry) => valueText(key, entry, regionName)).join('、') : '无'
  if (typeof value === 'object') return pairs(value as Record<string, unknown>, regionName)
  const text = String(value)
  if (key === 'region' || key === 'publisher') return regionName(text) ?? text
  if (key === 'reviewSteps') return text === '*' ? '全部步骤' : text.split(',').join('、')
  if (key === 'expiresAt' && !Number.isNaN(Date.parse(text))) return time.format(new Date(text))
  if (key === 'bytes' && typeof value === 'number') return value.toLocaleString('zh-CN')
  if (key === 'reason' && /^[A-Z_]+$/.test(text)) return errorMessage(text).replace(/。$/, '')
  return AUDIT_DETAIL_VALUES[key]?.[text] ?? text
}

function pairs(detail: Record<string, unknown>, regionName: Names): string {
  return (
    Object.entries(detail)
      // A value's own full stop dropped: the pairs are joined by ；
      .map(
        ([key, value]) =>
          `${AUDIT_DETAIL_KEYS[key] ?? fieldLabel(key)}：${valueText(key, value, regionName).replace(/。$/, '')}`,
      )
      .join('；')
  )
}

/**
 * The detail of an entry in one line: its keys and values in words, or the text as written (an edited entry may hold
 * anything). A refusal with the server's error code (an upload refused) says the code's Chinese words instead of the
 * server's English sentence and its HTTP status.
 */
export function detailText(detail: unknown, regionName: Names = () => undefined): string {
  if (detail === null || detail === undefined) return ''
  if (typeof detail !== 'object' || Array.isArray(detail)) return String(detail)
  const { code, status: _status, reason: _reason, params, ...rest } = detail as Record<string, unknown>
  if (typeof code === 'string') {
    const said = errorMessage(code, (params ?? {}) as ErrorParams).replace(/。$/, '')
    const others = pairs(rest, regionName)
    return `${AUDIT_DETAIL_KEYS.reason}：${said}${others ? `；${others}` : ''}`
  }
  return pairs(detail as Record<string, unknown>, regionName)
}
