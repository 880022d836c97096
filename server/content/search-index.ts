// Search over one audience's visible items: MiniSearch (BM25) over the Chinese-aware terms of search-text.ts, with
// the query understood by search-query.ts. Built when content is compiled; a request runs one OR query over every
// form of every word, sorts the hits, and highlights one page.
//
// Ranking: items holding every meaningful word (in one of its forms) first; then the best partial matches. Within
// each, the BM25 score (title over keywords over summary over key points and other text over body; a whole word
// counts more than its pairs of characters), raised by the share of the words found and by the words typed
// together found together; on ties, newer first.
import MiniSearch, { type Query, type SearchResult } from 'minisearch'
import type { SearchDictionary } from '../../src/model/search'
import type { HighlightPart } from '../../src/model/api'
import { Homophones } from './search-homophones'
import { parseQuery, SearchLexicon, type ParsedQuery, type QueryUnit } from './search-query'
import {
  fold,
  indexTerms,
  isPrefixTerm,
  occurrences,
  occurs,
  originalRange,
  segmentWords,
  type FoldedText,
} from './search-text'

export interface Searchable {
  title: string
  /** The item's `keywords`, one a line: searched, never shown. */
  keywords: string
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

export interface SearchOutcome {
  /** Positions of the items found, best first. */
  positions: number[]
  /** How many of the first positions hold every meaningful word. */
  complete: number
  query: ParsedQuery
}

interface Indexed {
  title: string
  summary: string
  /** The body with its line breaks and runs of spaces made single spaces, as the snippet shows it. */
  body: string
  folded: Record<Field, FoldedText>
}

type Field = 'title' | 'keywords' | 'summary' | 'body' | 'extra'

const FIELDS: Field[] = ['title', 'keywords', 'summary', 'body', 'extra']
const BOOST: Record<Field, number> = { title: 3, keywords: 2.5, summary: 2, extra: 1.5, body: 1 }
/** A whole-word match adds half a bigram match's score. */
const BONUS_BOOST = Object.fromEntries(FIELDS.map((field) => [field, BOOST[field] / 2])) as Record<Field, number>
/** An equivalent from the dictionary counts a little less than the word typed. */
const EQUIVALENT_WEIGHT = 0.8
/**
 * A character typed inside a longer word (bound, as 者 of 消费/者) that is in more than this share of the items adds
 * little to a score and costs the most to look up: it is left out of the index query (its presence is read from a
 * bitmap). A one-character word typed alone (赔, 退) is always looked up.
 */
const COMMON_SHARE = 0.3
/** Words typed together and found together: the score times this. */
const PHRASE_FACTOR = 1.5
const SNIPPET_LENGTH = 60
/** At most this many characters before the best match open the snippet (fewer at a sentence's start). */
const SNIPPET_LEAD = 16
const SENTENCE_END = /[。！？；!?;]/u
const ELLIPSIS = '…'
const HAN = /\p{Script=Han}/u
const HAN_RUNS = /\p{Script=Han}+/gu
const WHOLE_WORD_MIN = 3

/** What the index must hold for a form to be there: its pairs of characters, lone characters, Latin words. */
interface FormTerms {
  form: string
  required: string[]
  bonus: string[]
  /** The required terms being there proves the form is there, in one piece (no need to look in the text). */
  proven: boolean
  /** One Chinese character. */
  char: boolean
}

export class SearchIndex {
  private readonly items: Indexed[]
  private readonly mini: MiniSearch<{ id: number }>
  private readonly charItems = new Map<string, Uint32Array>()
  private readonly homophones: Homophones
  /** Characters in more than COMMON_SHARE of the items (不, 的, 退 in this content): see search(). */
  private readonly common = new Set<string>()
  readonly lexicon: SearchLexicon

  /** Items in the order that breaks ties (newest first). */
  constructor(items: Searchable[], dictionary?: SearchDictionary) {
    this.lexicon = new SearchLexicon(dictionary)
    this.items = items.map((item) => {
      const body = item.body.replace(/\s+/gu, ' ').trim()
      return {
        title: item.title,
        summary: item.summary,
        body,
        folded: {
          title: fold(item.title),
          keywords: fold(item.keywords),
          summary: fold(item.summary),
          body: fold(body),
          extra: fold(item.extra),
        },
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
        fuzzy: false,
      },
    })
    this.mini.addAll(this.items.map((_, id) => ({ id })))
    // Which items hold each Chinese character, one bit per item; how many items hold each pair of characters
    const words = Math.ceil(this.items.length / 32)
    const pairs = new Map<string, number>()
    this.items.forEach((item, id) => {
      const itemPairs = new Set<string>()
      for (const field of FIELDS) {
        for (const char of item.folded[field].text) {
          if (!HAN.test(char)) continue
          let bits = this.charItems.get(char)
          if (!bits) this.charItems.set(char, (bits = new Uint32Array(words)))
          bits[id >>> 5] |= 1 << (id & 31)
        }
        for (const [run] of item.folded[field].text.matchAll(HAN_RUNS)) {
          const chars = [...run]
          for (let i = 0; i + 1 < chars.length; i++) itemPairs.add(chars[i] + chars[i + 1])
        }
      }
      for (const pair of itemPairs) pairs.set(pair, (pairs.get(pair) ?? 0) + 1)
    })
    this.homophones = new Homophones(pairs)
    for (const [char, bits] of this.charItems) {
      let count = 0
      for (const word of bits) count += popCount(word)
      if (count > this.items.length * COMMON_SHARE) this.common.add(char)
    }
  }

  /** The query understood with this index's dictionary. */
  /** The query understood with this index's dictionary; a word the content lacks gets its homophones it has. */
  parse(q: string): ParsedQuery {
    const query = parseQuery(q, this.lexicon)
    for (const unit of query.units) {
      if (unit.exact || unit.forms.length > 1) continue
      unit.forms.push(...this.homophones.guesses(unit.text))
    }
    return query
  }

  search(query: ParsedQuery): SearchOutcome {
    const units = query.units
    if (!units.length) return { positions: [], complete: 0, query }
    const forms = units.map((unit) => unit.forms.map(formTerms))
    // One look-up per distinct term (a pair like 付卡 is in many forms of 预付卡's group), at its highest weight
    const pool = new Map<string, number>()
    const bonusPool = new Map<string, number>()
    const latin: Query[] = []
    const raise = (map: Map<string, number>, term: string, weight: number) =>
      map.set(term, Math.max(map.get(term) ?? 0, weight))
    forms.forEach((unitForms, u) =>
      unitForms.forEach((terms, f) => {
        const weight = f === 0 ? 1 : EQUIVALENT_WEIGHT
        // A character typed inside a longer word and in many items: its presence is read from the bitmap
        if (units[u].bound && terms.char && this.common.has(terms.form)) return
        if (HAN.test(terms.form)) {
          // Chinese: any pair of characters is a partial match
          for (const term of terms.required) raise(pool, term, weight)
        } else {
          // A Latin word or number only whole (needle-in-body)
          const boost = Object.fromEntries(FIELDS.map((field) => [field, BOOST[field] * weight]))
          latin.push({ queries: terms.required, boost, combineWith: 'AND' })
        }
        for (const term of terms.bonus) raise(bonusPool, term, weight)
      }),
    )
    const queries: Query[] = [...latin]
    if (pool.size) {
      queries.push({ queries: [...pool.keys()], combineWith: 'OR', boostTerm: (term) => pool.get(term) ?? 1 })
    }
    if (bonusPool.size) {
      queries.push({
        queries: [...bonusPool.keys()],
        combineWith: 'OR',
        boost: BONUS_BOOST,
        boostTerm: (term) => bonusPool.get(term) ?? 1,
      })
    }
    // A bound character is never a match on its own (below), so an item that only the common ones would add is
    // never a result: they are not looked up at all (a bound character always stands next to a longer word)
    const results = queries.length ? this.mini.search({ combineWith: 'OR', queries }) : []
    const phraseTerms = query.phrases.map(formTerms)
    const unitWeights = units.map((unit) => ([...unit.text].length > 1 ? 1 : 0.5))
    const totalWeight = unitWeights.reduce((sum, weight) => sum + weight, 0)

    const hits: { id: number; rank: number; complete: boolean }[] = []
    for (const result of results) {
      const id = result.id as number
      const found = result.queryTerms
      let covered = 0
      let complete = true
      let excluded = false
      let strong = false
      for (let u = 0; u < units.length; u++) {
        let held = false
        for (const terms of forms[u]) {
          if (this.present(id, terms, found)) {
            held = true
            break
          }
        }
        if (held) {
          covered += unitWeights[u]
          if (!units[u].bound) strong = true
        } else if (units[u].exact) excluded = true
        else complete = false
      }
      if (excluded) continue
      // A lone character typed inside a longer word (车 of 电动自行车) is no match on its own
      if (!strong && !found.some((term) => term.length > 1)) continue
      let rank = result.score * (1 + covered / totalWeight)
      for (const terms of phraseTerms) {
        if (this.present(id, terms, found)) {
          rank *= PHRASE_FACTOR
          break
        }
      }
      hits.push({ id, rank, complete })
    }
    hits.sort((a, b) => Number(b.complete) - Number(a.complete) || b.rank - a.rank || a.id - b.id)
    let complete = 0
    while (complete < hits.length && hits[complete].complete) complete++
    return { positions: hits.map((hit) => hit.id), complete, query }
  }

  /** Whether an item holds a form: from the terms the index found, looking in the text only where they cannot tell. */
  private present(id: number, terms: FormTerms, found: string[]): boolean {
    if (terms.char) {
      const bits = this.charItems.get(terms.form)
      return bits !== undefined && (bits[id >>> 5] & (1 << (id & 31))) !== 0
    }
    if (!terms.required.length) return false
    for (const term of terms.required) if (!found.includes(term)) return false
    if (terms.proven) return true
    const folded = this.items[id].folded
    for (const field of FIELDS) if (occurs(folded[field].text, terms.form)) return true
    return false
  }

  /** Positions of the items holding most of the words' characters, best first (suggestions: the nearest categories). */
  nearest(query: ParsedQuery, limit: number): number[] {
    // The characters of the meaningful words (怎么 and 吗 say nothing about where to look)
    const text = query.units.flatMap((unit) => unit.forms).join('')
    const chars = [...new Set([...text].filter((char) => HAN.test(char)))]
    if (!chars.length) return []
    return this.mini
      .search({ combineWith: 'OR', queries: chars })
      .slice(0, limit)
      .map((result: SearchResult) => result.id as number)
  }

  /** The title with the words marked, and a passage of the summary or body around the best match. */
  highlight(position: number, query: ParsedQuery): Highlight {
    const item = this.items[position]
    const words = highlightWords(item, query)
    const title = matchRanges(item.folded.title, words)
    return {
      title: parts(item.title, title, 0, item.title.length),
      snippet: snippet(item, words),
    }
  }
}

/** The terms a form needs in the index, as indexTerms makes them. */
function formTerms(form: string): FormTerms {
  const required: string[] = []
  const bonus = new Set<string>()
  let runs = 0
  for (const [run] of form.matchAll(HAN_RUNS)) {
    runs++
    const chars = [...run]
    if (chars.length === 1) required.push(run)
    for (let i = 0; i + 1 < chars.length; i++) required.push(chars[i] + chars[i + 1])
    if (chars.length >= WHOLE_WORD_MIN) bonus.add(run)
  }
  let others = 0
  for (const word of segmentWords(form)) {
    if (!HAN.test(word)) {
      required.push(word)
      others++
    } else if ([...word].length >= WHOLE_WORD_MIN) bonus.add(word)
  }
  // A pair of characters, a lone character or one Latin word is proven by its term; longer forms are looked for
  const chineseOnly = others === 0 && runs === 1 && [...form].every((char) => HAN.test(char))
  const proven = (chineseOnly && [...form].length <= 2) || (runs === 0 && others === 1 && isOneWord(form))
  const char = chineseOnly && [...form].length === 1
  return { form, required: [...new Set(required)], bonus: [...bonus], proven, char }
}

function popCount(word: number): number {
  let n = word - ((word >>> 1) & 0x55555555)
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333)
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

function isOneWord(form: string): boolean {
  const words = segmentWords(form)
  return words.length === 1 && words[0] === form
}

/**
 * What to mark in an item: for each word, the forms of it the item holds; where it holds none, the pairs of
 * characters of a longer Chinese word it does hold (投诉电话 marks 投诉).
 */
function highlightWords(item: Indexed, query: ParsedQuery): MarkWord[] {
  const inItem = (word: string) => FIELDS.some((field) => occurs(item.folded[field].text, word))
  return query.units.map((unit: QueryUnit) => {
    const held = unit.forms.filter(inItem)
    if (held.length || unit.exact) return { forms: held, bound: unit.bound, piece: unit.piece }
    const pairs: string[] = []
    for (const [run] of unit.text.matchAll(HAN_RUNS)) {
      const chars = [...run]
      for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1])
    }
    return { forms: pairs.length > 1 ? pairs.filter(inItem) : [], bound: false, piece: unit.piece }
  })
}

// Highlights

interface Range {
  start: number
  end: number
  /** Which query word this is an occurrence of. */
  word: number
}

interface MarkWord {
  forms: string[]
  /** Marked only where it touches the match of another word typed with it (QueryUnit.bound). */
  bound: boolean
  piece: number
}

/** Every occurrence of every form of every word, in original positions, in text order. */
function matchRanges(folded: FoldedText, words: MarkWord[]): Range[] {
  const ranges: Range[] = []
  words.forEach(({ forms }, n) => {
    for (const form of forms) {
      for (const at of occurrences(folded.text, form)) {
        const [start, end] = originalRange(folded, at, at + form.length)
        ranges.push({ start, end, word: n })
      }
    }
  })
  const touches = (range: Range) =>
    ranges.some(
      (other) =>
        other.word !== range.word &&
        words[other.word].piece === words[range.word].piece &&
        other.start <= range.end &&
        range.start <= other.end,
    )
  return ranges
    .filter((range) => !words[range.word].bound || touches(range))
    .sort((a, b) => a.start - b.start || b.end - a.end)
}

function snippet(item: Indexed, words: MarkWord[]): HighlightPart[] {
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
