#!/usr/bin/env node
// Draws a share card image (500×400 PNG: WeChat shows a chat card's image at 5:4, PLATFORM.md "Sharing") for every
// item of CONTENT_DIR (default seeds) that names no shareImage of its own, into media/share/<collection>/<id>.png,
// which the API then gives as the item's shareImage. Flat colours keep each file small (< 60 KB).
// The title and badges sit in the middle 400×400, so a Moments share (shown 1:1) still shows them when cropped.
// Renders with Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and fonts-noto-cjk, like
// make-tab-icons.mjs. An image newer than its .md (and, for a video, its poster) is kept unless --force.
// Usage: node scripts/make-share-images.mjs [--force]
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import { chromium } from 'playwright-core'
import { tsImport } from 'tsx/esm/api'
import YAML from 'yaml'

const chromiumSettings = createRequire(import.meta.url)('./chromium.json')

const { COLLECTIONS, COLLECTION_LABELS, WARNING_LEVELS } = await tsImport('../src/model/labels.ts', import.meta.url)

const WIDTH = 500
const HEIGHT = 400
const MAX_BYTES = 60 * 1024
// Theme tokens (src/styles/theme.scss)
const COLOURS = {
  primary: '#0b4f9c',
  primarySoft: '#e8f0fa',
  text: '#1a202c',
  onDark: '#ffffff',
  footer: '#f2b233',
  sample: '#1a202c',
  notice: '#0b4f9c',
  caution: '#8a4b00',
  alert: '#b42318',
}
const POSTER_TYPES = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' }

const contentDir = process.env.CONTENT_DIR || 'seeds'
const force = process.argv.includes('--force')
const mediaDir = path.join(contentDir, 'media')
const site = readSite()

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

function readSite() {
  try {
    return YAML.parse(readFileSync(path.join(contentDir, 'site.yaml'), 'utf8')) ?? {}
  } catch {
    return {}
  }
}

/** A media reference as the content names it (`posters/x.jpg`, `media/posters/x.jpg`) → the file. */
function mediaFile(ref) {
  const relative = String(ref)
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/^media\//, '')
  return path.join(mediaDir, relative)
}

function posterDataUrl(file) {
  const type = POSTER_TYPES[path.extname(file).toLowerCase()]
  if (!type || !existsSync(file)) return undefined
  return `data:${type};base64,${readFileSync(file).toString('base64')}`
}

function cardHtml({ collection, data }) {
  const video = collection === 'videos'
  const poster = video && data.poster ? posterDataUrl(mediaFile(data.poster)) : undefined
  const badges = [`<span class="badge label">${escape(COLLECTION_LABELS[collection])}</span>`]
  if (collection === 'warnings' && WARNING_LEVELS[data.level]) {
    badges.push(`<span class="badge level ${escape(data.level)}">${escape(WARNING_LEVELS[data.level])}</span>`)
  }
  if (video && data.sample === true) badges.push('<span class="badge sample">示例</span>')
  const bureau = site.bureauName ? `${site.bureauName} · 市监` : '市监'
  const hotline = site.hotline ? `消费维权请拨打 ${site.hotline}` : ''
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; margin: 0; }
  body { width: ${WIDTH}px; height: ${HEIGHT}px; overflow: hidden; font-family: 'Noto Sans CJK SC', sans-serif;
    -webkit-font-smoothing: antialiased; }
  .card { position: relative; width: ${WIDTH}px; height: ${HEIGHT}px; display: flex; flex-direction: column;
    background: #ffffff; color: ${COLOURS.text}; }
  .card.video { background: ${COLOURS.sample}; color: ${COLOURS.onDark}; overflow: hidden; }
  /* The poster, blurred and darkened ($overlay): a backdrop, so its own lettering never competes with the title */
  .poster { position: absolute; inset: -24px; background: center / cover no-repeat; filter: blur(8px); }
  .card.video::after { content: ''; position: absolute; inset: 0; background: rgba(0, 0, 0, 0.72); }
  .band, .main, .foot { z-index: 1; }
  .band, .main, .foot { position: relative; padding: 0 50px; }
  .band { height: 64px; line-height: 64px; background: ${COLOURS.primary}; color: ${COLOURS.onDark};
    font-size: 19px; font-weight: 500; text-align: center; letter-spacing: 1px; }
  .main { flex: 1; display: flex; flex-direction: column; justify-content: center; gap: 18px; }
  .badges { display: flex; gap: 10px; }
  .badge { font-size: 18px; line-height: 30px; padding: 0 12px; border-radius: 6px; font-weight: 700; }
  .label { background: ${COLOURS.primarySoft}; color: ${COLOURS.primary}; }
  .level, .sample { color: ${COLOURS.onDark}; }
  .notice { background: ${COLOURS.notice}; } .caution { background: ${COLOURS.caution}; }
  .alert { background: ${COLOURS.alert}; } .sample { background: ${COLOURS.alert}; }
  .title { font-size: 34px; line-height: 1.3; font-weight: 700; line-break: strict; overflow-wrap: anywhere;
    display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; }
  .foot { height: 52px; line-height: 52px; background: ${COLOURS.footer}; color: ${COLOURS.text};
    font-size: 19px; text-align: center; }
</style></head><body>
  <div class="card${video ? ' video' : ''}">
    ${poster ? `<div class="poster" style="background-image:url('${poster}')"></div>` : ''}
    <div class="band">${escape(bureau)}</div>
    <div class="main">
      <div class="badges">${badges.join('')}</div>
      <div class="title">${escape(data.title)}</div>
    </div>
    ${hotline ? `<div class="foot">${escape(hotline)}</div>` : ''}
  </div>
</body></html>`
}

function readItems() {
  const items = []
  for (const collection of COLLECTIONS) {
    const dir = path.join(contentDir, collection)
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.md') || name.startsWith('.')) continue
      const file = path.join(dir, name)
      try {
        const { data } = matter(readFileSync(file, 'utf8'))
        items.push({ collection, id: path.basename(name, '.md'), file, data })
      } catch (error) {
        console.log(`${file}: skipped, its front matter cannot be read (${error.message.split('\n')[0]})`)
      }
    }
  }
  return items
}

const items = readItems()
const wanted = items.filter((item) => !item.data.shareImage && typeof item.data.title === 'string')
const outFile = (item) => path.join(mediaDir, 'share', item.collection, `${item.id}.png`)
const stale = wanted.filter((item) => {
  const out = outFile(item)
  if (force || !existsSync(out)) return true
  const made = statSync(out).mtimeMs
  const inputs = [item.file]
  if (item.collection === 'videos' && item.data.poster) inputs.push(mediaFile(item.data.poster))
  return inputs.some((input) => existsSync(input) && statSync(input).mtimeMs >= made)
})

let tooBig = 0
if (stale.length) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? chromiumSettings.path,
    args: chromiumSettings.flags,
  })
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 })
    for (const item of stale) {
      await page.setContent(cardHtml(item), { waitUntil: 'load' })
      await page.evaluate(() => document.fonts.ready)
      const png = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } })
      const out = outFile(item)
      mkdirSync(path.dirname(out), { recursive: true })
      writeFileSync(out, png)
      const kb = (png.length / 1024).toFixed(1)
      if (png.length > MAX_BYTES) {
        tooBig++
        console.log(`${out}: ${kb} KB, over the ${MAX_BYTES / 1024} KB budget`)
      } else console.log(`${out}: ${kb} KB`)
    }
  } finally {
    await browser.close()
  }
}

// Images left behind by items that were removed or now name their own shareImage: reported, never deleted here
const kept = new Set(items.map(outFile))
for (const collection of COLLECTIONS) {
  const dir = path.join(mediaDir, 'share', collection)
  if (!existsSync(dir)) continue
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name)
    if (name.endsWith('.png') && !kept.has(file)) console.log(`${file}: no item has this id: delete it if unused`)
  }
}

console.log(
  `share images: ${stale.length} drawn, ${wanted.length - stale.length} up to date, ` +
    `${items.length - wanted.length} items with their own shareImage`,
)
if (tooBig) process.exit(1)
