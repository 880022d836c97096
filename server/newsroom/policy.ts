// Who may do what in the newsroom, and the review chain of each collection. Checked on the server for every call.
//
// - Drafting (create, save, submit, start a correction): a province account for any publisher, a city account for
//   its own region only (the item's `publisher`).
// - Reviewing (approve, return, publish, withdraw): an item published by the province is reviewed by province
//   staff; a city's item by that city's staff or the province's. The account must also hold the step
//   (`npm run staff -- grant <name> --can-review` for any step, or `--review-steps 初审,复审`).
// - Each step by someone else than the authors of the version under review and than the earlier steps' reviewers.
import type { CollectionName } from '../../src/model/labels'
import type { SiteSettings } from '../../src/model/site'
import type { StaffAccount } from '../staff/staff-store'

export const DEFAULT_CHAIN = ['初审', '复审', '终审'] as const

/** The review chain of a collection: its own in site.yaml's reviewChains, else `default` there, else 初审 → 复审 → 终审. */
export function chainFor(site: SiteSettings | undefined, collection: CollectionName): string[] {
  const chains = site?.reviewChains
  return [...(chains?.[collection] ?? chains?.default ?? DEFAULT_CHAIN)]
}

export interface Actor extends StaffAccount {
  /** '' none, '*' any step, else step names joined by commas (staff.review_steps). */
  reviewSteps: string
}

/** Review steps written for the CLI and the database: '*' for any, names joined by commas, '' for none. */
export function parseReviewSteps(text: string): string[] | '*' {
  if (text.trim() === '*') return '*'
  return text
    .split(',')
    .map((step) => step.trim())
    .filter(Boolean)
}

export function mayTakeStep(actor: Actor, step: string): boolean {
  const steps = parseReviewSteps(actor.reviewSteps)
  return steps === '*' || steps.includes(step)
}

export function isReviewer(actor: Actor): boolean {
  const steps = parseReviewSteps(actor.reviewSteps)
  return steps === '*' || steps.length > 0
}

/** May draft for this publisher: the province for any, a city for itself. */
export function mayDraft(actor: Actor, publisher: string): boolean {
  return actor.role === 'province' || actor.region === publisher
}

/** May read an item of this publisher: the same as drafting (a city sees its own region's items only). */
export const mayRead = mayDraft

/** May review this publisher's items: the province's by province staff; a city's by that city's or the province's. */
export function mayReviewFor(actor: Actor, publisher: string, province: string): boolean {
  if (actor.role === 'province') return true
  return publisher !== province && actor.region === publisher
}
