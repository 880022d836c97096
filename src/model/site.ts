import { Type, type Static } from '@sinclair/typebox'
import { Id, Source } from './common'

export const Region = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 2 }),
    kind: Type.Union([Type.Literal('province'), Type.Literal('city')]),
    /** Telephone area code, e.g. 025; the local 12315 is dialled as 025-12315 from a mobile. */
    areaCode: Type.Optional(Type.String({ pattern: '^0\\d{2,3}$' })),
  },
  { additionalProperties: false },
)
export type Region = Static<typeof Region>

export const Topic = Type.Object(
  { id: Id, title: Type.String({ minLength: 2 }), description: Type.String({ minLength: 2 }) },
  { additionalProperties: false },
)
export type Topic = Static<typeof Topic>

/** A review chain: the steps an item goes through before it may be published, in order (e.g. 初审, 复审, 终审). */
export const ReviewChain = Type.Array(Type.String({ minLength: 2, maxLength: 10, pattern: '^[^,*]+$' }), {
  minItems: 1,
  maxItems: 6,
  uniqueItems: true,
})
export type ReviewChain = Static<typeof ReviewChain>

/** The newsroom's review chain per collection; `default` for the others; unset: 初审 → 复审 → 终审. */
export const ReviewChains = Type.Object(
  {
    default: Type.Optional(ReviewChain),
    explainers: Type.Optional(ReviewChain),
    warnings: Type.Optional(ReviewChain),
    videos: Type.Optional(ReviewChain),
    news: Type.Optional(ReviewChain),
  },
  { additionalProperties: false },
)
export type ReviewChains = Static<typeof ReviewChains>

/** A host name alone, lower-case, without scheme, port or path: www.samr.gov.cn. */
export const HostName = Type.String({
  pattern: '^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]*[a-z0-9])?$',
  maxLength: 253,
})

export const SiteSettings = Type.Object(
  {
    bureauName: Type.String({ minLength: 2 }),
    appName: Type.String({ minLength: 2 }),
    province: Id,
    /** The national consumer hotline. */
    hotline: Type.String({ pattern: '^\\d{5,12}$' }),
    /** The national 12315 mini-program: leave appId and shortLink out until the bureau confirms them. */
    miniProgram12315: Type.Object(
      {
        name: Type.String({ minLength: 2 }),
        appId: Type.Optional(Type.String({ pattern: '^wx[0-9a-f]{16}$' })),
        shortLink: Type.Optional(Type.String({ minLength: 4 })),
        path: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    website12315: Type.String({ pattern: '^https://' }),
    regions: Type.Array(Region, { minItems: 1 }),
    topics: Type.Array(Topic),
    sources: Type.Array(Source, { minItems: 1 }),
    /** 热门问题: common questions the search page offers before typing (3–12, each at most 30 characters). */
    hotQuestions: Type.Optional(
      Type.Array(Type.String({ minLength: 2, maxLength: 30 }), { minItems: 3, maxItems: 12 }),
    ),
    /** Newsroom review chains (先审后发); unset: 初审 → 复审 → 终审 for every collection. */
    reviewChains: Type.Optional(ReviewChains),
    /**
     * 官方网站: the only hosts outside the app a body link may lead to, over https (government and law sites);
     * unset or empty: none. Body images come from our own media only, whatever this says.
     */
    officialHosts: Type.Optional(Type.Array(HostName, { uniqueItems: true, maxItems: 200 })),
  },
  { additionalProperties: false },
)
export type SiteSettings = Static<typeof SiteSettings>
