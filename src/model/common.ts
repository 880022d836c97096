import { Type, type Static } from '@sinclair/typebox'
import { Keywords } from './search'

/** Stable id used in share links: lower-case words joined by hyphens. Never changes once published. */
export const Id = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', minLength: 2, maxLength: 80 })

/** A calendar date, YYYY-MM-DD (China Standard Time is implied). */
export const DateString = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' })

export const Status = Type.Union([Type.Literal('draft'), Type.Literal('published')])
export type Status = Static<typeof Status>

/** Where a fact comes from: a law and its article, or an official notice. */
export const Source = Type.Object(
  {
    title: Type.String({ minLength: 2, maxLength: 200 }),
    article: Type.Optional(Type.String({ maxLength: 100 })),
    publisher: Type.Optional(Type.String({ maxLength: 100 })),
    date: Type.Optional(DateString),
    url: Type.Optional(Type.String({ pattern: '^https?://' })),
  },
  { additionalProperties: false },
)
export type Source = Static<typeof Source>

/** Fields every item of every collection has, as written in its front matter. */
export const ItemBase = {
  id: Id,
  title: Type.String({ minLength: 2, maxLength: 80 }),
  status: Status,
  publishedAt: DateString,
  updatedAt: Type.Optional(DateString),
  summary: Type.String({ minLength: 2, maxLength: 200 }),
  sources: Type.Array(Source, { minItems: 1 }),
  /** Share image (5:4), path under the content's media folder. */
  shareImage: Type.Optional(Type.String()),
  /** Words citizens use for this item (search only, not shown): 1–20 characters each, at most 20. */
  keywords: Type.Optional(Keywords),
  /** The publishing bureau, a region id of site.yaml (reach is credited to it); unset: the province. */
  publisher: Type.Optional(Id),
}
