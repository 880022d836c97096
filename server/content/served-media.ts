// Which files under <contentDir>/media the API serves at /media/: those a public answer names (a poster and its card
// copies, a video, a cover, a share image, a body image of a published item that is out today), found once per
// compile in the answers' JSON, never per request. Anything else there (an upload no item uses yet, the media of a
// draft or of a withdrawn item) is answered 404 as if it were not there: drafts' media reach staff through the
// newsroom (GET /api/v1/staff/newsroom/media/...) and preview links (GET /api/v1/drafts/:token?media=...) only.
import path from 'node:path'
import { COLLECTIONS } from '../../src/model/labels'
import { staysInsideMedia } from './media-path'
import type { ContentView } from './view'

/** A JSON string that is a media URL as mediaUrl() makes it: `"/media/<path, each segment URI-encoded>"`. */
const MEDIA_URL = /"\/media\/([^"\\?#]+)"/g

/**
 * The media paths (relative to <contentDir>/media, decoded) of every media URL in a JSON text, added to `into`; a
 * reference out of the media folder (`/media/../site.yaml`, which the content check warns of) names none.
 */
export function mediaPathsIn(json: string, into = new Set<string>()): Set<string> {
  for (const match of json.matchAll(MEDIA_URL)) {
    let relative: string
    try {
      relative = decodeURIComponent(match[1])
    } catch {
      continue // Not a URL mediaUrl() made (a broken escape in a text): names no file
    }
    if (relative === path.posix.normalize(relative) && staysInsideMedia(relative)) into.add(relative)
  }
  return into
}

/**
 * Every media path a view's answers name: site, home and services, and each item's detail (which holds its summary,
 * so lists, search and related items name nothing more).
 */
export function servedMedia(view: ContentView): ReadonlySet<string> {
  const found = new Set<string>()
  for (const prepared of [view.site, view.home, view.services]) if (prepared) mediaPathsIn(prepared.body, found)
  for (const collection of COLLECTIONS) {
    for (const detail of view.collections[collection].details.values()) mediaPathsIn(detail.body, found)
  }
  return found
}
