// Querystring schemas, registered once per route; the handlers' types come from them.
import { Type } from '@sinclair/typebox'
import {
  EXPLAINER_CATEGORIES,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  VIDEO_AWARDS,
  WARNING_LEVELS,
} from '../../src/model/labels'

/** A string from a fixed list: validation answers with the list (`level must be one of notice, caution, alert`). */
const StringEnum = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] })

const keys = <T extends object>(labels: T) => Object.keys(labels) as (keyof T & string)[]

export const Q_MAX_LENGTH = 50
/** Far beyond any real list; also keeps `page=Infinity` and `page=1e999` out. */
export const PAGE_MAX = 100_000

const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX })),
  /** The preview token, when a header cannot be sent (checked before validation). */
  preview: Type.Optional(Type.String()),
}

const oneOf = (name: string, labels: object) => `${name} must be one of ${Object.keys(labels).join(', ')}`

const RULES: Record<string, string> = {
  page: `page must be a whole number from 1 to ${PAGE_MAX}`,
  pageSize: `pageSize must be a whole number from 1 to ${PAGE_SIZE_MAX} (default ${PAGE_SIZE_DEFAULT})`,
  includeExpired: 'includeExpired must be true or false',
  q: `q must be 1 to ${Q_MAX_LENGTH} characters`,
  preview: 'preview must be given once',
  category: oneOf('category', EXPLAINER_CATEGORIES),
  level: oneOf('level', WARNING_LEVELS),
  award: oneOf('award', VIDEO_AWARDS),
}

/** The plain rule for a parameter, used in 400 messages. */
export function parameterRule(name: string): string | undefined {
  return Object.hasOwn(RULES, name) ? RULES[name] : undefined
}

export const ExplainersQuery = Type.Object({
  ...Paging,
  category: Type.Optional(StringEnum(keys(EXPLAINER_CATEGORIES))),
})

export const WarningsQuery = Type.Object({
  ...Paging,
  level: Type.Optional(StringEnum(keys(WARNING_LEVELS))),
  /** A region id from site settings; checked against the loaded content. */
  region: Type.Optional(Type.String()),
  includeExpired: Type.Optional(Type.Boolean()),
})

export const VideosQuery = Type.Object({
  ...Paging,
  award: Type.Optional(StringEnum(keys(VIDEO_AWARDS))),
})

export const NewsQuery = Type.Object({
  ...Paging,
  /** A topic id from site settings; checked against the loaded content. */
  topic: Type.Optional(Type.String()),
})

export const SearchQuery = Type.Object({
  ...Paging,
  q: Type.String({ minLength: 1, maxLength: Q_MAX_LENGTH }),
})

export const PreviewOnlyQuery = Type.Object({ preview: Paging.preview })

export const IdParams = Type.Object({ id: Type.String() })
