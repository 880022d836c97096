// Holds the compiled content: loaded from disk on start and on reload(), compiled again when the Shanghai day
// changes (warnings expire, scheduled items appear). Requests only read what is already built: a new version
// is loaded, compiled and compressed off to the side, then swapped in with one assignment.
import { compileContent } from './compile'
import { loadContent, type LoadedContent } from './load-content'
import { precompress, precompressSync } from './precompress'
import { servedMedia } from './served-media'
import { nextShanghaiMidnight, shanghaiDate } from './shanghai-date'
import type { ContentView } from './view'

export interface ContentStoreOptions {
  contentDir: string
  /** Also build the view that includes drafts (only when previews are enabled). */
  withPreview: boolean
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now?: () => number
}

/** One version of the content and every response built from it. Never changed once swapped in. */
interface Snapshot {
  content: LoadedContent
  publicView: ContentView
  previewView: ContentView | undefined
  /**
   * The files under media/ served at /media/: those the public answers name (served-media.ts). With previews on (an
   * instance for staff, never a public one), those the preview's answers name, drafts' included, so previews show.
   */
  media: ReadonlySet<string>
  validUntil: number
}

export class ContentStore {
  private snapshot: Snapshot
  /** Bumped by every reload and by supersede(): a background build finishing under an older number is dropped. */
  private generation = 0
  private readonly now: () => number

  constructor(private readonly options: ContentStoreOptions) {
    this.now = options.now ?? Date.now
    this.snapshot = this.build(loadContent(options.contentDir))
    precompressSync(views(this.snapshot))
  }

  /** The content of the version being served. */
  get content(): LoadedContent {
    return this.snapshot.content
  }

  /** Reads the content folder again and rebuilds every response, at once. */
  reload(): LoadedContent {
    this.generation++
    const next = this.build(loadContent(this.options.contentDir))
    precompressSync(views(next))
    this.snapshot = next
    return next.content
  }

  /**
   * The same, compressing on the thread pool while requests are still answered from the current version.
   * Resolves to the new content once it is served, or undefined when a later reload or supersede() overtook it.
   */
  async reloadInBackground(): Promise<LoadedContent | undefined> {
    const generation = ++this.generation
    const next = this.build(loadContent(this.options.contentDir))
    await precompress(views(next))
    // One turn of the event loop, so that file changes seen while reading are heard (supersede) before the swap
    await new Promise((resolve) => setImmediate(resolve))
    if (generation !== this.generation) return undefined
    this.snapshot = next
    return next.content
  }

  /** The files changed again: a background reload under way must not be served (another one follows). */
  supersede(): void {
    this.generation++
  }

  view(preview: boolean): ContentView {
    const snapshot = this.current()
    return preview && snapshot.previewView ? snapshot.previewView : snapshot.publicView
  }

  /** Whether /media/<relative> is served: a published item out today (or site-wide answers) names it. */
  servesMedia(relative: string): boolean {
    return this.current().media.has(relative)
  }

  private current(): Snapshot {
    let snapshot = this.snapshot
    if (this.now() >= snapshot.validUntil) {
      // A new day: the same content, compiled again; compressed in the background or on first send
      snapshot = this.snapshot = this.build(snapshot.content)
      precompress(views(snapshot)).catch(() => undefined)
    }
    return snapshot
  }

  private build(content: LoadedContent): Snapshot {
    const at = this.now()
    const today = shanghaiDate(at)
    const publicView = compileContent(content, { today, preview: false })
    const previewView = this.options.withPreview ? compileContent(content, { today, preview: true }) : undefined
    return {
      content,
      publicView,
      previewView,
      media: servedMedia(previewView ?? publicView),
      validUntil: nextShanghaiMidnight(at),
    }
  }
}

function views(snapshot: Snapshot): (ContentView | undefined)[] {
  return [snapshot.publicView, snapshot.previewView]
}
