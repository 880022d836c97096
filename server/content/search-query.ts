// Query understanding: what a citizen typed → the meaningful words to look for, each with its equivalents.
// 1. "Quoted phrases" (ASCII, “”, 「」, 『』 quotes) are kept exact: no equivalents, never split, and required.
// 2. The rest is folded (search-text.ts: width, case, traditional → simplified, 7 → 七) and cut at spaces and
//    punctuation into pieces.
// 3. In each piece the dictionary's words (seeds/search.yaml) are found first, longest first: each is one word.
// 4. What is left is split into words (Intl.Segmenter); question and filler words are dropped (FILLERS);
//    neighbouring one-character words are joined again (退/货 → 退货, 困/人 → 困人).
// 5. Each word gets its equivalents: its dictionary group (two-way) and its `expand` words (one-way, with their own
//    groups), never the words whose `expand` lists it.
import type { SearchDictionary } from '../../src/model/search'
import { fold } from './search-text'

export interface QueryUnit {
  /** The folded word as typed. */
  text: string
  /** Folded forms that count as this word: the word itself first, then its equivalents. */
  forms: string[]
  /** A quoted phrase: an item must hold it as written (folded), or it is not a result. */
  exact: boolean
  /**
   * One character typed next to other words (卡 of 预付卡, split 预付/卡 by the segmenter): highlighted only where it
   * touches another word's match, not wherever the character stands alone.
   */
  bound: boolean
  /** Which piece of the query (cut at spaces and punctuation) it was typed in. */
  piece: number
}

export interface ParsedQuery {
  units: QueryUnit[]
  /** Pieces of three or more characters typed together (before splitting): found whole, they score more. */
  phrases: string[]
}

/**
 * Question and filler words: dropped where the segmenter finds them as whole words (so 了 goes from 跑路了 but
 * stays in 了解, 的 goes from 过期的 but not from 目的). Only words that do not name the matter asked about:
 * 赔, 退, 投诉, 咨询, 问题, 不 and the like stay. Longer ones are tried first.
 */
const FILLERS = [
  // Asking how, why, what, where, whom, how much
  '怎么办',
  '怎么样',
  '怎么',
  '怎样',
  '咋办',
  '咋',
  '如何',
  '为什么',
  '为啥',
  '什么',
  '啥',
  '哪里',
  '哪儿',
  '哪个',
  '哪些',
  '哪',
  '谁',
  '多少',
  '多久',
  '几天',
  // Asking whether, may, can
  '是不是',
  '是否',
  '能不能',
  '能否',
  '可不可以',
  '可以',
  '可否',
  '会不会',
  '有没有',
  '要不要',
  '该不该',
  '应该',
  '还能',
  '能',
  '会',
  '要',
  // Particles
  '吗',
  '呢',
  '吧',
  '啊',
  '呀',
  '嘛',
  '哦',
  '了',
  '的',
  '么',
  // Who is asking, politeness
  '我',
  '我想',
  '我要',
  '我们',
  '我家',
  '您',
  '您好',
  '你好',
  '问您',
  '请教',
  '你',
  '你们',
  '他',
  '她',
  '它',
  '请问',
  '请',
  '想问',
  '问下',
  '问一下',
  '一下',
  '想',
  // Getting into the situation
  '买到',
  '买了',
  '遇到',
  '碰到',
  '被',
  '给',
  '到底',
  '还',
  '就',
  '都',
  '也',
  '又',
  '很',
  '太',
  '这',
  '那',
  '这个',
  '那个',
  '这种',
  '一个',
  '有',
  '是',
  '在',
  '和',
  '跟',
]
// Folded as queries are (怎么 folds to 怎幺 like every 么)
const FILLER_SET = new Set(FILLERS.map((word) => fold(word).text))
const FILLER_MAX = Math.max(...[...FILLER_SET].map((word) => word.length))
/** Particles that end a segmenter word as often as they stand alone (骗了, 买的): cut off the end of a word. */
const TRAILING_PARTICLES = /[了的吗呢吧啊呀嘛]$/u

const QUOTED = /"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』|‘([^’]*)’/gu
/** Spaces and punctuation cut pieces; a hyphen, dot, slash or apostrophe between letters or digits does not. */
const SEPARATORS = /[^\p{L}\p{N}\p{M}\-_.·'/]+/u
const JOINERS_AT_ENDS = /^[\-_.·'/]+|[\-_.·'/]+$/gu
const HAN = /\p{Script=Han}/u
const LATIN_OR_DIGIT = /[\p{L}\p{N}]/u
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })
const MAX_UNITS = 12
const PHRASE_MIN = 3

/** The dictionary, folded: each word → its equivalents (without itself). */
export class SearchLexicon {
  private readonly equivalents = new Map<string, Set<string>>()
  /** Length (in code units) of the longest word. */
  private readonly longest: number

  constructor(dictionary: SearchDictionary = {}) {
    const add = (word: string, others: string[]) => {
      let set = this.equivalents.get(word)
      if (!set) this.equivalents.set(word, (set = new Set()))
      for (const other of others) if (other !== word) set.add(other)
    }
    const groups = (dictionary.synonyms ?? []).map((group) => group.map((word) => foldWord(word)))
    const groupOf = new Map<string, string[]>()
    for (const group of groups) {
      for (const word of group) {
        groupOf.set(word, [...new Set([...(groupOf.get(word) ?? []), ...group])])
        add(word, group)
      }
    }
    for (const [from, targets] of Object.entries(dictionary.expand ?? {})) {
      const folded = targets.map((word) => foldWord(word))
      // A target's own group comes along (电瓶车 → 电动自行车 → 电动车); nothing leads back to `from`
      add(
        foldWord(from),
        folded.flatMap((target) => [target, ...(groupOf.get(target) ?? [])]),
      )
    }
    for (const [word, set] of this.equivalents) if (!set.size) this.equivalents.delete(word)
    this.longest = Math.max(0, ...[...this.equivalents.keys()].map((word) => word.length))
  }

  has(word: string): boolean {
    return this.equivalents.has(word)
  }

  of(word: string): string[] {
    return [...(this.equivalents.get(word) ?? [])]
  }

  /** Dictionary words inside a piece, longest first and not overlapping; one-character words are left out. */
  find(piece: string): { start: number; end: number }[] {
    const taken = new Uint8Array(piece.length)
    const found: { start: number; end: number }[] = []
    for (let length = Math.min(this.longest, piece.length); length >= 2; length--) {
      for (let start = 0; start + length <= piece.length; start++) {
        const end = start + length
        if (taken[start] || taken[end - 1]) continue
        const word = piece.slice(start, end)
        if (!this.equivalents.has(word)) continue
        // A Latin word or a number only whole (app, not the app in apple)
        if (!HAN.test(word[0]) && start > 0 && isLatinOrDigit(piece[start - 1])) continue
        if (!HAN.test(word[word.length - 1]) && end < piece.length && isLatinOrDigit(piece[end])) continue
        if (taken.subarray(start, end).some((n) => n)) continue
        taken.fill(1, start, end)
        found.push({ start, end })
      }
    }
    return found.sort((a, b) => a.start - b.start)
  }
}

const EMPTY_LEXICON = new SearchLexicon()

function foldWord(word: string): string {
  return fold(word.trim()).text
}

function isLatinOrDigit(char: string): boolean {
  return LATIN_OR_DIGIT.test(char) && !HAN.test(char)
}

/** The meaningful words of a query, with their equivalents. */
export function parseQuery(q: string, lexicon: SearchLexicon = EMPTY_LEXICON): ParsedQuery {
  const units: QueryUnit[] = []
  const phrases: string[] = []
  const seen = new Set<string>()
  const push = (text: string, exact: boolean, bound = false, piece = -1) => {
    if (!text || units.length >= MAX_UNITS) return
    if (seen.has(text)) {
      const unit = units.find((other) => other.text === text)
      if (unit && !bound) unit.bound = false
      return
    }
    seen.add(text)
    const forms = exact ? [text] : [text, ...lexicon.of(text)]
    units.push({ text, forms, exact, bound, piece })
  }

  const rest = q.replace(QUOTED, (_, ...groups: (string | undefined)[]) => {
    const phrase = groups.slice(0, 5).find((group) => group !== undefined) ?? ''
    const folded = fold(phrase).text.replace(/\s+/gu, ' ').trim()
    if (folded && LATIN_OR_DIGIT.test(folded)) push(folded, true)
    return ' '
  })

  const pieces = fold(rest)
    .text.split(SEPARATORS)
    .map((piece) => piece.replace(JOINERS_AT_ENDS, ''))
    .filter((piece) => LATIN_OR_DIGIT.test(piece))
  const split = pieces.map((piece) => ({ piece, words: pieceWords(piece, lexicon) }))
  // Only question words (怎么办): they are what was asked, keep them rather than search for nothing
  const onlyFillers = split.every(({ words }) => words.every((word) => word.filler))
  split.forEach(({ piece, words }, pieceNumber) => {
    const kept = onlyFillers ? words : words.filter((word) => !word.filler)
    words.forEach((word, n) => {
      if (!kept.includes(word)) return
      const touches = [words[n - 1], words[n + 1]].some((other) => other && !other.filler)
      push(word.text, false, touches && [...word.text].length === 1, pieceNumber)
    })
    const joined = kept.map((word) => word.text).join('')
    if ([...joined].length >= PHRASE_MIN && kept.length > 1 && piece.includes(joined)) phrases.push(joined)
  })
  return { units, phrases }
}

interface PieceWord {
  text: string
  filler: boolean
}

/** A piece's words: dictionary words whole, the rest segmented, fillers marked, one-character words joined. */
function pieceWords(piece: string, lexicon: SearchLexicon): PieceWord[] {
  // Without Chinese: one word as typed (needle-in-body, iphone), its dictionary form if it has one
  if (!HAN.test(piece)) return [{ text: piece, filler: false }]
  const words: PieceWord[] = []
  let at = 0
  for (const { start, end } of [...lexicon.find(piece), { start: piece.length, end: piece.length }]) {
    if (start > at) words.push(...segmentWords(piece.slice(at, start), lexicon))
    if (end > start) words.push({ text: piece.slice(start, end), filler: false })
    at = end
  }
  return words
}

function segmentWords(text: string, lexicon: SearchLexicon): PieceWord[] {
  const segments = [...segmenter.segment(text)]
    .filter((segment) => segment.isWordLike)
    .map((segment) => segment.segment)
  // Fillers may span segments (能不能 as 能/不能): find them at segment boundaries, longest first
  const words: PieceWord[] = []
  for (let i = 0; i < segments.length;) {
    let length = 0
    let joined = ''
    for (let j = i; j < segments.length && joined.length + segments[j].length <= FILLER_MAX; j++) {
      joined += segments[j]
      if (FILLER_SET.has(joined) && !lexicon.has(joined)) length = j - i + 1
    }
    if (length) {
      words.push({ text: segments.slice(i, i + length).join(''), filler: true })
      i += length
      continue
    }
    let segment = segments[i]
    if (segment.length > 1 && HAN.test(segment) && TRAILING_PARTICLES.test(segment) && !lexicon.has(segment)) {
      segment = segment.slice(0, -1)
    }
    words.push({ text: segment, filler: false })
    i++
  }
  // Neighbouring one-character Chinese words are one word (退/货, 困/人, 假/一/赔/十: words the segmenter does not
  // know); its pairs of characters still find partial matches. Fillers in between keep them apart
  const joined: PieceWord[] = []
  let run = false
  for (const word of words) {
    const single = !word.filler && isOneHan(word.text)
    if (single && run) joined[joined.length - 1].text += word.text
    else joined.push({ ...word })
    run = single
  }
  return joined
}

function isOneHan(text: string): boolean {
  return [...text].length === 1 && HAN.test(text)
}
