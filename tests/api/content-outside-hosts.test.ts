// Body images only from our own media (media/…), outside links only to the official hosts of site.yaml
// (officialHosts), over https. Anything else is reported by the content loader (npm run content:check, and the
// newsroom's checks, which read the same problems) on its file and field, left out of the body, and the item and
// everything else are still served.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { loadContent } from '../../server/content/load-content'
import { getJson, REPO_ROOT, testApp, VALID_CONTENT, type TestApp } from './test-app'

const run = promisify(execFile)

const PIXEL = 'https://tracker.example/pixel.png?reader=1'
const FILE = 'explainers/test-explainer-tracked.md'
const ITEM = `---
id: test-explainer-tracked
title: Test explainer with outside images and links
status: published
publishedAt: '2024-01-10'
summary: Test summary for test-explainer-tracked.
category: consumer-rights
keyPoints:
  - Test key point
legalBasis:
  - law: Test Law
    article: Test article 1
    version: '2020-01-01'
sources:
  - title: Test fixture source
---

Before the pixel.

![x](${PIXEL})

![Our figure](media/images/test-figure.png)

![Protocol-relative](//tracker.example/pixel.png)

See [the tracker](https://tracker.example/?reader=1), [an official page](https://example.test/page),
[the same over http](http://example.test/page), [a look-alike](https://example.test.tracker.example/) and
[one with a name before the host](https://example.test@tracker.example/).
`

let contentDir: string
beforeAll(() => {
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-outside-hosts-'))
  fs.cpSync(VALID_CONTENT, contentDir, { recursive: true })
  fs.writeFileSync(path.join(contentDir, FILE), ITEM)
  fs.appendFileSync(path.join(contentDir, 'published-ids.txt'), 'explainers/test-explainer-tracked\n')
})
afterAll(() => fs.rmSync(contentDir, { recursive: true, force: true }))

describe('the content loader', () => {
  test('reports each outside image and each link to a host off the list on the body, and nothing else', () => {
    const content = loadContent(contentDir)
    expect(content.problems.filter((problem) => problem.file !== FILE)).toEqual([])
    const problems = content.problems.filter((problem) => problem.file === FILE)
    expect(problems).toEqual(
      [
        `image "${PIXEL}"`,
        'image "//tracker.example/pixel.png"',
        'link "https://tracker.example/?reader=1"',
        'link "http://example.test/page"',
        'link "https://example.test.tracker.example/"',
        'link "https://example.test@tracker.example/"',
      ].map((named) => ({
        file: FILE,
        pointer: '/body',
        message: expect.stringContaining(named),
        severity: 'warning',
      })),
    )
  })

  test('the item is still served, without them; our own image and the official link stay', () => {
    const content = loadContent(contentDir)
    const item = content.items.explainers.find((i) => i.id === 'test-explainer-tracked')
    expect(item).toBeDefined()
    const blocks = JSON.stringify(item!.blocks)
    expect(blocks).not.toContain('tracker.example')
    expect(blocks).not.toContain('http://')
    expect(item!.blocks).toContainEqual({ type: 'image', src: '/media/images/test-figure.png', alt: 'Our figure' })
    expect(blocks).toContain('"href":"https://example.test/page"')
    expect(content.items.explainers).toHaveLength(6)
  })

  test('officialHosts in site.yaml: host names only (no scheme, path or port)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-outside-hosts-site-'))
    try {
      fs.cpSync(VALID_CONTENT, dir, { recursive: true })
      const site = fs.readFileSync(path.join(dir, 'site.yaml'), 'utf8').replace(/^officialHosts:\n(?:\s+- .*\n)*/m, '')
      const hosts = ['https://www.samr.gov.cn', 'www.12315.cn/x', 'www.gov.cn:8443', 'www.gov.cn']
      fs.writeFileSync(path.join(dir, 'site.yaml'), `${site}officialHosts:\n${hosts.map((h) => `  - ${h}\n`).join('')}`)
      const problems = loadContent(dir).problems.filter((problem) => problem.file === 'site.yaml')
      expect(problems.map((problem) => problem.pointer)).toEqual([
        '/officialHosts/0',
        '/officialHosts/1',
        '/officialHosts/2',
      ])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('served by the API', () => {
  let app: TestApp
  beforeAll(() => {
    app = testApp({ contentDir })
  })
  afterAll(() => app.close())

  test('the body carries no image or link of another host', async () => {
    const { status, body } = await getJson(app, '/api/v1/explainers/test-explainer-tracked')
    expect(status).toBe(200)
    expect(JSON.stringify(body.body)).not.toContain('tracker.example')
    const listed = (await getJson(app, '/api/v1/explainers?pageSize=50')).body.items as { id: string }[]
    expect(listed.map((item) => item.id)).toContain('test-explainer-tracked')
  })
})

test('npm run content:check names the file and the field, and fails', async () => {
  const result = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, CONTENT_DIR: contentDir },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  )
  expect(result.code).toBe(1)
  expect(result.stdout).toContain(`${path.join(contentDir, FILE)}: body: image "${PIXEL}" is not kept`)
}, 30_000)
