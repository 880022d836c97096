// published-ids.txt: every `collection/id` ever published, one a line, sorted, committed. Share links carry these
// ids, so a published id must never disappear or change; the content check compares the list with the content.
import fs from 'node:fs'
import path from 'node:path'
import { COLLECTIONS } from '../src/model/labels'
import type { LoadedContent } from '../server/content/load-content'

export const PUBLISHED_IDS_FILE = 'published-ids.txt'

const HEADER = [
  '# Every item ever published, as collection/id: share links point at these, so each must stay published.',
  '# Added by `npm run content:check -- --update-ids`. Remove a line only deliberately, saying why in the commit.',
]

/** `collection/id` of every valid item whose status is published (scheduled ones included), sorted. */
export function publishedIds(content: LoadedContent): string[] {
  return COLLECTIONS.flatMap((collection) =>
    content.items[collection]
      .filter((item) => item.data.status === 'published')
      .map((item) => `${collection}/${item.id}`),
  ).sort()
}

/** The ids a list file names (blank lines and `#` comments skipped), or undefined when there is no file. */
export function readIdList(file: string): string[] | undefined {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
}

export interface IdCheck {
  /** Listed, but no longer published: each is a problem. */
  gone: string[]
  /** Published, not listed yet: `--update-ids` adds them. */
  unlisted: string[]
}

export function compareIds(listed: string[], published: string[]): IdCheck {
  const publishedSet = new Set(published)
  const listedSet = new Set(listed)
  return {
    gone: [...listedSet].filter((id) => !publishedSet.has(id)).sort(),
    unlisted: published.filter((id) => !listedSet.has(id)),
  }
}

/** Writes the list with the newly published ids added; never drops a line. */
export function writeIdList(file: string, listed: string[], added: string[]): void {
  const ids = [...new Set([...listed, ...added])].sort()
  fs.writeFileSync(file, [...HEADER, ...ids, ''].join('\n'))
}

export function idListPath(contentDir: string): string {
  return path.join(contentDir, PUBLISHED_IDS_FILE)
}
