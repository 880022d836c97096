// Uploaded media no item uses (server/newsroom/unused-media.ts, `npm run media:unused`) on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL: a file named in a published item, in a withdrawn one, in a saved version only or in an
// autosave only is kept, as is a recent upload and any file not named by a hash; an old upload nobody names, and its
// poster copies, are listed; --delete removes exactly those and writes media.cleanup to the audit log.
import { randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { NewsroomStore } from '../../server/newsroom/newsroom-store'
import { unusedUploads } from '../../server/newsroom/unused-media'
import { StaffStore } from '../../server/staff/staff-store'
import { Store } from '../../server/store/database'
import { storeKinds } from './events-helpers'
import { REPO_ROOT } from './test-app'

const hash = () => randomBytes(16).toString('hex')
const DAY = 86_400_000

describe.each(storeKinds())('unused uploads on $name', (kind) => {
  let store: Store
  let contentDir: string
  const h = {
    published: hash(),
    withdrawn: hash(),
    version: hash(),
    autosave: hash(),
    recent: hash(),
    unused: hash(),
    unusedPoster: hash(),
  }

  function put(relative: string, bytes: number, ageDays: number) {
    const file = path.join(contentDir, 'media', relative)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, Buffer.alloc(bytes, 1))
    const at = new Date(Date.now() - ageDays * DAY)
    fs.utimesSync(file, at, at)
  }

  /** A saved version naming one upload, an account's autosave naming another. */
  async function nameInNewsroom(into: Store) {
    const news = new NewsroomStore(into, Date.now)
    const id = `unused-media-${randomBytes(3).toString('hex')}`
    await news.create('warnings', id, 'jiangsu', { data: { shareImage: `images/${h.version}.jpg` }, body: '' }, 'test')
    const username = `media-${randomBytes(3).toString('hex')}`
    await new StaffStore(into).add(username, 'correct-horse-battery-staple', 'province', 'jiangsu', 'test')
    const account = (await into.db
      .selectFrom('staff')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst())!
    const content = JSON.stringify({ data: {}, body: `![x](/media/images/${h.autosave}.jpg)` })
    await into.db
      .insertInto('newsroom_autosaves')
      .values({ account: account.id, slot: 'new:warnings', base_version: 0, content, saved_at: Date.now() })
      .execute()
  }

  beforeAll(async () => {
    contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-unused-media-'))
    store = await kind.open()
    fs.mkdirSync(path.join(contentDir, 'warnings'))
    fs.mkdirSync(path.join(contentDir, 'withdrawn/news'), { recursive: true })
    fs.writeFileSync(
      path.join(contentDir, 'warnings/kept.md'),
      `---\nid: kept\nshareImage: images/${h.published}.jpg\n---\n\n正文\n`,
    )
    fs.writeFileSync(
      path.join(contentDir, 'withdrawn/news/old.md'),
      `---\nid: old\n---\n\n![图](/media/images/${h.withdrawn}.jpg)\n`,
    )
    put(`images/${h.published}.jpg`, 1000, 30)
    put(`images/${h.withdrawn}.jpg`, 1000, 30)
    put(`images/${h.version}.jpg`, 1000, 30)
    put(`images/${h.autosave}.jpg`, 1000, 30)
    put(`images/${h.recent}.jpg`, 1000, 1)
    put(`images/${h.unused}.jpg`, 3000, 30)
    put(`posters/${h.unusedPoster}.jpg`, 2000, 30)
    put(`posters/${h.unusedPoster}.tile.webp`, 500, 30)
    put('images/bureau-logo.png', 800, 400) // not an upload's name: never touched
    await nameInNewsroom(store)
  }, 30_000)
  afterAll(async () => {
    await store.close()
    fs.rmSync(contentDir, { recursive: true, force: true })
  })

  it('lists only old uploads that nothing names, largest first', async () => {
    const unused = await unusedUploads(contentDir, store, { now: Date.now(), minAgeDays: 7 })
    expect(unused.map((file) => file.path)).toEqual([
      `images/${h.unused}.jpg`,
      `posters/${h.unusedPoster}.jpg`,
      `posters/${h.unusedPoster}.tile.webp`,
    ])
    expect(unused[0].bytes).toBe(3000)
    // With no grace period the recent upload is listed too
    const all = await unusedUploads(contentDir, store, { now: Date.now(), minAgeDays: 0 })
    expect(all.map((file) => file.path)).toContain(`images/${h.recent}.jpg`)
  })

  if (kind.name === 'sqlite') {
    it('npm run media:unused lists them; --delete removes them and writes media.cleanup to the audit log', async () => {
      // The script opens the database itself: a SQLite file of its own (DATA_DIR), named in the same way
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-unused-media-data-'))
      const own = await Store.open({ dataDir })
      await nameInNewsroom(own)
      await own.close()
      try {
        const run = (...args: string[]) =>
          spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/media-unused.ts'), ...args], {
            cwd: REPO_ROOT,
            encoding: 'utf8',
            env: { ...process.env, CONTENT_DIR: contentDir, DATA_DIR: dataDir, DATABASE_URL: '' },
          })
        const listed = run()
        expect(listed.status).toBe(0)
        expect(listed.stdout).toContain(`media/images/${h.unused}.jpg`)
        expect(listed.stdout).toMatch(/3 uploaded file\(s\) no item, version or autosave uses, older than 7 days/)
        expect(fs.existsSync(path.join(contentDir, 'media/images', `${h.unused}.jpg`))).toBe(true)

        expect(run('--min-age-days', 'soon').status).toBe(2)
        const removed = run('--delete', '--min-age-days', '7')
        expect(removed.status).toBe(0)
        expect(removed.stdout).toContain('removed 3 file(s)')
        expect(fs.existsSync(path.join(contentDir, 'media/images', `${h.unused}.jpg`))).toBe(false)
        for (const kept of [
          `images/${h.published}.jpg`,
          `images/${h.withdrawn}.jpg`,
          `images/${h.version}.jpg`,
          `images/${h.autosave}.jpg`,
          `images/${h.recent}.jpg`,
          'images/bureau-logo.png',
        ])
          expect([kept, fs.existsSync(path.join(contentDir, 'media', kept))]).toEqual([kept, true])
        const audit = await Store.open({ dataDir })
        try {
          const entries = await new StaffStore(audit).auditEntries()
          expect(entries.map((entry) => entry.action)).toContain('media.cleanup')
        } finally {
          await audit.close()
        }
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true })
      }
    })
  }
})
