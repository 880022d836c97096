// Reach events (contract: shared DESIGN.md, "Reach"): what the app sends to POST /api/v1/events. The schemas check
// each field's form; server/events/validate-events.ts adds what depends on the type, the clock and the content.
import { Type, type Static } from '@sinclair/typebox'
import { COLLECTIONS } from './labels'

export const EVENT_TYPES = [
  'view',
  'share',
  'share_open',
  'video_play',
  'video_complete',
  'hotline_tap',
  'channel_open',
  'search',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** At most this many events in one request, and at most this many bytes of body. */
export const MAX_EVENTS_PER_BATCH = 50
export const MAX_EVENTS_BODY_BYTES = 16 * 1024
/** Search words kept: at most this many characters. */
export const MAX_SEARCH_WORDS = 50

/** A random id made by the device afresh each day, 16 to 64 URL-safe characters (e.g. 24 random bytes, base64url). */
export const VISITOR_PATTERN = '^[A-Za-z0-9_-]{16,64}$'
/** A share id: made when sharing and carried in the shared path; 8 to 64 URL-safe characters. */
export const SHARE_ID_PATTERN = '^[A-Za-z0-9_-]{8,64}$'
/** Any UUID (8-4-4-4-12 hexadecimal digits), as crypto.randomUUID() makes. */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
/** A page's route without its query, e.g. `pages/detail/index`. */
export const PAGE_PATTERN = '^[A-Za-z0-9/_-]{1,100}$'

export const ReachEvent = Type.Object(
  {
    id: Type.String({ pattern: UUID_PATTERN }),
    type: Type.Union(EVENT_TYPES.map((type) => Type.Literal(type))),
    /** When it happened, in milliseconds since the epoch (the device's clock). */
    at: Type.Integer(),
    visitor: Type.String({ pattern: VISITOR_PATTERN }),
    collection: Type.Optional(Type.Union(COLLECTIONS.map((name) => Type.Literal(name)))),
    itemId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    page: Type.Optional(Type.String({ pattern: PAGE_PATTERN })),
    /** WeChat's launch scene (e.g. 1007: a card in a one-to-one chat). */
    scene: Type.Optional(Type.Integer({ minimum: 1000, maximum: 9999 })),
    shareId: Type.Optional(Type.String({ pattern: SHARE_ID_PATTERN })),
    fromShareId: Type.Optional(Type.String({ pattern: SHARE_ID_PATTERN })),
    /** Search words, only for a search that found nothing. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SEARCH_WORDS })),
  },
  { additionalProperties: false },
)
export type ReachEvent = Static<typeof ReachEvent>

export interface EventsRequest {
  events: ReachEvent[]
}

/** 202: `accepted` stored now, `duplicates` already stored before (an id sent again) or twice in the batch. */
export interface EventsResponse {
  accepted: number
  duplicates: number
}
