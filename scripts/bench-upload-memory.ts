// The API's peak memory while images are decoded: a real API process (server/main.ts through tsx, WORKERS=1, on a
// temporary copy of seeds/ and a fresh SQLite DATA_DIR), a staff account made in its database, then PARALLEL image
// uploads at once, each a 16-bit RGBA 4096 × 4096 PNG made with sharp (the largest image an upload may be: 4096 px a
// side, under 5 MB). It prints the process's resident memory after start and its peak (VmHWM from /proc, so no
// sampling misses it) once every upload is answered, for each of --runs fresh processes. A measurement, not a test:
// it exits non-zero only when an upload is not stored (201).
//
// Usage: tsx scripts/bench-upload-memory.ts [--parallel 4] [--runs 3]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { StaffStore } from '../server/staff/staff-store'
import { Store } from '../server/store/database'
import { numberOption } from './lib/load'
import { ROOT, startApi, stop } from './lib/processes'

const PARALLEL = numberOption('parallel', 4)
const RUNS = numberOption('runs', 3)
const USERNAME = 'bench-uploader'
const PASSWORD = 'bench-uploader-password-0123'

/** A 16-bit RGBA PNG of 4096 × 4096 px in 64 × 64 blocks of colour (small: it must stay under the 5 MB limit). */
async function sixteenBitPng(seed: number): Promise<Buffer> {
  const side = 4096
  const small = Buffer.alloc(64 * 64 * 4)
  for (let i = 0; i < 64 * 64; i++) {
    small[i * 4] = (i * 7 + seed * 40) % 256
    small[i * 4 + 1] = (i * 3) % 256
    small[i * 4 + 2] = (255 - i) % 256
    small[i * 4 + 3] = 200 + (i % 56)
  }
  const png = await sharp(small, { raw: { width: 64, height: 64, channels: 4 } })
    .resize(side, side, { kernel: 'nearest' })
    .toColourspace('rgb16')
    .png({ compressionLevel: 9 })
    .toBuffer()
  const meta = await sharp(png).metadata()
  if (meta.depth !== 'ushort' || meta.width !== side || png.length > 5 * 1024 * 1024) {
    throw new Error(`the test image is ${meta.width} px, ${meta.depth}, ${png.length} bytes: not what was meant`)
  }
  return png
}

function multipart(bytes: Buffer, filename: string): { body: Buffer; type: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nimage\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, type: `multipart/form-data; boundary=${boundary}` }
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}

async function oneRun(images: Buffer[]): Promise<{ startRss: number; peak: number; ms: number }> {
  const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-bench-upload-content-'))
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-bench-upload-data-'))
  fs.cpSync(path.join(ROOT, 'seeds'), contentDir, { recursive: true })
  const store = Store.connect({ dataDir })
  await new StaffStore(store).add(USERNAME, PASSWORD, 'province', 'jiangsu', 'bench')
  await store.close()
  const api = await startApi({ CONTENT_DIR: contentDir, DATA_DIR: dataDir, RATE_LIMIT: '0', WORKERS: '1' })
  try {
    const login = await fetch(`${api.origin}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
    })
    if (login.status !== 204) throw new Error(`login answered ${login.status}`)
    const cookie = /^shijian_staff=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0]
    const csrf = login.headers.get('x-csrf-token') ?? ''
    // Settle after start (the content compiled, the first requests served), then the uploads all at once
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const startRss = memoryOf(api.process.pid!).rss
    const began = performance.now()
    const answers = await Promise.all(
      images.map((bytes, n) => {
        const { body, type } = multipart(bytes, `big-${n}.png`)
        return fetch(`${api.origin}/api/v1/staff/newsroom/uploads`, {
          method: 'POST',
          headers: { 'content-type': type, cookie, 'x-csrf-token': csrf },
          body: new Uint8Array(body),
        })
      }),
    )
    const ms = performance.now() - began
    for (const answer of answers) {
      if (answer.status !== 201) throw new Error(`an upload answered ${answer.status}: ${await answer.text()}`)
    }
    return { startRss, peak: memoryOf(api.process.pid!).peak, ms }
  } finally {
    await stop(api)
    fs.rmSync(contentDir, { recursive: true, force: true })
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  const images = await Promise.all(Array.from({ length: PARALLEL }, (_, n) => sixteenBitPng(n)))
  console.log(
    `${PARALLEL} parallel uploads of 16-bit RGBA 4096 × 4096 PNGs (${images.map((png) => (png.length / 1048576).toFixed(1)).join(', ')} MiB), ${RUNS} fresh API processes`,
  )
  const peaks: number[] = []
  for (let run = 1; run <= RUNS; run++) {
    const { startRss, peak, ms } = await oneRun(images)
    peaks.push(peak)
    console.log(
      `run ${run}: RSS after start ${startRss.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB, all answered in ${(ms / 1000).toFixed(1)} s`,
    )
  }
  const sorted = [...peaks].sort((a, b) => a - b)
  console.log(`median peak RSS: ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} MiB`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
