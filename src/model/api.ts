// Shapes of the API's responses (contract: shared DESIGN.md). Types only.
import type { Block } from './blocks'
import type { Source, Status } from './common'
import type { ExplainerFrontMatter, LegalBasis, QA } from './explainer'
import type { CollectionName, ExplainerCategory, PosterSize, VideoAward, WarningLevel, ChannelKind } from './labels'
import type { NewsFrontMatter } from './news'
import type { ServicesDirectory } from './services'
import type { SiteSettings, Topic } from './site'

export interface ApiError {
  /** `message` in English for operators; `params`: the details staff are told (src/model/error-messages.ts) */
  error: { code: string; message: string; params?: Record<string, string | number | boolean> }
}

export interface ListResponse<T> {
  items: T[]
  page: number
  pageSize: number
  total: number
}

interface SummaryBase {
  id: string
  collection: CollectionName
  title: string
  summary: string
  publishedAt: string
  updatedAt?: string
  /** Present (true) only on drafts, which only previews can see. */
  draft?: true
  /** Absolute URL or path relative to the API origin. */
  shareImage?: string
}

export interface ExplainerSummary extends SummaryBase {
  collection: 'explainers'
  category: ExplainerCategory
  categoryLabel: string
}
export interface WarningSummary extends SummaryBase {
  collection: 'warnings'
  level: WarningLevel
  levelLabel: string
  region: string
  regionName: string
  expiresAt?: string
  expired: boolean
}
export interface VideoSummary extends SummaryBase {
  collection: 'videos'
  unit: string
  award: VideoAward
  awardLabel: string
  durationSeconds: number
  /** The original poster (the video player's). */
  poster: string
  /**
   * Smaller WebP copies for cards (POSTER_SIZES): `tile` in the two-column grid, `wide` in a one-column list;
   * the original poster's URL where a copy was not made.
   */
  posterSizes: Record<PosterSize, string>
  sample: boolean
}
export interface NewsSummary extends SummaryBase {
  collection: 'news'
  origin: string
  topics: string[]
}
export type Summary = ExplainerSummary | WarningSummary | VideoSummary | NewsSummary

/**
 * A newsroom draft opened from its preview link (GET /drafts/:token): which saved version, whether the link follows
 * the newest saved version (its maker chose so) or shows the one it was made for, until when.
 */
export interface DraftPreview {
  version: number
  followsNewest: boolean
  /** ISO times */
  expiresAt: string
  savedAt: string
}

interface DetailExtras {
  status: Status
  /** Only on a draft opened from its preview link. */
  preview?: DraftPreview
  body: Block[]
  sources: Source[]
  related: Summary[]
}
export interface ExplainerDetail extends ExplainerSummary, DetailExtras {
  keyPoints: string[]
  legalBasis: LegalBasis[]
  qa: QA[]
  tags: ExplainerFrontMatter['tags']
}
export interface WarningDetail extends WarningSummary, DetailExtras {
  whatToDo: string[]
  channel: ChannelKind
  channelLabel: string
}
export interface VideoDetail extends VideoSummary, DetailExtras {
  contest: string
  src: string
  /** Neighbours in the gallery's order (newest first), for 上一个 / 下一个. */
  previous?: VideoSummary
  next?: VideoSummary
}
export interface NewsDetail extends NewsSummary, DetailExtras {
  cover?: NewsFrontMatter['cover']
}
export type Detail = ExplainerDetail | WarningDetail | VideoDetail | NewsDetail

export interface SummaryByCollection {
  explainers: ExplainerSummary
  warnings: WarningSummary
  videos: VideoSummary
  news: NewsSummary
}
export interface DetailByCollection {
  explainers: ExplainerDetail
  warnings: WarningDetail
  videos: VideoDetail
  news: NewsDetail
}

export interface HomeTopic extends Topic {
  items: Summary[]
}
export interface HomeResponse {
  site: Pick<SiteSettings, 'bureauName' | 'appName' | 'hotline'>
  topics: HomeTopic[]
  warnings: WarningSummary[]
  news: NewsSummary[]
  explainers: ExplainerSummary[]
  videos: VideoSummary[]
}

export type SiteResponse = SiteSettings

export type ServicesResponse = ServicesDirectory & {
  hotline: string
  miniProgram12315: SiteSettings['miniProgram12315']
  website12315: string
  regions: SiteSettings['regions']
}

/** Part of a highlighted text: `match` parts are where the query was found. */
export interface HighlightPart {
  text: string
  match?: true
}
export type SearchHit = Summary & {
  highlight: {
    title: HighlightPart[]
    /** A short passage of the summary or body around the best match. */
    snippet: HighlightPart[]
  }
}
export interface SearchResponse extends ListResponse<SearchHit> {
  q: string
  /** 'all': the first items hold every meaningful word; 'partial': best partial matches only; 'none': nothing. */
  match: 'all' | 'partial' | 'none'
  /** Only when nothing matched (total 0): where to look instead. */
  suggestions?: SearchSuggestions
}
export interface SearchSuggestions {
  /** Explainer categories nearest to the words, else the most common ones (id + label as in labels.ts). */
  categories: { id: ExplainerCategory; label: string }[]
  /** Current warnings, newest first, at most 3. */
  warnings: Summary[]
}

export interface HealthResponse {
  status: 'ok'
  items: number
  invalid: number
  loadedAt: string
}
