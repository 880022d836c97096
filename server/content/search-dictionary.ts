// seeds/search.yaml: the search dictionary (src/model/search.ts). Optional: a missing file is an empty dictionary.
// An invalid file is reported like any other and left out (search goes on without it); a wrong entry in a valid
// file is reported as a warning and left out, the rest is used.
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { SearchDictionary } from '../../src/model/search'
import type { Problem } from './load-content'
import { schemaProblems } from './schema-problems'

export const DICTIONARY_FILE = 'search.yaml'
const MAX_WORD = 20

export function readDictionary(contentDir: string, report: (problem: Problem) => void): SearchDictionary {
  const file = DICTIONARY_FILE
  let text: string
  try {
    text = fs.readFileSync(path.join(contentDir, file), 'utf8')
  } catch {
    return {}
  }
  let data: unknown
  try {
    data = YAML.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { uniqueKeys: true }) ?? {}
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    report({ file, pointer: '', message: `is not valid YAML: ${message}`, severity: 'error' })
    return {}
  }
  const errors = schemaProblems(SearchDictionary, data)
  for (const { pointer, message } of errors) report({ file, pointer, message, severity: 'error' })
  if (errors.length) return {}
  return checkDictionary(data as SearchDictionary, (pointer, message) =>
    report({ file, pointer, message, severity: 'warning' }),
  )
}

/** Words that are blank, repeated groups and words, and one-way entries that lead nowhere: reported, left out. */
export function checkDictionary(
  dictionary: SearchDictionary,
  warn: (pointer: string, message: string) => void,
): SearchDictionary {
  const synonyms: string[][] = []
  const seenGroups = new Map<string, number>()
  ;(dictionary.synonyms ?? []).forEach((group, n) => {
    const words: string[] = []
    group.forEach((raw, m) => {
      const word = raw.trim()
      if (!word) warn(`/synonyms/${n}/${m}`, 'is an empty word: left out')
      else if (words.includes(word)) warn(`/synonyms/${n}/${m}`, `${word} is in this group twice`)
      else words.push(word)
    })
    if (words.length < 2) {
      warn(`/synonyms/${n}`, 'has fewer than two words: a group needs at least two, this one is left out')
      return
    }
    const key = [...words].sort().join('\u0000')
    const earlier = seenGroups.get(key)
    if (earlier !== undefined) {
      warn(`/synonyms/${n}`, `repeats the group synonyms/${earlier}: left out`)
      return
    }
    seenGroups.set(key, n)
    synonyms.push(words)
  })
  const expand: Record<string, string[]> = {}
  for (const [raw, targets] of Object.entries(dictionary.expand ?? {})) {
    const from = raw.trim()
    const pointer = `/expand/${raw.replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (!from) {
      warn(pointer, 'is an empty word: left out')
      continue
    }
    if ([...from].length > MAX_WORD) {
      warn(pointer, `is longer than ${MAX_WORD} characters: left out`)
      continue
    }
    const words: string[] = []
    targets.forEach((target, m) => {
      const word = target.trim()
      if (!word) warn(`${pointer}/${m}`, 'is an empty word: left out')
      else if (word === from) warn(`${pointer}/${m}`, `${word} expands to itself: left out`)
      else if (words.includes(word)) warn(`${pointer}/${m}`, `${word} is listed twice`)
      else words.push(word)
    })
    if (!words.length) {
      warn(pointer, 'leads to no word: left out')
      continue
    }
    if (expand[from]) warn(pointer, `${from} is listed twice (after trimming spaces): the lists are joined`)
    expand[from] = [...new Set([...(expand[from] ?? []), ...words])]
  }
  return { synonyms, expand }
}
