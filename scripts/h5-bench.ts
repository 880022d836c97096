// What the two H5 benchmarks share (scripts/bench-h5.mjs: Lighthouse; scripts/bench-h5-cpu.ts: main-thread CPU):
// the pages they measure, the build they start from, the server warm-up and the median.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './lib/processes'

export interface BenchPage {
  /** Short name, for PAGES=… and narrow tables. */
  key: 'home' | 'list' | 'detail' | 'services' | 'videos' | 'video'
  /** What the page is, for reports. */
  name: string
  /** The hash route (index.html#…). */
  route: string
}

/**
 * Home, a list, a detail (the first explainer the API lists), the services page, the videos page (its posters)
 * and a video's detail (the first video the API lists: its player and poster). PAGES=videos,video (keys, comma-
 * separated) measures only those.
 */
export async function benchPages(apiOrigin: string): Promise<BenchPage[]> {
  const firstId = async (collection: string) => {
    const list = (await (await fetch(`${apiOrigin}/api/v1/${collection}?pageSize=1`)).json()) as {
      items?: { id: string }[]
    }
    const id = list.items?.[0]?.id
    if (!id) throw new Error(`the API lists no item in ${collection}`)
    return id
  }
  const explainerId = await firstId('explainers')
  const videoId = await firstId('videos')
  const pages: BenchPage[] = [
    { key: 'home', name: 'home', route: '/pages/index/index' },
    { key: 'list', name: 'list (warnings)', route: '/pages/warnings/index' },
    { key: 'detail', name: 'detail (explainer)', route: `/detail/explainer/index?id=${explainerId}` },
    { key: 'services', name: 'services', route: '/pages/services/index' },
    { key: 'videos', name: 'videos', route: '/pages/videos/index' },
    { key: 'video', name: 'detail (video)', route: `/detail/video/index?id=${videoId}` },
  ]
  const only = process.env.PAGES?.split(',').map((key) => key.trim())
  return only ? pages.filter((p) => only.includes(p.key)) : pages
}

/** Builds dist/h5 when it is older than the sources (scripts/build-if-stale.mjs); exits if the build fails. */
export function buildH5IfStale(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-if-stale.mjs'), 'h5'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/**
 * Requests every file of an H5 build once, compressed, before any run: scripts/serve-h5.mjs compresses a file on
 * its first request (as a deploy step would, once), and that work must not fall inside the first measured run.
 */
export async function warmUp(origin: string, dir: string): Promise<void> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /\.(html|js|css|json|svg)$/.test(f),
  )
  for (const file of files) {
    const res = await fetch(`${origin}/${file.split(path.sep).join('/')}`, { headers: { 'accept-encoding': 'br' } })
    await res.arrayBuffer()
  }
}

/** The median of the numbers among `values`; undefined when there are none. */
export function median(values: (number | undefined)[]): number | undefined {
  const sorted = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b)
  if (sorted.length === 0) return undefined
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
