// Media references: content files name media by a path under <contentDir>/media; clients get a URL path.
import path from 'node:path'

const ABSOLUTE_URL = /^https?:\/\//i

export function isAbsoluteUrl(ref: string): boolean {
  return ABSOLUTE_URL.test(ref)
}

/** `media/posters/x.jpg`, `./posters/x.jpg` and `/media/posters/x.jpg` all mean `posters/x.jpg`. */
export function mediaRelativePath(ref: string): string {
  let relative = ref
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
  if (relative.startsWith('media/')) relative = relative.slice('media/'.length)
  return path.posix.normalize(relative)
}

/** The URL clients load a media file from: an absolute URL stays, anything else becomes `/media/...`. */
export function mediaUrl(ref: string): string {
  if (isAbsoluteUrl(ref)) return ref
  return '/media/' + mediaRelativePath(ref).split('/').map(encodeURIComponent).join('/')
}

/** True when the path stays inside the media folder. */
export function staysInsideMedia(relative: string): boolean {
  return relative !== '..' && !relative.startsWith('../') && !path.posix.isAbsolute(relative)
}
