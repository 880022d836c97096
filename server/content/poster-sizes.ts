// A video's poster copies for cards (POSTER_SIZES, made by scripts/make-posters.mjs beside the original): the URL
// of each copy that exists, and the original's in place of one that was not made (a new video before
// `npm run media:posters`, or a poster given as an absolute URL), so a card always has a poster to show.
import fs from 'node:fs'
import path from 'node:path'
import type { VideoSummary } from '../../src/model/api'
import { POSTER_SIZES, posterVariantPath, type PosterSize } from '../../src/model/labels'
import { isAbsoluteUrl, mediaRelativePath, mediaUrl } from './media-path'

export function posterSizes(mediaDir: string, poster: string): VideoSummary['posterSizes'] {
  const sizes = {} as VideoSummary['posterSizes']
  for (const size of Object.keys(POSTER_SIZES) as PosterSize[]) {
    const copy = isAbsoluteUrl(poster) ? undefined : posterVariantPath(mediaRelativePath(poster), size)
    sizes[size] = mediaUrl(copy && fs.existsSync(path.join(mediaDir, copy)) ? copy : poster)
  }
  return sizes
}
