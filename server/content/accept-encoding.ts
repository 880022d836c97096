// Which compressed form of a prepared body to send for a request's Accept-Encoding header.
import type { Coding, Encodings, Variant } from './prepared'

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
