// The public answers already built, by the exact URL a client sends (path and query, as written): what the fast path
// serves and what the rate limit counts as a cached read. Per compiled view, so a reload or a new day starts afresh.
// Fixed answers (health, site, home, services, every detail) are listed from the view; any other public 200 the
// Fastify path sends (a list page, an odd spelling of a URL) is remembered under its URL, up to REMEMBERED_MAX.
import type { ContentStore } from '../content/content-store'
import type { Prepared } from '../content/prepared'
import { BoundedCache, type ContentView } from '../content/view'
import { COLLECTIONS } from '../../src/model/labels'

export const API_PREFIX = '/api/v1'
export const HEALTH_PATH = `${API_PREFIX}/health`
export const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=600'
/**
 * How long nginx's cache (deploy/) keeps a public answer before revalidating it with its ETag (a 304 from the API):
 * `X-Accel-Expires`, which nginx reads before Cache-Control and never passes on. Short, so that a withdrawn item (撤稿)
 * leaves nginx's cache within seconds, not the minute clients may keep it.
 */
export const EDGE_CACHE_SECONDS = '5'
export const PREVIEW_CACHE = 'private, no-store'
export const HEALTH_CACHE = 'no-cache'
/** URLs remembered per view besides the fixed ones (list pages under the spellings clients use). */
const REMEMBERED_MAX = 5000

export interface PublicAnswer {
  prepared: Prepared
  cacheControl: string
  /** False for /health alone: a load balancer's checks are never limited. */
  counted: boolean
}

interface Answers {
  fixed: Map<string, PublicAnswer>
  remembered: BoundedCache<PublicAnswer>
}

export class PublicAnswers {
  private readonly byView = new WeakMap<ContentView, Answers>()

  constructor(private readonly store: ContentStore) {}

  /** The public answer for this URL in the content being served now, if one is built. */
  lookup(url: string): PublicAnswer | undefined {
    const answers = this.of(this.store.view(false))
    return answers.fixed.get(url) ?? answers.remembered.get(url)
  }

  /** A public 200 answer the Fastify path built from `view`, for the next request of the same URL. */
  remember(view: ContentView, url: string, answer: PublicAnswer): void {
    if (view.preview) return
    const answers = this.of(view)
    if (!answers.fixed.has(url) && !answers.remembered.get(url)) answers.remembered.set(url, answer)
  }

  private of(view: ContentView): Answers {
    let answers = this.byView.get(view)
    if (!answers) {
      answers = { fixed: fixedAnswers(view), remembered: new BoundedCache(REMEMBERED_MAX) }
      this.byView.set(view, answers)
    }
    return answers
  }
}

function fixedAnswers(view: ContentView): Map<string, PublicAnswer> {
  const fixed = new Map<string, PublicAnswer>()
  const add = (path: string, prepared: Prepared | undefined, cacheControl = PUBLIC_CACHE, counted = true) => {
    if (prepared) fixed.set(API_PREFIX + path, { prepared, cacheControl, counted })
  }
  add('/health', view.health, HEALTH_CACHE, false)
  add('/site', view.site)
  add('/home', view.home)
  add('/services', view.services)
  // Ids are lower-case words and hyphens (src/model/common.ts): written in a URL as they are
  for (const collection of COLLECTIONS) {
    for (const [id, prepared] of view.collections[collection].details) add(`/${collection}/${id}`, prepared)
  }
  return fixed
}
