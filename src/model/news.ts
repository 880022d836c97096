import { Type, type Static } from '@sinclair/typebox'
import { Id, ItemBase } from './common'

export const NewsFrontMatter = Type.Object(
  {
    ...ItemBase,
    /** The organisation that published the original. */
    origin: Type.String({ minLength: 2 }),
    /** Topic ids from site settings (e.g. party-centenary). */
    topics: Type.Optional(Type.Array(Id)),
    cover: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type NewsFrontMatter = Static<typeof NewsFrontMatter>
