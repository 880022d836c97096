// Words the newsroom shows: states, field names and their choices, the schema check's problems and the server's
// refusals, from the tables shared with the server (src/model/staff-labels.ts, src/model/error-messages.ts).
import { errorMessage } from '../../../src/model/error-messages'
import { COLLECTION_LABELS } from '../../../src/model/labels'
import { AUDIT_ACTIONS, STATE_LABELS as STATES } from '../../../src/model/staff-labels'
import { ApiError } from '../api'
import type { ShownState } from './newsroom-api'

export {
  ENUM_LABELS,
  enumLabel,
  FIELD_LABELS,
  fieldLabel,
  pointerLabel,
  problemText,
} from '../../../src/model/staff-labels'

export const STATE_LABELS: Record<ShownState, string> = STATES

export const stateLabel = (state: ShownState, step: string | null) =>
  state === 'in_review' && step ? `审核中 · ${step}` : STATE_LABELS[state]

export const collectionName = (collection: string) =>
  (COLLECTION_LABELS as Record<string, string>)[collection] ?? collection

/**
 * A refusal or failure said plainly in Chinese (the code's words, with the details the server sent); the server's
 * English sentence goes to the console, for whoever debugs.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return '操作没有成功，请重试。'
  if (error.status === 0) return errorMessage('NETWORK')
  if (error.message) console.info(`${error.code}: ${error.message}`)
  return errorMessage(error.code, error.params, error.status)
}

export function timeLabel(ms: number | null | undefined): string {
  if (!ms) return '—'
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms))
}

/** An item's own history: the audit table's words without its 稿件： lead. */
export const ACTION_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(AUDIT_ACTIONS)
    .filter(([action]) => action.startsWith('newsroom.'))
    .map(([action, label]) => [action, label.replace(/^稿件：/, '')]),
)
