// Search over one audience's visible items: MiniSearch (BM25) over the Chinese-aware terms of search-text.ts.
// Built when content is compiled; a request only runs the query, checks each hit, and highlights one page.
import MiniSearch, { type Query } from 'minisearch'
import type { HighlightPart } from '../../src/model/api'
import {
  fold,
  indexTerms,
  isPrefixTerm,
  occurrences,
  occurs,
  originalRange,
  type FoldedText,
  type QueryWord,
} from './search-text'

export interface Searchable {
  title: string
  summary: string
  /** Plain text of the body. */
  body: string
  /** Other text the detail page shows (key points, Q&A, tags, labels): searched, not shown in snippets. */
  extra: string
}

export interface Highlight {
  title: HighlightPart[]
  snippet: HighlightPart[]
}

interface Indexed {
  title: string
  summary: string
  /** The body with its line breaks and runs of spaces made single spaces, as the snippet shows it. */
  body: string
  folded: Record<Field, FoldedText>
}

type Field = 'title' | 'summary' | 'body' | 'extra'

const FIELDS: Field[] = ['title', 'summary', 'body', 'extra']
const BOOST: Record<Field, number> = { title: 3, summary: 2, body: 1, extra: 1 }
/** A whole-word match adds half a bigram match's score. */
const BONUS_BOOST = Object.fromEntries(FIELDS.map((field) => [field, BOOST[field] / 2])) as Record<Field, number>
const SNIPPET_LENGTH = 60
/** At most this many characters before the best match open the snippet (fewer at a sentence's start). */
const SNIPPET_LEAD = 16
const SENTENCE_END = /[。！？；!?;]/u
const ELLIPSIS = '…'

export class SearchIndex {
  private readonly items: Indexed[]
  private readonly mini: MiniSearch<{ id: number }>

  /** Items in the order that breaks ties (newest first). */
  constructor(items: Searchable[]) {
    this.items = items.map((item) => {
      const body = item.body.replace(/\s+/gu, ' ').trim()
      return {
        title: item.title,
        summary: item.summary,
        body,
        folded: { title: fold(item.title), summary: fold(item.summary), body: fold(body), extra: fold(item.extra) },
      }
    })
    this.mini = new MiniSearch<{ id: number }>({
      fields: FIELDS,
      extractField: (document, field) =>
        field === 'id' ? document.id : this.items[document.id].folded[field as Field].text,
      tokenize: (text) => indexTerms(text),
      processTerm: (term) => term,
      searchOptions: {
        boost: BOOST,
        // Query terms arrive made: one string, one term
        tokenize: (term) => [term],
        processTerm: (term) => term,
        prefix: isPrefixTerm,
      },
    })
    this.mini.addAll(this.items.map((_, id) => ({ id })))
  }

  /**
   * Positions of the items holding every word (in the title, summary, body or other text), best first: more words
   * in the title, then the higher score (title over summary over body, more matches higher), then the given order.
   */
  search(words: QueryWord[]): number[] {
    if (!words.length) return []
    const query: Query = {
      combineWith: 'AND',
      queries: words.map((word) => ({
        combineWith: 'OR',
        queries: [
          { combineWith: 'AND', queries: word.required },
          ...word.bonus.map((term) => ({ queries: [term], boost: BONUS_BOOST })),
        ],
      })),
    }
    const hits: { id: number; score: number; inTitle: number }[] = []
    for (const result of this.mini.search(query)) {
      const id = result.id as number
      const folded = this.items[id].folded
      // The index finds items with the words' parts; the words themselves must be there, in one piece
      if (!words.every((word) => FIELDS.some((field) => occurs(folded[field].text, word.text)))) continue
      const inTitle = words.filter((word) => occurs(folded.title.text, word.text)).length
      hits.push({ id, score: result.score, inTitle })
    }
    hits.sort((a, b) => b.inTitle - a.inTitle || b.score - a.score || a.id - b.id)
    return hits.map((hit) => hit.id)
  }

  /** The title with the words marked, and a passage of the summary or body around the best match. */
  highlight(position: number, words: QueryWord[]): Highlight {
    const item = this.items[position]
    const title = matchRanges(item.folded.title, words)
    return {
      title: parts(item.title, title, 0, item.title.length),
      snippet: snippet(item, words),
    }
  }
}

// Highlights

interface Range {
  start: number
  end: number
  /** Which query word this is an occurrence of. */
  word: number
}

/** Every occurrence of every word, in original positions, in text order. */
function matchRanges(folded: FoldedText, words: QueryWord[]): Range[] {
  const ranges: Range[] = []
  words.forEach((word, n) => {
    for (const at of occurrences(folded.text, word.text)) {
      const [start, end] = originalRange(folded, at, at + word.text.length)
      ranges.push({ start, end, word: n })
    }
  })
  return ranges.sort((a, b) => a.start - b.start || b.end - a.end)
}

function snippet(item: Indexed, words: QueryWord[]): HighlightPart[] {
  const candidates = [
    { text: item.summary, ranges: matchRanges(item.folded.summary, words) },
    { text: item.body, ranges: matchRanges(item.folded.body, words) },
  ]
  // The best anchor has the most different words in the rest of the snippet after it; the first such wins
  let best: { text: string; ranges: Range[]; anchor: number; count: number } | undefined
  for (const { text, ranges } of candidates) {
    ranges.forEach((range, n) => {
      const near = new Set<number>()
      for (let i = n; i < ranges.length && ranges[i].start < range.start + SNIPPET_LENGTH - SNIPPET_LEAD; i++) {
        near.add(ranges[i].word)
      }
      if (!best || near.size > best.count) best = { text, ranges, anchor: range.start, count: near.size }
    })
  }
  // Found in the title only: the summary's start
  if (!best) return window(item.summary, [], 0)
  return window(best.text, best.ranges, best.anchor)
}

/** About SNIPPET_LENGTH characters of text around `anchor`, starting at a sentence where one starts just before. */
function window(text: string, ranges: Range[], anchor: number): HighlightPart[] {
  let start = Math.max(0, anchor - SNIPPET_LEAD)
  const lead = text.slice(start, anchor)
  for (let i = lead.length - 1; i >= 0; i--) {
    if (SENTENCE_END.test(lead[i])) {
      start += i + 1
      break
    }
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH)
  if (end === text.length) start = Math.max(0, Math.min(start, end - SNIPPET_LENGTH))
  if (isLowSurrogate(text, start)) start -= 1
  if (isLowSurrogate(text, end)) end += 1
  while (start < anchor && text[start] === ' ') start++
  const inside = parts(text, ranges, start, end)
  if (start > 0) inside.unshift({ text: ELLIPSIS })
  if (end < text.length) inside.push({ text: ELLIPSIS })
  return mergeParts(inside)
}

/** text[start, end) split into plain and matching parts. */
function parts(text: string, ranges: Range[], start: number, end: number): HighlightPart[] {
  const result: HighlightPart[] = []
  let at = start
  for (const range of ranges) {
    const from = Math.max(range.start, at)
    const to = Math.min(range.end, end)
    if (to <= from) continue
    if (from > at) result.push({ text: text.slice(at, from) })
    result.push({ text: text.slice(from, to), match: true })
    at = to
  }
  if (at < end) result.push({ text: text.slice(at, end) })
  return mergeParts(result)
}

function mergeParts(list: HighlightPart[]): HighlightPart[] {
  const merged: HighlightPart[] = []
  for (const part of list) {
    const last = merged[merged.length - 1]
    if (last && Boolean(last.match) === Boolean(part.match))
      merged[merged.length - 1] = { ...last, text: last.text + part.text }
    else if (part.text) merged.push(part)
  }
  return merged
}

function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at)
  return code >= 0xdc00 && code <= 0xdfff
}
