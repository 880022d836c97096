// Shapes the newsroom's API answers with (server/newsroom) and the staff app reads (staff/src/newsroom). Types only.

/** A saved version of an item: who saved it, when (ms since the epoch). */
export interface NewsroomVersionInfo {
  version: number
  savedBy: string
  savedAt: number
}

/** One review step taken: approved or returned, by whom, with what comment. */
export interface NewsroomReview {
  round: number
  version: number
  /** The step's place in the chain (0 first) and its name */
  step: number
  stepName: string
  reviewer: string
  decision: 'approve' | 'return'
  comment: string | null
  at: number
}

/**
 * What an account may do with an item now, as the item's answer lists them (`actions`): computed by the checks the
 * routes make before acting, so the editor offers only those.
 */
export type NewsroomAction = 'save' | 'submit' | 'approve' | 'return' | 'publish' | 'withdraw' | 'correct'

/** A live preview link as the editor lists it (server/newsroom/preview-links.ts): what it shows, expiry, maker. */
export interface PreviewLinkEntry {
  link: string
  /** The version it shows; null: the newest saved one whenever it is opened */
  version: number | null
  followsNewest: boolean
  /** ISO times */
  expiresAt: string
  createdBy: string
  createdAt: string
}
