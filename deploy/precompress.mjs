#!/usr/bin/env node
// Writes a gzip copy (file.gz, level 9) beside every text file of a built H5 folder, for nginx's gzip_static: the
// files are compressed once, at deploy time, harder than nginx would on the fly. Files under 512 bytes or that do
// not shrink are left alone; an existing .gz of the same file is rewritten. The .gz keeps the file's modification
// time, so nginx's Last-Modified and ETag do not change with it.
// Usage: node deploy/precompress.mjs dist/h5
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { constants, gzipSync } from 'node:zlib'

const TEXT = /\.(?:html|js|css|json|svg|txt|map)$/
const MIN_BYTES = 512

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node deploy/precompress.mjs <built H5 folder>')
  process.exit(2)
}

let files = 0
let before = 0
let after = 0
for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
  const file = path.join(dir, name)
  if (!TEXT.test(name)) continue
  const stat = statSync(file)
  if (!stat.isFile() || stat.size < MIN_BYTES) continue
  const bytes = readFileSync(file)
  const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION })
  if (gz.length >= bytes.length) continue
  writeFileSync(`${file}.gz`, gz)
  utimesSync(`${file}.gz`, stat.atime, stat.mtime)
  files++
  before += bytes.length
  after += gz.length
}
console.log(
  `precompress: ${files} files in ${dir}, ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB gzip`,
)
