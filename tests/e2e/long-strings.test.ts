// Long unbroken strings (a web address, an order number, a run of Latin letters) in a title, a summary, a body
// paragraph, a list item and a source stay within a phone's screen in the H5 app (issue 19): on a 375 px wide screen no
// text runs past the right edge and the page does not scroll sideways. A copy of seeds/ with one warning full of such
// strings, served by its own API and H5 server. Screenshot: test-results/screenshots/h5-long-strings-375.png.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { ROOT, startApi, startH5, stop, type Started } from '../support/processes'
import { launch, screenshot, stillness } from './browser'

jest.setTimeout(120_000)

const ID = 'long-strings-check'
const URL = `https://www.samr.gov.cn/${'zw/zfxxgk/fdzdgknr/'.repeat(4)}art/2026/art_0123456789abcdef0123456789abcdef.html`
const ORDER = `订单号${'8'.repeat(48)}`
const LATIN = 'Supercalifragilisticexpialidocious'.repeat(3)

let api: Started | undefined
let h5: Started | undefined
let browser: Browser
let contentDir: string

beforeAll(async () => {
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-long-strings-'))
  fs.cpSync(path.join(ROOT, 'seeds'), contentDir, { recursive: true })
  fs.writeFileSync(
    path.join(contentDir, 'warnings', `${ID}.md`),
    [
      '---',
      `id: ${ID}`,
      `title: "长串提醒：${LATIN.slice(0, 60)}"`,
      'status: published',
      'publishedAt: "2026-11-20"',
      'level: notice',
      'region: jiangsu',
      `summary: "${ORDER}，详见 ${URL.slice(0, 120)}"`,
      'whatToDo:',
      `  - "保存${ORDER}"`,
      'channel: complaint',
      'sources:',
      `  - title: 《${LATIN}》`,
      `    url: ${URL}`,
      '---',
      '',
      `正文里的长串：${ORDER}，${LATIN}。`,
      '',
      `- 网址 ${URL}`,
      '',
    ].join('\n'),
  )
  api = await startApi({ CONTENT_DIR: contentDir })
  h5 = await startH5(api.origin)
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await stop(h5)
  await stop(api)
  fs.rmSync(contentDir, { recursive: true, force: true })
})

it('wraps long unbroken strings within a 375 px wide screen', async () => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  await page.goto(`${h5!.origin}/#/detail/warning/index?id=${ID}`)
  await page.getByText(ORDER).first().waitFor()
  await stillness(page)
  // Every text's box inside the screen, and nothing to scroll sideways
  const beyond = await page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const rect of range.getClientRects())
        if (rect.width > 0 && rect.right > width + 1)
          found.push(`${node.textContent.trim().slice(0, 30)}: ${rect.right}`)
    }
    return { found, scrollWidth: document.documentElement.scrollWidth, width }
  })
  await screenshot(page, 'h5-long-strings-375')
  expect(beyond.found).toEqual([])
  expect(beyond.scrollWidth).toBeLessThanOrEqual(beyond.width)
  await context.close()
})
