// Compressed forms of a prepared body, made once: ahead of time for everything a compile builds, on first send
// for list and search pages built on request. Each form has its own ETag (`"<hash>-br"`, `"<hash>-gz"`).
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { ContentView, Prepared } from './compile'

/** Bodies smaller than this are sent as they are: compressing them saves too little. */
export const MIN_COMPRESS_BYTES = 1024

export type Coding = 'br' | 'gzip'

/** One form of a body, ready to write. */
export interface Variant {
  data: Buffer
  etag: string
  /** The Content-Encoding, or undefined for the identity form. */
  coding: Coding | undefined
}

export interface Encodings {
  identity: Variant
  br?: Variant
  gzip?: Variant
}

// Brotli 10 is within 1% of 11 on these bodies at a third of the time; both forms are deterministic.
const brotliOptions = (size: number): zlib.BrotliOptions => ({
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 10,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
  },
})
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 9 }

const brotliAsync = promisify(zlib.brotliCompress)
const gzipAsync = promisify(zlib.gzip)

const tagged = (etag: string, suffix: string) => etag.slice(0, -1) + suffix + '"'

function encodings(prepared: Prepared, identity: Buffer, br: Buffer | undefined, gzip: Buffer | undefined): Encodings {
  const result: Encodings = { identity: { data: identity, etag: prepared.etag, coding: undefined } }
  // A compressed form is kept only when it is smaller
  if (br && br.length < identity.length) result.br = { data: br, etag: tagged(prepared.etag, '-br'), coding: 'br' }
  if (gzip && gzip.length < identity.length) {
    result.gzip = { data: gzip, etag: tagged(prepared.etag, '-gz'), coding: 'gzip' }
  }
  return result
}

/** The forms of a body, compressed now if no one has yet (then kept on the prepared response). */
export function encodingsOf(prepared: Prepared): Encodings {
  if (prepared.encoded) return prepared.encoded
  const identity = Buffer.from(prepared.body)
  prepared.encoded =
    identity.length < MIN_COMPRESS_BYTES
      ? encodings(prepared, identity, undefined, undefined)
      : encodings(
          prepared,
          identity,
          zlib.brotliCompressSync(identity, brotliOptions(identity.length)),
          zlib.gzipSync(identity, GZIP_OPTIONS),
        )
  return prepared.encoded
}

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
      prepared.encoded ??= encodings(prepared, identity, br, gzip)
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

// Accept-Encoding

const acceptedCache = new Map<string, Coding[]>()
const ACCEPTED_CACHE_MAX = 256

/** The form to send for an Accept-Encoding header: the highest q wins, br before gzip on a tie. */
export function pickVariant(encoded: Encodings, acceptEncoding: string | undefined): Variant {
  if (!acceptEncoding || (!encoded.br && !encoded.gzip)) return encoded.identity
  let accepted = acceptedCache.get(acceptEncoding)
  if (accepted === undefined) {
    accepted = acceptedCodings(acceptEncoding)
    if (acceptedCache.size >= ACCEPTED_CACHE_MAX) acceptedCache.clear()
    acceptedCache.set(acceptEncoding, accepted)
  }
  for (const coding of accepted) {
    const variant = encoded[coding]
    if (variant) return variant
  }
  return encoded.identity
}

/** The codings we have that a header accepts (q > 0), best first: `gzip;q=0.5, br` -> br, gzip. */
export function acceptedCodings(header: string): Coding[] {
  let br: number | undefined
  let gzip: number | undefined
  let star: number | undefined
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';')
    const coding = name.trim().toLowerCase()
    let q = 1
    for (const param of params) {
      const [key, value] = param.split('=')
      if (key.trim().toLowerCase() === 'q') q = Number(value?.trim())
    }
    if (!(q >= 0 && q <= 1)) q = 0
    if (coding === 'br') br = q
    else if (coding === 'gzip' || coding === 'x-gzip') gzip = q
    else if (coding === '*') star = q
  }
  const weights: [Coding, number][] = [
    ['br', br ?? star ?? 0],
    ['gzip', gzip ?? star ?? 0],
  ]
  return weights
    .filter(([, q]) => q > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([coding]) => coding)
}
