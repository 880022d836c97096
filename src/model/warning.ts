import { Type, type Static } from '@sinclair/typebox'
import { DateString, Id, ItemBase } from './common'
import { CHANNEL_KINDS, WARNING_LEVELS } from './labels'

const levelIds = Object.keys(WARNING_LEVELS) as (keyof typeof WARNING_LEVELS)[]
const channelIds = Object.keys(CHANNEL_KINDS) as (keyof typeof CHANNEL_KINDS)[]

export const WarningFrontMatter = Type.Object(
  {
    ...ItemBase,
    level: Type.Union(levelIds.map((id) => Type.Literal(id))),
    /** A region id from site settings: the province or one of its cities. */
    region: Id,
    /** After this date the warning is shown as expired. */
    expiresAt: Type.Optional(DateString),
    whatToDo: Type.Array(Type.String({ minLength: 2 }), { minItems: 1 }),
    /** Which channel the "complain" button leads to. */
    channel: Type.Union(channelIds.map((id) => Type.Literal(id))),
    relatedExplainers: Type.Optional(Type.Array(Id)),
  },
  { additionalProperties: false },
)
export type WarningFrontMatter = Static<typeof WarningFrontMatter>
