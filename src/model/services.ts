import { Type, type Static } from '@sinclair/typebox'
import { Id, Source } from './common'
import { CHANNEL_KINDS } from './labels'

const channelIds = Object.keys(CHANNEL_KINDS) as (keyof typeof CHANNEL_KINDS)[]

export const Channel = Type.Object(
  {
    kind: Type.Union(channelIds.map((id) => Type.Literal(id))),
    title: Type.String({ minLength: 2 }),
    /** Plain words: when this is the right channel. */
    whenToUse: Type.String({ minLength: 2 }),
    /** What to prepare before calling or filing. */
    checklist: Type.Array(Type.String({ minLength: 2 }), { minItems: 1 }),
  },
  { additionalProperties: false },
)
export type Channel = Static<typeof Channel>

export const Office = Type.Object(
  {
    /** A region id from site settings. */
    region: Id,
    name: Type.String({ minLength: 2 }),
    /** Dialled from a mobile phone: area code + 12315. */
    phone: Type.String({ pattern: '^0\\d{2,3}-12315$' }),
    address: Type.Optional(Type.String()),
    /** GCJ-02, only where a source gives it. */
    location: Type.Optional(
      Type.Object({ latitude: Type.Number(), longitude: Type.Number() }, { additionalProperties: false }),
    ),
    sources: Type.Optional(Type.Array(Source)),
  },
  { additionalProperties: false },
)
export type Office = Static<typeof Office>

/** One answer of a triage question: it leads to another question (`next`) or to a channel. */
export const TriageOption = Type.Object(
  {
    label: Type.String({ minLength: 2 }),
    next: Type.Optional(Id),
    channel: Type.Optional(Type.Union(channelIds.map((id) => Type.Literal(id)))),
    /** Shown with the result: why this channel, or what else to do. */
    note: Type.Optional(Type.String({ minLength: 2 })),
  },
  { additionalProperties: false },
)
export type TriageOption = Static<typeof TriageOption>

export const TriageQuestion = Type.Object(
  {
    id: Id,
    text: Type.String({ minLength: 2 }),
    options: Type.Array(TriageOption, { minItems: 2 }),
  },
  { additionalProperties: false },
)
export type TriageQuestion = Static<typeof TriageQuestion>

/** A few questions that send a citizen to the right channel; the first question starts. */
export const Triage = Type.Array(TriageQuestion, { minItems: 1 })

export const ServicesDirectory = Type.Object(
  {
    intro: Type.String({ minLength: 2 }),
    channels: Type.Array(Channel, { minItems: 3 }),
    triage: Type.Optional(Triage),
    /** The rules that decide whether a complaint is accepted. */
    acceptanceRules: Type.Array(Type.String({ minLength: 2 }), { minItems: 1 }),
    offices: Type.Array(Office),
    sources: Type.Array(Source, { minItems: 1 }),
  },
  { additionalProperties: false },
)
export type ServicesDirectory = Static<typeof ServicesDirectory>
