// server/main.ts reloads content while it is being read: every answer comes whole from one version of the content.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startApi, stop, type Started } from '../../scripts/lib/processes'
import { VALID_CONTENT } from './test-app'

const VERSIONS = 5
const VERSION_EVERY_MS = 700
const DEADLINE_MS = 15_000
const WORKERS = 4
/** Files of one version are written this far apart, as a "save all" or a git checkout does. */
const FILE_GAP_MS = 50

/** Version v: every explainer's title ends in ` vN`, and there are 3 + v % 3 published explainers. */
const expectedCount = (version: number) => 3 + (version % 3)
const BASE = ['test-explainer-alpha', 'test-explainer-beta', 'test-explainer-gamma']
const versionOf = (title: string) => Number(/ v(\d+)$/.exec(title)?.[1] ?? NaN)

let dir: string
let server: Started | undefined
let origin: string

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function writeVersion(version: number, gapMs = 0) {
  const explainers = path.join(dir, 'explainers')
  for (const id of BASE) {
    const file = path.join(explainers, `${id}.md`)
    const text = fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: Test explainer ${id} v${version}`)
    fs.writeFileSync(file, text)
    if (gapMs) await pause(gapMs)
  }
  const template = fs.readFileSync(path.join(VALID_CONTENT, 'explainers/test-explainer-beta.md'), 'utf8')
  for (const n of [1, 2]) {
    const id = `test-explainer-extra-${n}`
    const file = path.join(explainers, `${id}.md`)
    if (n <= version % 3) {
      const text = template
        .replace(/^id: .*$/m, `id: ${id}`)
        .replace(/^title: .*$/m, `title: Test explainer ${id} v${version}`)
        .replace(/^publishedAt: .*$/m, `publishedAt: '2024-03-0${n}'`)
      fs.writeFileSync(file, text)
    } else {
      fs.rmSync(file, { force: true })
    }
    if (gapMs) await pause(gapMs)
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-reload-'))
  fs.cpSync(VALID_CONTENT, dir, { recursive: true })
  await writeVersion(0)
  server = await startApi({ CONTENT_DIR: dir })
  origin = server.origin
}, 30_000)

afterAll(async () => {
  await stop(server)
  fs.rmSync(dir, { recursive: true, force: true })
})

interface Summary {
  id: string
  collection: string
  title: string
}

/** The one version a response comes from; throws when its parts disagree. */
const CHECKS: { url: string; version: (body: Record<string, unknown>) => number }[] = [
  {
    url: '/api/v1/explainers?pageSize=50',
    version: (body) => {
      const items = body.items as Summary[]
      const version = sameVersion(items.map((item) => item.title))
      if (body.total !== items.length || items.length !== expectedCount(version)) {
        throw new Error(`v${version}: total ${String(body.total)}, ${items.length} items`)
      }
      return version
    },
  },
  {
    url: '/api/v1/home',
    version: (body) => {
      const items = body.explainers as Summary[]
      const version = sameVersion(items.map((item) => item.title))
      if (items.length !== Math.min(4, expectedCount(version))) throw new Error(`v${version}: ${items.length} on home`)
      return version
    },
  },
  {
    url: '/api/v1/search?q=explainer&pageSize=50',
    version: (body) => {
      const items = (body.items as Summary[]).filter((item) => item.collection === 'explainers')
      const version = sameVersion(items.map((item) => item.title))
      if (items.length !== expectedCount(version)) throw new Error(`v${version}: ${items.length} found`)
      return version
    },
  },
  { url: '/api/v1/explainers/test-explainer-alpha', version: (body) => sameVersion([body.title as string]) },
]

function sameVersion(titles: string[]): number {
  const versions = new Set(titles.map(versionOf))
  if (versions.size !== 1 || versions.has(NaN)) throw new Error(`mixed versions: ${titles.join(' | ')}`)
  return [...versions][0]
}

const ENCODINGS = ['br', 'gzip', 'identity', 'gzip, deflate, br']

test('while content files are rewritten, every response is 200 and whole from one version', async () => {
  const failures: string[] = []
  const seen = new Set<number>()
  let responses = 0
  let writing = true
  const deadline = Date.now() + DEADLINE_MS

  const worker = async (n: number) => {
    let last = 0
    for (let i = 0; (writing || i % CHECKS.length !== 0) && Date.now() < deadline; i++) {
      const check = CHECKS[(i + n) % CHECKS.length]
      try {
        const response = await fetch(origin + check.url, {
          headers: { 'accept-encoding': ENCODINGS[(i + n) % ENCODINGS.length] },
          signal: AbortSignal.timeout(5000),
        })
        if (response.status !== 200) throw new Error(`status ${response.status}`)
        const version = check.version((await response.json()) as Record<string, unknown>)
        if (version < last) throw new Error(`v${version} after v${last}`)
        last = version
        seen.add(version)
        responses++
      } catch (error) {
        failures.push(`${check.url}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  const writer = async () => {
    for (let version = 1; version <= VERSIONS; version++) {
      await pause(VERSION_EVERY_MS)
      await writeVersion(version, FILE_GAP_MS)
    }
    // The last version is served soon after its files are written
    while (Date.now() < deadline && !seen.has(VERSIONS)) await pause(50)
    writing = false
  }

  await Promise.all([writer(), ...Array.from({ length: WORKERS }, (_, n) => worker(n))])

  expect(failures).toEqual([])
  expect(Date.now()).toBeLessThan(deadline)
  expect(seen).toContain(VERSIONS)
  expect(seen.size).toBeGreaterThanOrEqual(3)
  expect(responses).toBeGreaterThan(100)
}, 30_000)
