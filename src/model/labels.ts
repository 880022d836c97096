// Plain values shared by the API and the app: no validator, no Taro, no Node imports.

export const EXPLAINER_CATEGORIES = {
  'consumer-rights': '消费维权',
  'online-shopping': '网购与直播',
  'food-safety': '食品安全',
  'prepaid-cards': '预付卡',
  prices: '价格',
  advertising: '广告',
  'product-quality': '产品质量',
  'special-equipment': '特种设备',
} as const
export type ExplainerCategory = keyof typeof EXPLAINER_CATEGORIES

/** Warning levels, mildest first. The label always travels with the colour: colour is never the only cue. */
export const WARNING_LEVELS = {
  notice: '提示',
  caution: '警示',
  alert: '预警',
} as const
export type WarningLevel = keyof typeof WARNING_LEVELS

export const VIDEO_AWARDS = {
  first: '一等奖',
  second: '二等奖',
  third: '三等奖',
  excellence: '优秀奖',
} as const
export type VideoAward = keyof typeof VIDEO_AWARDS

export const CHANNEL_KINDS = {
  complaint: '投诉',
  report: '举报',
  inquiry: '咨询',
} as const
export type ChannelKind = keyof typeof CHANNEL_KINDS

export const COLLECTIONS = ['explainers', 'warnings', 'videos', 'news'] as const
export type CollectionName = (typeof COLLECTIONS)[number]

export const COLLECTION_LABELS: Record<CollectionName, string> = {
  explainers: '法规解读',
  warnings: '消费警示',
  videos: '微视频',
  news: '新闻动态',
}

export const PAGE_SIZE_DEFAULT = 20
export const PAGE_SIZE_MAX = 50

/**
 * Smaller copies of each video poster, WebP, made by scripts/make-posters.mjs beside the original (poster
 * `posters/a.jpg` → `posters/a.tile.webp`, `posters/a.wide.webp`) and given by the API as `posterSizes`.
 * 16:9 like the posters, at twice the largest CSS box they fill on a phone (430 px wide screens):
 * `tile` a poster of the two-column video grid (about 192 × 115), `wide` a one-column card's (about 394 × 218).
 */
export const POSTER_SIZES = {
  tile: { width: 416, height: 234 },
  wide: { width: 800, height: 450 },
} as const
export type PosterSize = keyof typeof POSTER_SIZES

/** The media path of a poster's smaller copy: `posters/a.jpg` → `posters/a.tile.webp`. */
export function posterVariantPath(poster: string, size: PosterSize): string {
  return `${poster.replace(/\.[^./]+$/, '')}.${size}.webp`
}
