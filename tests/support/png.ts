// Reads a PNG's size from its first bytes (signature, then the IHDR chunk), with no image package.
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export interface PngSize {
  width: number
  height: number
}

/** Width and height from the IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): PngSize {
  if (bytes.length < 24 || SIGNATURE.some((byte, n) => bytes[n] !== byte)) {
    throw new Error(`not a PNG (first bytes ${bytes.subarray(0, 8).toString('hex')})`)
  }
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('a PNG whose first chunk is not IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

/** True when width:height is exactly 5:4 (what WeChat shows a chat card's image at). */
export function isFiveByFour({ width, height }: PngSize): boolean {
  return width > 0 && width * 4 === height * 5
}
