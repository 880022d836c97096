// Uploaded media no item uses any more (`npm run media:unused`): files the newsroom's uploads wrote under
// CONTENT_DIR/media/{images,posters,videos}, named by their content hash (uploads-media.ts: `<32 hex>.jpg`, `.mp4`,
// the poster's card copies `<32 hex>.<size>.webp`), whose hash appears in no item file (published, draft or withdrawn:
// a withdrawn item keeps its media for the record), in no saved version in the newsroom and in no autosave. Files
// younger than a few days are kept too: an upload may wait in an editor that has not saved yet. Files with other names
// (put there by hand, seeds/' own) are never touched.
import fs from 'node:fs'
import path from 'node:path'
import type { Store } from '../store/database'
import { UPLOAD_FOLDERS } from './uploads-media'

const HASH = /[0-9a-f]{32}/g
const UPLOADED_NAME = /^([0-9a-f]{32})(?:\.[a-z0-9]+)+$/

export interface MediaFile {
  /** Relative to CONTENT_DIR/media, e.g. images/<hash>.jpg */
  path: string
  bytes: number
  modifiedAt: number
}

/** Every .md file under the content folder (collections and withdrawn/), read whole. */
function itemTexts(dir: string): string[] {
  const texts: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'media' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) texts.push(...itemTexts(full))
    else if (entry.name.endsWith('.md')) texts.push(fs.readFileSync(full, 'utf8'))
  }
  return texts
}

/** The content hashes any item, saved version or autosave names. */
async function referencedHashes(contentDir: string, store: Store): Promise<Set<string>> {
  const found = new Set<string>()
  const scan = (text: string) => {
    for (const match of text.matchAll(HASH)) found.add(match[0])
  }
  itemTexts(contentDir).forEach(scan)
  await store.ready()
  const versions = await store.db.selectFrom('newsroom_versions').select(['data', 'body']).execute()
  for (const version of versions) scan(`${version.data}\n${version.body}`)
  const autosaves = await store.db.selectFrom('newsroom_autosaves').select('content').execute()
  for (const row of autosaves) scan(row.content)
  return found
}

/** Uploaded files no item, version or autosave names, last changed more than `minAgeDays` ago, largest first. */
export async function unusedUploads(
  contentDir: string,
  store: Store,
  options: { now: number; minAgeDays: number },
): Promise<MediaFile[]> {
  const referenced = await referencedHashes(contentDir, store)
  const oldest = options.now - options.minAgeDays * 86_400_000
  const unused: MediaFile[] = []
  for (const folder of new Set(Object.values(UPLOAD_FOLDERS))) {
    const dir = path.join(contentDir, 'media', folder)
    let names: string[]
    try {
      names = fs.readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) {
      const hash = UPLOADED_NAME.exec(name)?.[1]
      if (!hash || referenced.has(hash)) continue
      const stat = fs.statSync(path.join(dir, name))
      if (!stat.isFile() || stat.mtimeMs > oldest) continue
      unused.push({ path: `${folder}/${name}`, bytes: stat.size, modifiedAt: stat.mtimeMs })
    }
  }
  return unused.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1))
}
