// Compresses every response a compile built, once and ahead of time (list and search pages, built on request,
// are compressed on first send by encodingsOf).
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { brotliOptions, encodingsFrom, encodingsOf, GZIP_OPTIONS, MIN_COMPRESS_BYTES, type Prepared } from './prepared'
import type { ContentView } from './view'

const brotliAsync = promisify(zlib.brotliCompress)
const gzipAsync = promisify(zlib.gzip)

/** Compresses every response a compile built, on the thread pool, so requests go on meanwhile. */
export async function precompress(views: (ContentView | undefined)[]): Promise<void> {
  const pending = views.flatMap((view) => (view ? preparedIn(view) : [])).filter((prepared) => !prepared.encoded)
  await Promise.all(
    pending.map(async (prepared) => {
      const identity = Buffer.from(prepared.body)
      if (identity.length < MIN_COMPRESS_BYTES) return encodingsOf(prepared)
      const [br, gzip] = await Promise.all([
        brotliAsync(identity, brotliOptions(identity.length)),
        gzipAsync(identity, GZIP_OPTIONS),
      ])
      // Made on first send meanwhile? Keep that one: the bytes are the same.
      prepared.encoded ??= encodingsFrom(prepared, identity, br, gzip)
    }),
  )
}

/** The same, at once (on start and on a synchronous reload). */
export function precompressSync(views: (ContentView | undefined)[]): void {
  for (const view of views) if (view) preparedIn(view).forEach(encodingsOf)
}

/** Every response built by a compile (list and search pages are built later, on request). */
function preparedIn(view: ContentView): Prepared[] {
  const fixed = [view.health, view.site, view.home, view.services].filter((p): p is Prepared => p !== undefined)
  return fixed.concat(...Object.values(view.collections).map((collection) => [...collection.details.values()]))
}
