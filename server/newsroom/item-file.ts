// An item as the newsroom holds it (front matter fields + Markdown body) and as CONTENT_DIR holds it (one Markdown
// file with YAML front matter, as in seeds/): validation with the API's own schemas, the file text, today's content
// check run on the item before it is published, and atomic writes that the API's reload picks up.
//
// Withdrawn items (撤稿) move to CONTENT_DIR/withdrawn/<collection>/<id>.md: the loader reads only the collection
// folders, so the public API (and previews) answer 404, and the text stays on disk for the record.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TSchema } from '@sinclair/typebox'
import matter from 'gray-matter'
import YAML from 'yaml'
import { ExplainerFrontMatter } from '../../src/model/explainer'
import { COLLECTIONS, type CollectionName } from '../../src/model/labels'
import { NewsFrontMatter } from '../../src/model/news'
import type { SiteSettings } from '../../src/model/site'
import { VideoFrontMatter } from '../../src/model/video'
import { WarningFrontMatter } from '../../src/model/warning'
import { loadContent, type Problem } from '../content/load-content'
import { schemaProblems, type FieldProblem } from '../content/schema-problems'
import { isRealDate } from '../content/shanghai-date'

export const FRONT_MATTER: Record<CollectionName, TSchema> = {
  explainers: ExplainerFrontMatter,
  warnings: WarningFrontMatter,
  videos: VideoFrontMatter,
  news: NewsFrontMatter,
}

export const WITHDRAWN_DIR = 'withdrawn'
export const PUBLISHED_IDS_FILE = 'published-ids.txt'

export type FrontMatter = Record<string, unknown>

export interface ItemText {
  data: FrontMatter
  body: string
}

export const isCollection = (name: string): name is CollectionName => (COLLECTIONS as readonly string[]).includes(name)

/**
 * The problems of a draft's fields, as the content check words them (`/level`: must be one of …): the collection's
 * schema, real calendar dates, and region and publisher among site.yaml's regions.
 */
export function draftProblems(collection: CollectionName, data: FrontMatter, site?: SiteSettings): FieldProblem[] {
  const problems = schemaProblems(FRONT_MATTER[collection], data)
  const seen = new Set(problems.map((problem) => problem.pointer))
  for (const field of ['publishedAt', 'updatedAt', 'expiresAt']) {
    const value = data[field]
    if (typeof value === 'string' && !seen.has('/' + field) && !isRealDate(value)) {
      problems.push({ pointer: '/' + field, message: `${value} is not a day in the calendar` })
    }
  }
  if (site) {
    const regions = site.regions.map((region) => region.id)
    for (const field of collection === 'warnings' ? ['region', 'publisher'] : ['publisher']) {
      const value = data[field]
      if (typeof value === 'string' && !seen.has('/' + field) && !regions.includes(value)) {
        problems.push({ pointer: '/' + field, message: `must be one of ${regions.join(', ')}` })
      }
    }
  }
  return problems
}

/** The file as seeds/ writes it: `---`, the fields in the schema's order (dates quoted), `---`, the body. */
export function itemMarkdown(collection: CollectionName, { data, body }: ItemText): string {
  const order = Object.keys((FRONT_MATTER[collection] as unknown as { properties: Record<string, unknown> }).properties)
  const ordered: FrontMatter = {}
  for (const key of order) if (data[key] !== undefined) ordered[key] = data[key]
  for (const key of Object.keys(data)) if (!(key in ordered) && data[key] !== undefined) ordered[key] = data[key]
  const doc = new YAML.Document(ordered)
  YAML.visit(doc, {
    Scalar(_key, node) {
      // As seeds/ writes them: a YAML 1.1 reader would otherwise take a date or a number-like text for another type
      if (typeof node.value === 'string' && /^[\d.:-]+$/.test(node.value)) node.type = 'QUOTE_DOUBLE'
    },
  })
  const front = doc.toString({ lineWidth: 0 })
  const text = body.replace(/\r\n?/g, '\n').replace(/^\n+/, '').replace(/\s*$/, '\n')
  return `---\n${front}---\n\n${text}`
}

/** Reads an item's file from a content folder (collection folder, or the withdrawn one): undefined when missing. */
export function readItemFile(
  contentDir: string,
  collection: CollectionName,
  id: string,
  where: 'live' | 'withdrawn' = 'live',
): ItemText | undefined {
  const file = where === 'live' ? itemPath(contentDir, collection, id) : withdrawnPath(contentDir, collection, id)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  const parsed = matter(text.replace(/^\ufeff/, ''), {
    engines: { yaml: (source: string) => (YAML.parse(source) ?? {}) as object },
  })
  return { data: parsed.data as FrontMatter, body: parsed.content.replace(/^\n+/, '') }
}

export const itemPath = (contentDir: string, collection: CollectionName, id: string) =>
  path.join(contentDir, collection, `${id}.md`)

export const withdrawnPath = (contentDir: string, collection: CollectionName, id: string) =>
  path.join(contentDir, WITHDRAWN_DIR, collection, `${id}.md`)

/** Ids ever published (published-ids.txt), as `collection/id`. */
export function listedIds(contentDir: string): Set<string> {
  try {
    const text = fs.readFileSync(path.join(contentDir, PUBLISHED_IDS_FILE), 'utf8')
    return new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#')),
    )
  } catch {
    return new Set()
  }
}

/**
 * Today's content check (the loader `npm run content:check` and the API use) on the item as it would be published:
 * the content folder with this one file replaced, in a temporary folder (the other collections, media and settings
 * linked, the item's own collection copied). Answers the problems of this file (errors and warnings).
 */
export function checkItem(contentDir: string, collection: CollectionName, id: string, text: string): Problem[] {
  const shadow = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-newsroom-check-'))
  try {
    const source = path.resolve(contentDir)
    for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
      if (entry.name === collection || entry.name === WITHDRAWN_DIR || entry.name.startsWith('.')) continue
      fs.symlinkSync(path.join(source, entry.name), path.join(shadow, entry.name))
    }
    const own = path.join(shadow, collection)
    fs.mkdirSync(own)
    for (const entry of fs.readdirSync(path.join(source, collection), { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.md') && !entry.name.startsWith('.')) {
        fs.copyFileSync(path.join(source, collection, entry.name), path.join(own, entry.name))
      }
    }
    fs.writeFileSync(path.join(own, `${id}.md`), text)
    const file = `${collection}/${id}.md`
    return loadContent(shadow).problems.filter((problem) => problem.file === file)
  } finally {
    fs.rmSync(shadow, { recursive: true, force: true })
  }
}

/**
 * Writes a file whole or not at all: a hidden temporary file in the same folder (the loader skips names starting
 * with a dot), flushed to disk, then renamed over the target, and the folder flushed.
 */
export function writeAtomically(file: string, text: string): void {
  const dir = path.dirname(file)
  fs.mkdirSync(dir, { recursive: true })
  const temporary = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = fs.openSync(temporary, 'w')
  try {
    fs.writeFileSync(handle, text)
    fs.fsyncSync(handle)
  } finally {
    fs.closeSync(handle)
  }
  try {
    fs.renameSync(temporary, file)
  } catch (error) {
    fs.rmSync(temporary, { force: true })
    throw error
  }
  syncFolder(dir)
}

function syncFolder(dir: string) {
  try {
    const handle = fs.openSync(dir, 'r')
    try {
      fs.fsyncSync(handle)
    } finally {
      fs.closeSync(handle)
    }
  } catch {
    // Some file systems refuse to open or flush a folder: the rename is still atomic
  }
}

/** Publishes: the item's file written atomically, and its id added to published-ids.txt (when the list exists). */
export function publishFile(contentDir: string, collection: CollectionName, id: string, text: string): void {
  writeAtomically(itemPath(contentDir, collection, id), text)
  const listFile = path.join(contentDir, PUBLISHED_IDS_FILE)
  const key = `${collection}/${id}`
  let list: string
  try {
    list = fs.readFileSync(listFile, 'utf8')
  } catch {
    return
  }
  const lines = list.split(/\r?\n/)
  if (lines.some((line) => line.trim() === key)) return
  // As `content:check -- --update-ids` writes it: the comment lines, then every id sorted
  const comments = lines.filter((line) => line.trim().startsWith('#'))
  const ids = [...lines.filter((line) => line.trim() && !line.trim().startsWith('#')).map((l) => l.trim()), key].sort()
  writeAtomically(listFile, [...comments, ...ids, ''].join('\n'))
}

/** Withdraws: the item's file moved (one rename) to withdrawn/<collection>/<id>.md. False when it was not there. */
export function withdrawFile(contentDir: string, collection: CollectionName, id: string): boolean {
  const from = itemPath(contentDir, collection, id)
  if (!fs.existsSync(from)) return false
  const to = withdrawnPath(contentDir, collection, id)
  fs.mkdirSync(path.dirname(to), { recursive: true })
  fs.renameSync(from, to)
  syncFolder(path.dirname(from))
  syncFolder(path.dirname(to))
  return true
}
