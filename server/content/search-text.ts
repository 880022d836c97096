// Chinese-aware text for search: folding (width, case, traditional → simplified), index terms and query words.
// Folding works one character at a time, so a place in the folded text maps back to the same place in the original.
import { Converter } from 'opencc-js'

const toSimplified = Converter({ from: 'tw', to: 'cn' })
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })

const HAN = /\p{Script=Han}/u
const HAN_RUNS = /\p{Script=Han}+/gu
const HAN_OR_OTHER = /\p{Script=Han}+|[^\p{Script=Han}]+/gu
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
/** Segmenter words this long or longer are indexed whole, next to their characters and bigrams. */
const WHOLE_WORD_MIN = 3
const FOLD_CACHE_MAX = 50_000

// Folding

const folds = new Map<string, string>()

function foldChar(char: string): string {
  let folded = folds.get(char)
  if (folded === undefined) {
    folded = toSimplified(char.normalize('NFKC').toLowerCase())
    if (folds.size >= FOLD_CACHE_MAX) folds.clear()
    folds.set(char, folded)
  }
  return folded
}

export interface FoldedText {
  text: string
  /** Present when some character folded to a different length: where each folded code unit came from. */
  from?: Int32Array
  to?: Int32Array
}

/**
 * Full-width → half-width, upper → lower case, traditional → simplified Chinese; then numbers are written one way:
 * a Chinese number with 百, 千 or 万 in digits (一千元 → 1000元, 五百 → 500, 一千五 → 1500), and a number of one or two
 * digits standing alone (not part of a longer number, a decimal or a Latin word) in Chinese numerals, as people also
 * write it (7天 → 七天, 3倍 → 三倍, 10倍 → 十倍, 15日 → 十五日). Other numbers (12315, 2024) stay as written.
 * Query and index are folded alike, so either way of writing finds the other.
 */
export function fold(text: string): FoldedText {
  let out = ''
  let aligned = true
  for (const char of text) {
    const folded = foldChar(char)
    if (folded.length !== char.length) aligned = false
    out += folded
  }
  const large = matches(LARGE_NUMERAL, out)
  const small = matches(SMALL_NUMBER, out)
  if (aligned && !large && !small) return { text: out }
  let folded: FoldedText = { text: out, ...(aligned ? identityMap(out) : foldMap(text, out)) }
  if (large) folded = rewrite(folded, LARGE_NUMERAL, (numeral) => String(chineseNumber(numeral) ?? numeral))
  if (small) folded = rewrite(folded, SMALL_NUMBER, (digits) => chineseNumeral(Number(digits)))
  return folded
}

function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0
  const found = pattern.test(text)
  pattern.lastIndex = 0
  return found
}

function identityMap(text: string): { from: Int32Array; to: Int32Array } {
  const from = new Int32Array(text.length)
  const to = new Int32Array(text.length)
  for (let i = 0; i < text.length; i++) {
    from[i] = i
    to[i] = i + 1
  }
  return { from, to }
}

/** Where each code unit of the folded text came from, when some character folded to a different length. */
function foldMap(text: string, out: string): { from: Int32Array; to: Int32Array } {
  const from = new Int32Array(out.length)
  const to = new Int32Array(out.length)
  let at = 0
  let original = 0
  for (const char of text) {
    const end = original + char.length
    for (let n = foldChar(char).length; n > 0; n--, at++) {
      from[at] = original
      to[at] = end
    }
    original = end
  }
  return { from, to }
}

/** The folded text with each match replaced; a replacement maps back to the whole original range of its match. */
function rewrite(folded: FoldedText, pattern: RegExp, replace: (match: string) => string): FoldedText {
  const { text, from, to } = folded as Required<FoldedText>
  let written = ''
  const newFrom: number[] = []
  const newTo: number[] = []
  let last = 0
  const copy = (start: number, end: number) => {
    written += text.slice(start, end)
    for (let i = start; i < end; i++) {
      newFrom.push(from[i])
      newTo.push(to[i])
    }
  }
  pattern.lastIndex = 0
  for (const match of text.matchAll(pattern)) {
    const start = match.index
    const end = start + match[0].length
    const replacement = replace(match[0])
    if (replacement === match[0]) continue
    copy(last, start)
    written += replacement
    for (let i = 0; i < replacement.length; i++) {
      newFrom.push(from[start])
      newTo.push(to[end - 1])
    }
    last = end
  }
  copy(last, text.length)
  return { text: written, from: Int32Array.from(newFrom), to: Int32Array.from(newTo) }
}

/** A Chinese number that starts with a digit and has 百, 千 or 万 in it (not 千万 "by all means", not 百货). */
const LARGE_NUMERAL = /(?<![零〇十百千万])[一二两三四五六七八九][零〇一二两三四五六七八九十百千万]*/gu
const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}
const CHINESE_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/**
 * The value of a Chinese number with 百, 千 or 万 (三百二十 = 320, 一千零五 = 1005; as said, 一千五 = 1500, 两万五 =
 * 25000); undefined for anything else (no such unit, two digits in a row), which is then left as written.
 */
export function chineseNumber(numeral: string): number | undefined {
  if (!/[百千万]/u.test(numeral)) return undefined
  let total = 0
  let section = 0
  let digit: number | undefined
  let lastUnit = 0
  let previous = ''
  for (const char of numeral) {
    if (char in CHINESE_DIGITS) {
      if (digit !== undefined && previous !== '零' && previous !== '〇') return undefined
      digit = CHINESE_DIGITS[char]
    } else if (char in CHINESE_UNITS) {
      const unit = CHINESE_UNITS[char]
      if (digit === undefined) return undefined
      section += digit * unit
      digit = undefined
      lastUnit = unit
    } else {
      if (char !== '万' || (digit === undefined && section === 0)) return undefined
      total += (section + (digit ?? 0)) * 10000
      section = 0
      digit = undefined
      lastUnit = 10000
    }
    previous = char
  }
  if (digit !== undefined) {
    // 一千五: a digit right after its unit counts in the next unit down (as said aloud)
    const said = previous in CHINESE_DIGITS && lastUnit >= 100 && !/[零〇]/u.test(numeral.slice(-2, -1))
    const justAfterUnit = /[百千万][一二两三四五六七八九]$/u.test(numeral)
    section += said && justAfterUnit ? digit * (lastUnit / 10) : digit
  }
  return total + section
}

/** One or two digits, not next to another digit, a Latin letter, or a decimal point followed by a digit; no 0x. */
const SMALL_NUMBER = /(?<![\p{N}\p{Script=Latin}]|\d[.,:])(?:[1-9]\d?|0)(?![\p{N}\p{Script=Latin}]|[.,:]\d)/gu
const DIGITS = '零一二三四五六七八九'

/** 0–99 as written in Chinese: 7 → 七, 10 → 十, 15 → 十五, 20 → 二十, 36 → 三十六. */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n]
  const tens = Math.floor(n / 10)
  const units = n % 10
  return (tens === 1 ? '' : DIGITS[tens]) + '十' + (units ? DIGITS[units] : '')
}

/** The original range of a range of the folded text. */
export function originalRange(folded: FoldedText, start: number, end: number): [number, number] {
  if (!folded.from || !folded.to) return [start, end]
  return [folded.from[start], folded.to[end - 1]]
}

// Terms

/**
 * What the index holds for a folded text: in Chinese, each pair of neighbouring characters (so 预付卡 is found
 * inside 单用途预付卡 by 预付 and 付卡) and each character (a one-character word is one exact term, not a prefix
 * search over every pair starting with it, which costs milliseconds for 不 or 者); the segmenter's longer Chinese
 * words (a whole-word match scores more); and every other word as the segmenter splits it (Latin words, numbers).
 */
export function indexTerms(folded: string): string[] {
  const terms: string[] = []
  for (const [run] of folded.matchAll(HAN_RUNS)) {
    const chars = [...run]
    for (let i = 0; i < chars.length; i++) {
      terms.push(chars[i])
      if (i + 1 < chars.length) terms.push(chars[i] + chars[i + 1])
    }
  }
  for (const word of segmentWords(folded)) {
    if (!HAN.test(word) || [...word].length >= WHOLE_WORD_MIN) terms.push(word)
  }
  return terms
}

/** Word-like segments, with Chinese and other scripts apart. */
export function segmentWords(text: string): string[] {
  const words: string[] = []
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (!isWordLike) continue
    for (const [part] of segment.matchAll(HAN_OR_OTHER)) {
      if (HAN.test(part) || LETTER_OR_DIGIT.test(part)) words.push(part)
    }
  }
  return words
}

/** Searched as a prefix: Latin words and numbers ("consum" finds "consumer"); Chinese terms are exact. */
export function isPrefixTerm(term: string): boolean {
  return !HAN.test(term)
}

// Occurrences

/**
 * Where a folded word occurs in a folded text. Chinese is found anywhere; a word that starts with a Latin letter or
 * a digit only at the start of a word (so "test" is found in "testing" but not in "contest"), as the index finds it.
 */
export function occurrences(text: string, word: string, limit = Infinity): number[] {
  const found: number[] = []
  const atWordStart = startsWithLetterOrDigit(word)
  let from = 0
  while (found.length < limit) {
    const at = text.indexOf(word, from)
    if (at === -1) break
    if (!atWordStart || at === 0 || !isLetterOrDigitBefore(text, at)) found.push(at)
    from = at + 1
  }
  return found
}

export function occurs(text: string, word: string): boolean {
  return occurrences(text, word, 1).length > 0
}

function startsWithLetterOrDigit(word: string): boolean {
  const first = String.fromCodePoint(word.codePointAt(0) ?? 0)
  return LETTER_OR_DIGIT.test(first) && !HAN.test(first)
}

function isLetterOrDigitBefore(text: string, at: number): boolean {
  const low = text.charCodeAt(at - 1)
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1
  const before = String.fromCodePoint(text.codePointAt(start) ?? 0)
  return LETTER_OR_DIGIT.test(before) && !HAN.test(before)
}
