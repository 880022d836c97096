import { Type, type Static } from '@sinclair/typebox'
import { Id, ItemBase } from './common'
import { EXPLAINER_CATEGORIES } from './labels'

export const LegalBasis = Type.Object(
  {
    /** Full name of the law or regulation, e.g. 《中华人民共和国消费者权益保护法》 */
    law: Type.String({ minLength: 2 }),
    /** Article number as the law writes it, e.g. 第二十五条 */
    article: Type.String({ minLength: 2 }),
    /** The version in force: the date it took effect or was last amended, e.g. 2014-03-15 */
    version: Type.String({ minLength: 4 }),
    /** Verbatim text of the article (or the quoted part); omitted where only paraphrased. */
    quote: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type LegalBasis = Static<typeof LegalBasis>

export const QA = Type.Object(
  { q: Type.String({ minLength: 2 }), a: Type.String({ minLength: 2 }) },
  { additionalProperties: false },
)
export type QA = Static<typeof QA>

const categoryIds = Object.keys(EXPLAINER_CATEGORIES) as (keyof typeof EXPLAINER_CATEGORIES)[]

export const ExplainerFrontMatter = Type.Object(
  {
    ...ItemBase,
    category: Type.Union(categoryIds.map((id) => Type.Literal(id))),
    keyPoints: Type.Array(Type.String({ minLength: 2 }), { minItems: 1 }),
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    qa: Type.Optional(Type.Array(QA)),
    relatedWarnings: Type.Optional(Type.Array(Id)),
    tags: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
)
export type ExplainerFrontMatter = Static<typeof ExplainerFrontMatter>
