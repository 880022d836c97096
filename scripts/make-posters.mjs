#!/usr/bin/env node
// Makes the smaller WebP copies of every video poster (POSTER_SIZES in src/model/labels.ts: `tile` for the video
// grid, `wide` for a one-column card) beside the original, `posters/a.jpg` → `posters/a.tile.webp` and
// `posters/a.wide.webp`, for each video of CONTENT_DIR (default seeds) whose poster is a file under media/.
// The API gives them as the video's `posterSizes` (an original without its copies is given in their place).
// Cropped to 16:9 from the centre, like the tiles show them (aspectFill). Uses sharp (a dependency: the API re-encodes uploads with it too).
// Idempotent: a copy is written only when its bytes change. `--check` writes nothing and exits 1 when a copy is
// missing or not of its size (the bytes themselves may differ between sharp versions, so they are not compared).
// Usage: npm run media:posters [-- --check]   (node scripts/make-posters.mjs)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import sharp from 'sharp'
import { tsImport } from 'tsx/esm/api'

const { POSTER_SIZES, posterVariantPath } = await tsImport('../src/model/labels.ts', import.meta.url)
const { isAbsoluteUrl, mediaRelativePath, staysInsideMedia } = await tsImport(
  '../server/content/media-path.ts',
  import.meta.url,
)

/** WebP quality: the posters are flat title cards, where 72 keeps the small text clean. */
const QUALITY = 72

const contentDir = process.env.CONTENT_DIR || 'seeds'
const check = process.argv.includes('--check')
const mediaDir = path.join(contentDir, 'media')
const videosDir = path.join(contentDir, 'videos')

/** The posters (paths under media/) named by the videos' front matter, each once. */
function posters() {
  const found = new Set()
  for (const name of readdirSync(videosDir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const poster = matter(readFileSync(path.join(videosDir, name), 'utf8')).data.poster
    if (typeof poster !== 'string' || isAbsoluteUrl(poster)) continue
    const relative = mediaRelativePath(poster)
    if (staysInsideMedia(relative) && existsSync(path.join(mediaDir, relative))) found.add(relative)
    else console.warn(`${name}: poster ${poster} is not a file under ${mediaDir} (the content check says more)`)
  }
  return [...found]
}

async function main() {
  let written = 0
  let kept = 0
  const problems = []
  for (const poster of posters()) {
    const source = path.join(mediaDir, poster)
    for (const [size, { width, height }] of Object.entries(POSTER_SIZES)) {
      const target = path.join(mediaDir, posterVariantPath(poster, size))
      if (check) {
        const meta = existsSync(target) ? await sharp(target).metadata() : undefined
        if (!meta) problems.push(`${target}: missing`)
        else if (meta.format !== 'webp' || meta.width !== width || meta.height !== height) {
          problems.push(`${target}: ${meta.format} ${meta.width}×${meta.height}, wanted webp ${width}×${height}`)
        }
        continue
      }
      const bytes = await sharp(source)
        .resize(width, height, { fit: 'cover', position: 'centre' })
        .webp({ quality: QUALITY, effort: 6 })
        .toBuffer()
      if (existsSync(target) && readFileSync(target).equals(bytes)) {
        kept++
        continue
      }
      writeFileSync(target, bytes)
      written++
      console.log(`${target}  ${width}×${height}  ${(bytes.length / 1024).toFixed(1)} KB`)
    }
  }
  if (check) {
    for (const line of problems) console.error(line)
    console.log(problems.length ? `${problems.length} poster copies to make: npm run media:posters` : 'posters: ok')
    process.exit(problems.length ? 1 : 0)
  }
  console.log(`posters: ${written} written, ${kept} unchanged`)
}

await main()
