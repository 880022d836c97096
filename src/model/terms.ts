import { Type, type Static } from '@sinclair/typebox'

/**
 * A term the newsroom looks for before the last review step (CONTENT_DIR/terms.yaml): `forbidden` (never to be
 * published) or `mistaken` (a commonly wrong form, e.g. a law's or a body's wrong name, with the right one to use).
 */
export const TermEntry = Type.Object(
  {
    term: Type.String({ minLength: 1, maxLength: 50 }),
    kind: Type.Union([Type.Literal('forbidden'), Type.Literal('mistaken')]),
    /** The right form (for a mistaken term); an occurrence inside it is not counted. */
    suggest: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type TermEntry = Static<typeof TermEntry>

export const TermsList = Type.Object(
  { terms: Type.Array(TermEntry, { maxItems: 5000 }) },
  { additionalProperties: false },
)
export type TermsList = Static<typeof TermsList>
