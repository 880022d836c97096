// Holds the compiled content: loaded from disk on start and on reload(), compiled again when the Shanghai day
// changes (warnings expire, scheduled items appear). Requests only read what is already built.
import { compileContent, type ContentView } from './compile'
import { loadContent, type LoadedContent } from './load-content'
import { nextShanghaiMidnight, shanghaiDate } from './shanghai-date'

export interface ContentStoreOptions {
  contentDir: string
  /** Also build the view that includes drafts (only when previews are enabled). */
  withPreview: boolean
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now?: () => number
}

export class ContentStore {
  content!: LoadedContent
  private publicView!: ContentView
  private previewView: ContentView | undefined
  private validUntil = 0
  private readonly now: () => number

  constructor(private readonly options: ContentStoreOptions) {
    this.now = options.now ?? Date.now
    this.reload()
  }

  /** Reads the content folder again and rebuilds every response. */
  reload(): LoadedContent {
    this.content = loadContent(this.options.contentDir)
    this.compile()
    return this.content
  }

  view(preview: boolean): ContentView {
    if (this.now() >= this.validUntil) this.compile()
    return preview && this.previewView ? this.previewView : this.publicView
  }

  private compile() {
    const at = this.now()
    const today = shanghaiDate(at)
    this.publicView = compileContent(this.content, { today, preview: false })
    this.previewView = this.options.withPreview ? compileContent(this.content, { today, preview: true }) : undefined
    this.validUntil = nextShanghaiMidnight(at)
  }
}
