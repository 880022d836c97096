// Checks a POST /api/v1/events body: the form of each field (src/model/events.ts), which fields each type takes,
// the time, and that the item exists. The first problem refuses the whole batch, naming the event and the field.
import { Value } from '@sinclair/typebox/value'
import type { CollectionName } from '../../src/model/labels'
import {
  EVENT_TYPES,
  MAX_EVENTS_PER_BATCH,
  ReachEvent,
  type EventType,
  type ReachEvent as ReachEventType,
} from '../../src/model/events'
import { shanghaiDate } from '../content/shanghai-date'
import type { LoadedContent } from '../content/load-content'
import type { EventRow } from '../store/database'

/** An event may be at most this old when it arrives (kept on a device offline meanwhile)… */
export const MAX_EVENT_AGE_MS = 7 * 24 * 60 * 60 * 1000
/** …and at most this far in the future (a device's clock a little fast). */
export const MAX_EVENT_AHEAD_MS = 10 * 60 * 1000

type Field = keyof ReachEventType
const OPTIONAL_FIELDS: Field[] = ['collection', 'itemId', 'page', 'scene', 'shareId', 'fromShareId', 'q']

/** Per type: the fields it must have and those it may have (beyond id, type, at, visitor). */
const FIELDS: Record<EventType, { required: Field[]; optional: Field[]; collection?: CollectionName }> = {
  // A page shown; on a detail page, with its item
  view: { required: ['page'], optional: ['collection', 'itemId', 'scene'] },
  // fromShareId: the share the page was opened from, when this share was made there (a re-share: share depth)
  share: { required: ['collection', 'itemId', 'shareId'], optional: ['page', 'fromShareId'] },
  // An open from a shared card: the launch scene and the share it came from
  share_open: { required: ['collection', 'itemId', 'fromShareId'], optional: ['page', 'scene'] },
  video_play: { required: ['collection', 'itemId'], optional: ['page'], collection: 'videos' },
  video_complete: { required: ['collection', 'itemId'], optional: ['page'], collection: 'videos' },
  hotline_tap: { required: [], optional: ['page', 'collection', 'itemId'] },
  channel_open: { required: [], optional: ['page', 'collection', 'itemId'] },
  search: { required: ['q'], optional: ['page'] },
}

export class EventProblem extends Error {}

/**
 * What looks like a phone or ID number in search words: 7 or more digits in a row, spaces or hyphens between them
 * allowed (138 0013 8000), an ID card's final X included. Such runs are removed before the words are stored (not
 * refused: the rest of the batch is good); words left empty are stored as no words.
 */
const NUMBER_RUN = /\p{Nd}(?:[\s-]*\p{Nd}){6,}[xX]?/gu

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function scrubSearchWords(q: string): string | null {
  const kept = q.normalize('NFKC').replace(NUMBER_RUN, ' ').replace(/\s+/g, ' ').trim()
  return kept === '' ? null : kept
}

/** The published items by collection, for the content version in use (built once per version). */
const knownItems = new WeakMap<LoadedContent, Map<string, Set<string>>>()

function publishedIds(content: LoadedContent, collection: CollectionName): Set<string> {
  let byCollection = knownItems.get(content)
  if (!byCollection) {
    byCollection = new Map()
    for (const [name, items] of Object.entries(content.items)) {
      byCollection.set(name, new Set(items.filter((item) => item.data.status === 'published').map((item) => item.id)))
    }
    knownItems.set(content, byCollection)
  }
  return byCollection.get(collection) ?? new Set()
}

/** The rows to store for a body, or an EventProblem naming what is wrong. */
export function validateEvents(body: unknown, content: LoadedContent, now: number): EventRow[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new EventProblem('The body must be a JSON object: { "events": [ … ] }')
  const extra = Object.keys(body).find((key) => key !== 'events')
  if (extra !== undefined) throw new EventProblem(`${shorten(extra)}: not a field of the body (only "events")`)
  const events = (body as { events?: unknown }).events
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_EVENTS_PER_BATCH)
    throw new EventProblem(`events must be an array of 1 to ${MAX_EVENTS_PER_BATCH} events`)
  return events.map((event, index) => checkEvent(event, index, content, now))
}

function checkEvent(event: unknown, index: number, content: LoadedContent, now: number): EventRow {
  const where = (field?: string) => (field ? `events[${index}].${field}` : `events[${index}]`)
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new EventProblem(`${where()}: must be an object`)
  if (!Value.Check(ReachEvent, event)) throw new EventProblem(formProblem(event as Record<string, unknown>, where))
  const fields = FIELDS[event.type]
  for (const field of fields.required) {
    if (event[field] === undefined) throw new EventProblem(`${where(field)}: required for a ${event.type} event`)
  }
  for (const field of OPTIONAL_FIELDS) {
    if (event[field] !== undefined && !fields.required.includes(field) && !fields.optional.includes(field))
      throw new EventProblem(`${where(field)}: not taken by a ${event.type} event`)
  }
  if (event.at < now - MAX_EVENT_AGE_MS) throw new EventProblem(`${where('at')}: older than 7 days`)
  if (event.at > now + MAX_EVENT_AHEAD_MS) throw new EventProblem(`${where('at')}: more than 10 minutes ahead`)
  // Control characters (PostgreSQL's text refuses NUL) and broken UTF-16 are never search words
  if (event.q !== undefined && (/\p{Cc}/u.test(event.q) || LONE_SURROGATE.test(event.q)))
    throw new EventProblem(`${where('q')}: must be text without control characters`)
  if ((event.collection === undefined) !== (event.itemId === undefined)) {
    const missing = event.collection === undefined ? 'collection' : 'itemId'
    throw new EventProblem(`${where(missing)}: collection and itemId go together`)
  }
  if (fields.collection && event.collection !== fields.collection)
    throw new EventProblem(`${where('collection')}: must be ${fields.collection} for a ${event.type} event`)
  if (event.collection !== undefined && event.itemId !== undefined) {
    if (!publishedIds(content, event.collection).has(event.itemId))
      throw new EventProblem(`${where('itemId')}: no published item ${shorten(event.itemId)} in ${event.collection}`)
  }
  return {
    id: event.id.toLowerCase(),
    type: event.type,
    at: event.at,
    day: shanghaiDate(event.at),
    visitor: event.visitor,
    collection: event.collection ?? null,
    item_id: event.itemId ?? null,
    page: event.page ?? null,
    scene: event.scene ?? null,
    share_id: event.shareId ?? null,
    from_share_id: event.fromShareId ?? null,
    q: event.q === undefined ? null : scrubSearchWords(event.q),
    received_at: now,
  }
}

const RULES: Record<string, string> = {
  id: 'must be a UUID',
  type: `must be one of ${EVENT_TYPES.join(', ')}`,
  at: 'must be a time in milliseconds since the epoch (a whole number)',
  visitor: 'must be 16 to 64 letters, digits, - or _',
  collection: 'must be one of explainers, warnings, videos, news',
  itemId: 'must be an item id (1 to 200 characters)',
  page: 'must be a page route: 1 to 100 letters, digits, /, - or _',
  scene: 'must be a WeChat scene number (1000 to 9999)',
  shareId: 'must be 8 to 64 letters, digits, - or _',
  fromShareId: 'must be 8 to 64 letters, digits, - or _',
  q: 'must be 1 to 50 characters',
}

function formProblem(event: Record<string, unknown>, where: (field?: string) => string): string {
  for (const field of ['id', 'type', 'at', 'visitor'] as const) {
    if (event[field] === undefined) return `${where(field)}: required`
  }
  const unknown = Object.keys(event).find((key) => !Object.hasOwn(RULES, key))
  if (unknown !== undefined) return `${where(shorten(unknown))}: not a field of an event`
  const error = Value.Errors(ReachEvent, event).First()
  const field = error?.path.split('/')[1] ?? ''
  return Object.hasOwn(RULES, field)
    ? `${where(field)}: ${RULES[field]}`
    : `${where()}: ${error?.message ?? 'not valid'}`
}

const shorten = (text: string) => JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)
