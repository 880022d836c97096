// Reads a content folder (seeds/README.md), validates every file against src/model, and reports problems.
// An invalid file is skipped and reported; everything valid is kept.
import fs from 'node:fs'
import path from 'node:path'
import type { TSchema } from '@sinclair/typebox'
import matter from 'gray-matter'
import YAML from 'yaml'
import type { Block } from '../../src/model/blocks'
import { ExplainerFrontMatter } from '../../src/model/explainer'
import { COLLECTIONS, type CollectionName } from '../../src/model/labels'
import { NewsFrontMatter } from '../../src/model/news'
import { ServicesDirectory } from '../../src/model/services'
import type { SearchDictionary } from '../../src/model/search'
import { SiteSettings } from '../../src/model/site'
import { VideoFrontMatter } from '../../src/model/video'
import { WarningFrontMatter } from '../../src/model/warning'
import { blocksToText, markdownToBlocks } from './markdown-to-blocks'
import { mediaRelativePath, mediaUrl, staysInsideMedia } from './media-path'
import { schemaProblems } from './schema-problems'
import { readDictionary } from './search-dictionary'
import { isRealDate } from './shanghai-date'

export interface Problem {
  /** Path relative to the content folder, e.g. `warnings/x.md`. */
  file: string
  /** JSON pointer into the file's data (`/level`, `/sources/0/title`; `/body` for the Markdown); '' for the file. */
  pointer: string
  message: string
  /** `error`: the file is skipped (counted as invalid); `warning`: it is served without the broken part. */
  severity: 'error' | 'warning'
}

export interface FrontMatterByCollection {
  explainers: ExplainerFrontMatter
  warnings: WarningFrontMatter
  videos: VideoFrontMatter
  news: NewsFrontMatter
}

export interface ContentItem<C extends CollectionName = CollectionName> {
  collection: C
  id: string
  file: string
  data: FrontMatterByCollection[C]
  blocks: Block[]
  /** Plain text of the body, for search. */
  text: string
  /**
   * The share image (a media reference or an absolute URL): the item's own `shareImage` if it exists, else the
   * generated `share/<collection>/<id>.png` (scripts/make-share-images.mjs), else `share/default.png`, if present.
   */
  shareImage?: string
}

export type ItemsByCollection = { [C in CollectionName]: ContentItem<C>[] }

export interface LoadedContent {
  contentDir: string
  loadedAt: string
  site?: SiteSettings
  services?: ServicesDirectory
  /** seeds/search.yaml: empty when the file is missing or invalid. */
  dictionary: SearchDictionary
  items: ItemsByCollection
  problems: Problem[]
  /** Files skipped because they are invalid (site.yaml and services.yaml included). */
  invalid: number
}

const SCHEMAS: Record<CollectionName, TSchema> = {
  explainers: ExplainerFrontMatter,
  warnings: WarningFrontMatter,
  videos: VideoFrontMatter,
  news: NewsFrontMatter,
}

const DATE_FIELDS = ['publishedAt', 'updatedAt', 'expiresAt'] as const

const refuseScript = () => {
  throw new Error('only YAML or JSON front matter is accepted')
}

const MATTER_OPTIONS = {
  engines: {
    yaml: (text: string) => parseYaml(text) as object,
    javascript: refuseScript,
    js: refuseScript,
  },
}

function parseYaml(text: string): unknown {
  return YAML.parse(text, { uniqueKeys: true, prettyErrors: true }) ?? {}
}

export function loadContent(contentDir: string): LoadedContent {
  const problems: Problem[] = []
  const invalidFiles = new Set<string>()
  const report = (problem: Problem) => {
    problems.push(problem)
    if (problem.severity === 'error') invalidFiles.add(problem.file)
  }
  const mediaDir = path.join(contentDir, 'media')

  const site = readSettings<SiteSettings>(contentDir, 'site.yaml', SiteSettings, report)
  const services = readSettings<ServicesDirectory>(contentDir, 'services.yaml', ServicesDirectory, report)
  const dictionary = readDictionary(contentDir, report)

  const items = {} as ItemsByCollection
  for (const collection of COLLECTIONS) {
    items[collection] = readCollection(contentDir, mediaDir, collection, report, site?.officialHosts) as never
  }

  if (site) checkSite(site, report)
  crossCheck(items, site, report)
  const linkedServices = site && services ? checkServices(services, site, report) : services
  const checkedServices = linkedServices && checkTriage(linkedServices, report)

  // One file's problems together, files in name order
  const byFile = (a: Problem, b: Problem) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
  return {
    contentDir,
    loadedAt: new Date().toISOString(),
    site,
    services: checkedServices,
    dictionary,
    items,
    problems: problems.sort(byFile),
    invalid: invalidFiles.size,
  }
}

/** Valid items across every collection, drafts included. */
export function countItems(content: LoadedContent): number {
  return COLLECTIONS.reduce((sum, collection) => sum + content.items[collection].length, 0)
}

// Settings files

function readSettings<T>(
  contentDir: string,
  file: string,
  schema: TSchema,
  report: (problem: Problem) => void,
): T | undefined {
  const full = path.join(contentDir, file)
  let text: string
  try {
    text = fs.readFileSync(full, 'utf8')
  } catch {
    report({ file, pointer: '', message: 'is missing', severity: 'error' })
    return undefined
  }
  let data: unknown
  try {
    data = parseYaml(stripBom(text))
  } catch (error) {
    report({ file, pointer: '', message: `is not valid YAML: ${firstLine(error)}`, severity: 'error' })
    return undefined
  }
  const errors = schemaProblems(schema, data)
  for (const { pointer, message } of errors) report({ file, pointer, message, severity: 'error' })
  return errors.length ? undefined : (data as T)
}

function checkSite(site: SiteSettings, report: (problem: Problem) => void) {
  const file = 'site.yaml'
  if (!site.regions.some((region) => region.id === site.province)) {
    report({ file, pointer: '/province', message: `is not one of the regions' ids`, severity: 'warning' })
  }
  duplicates(site.regions.map((region) => region.id)).forEach((id) =>
    report({ file, pointer: '/regions', message: `has the id ${id} more than once`, severity: 'warning' }),
  )
  duplicates(site.topics.map((topic) => topic.id)).forEach((id) =>
    report({ file, pointer: '/topics', message: `has the id ${id} more than once`, severity: 'warning' }),
  )
}

function checkServices(
  services: ServicesDirectory,
  site: SiteSettings,
  report: (problem: Problem) => void,
): ServicesDirectory {
  const regionIds = new Set(site.regions.map((region) => region.id))
  const offices = services.offices.filter((office, n) => {
    if (regionIds.has(office.region)) return true
    report({
      file: 'services.yaml',
      pointer: `/offices/${n}/region`,
      message: `${office.region} is not a region in site.yaml: this office is left out`,
      severity: 'warning',
    })
    return false
  })
  return { ...services, offices }
}

/**
 * The triage must lead somewhere: each option to one next question or one channel, every question reachable from
 * the first, and never round in a circle. A triage that can mislead is left out (the page lists the channels).
 */
function checkTriage(services: ServicesDirectory, report: (problem: Problem) => void): ServicesDirectory {
  const triage = services.triage
  if (!triage) return services
  let broken = false
  const warn = (pointer: string, message: string, breaks = true) => {
    report({
      file: 'services.yaml',
      pointer,
      message: breaks ? `${message}: the triage is left out until this is fixed` : message,
      severity: 'warning',
    })
    if (breaks) broken = true
  }

  const byId = new Map<string, number>()
  triage.forEach((question, n) => {
    if (byId.has(question.id)) warn(`/triage/${n}/id`, `${question.id} is the id of an earlier question too`)
    else byId.set(question.id, n)
  })
  triage.forEach((question, n) =>
    question.options.forEach((option, m) => {
      const pointer = `/triage/${n}/options/${m}`
      if (option.next === undefined && option.channel === undefined) {
        warn(pointer, 'leads nowhere, give it next (a question id) or channel')
      } else if (option.next !== undefined && option.channel !== undefined) {
        warn(pointer, 'has both next and channel, give only one')
      } else if (option.next !== undefined && !byId.has(option.next)) {
        warn(pointer + '/next', `${option.next} is not the id of a question`)
      }
    }),
  )

  // Walk from the first question: every question reached, none met again on the way down
  const reached = new Set<number>()
  const walk = (n: number, trail: number[]) => {
    reached.add(n)
    triage[n].options.forEach((option, m) => {
      const next = option.next === undefined ? undefined : byId.get(option.next)
      if (next === undefined) return
      if (trail.includes(next)) warn(`/triage/${n}/options/${m}/next`, `${option.next} leads back round in a circle`)
      else if (!reached.has(next)) walk(next, [...trail, next])
    })
  }
  walk(0, [0])
  triage.forEach((question, n) => {
    if (!reached.has(n) && byId.get(question.id) === n) {
      warn(`/triage/${n}`, `${question.id} cannot be reached from the first question`, false)
    }
  })

  if (!broken) return services
  const { triage: _left, ...withoutTriage } = services
  return withoutTriage
}

// Collections

function readCollection(
  contentDir: string,
  mediaDir: string,
  collection: CollectionName,
  report: (problem: Problem) => void,
  officialHosts: readonly string[] = [],
): ContentItem[] {
  const dir = path.join(contentDir, collection)
  let names: fs.Dirent[]
  try {
    names = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    report({ file: collection + '/', pointer: '', message: 'folder is missing', severity: 'warning' })
    return []
  }
  const items: ContentItem[] = []
  for (const entry of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue
    const file = `${collection}/${entry.name}`
    if (!entry.isFile() || !entry.name.endsWith('.md')) {
      report({ file, pointer: '', message: 'is not a .md file: ignored', severity: 'warning' })
      continue
    }
    let text: string
    try {
      text = fs.readFileSync(path.join(contentDir, file), 'utf8')
    } catch (error) {
      report({ file, pointer: '', message: `cannot be read: ${firstLine(error)}`, severity: 'error' })
      continue
    }
    const item = parseItem(mediaDir, collection, file, text, report, officialHosts)
    if (item) items.push(item)
  }
  return items
}

/**
 * One item from its file's text, as the loader reads it (`file` is `<collection>/<id>.md`): undefined, with its
 * problems reported, when it cannot be served. The newsroom's draft previews read a saved version with it.
 * `officialHosts`: site.yaml's, the hosts a body link may lead to (markdown-to-blocks.ts); unset: none.
 */
export function parseItem(
  mediaDir: string,
  collection: CollectionName,
  file: string,
  text: string,
  report: (problem: Problem) => void,
  officialHosts: readonly string[] = [],
): ContentItem | undefined {
  const fail = (pointer: string, message: string) => report({ file, pointer, message, severity: 'error' })
  const warn = (pointer: string, message: string) => report({ file, pointer, message, severity: 'warning' })

  let parsed: matter.GrayMatterFile<string>
  try {
    parsed = matter(stripBom(text), MATTER_OPTIONS)
  } catch (error) {
    fail('', `front matter is not valid: ${firstLine(error)}`)
    return undefined
  }
  if (!parsed.matter.trim()) {
    fail('', 'front matter is missing: start the file with a --- line, the fields, and another --- line')
    return undefined
  }
  const data = parsed.data as Record<string, unknown>
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail('', 'front matter must be a set of fields')
    return undefined
  }

  const errors = schemaProblems(SCHEMAS[collection], data)
  const id = path.basename(file, '.md')
  if (typeof data.id === 'string' && data.id !== id && !errors.some((e) => e.pointer === '/id')) {
    errors.push({ pointer: '/id', message: `must match the file name (${id})` })
  }
  for (const field of DATE_FIELDS) {
    const value = data[field]
    if (typeof value === 'string' && !errors.some((e) => e.pointer === '/' + field) && !isRealDate(value)) {
      errors.push({ pointer: '/' + field, message: `${value} is not a day in the calendar` })
    }
  }
  // A media field names a file of our own media: a web address would make every phone that shows the item ask
  // another host (a tracking pixel, or a picture that changes after review), which the app's privacy guide rules out
  for (const field of MEDIA_FIELDS) {
    const value = data[field]
    if (typeof value === 'string' && /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(value.trim())) {
      errors.push({ pointer: '/' + field, message: `${value} is not a file of our media: name a path under media/` })
    }
  }
  if (errors.length) {
    for (const { pointer, message } of errors) fail(pointer, message)
    return undefined
  }
  for (const field of ['updatedAt', 'expiresAt'] as const) {
    const value = data[field] as string | undefined
    if (value !== undefined && value < (data.publishedAt as string)) {
      warn('/' + field, `${value} is before publishedAt (${data.publishedAt as string})`)
    }
  }

  /** True when the reference can be served; otherwise says why (a warning: the item is served without it). */
  const checkMedia = (pointer: string, ref: string): boolean => {
    const relative = mediaRelativePath(ref)
    if (!staysInsideMedia(relative)) warn(pointer, `${ref} points outside the media folder`)
    else if (!fs.existsSync(path.join(mediaDir, relative))) warn(pointer, `media file not found: media/${relative}`)
    else return true
    return false
  }
  const usable: Record<string, boolean> = {}
  for (const field of MEDIA_FIELDS) {
    if (typeof data[field] === 'string') usable[field] = checkMedia('/' + field, data[field] as string)
  }
  const shareImage = usable.shareImage ? (data.shareImage as string) : defaultShareImage(mediaDir, collection, id)
  const bodyProblems = new Set<string>()
  const blocks = markdownToBlocks(parsed.content, {
    onProblem: (message) => bodyProblems.add(message),
    officialHosts,
    // Only paths of our media reach here (an image of another host is dropped as a problem)
    resolveImage: (src) => {
      checkMedia('/body', src)
      return mediaUrl(src)
    },
  })
  bodyProblems.forEach((message) => warn('/body', message))

  return {
    collection,
    id,
    file,
    data: data as never,
    blocks,
    text: blocksToText(blocks),
    ...(shareImage ? { shareImage } : {}),
  }
}

/** An item without a share image of its own: the one made for it, else the bureau's default, if they exist. */
function defaultShareImage(mediaDir: string, collection: CollectionName, id: string): string | undefined {
  return [`share/${collection}/${id}.png`, 'share/default.png'].find((ref) => fs.existsSync(path.join(mediaDir, ref)))
}

/** The front-matter fields that name a media file. */
const MEDIA_FIELDS = ['shareImage', 'poster', 'src', 'cover'] as const

// Links between files

function crossCheck(items: ItemsByCollection, site: SiteSettings | undefined, report: (problem: Problem) => void) {
  if (site) {
    const regionIds = new Set(site.regions.map((region) => region.id))
    items.warnings = items.warnings.filter((item) => {
      if (regionIds.has(item.data.region)) return true
      const allowed = site.regions.map((region) => region.id).join(', ')
      report({ file: item.file, pointer: '/region', message: `must be one of ${allowed}`, severity: 'error' })
      return false
    })
    // An unknown publisher is reported and dropped: the item is then credited to the province
    for (const list of Object.values(items) as ContentItem[][]) {
      for (const item of list) {
        const publisher = item.data.publisher
        if (publisher === undefined || regionIds.has(publisher)) continue
        const allowed = site.regions.map((region) => region.id).join(', ')
        const message = `${publisher} is not a region of site.yaml (${allowed}): credited to the province`
        report({ file: item.file, pointer: '/publisher', message, severity: 'warning' })
        item.data = { ...item.data, publisher: undefined }
      }
    }
    const topicIds = new Set(site.topics.map((topic) => topic.id))
    for (const item of items.news) {
      const topics = keepKnown(item, '/topics', item.data.topics, topicIds, 'a topic in site.yaml', report)
      if (topics) item.data = { ...item.data, topics }
    }
  }
  const explainerIds = new Set(items.explainers.map((item) => item.id))
  const warningIds = new Set(items.warnings.map((item) => item.id))
  for (const item of items.explainers) {
    const related = keepKnown(item, '/relatedWarnings', item.data.relatedWarnings, warningIds, 'a warning', report)
    if (related) item.data = { ...item.data, relatedWarnings: related }
  }
  for (const item of items.warnings) {
    const related = keepKnown(
      item,
      '/relatedExplainers',
      item.data.relatedExplainers,
      explainerIds,
      'an explainer',
      report,
    )
    if (related) item.data = { ...item.data, relatedExplainers: related }
  }
}

/** Ids that name nothing are reported and dropped; the item itself is still served. */
function keepKnown(
  item: ContentItem,
  pointer: string,
  ids: string[] | undefined,
  known: Set<string>,
  what: string,
  report: (problem: Problem) => void,
): string[] | undefined {
  if (!ids) return undefined
  ids.forEach((id, n) => {
    if (!known.has(id)) {
      report({
        file: item.file,
        pointer: `${pointer}/${n}`,
        message: `${id} is not ${what}: link dropped`,
        severity: 'warning',
      })
    }
  })
  return ids.filter((id) => known.has(id))
}

// Small helpers

function duplicates(ids: string[]): string[] {
  return [...new Set(ids.filter((id, n) => ids.indexOf(id) !== n))]
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/:$/, '')
}

/** `seeds/warnings/x.md: level: must be one of notice, caution, alert` */
export function formatProblem(contentDir: string, problem: Problem): string {
  const file = path.join(contentDir, problem.file)
  const field = problem.pointer.replace(/^\//, '')
  return field ? `${file}: ${field}: ${problem.message}` : `${file}: ${problem.message}`
}
