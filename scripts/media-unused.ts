// `npm run media:unused -- [--delete] [--min-age-days 7]`: the newsroom's uploads that no item, saved version or
// autosave uses (server/newsroom/unused-media.ts), in CONTENT_DIR (default seeds) and the API's database
// (DATABASE_URL, else SQLite in DATA_DIR, default data). Lists them with their sizes; with --delete removes them and
// writes what it removed to the audit log (`media.cleanup`, actor cli:<OS user>). Exit 0, or 2 on a bad argument.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { unusedUploads } from '../server/newsroom/unused-media'
import { StaffStore } from '../server/staff/staff-store'
import { Store } from '../server/store/database'

const USAGE = 'usage: npm run media:unused -- [--delete] [--min-age-days <days, default 7>]'

function parse(args: string[]): { remove: boolean; minAgeDays: number } | string {
  let remove = false
  let minAgeDays = 7
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--delete') remove = true
    else if (args[i] === '--min-age-days') {
      const value = Number(args[++i])
      if (!Number.isInteger(value) || value < 1) return '--min-age-days takes a whole number of days, 1 or more'
      minAgeDays = value
    } else return `unknown argument ${args[i]}`
  }
  return { remove, minAgeDays }
}

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`

async function main(args: string[]): Promise<number> {
  const options = parse(args)
  if (typeof options === 'string') {
    console.error(`media:unused: ${options}\n${USAGE}`)
    return 2
  }
  const contentDir = path.resolve(process.env.CONTENT_DIR?.trim() || 'seeds')
  const store = await Store.open({
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    dataDir: process.env.DATA_DIR?.trim() || 'data',
  })
  try {
    const unused = await unusedUploads(contentDir, store, { now: Date.now(), minAgeDays: options.minAgeDays })
    const total = unused.reduce((sum, file) => sum + file.bytes, 0)
    for (const file of unused) console.log(`${size(file.bytes).padStart(9)}  media/${file.path}`)
    console.log(
      `${unused.length} uploaded file(s) no item, version or autosave uses, older than ${options.minAgeDays} days: ${size(total)}` +
        (options.remove || unused.length === 0 ? '' : ' (run with --delete to remove them)'),
    )
    if (options.remove && unused.length) {
      for (const file of unused) fs.rmSync(path.join(contentDir, 'media', file.path), { force: true })
      await new StaffStore(store).audit({
        at: Date.now(),
        actor: `cli:${os.userInfo().username}`,
        action: 'media.cleanup',
        detail: { files: unused.map((file) => file.path), bytes: total },
      })
      console.log(`removed ${unused.length} file(s), ${size(total)}; written to the audit log (media.cleanup)`)
    }
    return 0
  } finally {
    await store.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`media:unused: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  },
)
