#!/usr/bin/env node
// Turns the scraped source document (Traditional Chinese, with pinyin notes after some characters)
// into the Simplified Chinese body of the news item it became.
//
//   node scripts/convert-source.mjs            print the converted text
//   node scripts/convert-source.mjs --write    replace the body of the news item, keeping its front matter
//   node scripts/convert-source.mjs --check    exit 1 if the news item's body differs from the conversion
//
// Options: --source <file> (default seeds/sources/000_bb2d24db48c58258.txt, the original kept unchanged
// for the record), --item <file> (default seeds/news/jiangsu-new-media-forum-2021.md).
// CONTENT_DIR (default seeds) moves both defaults together.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as OpenCC from 'opencc-js'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback
}
const contentDir = process.env.CONTENT_DIR || 'seeds'
const sourcePath = option('--source', join(contentDir, 'sources', '000_bb2d24db48c58258.txt'))
const itemPath = option('--item', join(contentDir, 'news', 'jiangsu-new-media-forum-2021.md'))

// Latin letters that occur in Hanyu Pinyin, with and without tone marks (ü and its tones included).
const PINYIN_LETTERS = 'a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿêÊ'
const HAN = '\\p{Script=Han}'

/**
 * Removes pinyin notes: a parenthesis holding only pinyin letters, right after a Chinese character,
 * e.g. "監(jiān)管" -> "監管". Parentheses with anything else inside stay, e.g. "縣(市、區)".
 * The note must contain at least one tone-marked vowel, or be a plain lower-case syllable
 * (neutral tone), so "(PM)" or "(APP)" style abbreviations are left alone.
 */
export function removePinyinNotes(text) {
  const note = new RegExp(`(${HAN})\\(([${PINYIN_LETTERS}]{1,7})\\)`, 'gu')
  return text.replace(note, (whole, han, letters) => {
    const toned = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]/u.test(letters)
    const plainSyllable = /^[a-zü]+$/u.test(letters)
    return toned || plainSyllable ? han : whole
  })
}

/** Fixes the scraper's damage that the conversion itself cannot know about. Each fix is explicit. */
export function fixKnownDamage(text) {
  return (
    text
      // The contest is "担当新使命·奋进新征程" (middle dot U+00B7). The scrape turned the dot into "?"
      // in both places it occurs; only this exact phrase is touched, no other "?" is.
      .replaceAll('擔當新使命?奮進新征程', '擔當新使命·奮進新征程')
      .replaceAll('担当新使命?奋进新征程', '担当新使命·奋进新征程')
      // "切實増強": the scrape has the Japanese form 増 (U+5897) where Chinese writes 增 (U+589E);
      // OpenCC leaves 増 as it is.
      .replaceAll('増', '增')
  )
}

/**
 * The scrape replaced full-width punctuation inside Chinese sentences with ASCII , ; : ( ).
 * Chinese text uses the full-width forms; only punctuation next to a Chinese character or
 * Chinese punctuation is changed, so numbers such as "1,000" stay as they are.
 */
export function normalisePunctuation(text) {
  const cjk = '[\\p{Script=Han}“”、。]'
  const pairs = [
    [',', '，'],
    [';', '；'],
    [':', '：'],
  ]
  let out = text
  for (const [ascii, full] of pairs) {
    // before or after a Chinese character: "第2;全系统" -> "第2；全系统"
    out = out
      .replace(new RegExp(`(${cjk})${ascii}`, 'gu'), `$1${full}`)
      .replace(new RegExp(`${ascii}(${cjk})`, 'gu'), `${full}$1`)
  }
  return out.replace(new RegExp(`(${cjk})\\(([^()]*${cjk}[^()]*)\\)`, 'gu'), '$1（$2）')
}

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' })

/** The whole pipeline: one paragraph per non-empty line of the source, separated by blank lines. */
export function convert(original) {
  const withoutNotes = removePinyinNotes(original.replace(/\r\n?/g, '\n'))
  const simplified = toSimplified(withoutNotes)
  const fixed = normalisePunctuation(fixKnownDamage(simplified))
  return (
    fixed
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join('\n\n') + '\n'
  )
}

/** Splits "---\n<yaml>\n---\n<body>" into its two parts; throws when there is no front matter. */
function splitFrontMatter(file) {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(file)
  if (!match) throw new Error(`${itemPath}: no front matter found (expected a file starting with ---)`)
  return { head: match[0], body: file.slice(match[0].length) }
}

function main() {
  const original = readFileSync(sourcePath, 'utf8')
  const body = convert(original)

  // Guard: nothing that looks like a pinyin note, a stray "?" or a Traditional-only form may remain.
  const leftovers = body.match(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)|\?/gu)
  if (leftovers) {
    console.error(`convert-source: left in the output: ${[...new Set(leftovers)].join(' ')}`)
    process.exit(1)
  }

  if (args.includes('--write') || args.includes('--check')) {
    const file = readFileSync(itemPath, 'utf8')
    const { head, body: current } = splitFrontMatter(file)
    const next = `${head}\n${body}`
    if (args.includes('--check')) {
      if (current.trim() !== body.trim()) {
        console.error(`${itemPath}: body differs from the conversion of ${sourcePath}; run with --write`)
        process.exit(1)
      }
      console.log(`${itemPath}: body matches ${sourcePath}`)
      return
    }
    writeFileSync(itemPath, next)
    console.log(`${itemPath}: body written from ${sourcePath} (${body.length} characters)`)
    return
  }
  process.stdout.write(body)
}

main()
