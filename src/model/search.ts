import { Type, type Static } from '@sinclair/typebox'

/** A word of the search dictionary or of an item's `keywords`: 1–20 characters. */
export const SearchWord = Type.String({ minLength: 1, maxLength: 20 })

/**
 * seeds/search.yaml (optional): words citizens use for the same thing, so a search for one finds the others.
 * `synonyms`: two-way groups, any word of a group finds the others.
 * `expand`: one-way, the word on the left also searches the words on the right, never the reverse (a colloquial
 * word onto the official term, or a broad word that must not pull in narrower ones).
 */
export const SearchDictionary = Type.Object(
  {
    synonyms: Type.Optional(Type.Array(Type.Array(SearchWord, { minItems: 2 }))),
    expand: Type.Optional(Type.Record(Type.String(), Type.Array(SearchWord, { minItems: 1 }))),
  },
  { additionalProperties: false },
)
export type SearchDictionary = Static<typeof SearchDictionary>

/** An item's `keywords`: words citizens use for it, searched between the title and the summary; not shown. */
export const Keywords = Type.Array(SearchWord, { maxItems: 20 })
