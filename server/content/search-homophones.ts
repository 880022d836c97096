// Words typed with a homophone (投素 for 投诉, 陪偿 for 赔偿: a phone keyboard offers every character of a sound).
// A word of the query whose pairs of characters are not all in the content gets, as other forms, the words that
// sound the same (toneless pinyin, pinyin-pro) and whose pairs are all in the content, most widespread first: they
// count like the dictionary's equivalents.
// A word the content has is never second-guessed.
import { pinyin } from 'pinyin-pro'

const HAN_ONLY = /^\p{Script=Han}+$/u
/** Longer words are left as typed (too many ways to go wrong). */
const MAX_LENGTH = 6
const MAX_GUESSES = 2

const sounds = new Map<string, string>()
function sound(char: string): string {
  let found = sounds.get(char)
  if (found === undefined) {
    found = pinyin(char, { toneType: 'none' })
    sounds.set(char, found)
  }
  return found
}

function pairSound(pair: string): string {
  const [first, second] = [...pair]
  return sound(first) + ' ' + sound(second)
}

export class Homophones {
  /** Pair of characters → how many items hold it. */
  private readonly pairs: Map<string, number>
  /** The sound of a pair → the pairs in the content that make it. */
  private readonly bySound = new Map<string, string[]>()

  constructor(pairs: Map<string, number>) {
    this.pairs = pairs
    for (const pair of pairs.keys()) {
      const key = pairSound(pair)
      const list = this.bySound.get(key)
      if (list) list.push(pair)
      else this.bySound.set(key, [pair])
    }
  }

  /** Words sounding like `word` whose pairs are all in the content; none when the content has the word's pairs. */
  guesses(word: string): string[] {
    const chars = [...word]
    if (chars.length < 2 || chars.length > MAX_LENGTH || !HAN_ONLY.test(word)) return []
    const missing: number[] = []
    for (let i = 0; i + 1 < chars.length; i++) if (!this.pairs.has(chars[i] + chars[i + 1])) missing.push(i)
    if (!missing.length) return []
    // Replace the characters of the first missing pair by a pair that sounds the same; keep the guess if the whole
    // word is then made of pairs the content has
    const at = missing[0]
    const candidates = (this.bySound.get(pairSound(chars[at] + chars[at + 1])) ?? [])
      .map((pair) => {
        const next = [...chars]
        ;[next[at], next[at + 1]] = [...pair]
        return { word: next.join(''), count: this.pairs.get(pair) ?? 0 }
      })
      .filter(({ word: guess }) => {
        const guessChars = [...guess]
        for (let i = 0; i + 1 < guessChars.length; i++) {
          if (!this.pairs.has(guessChars[i] + guessChars[i + 1])) return false
        }
        return true
      })
    return candidates
      .sort((a, b) => b.count - a.count)
      .slice(0, MAX_GUESSES)
      .map(({ word: guess }) => guess)
  }
}
