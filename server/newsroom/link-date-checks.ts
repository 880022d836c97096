// The newsroom's link and date checks before 终审 and before publishing, beside today's content check (which already
// refuses unreal dates and links the app cannot keep, and names related ids that do not exist): what would be wrong
// only once the item is public.
//
// Links: a body link to /pages/… that is not a page of the app; a related item (relatedExplainers, relatedWarnings)
// that exists but is not public today (a draft, or scheduled later), so the published item would show no link to it;
// a source address over plain http (WeChat opens https only).
// Dates: a warning whose expiresAt is already past (it would be published expired); updatedAt after today; a
// publishedAt more than a year ahead (a typing slip); a new item dated more than 30 days back (先审后发: an item is dated
// when it first goes public, or later when scheduled; a review may take days, so a few are allowed; a correction keeps
// its date and sets updatedAt).
import type { Block } from '../../src/model/blocks'
import type { CollectionName } from '../../src/model/labels'
import { HOME, LIST_PAGES, SERVICES } from '../../src/routes'
import type { LoadedContent, ContentItem } from '../content/load-content'
import { markdownToBlocks } from '../content/markdown-to-blocks'
import { addDays } from '../content/shanghai-date'
import type { ItemText } from './item-file'

export interface CheckProblem {
  pointer: string
  message: string
  severity: 'error'
}

/** The app's pages a body link may open (src/routes.ts; markdown-to-blocks keeps /pages/… links only). */
const APP_PAGES = new Set([HOME, SERVICES, ...Object.values(LIST_PAGES)].filter((page) => page.startsWith('/pages/')))

/** Every link (href) in the body's blocks, wherever it is (paragraphs, lists, callouts). */
function hrefs(blocks: Block[]): string[] {
  const found: string[] = []
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'href' && typeof inner === 'string') found.push(inner)
        else walk(inner)
      }
    }
  }
  walk(blocks)
  return found
}

/** How far back a new item's publishedAt may be (a review may take days). */
const BACKDATE_DAYS = 30

export function linkAndDateProblems(options: {
  collection: CollectionName
  item: ItemText
  /** Today in Asia/Shanghai */
  today: string
  content: LoadedContent
  /** The id was published before (published-ids.txt): a correction, not a new item */
  publishedBefore: boolean
}): CheckProblem[] {
  const { collection, item, today, content, publishedBefore } = options
  const { data } = item
  const problems: CheckProblem[] = []
  const problem = (pointer: string, message: string) => problems.push({ pointer, message, severity: 'error' })

  for (const href of hrefs(markdownToBlocks(item.body))) {
    if (!href.startsWith('/pages/')) continue
    const page = href.split(/[?#]/)[0]
    if (!APP_PAGES.has(page)) problem('/body', `link "${href}" is not a page of the app (${[...APP_PAGES].join(', ')})`)
  }

  const publicIds = (list: ContentItem[]) =>
    new Set(list.filter((i) => i.data.status === 'published' && i.data.publishedAt <= today).map((i) => i.id))
  const related: [string, ContentItem[]][] = [
    ['relatedExplainers', content.items.explainers],
    ['relatedWarnings', content.items.warnings],
  ]
  for (const [field, list] of related) {
    const ids = data[field]
    if (!Array.isArray(ids)) continue
    const known = new Set(list.map((i) => i.id))
    const visible = publicIds(list)
    ids.forEach((id, index) => {
      if (typeof id === 'string' && known.has(id) && !visible.has(id)) {
        problem(`/${field}/${index}`, `${id} is not public: the published item would show no link to it`)
      }
    })
  }

  const sources = Array.isArray(data.sources) ? (data.sources as { url?: unknown }[]) : []
  sources.forEach((source, index) => {
    if (typeof source?.url === 'string' && /^http:\/\//i.test(source.url)) {
      problem(`/sources/${index}/url`, `${source.url} is http: give the https address (WeChat opens https only)`)
    }
  })

  const date = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : undefined)
  const expiresAt = date('expiresAt')
  if (collection === 'warnings' && expiresAt && expiresAt < today) {
    problem('/expiresAt', `${expiresAt} is past: the warning would be published expired`)
  }
  const updatedAt = date('updatedAt')
  if (updatedAt && updatedAt > today) problem('/updatedAt', `${updatedAt} is after today (${today})`)
  const publishedAt = date('publishedAt')
  if (publishedAt && publishedAt > addDays(today, 366)) {
    problem('/publishedAt', `${publishedAt} is more than a year ahead: is the year right?`)
  }
  if (publishedAt && publishedAt < addDays(today, -BACKDATE_DAYS) && !publishedBefore) {
    problem(
      '/publishedAt',
      `${publishedAt} is more than ${BACKDATE_DAYS} days before today: a new item is dated when it goes public`,
    )
  }
  return problems
}
