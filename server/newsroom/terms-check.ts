// The forbidden and commonly mistaken terms check (CONTENT_DIR/terms.yaml, schema TermsList in src/model/terms.ts),
// run with the content check before the last review step and on publishing: each occurrence with the place it is
// in (a front matter field's pointer, or the body's line) and the words around it.
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { TermsList, type TermEntry } from '../../src/model/terms'
import { schemaProblems } from '../content/schema-problems'
import type { ItemText } from './item-file'

export const TERMS_FILE = 'terms.yaml'
const AROUND = 12

export interface TermHit {
  term: string
  kind: TermEntry['kind']
  suggest?: string
  note?: string
  /** A JSON pointer into the front matter (`/title`, `/whatToDo/1`), or `/body`. */
  pointer: string
  /** For the body: the line, counted from 1 after the front matter. */
  line?: number
  /** The words around the occurrence. */
  excerpt: string
}

/** The terms of CONTENT_DIR/terms.yaml (none when there is no file), or the problems that make it unusable. */
export function readTerms(contentDir: string): { terms: TermEntry[]; problems: string[] } {
  let text: string
  try {
    text = fs.readFileSync(path.join(contentDir, TERMS_FILE), 'utf8')
  } catch {
    return { terms: [], problems: [] }
  }
  let data: unknown
  try {
    data = YAML.parse(text, { uniqueKeys: true }) ?? { terms: [] }
  } catch (error) {
    return { terms: [], problems: [`${TERMS_FILE}: is not valid YAML: ${String(error).split('\n')[0]}`] }
  }
  const problems = schemaProblems(TermsList, data)
  if (problems.length) {
    return { terms: [], problems: problems.map((p) => `${TERMS_FILE}: ${p.pointer.replace(/^\//, '')}: ${p.message}`) }
  }
  return { terms: (data as TermsList).terms, problems: [] }
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase()

/** The text folded (NFKC, lower case) one character at a time, with where each folded unit came from. */
function foldWithMap(text: string): { folded: string; from: number[] } {
  let folded = ''
  const from: number[] = []
  for (let i = 0; i < text.length;) {
    const char = String.fromCodePoint(text.codePointAt(i)!)
    const out = fold(char)
    for (let k = 0; k < out.length; k++) from.push(i)
    folded += out
    i += char.length
  }
  from.push(text.length)
  return { folded, from }
}

/** Every occurrence of every term in the item's front matter texts and body. */
export function findTerms(terms: TermEntry[], item: ItemText): TermHit[] {
  const hits: TermHit[] = []
  const scan = (text: string, pointer: string, line?: number) => {
    const { folded, from } = foldWithMap(text)
    for (const entry of terms) {
      const term = fold(entry.term)
      const suggest = entry.suggest ? fold(entry.suggest) : undefined
      for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + term.length)) {
        if (suggest && insideSuggestion(folded, at, term.length, suggest)) continue
        const start = Math.max(0, at - AROUND)
        const end = Math.min(folded.length, at + term.length + AROUND)
        hits.push({
          term: entry.term,
          kind: entry.kind,
          ...(entry.suggest ? { suggest: entry.suggest } : {}),
          ...(entry.note ? { note: entry.note } : {}),
          pointer,
          ...(line !== undefined ? { line } : {}),
          excerpt: `${start > 0 ? '…' : ''}${text.slice(from[start], from[end])}${end < folded.length ? '…' : ''}`,
        })
      }
    }
  }
  const walk = (value: unknown, pointer: string) => {
    if (typeof value === 'string') scan(value, pointer)
    else if (Array.isArray(value)) value.forEach((entry, n) => walk(entry, `${pointer}/${n}`))
    else if (value !== null && typeof value === 'object') {
      for (const [key, entry] of Object.entries(value)) walk(entry, `${pointer}/${key}`)
    }
  }
  walk(item.data, '')
  item.body.split(/\r?\n/).forEach((text, n) => scan(text, '/body', n + 1))
  return hits
}

/** True when the occurrence at `at` lies within an occurrence of the right form (e.g. 市场监管局 in 市场监管局局长). */
function insideSuggestion(text: string, at: number, length: number, suggest: string): boolean {
  for (let from = Math.max(0, at - suggest.length); from <= at; from++) {
    const found = text.indexOf(suggest, from)
    if (found === -1 || found > at) return false
    if (found + suggest.length >= at + length) return true
    from = found
  }
  return false
}

/** A hit in words: `/body line 3: 工商局 (mistaken: use 市场监督管理局; 2018年起的名称) in “…”`. */
export function describeHit(hit: TermHit): string {
  const place = hit.line !== undefined ? `${hit.pointer.replace(/^\//, '')} line ${hit.line}` : hit.pointer.slice(1)
  const advice = hit.suggest ? `: use ${hit.suggest}` : ''
  const note = hit.note ? `; ${hit.note}` : ''
  return `${place}: ${hit.term} (${hit.kind}${advice}${note}) in “${hit.excerpt}”`
}
