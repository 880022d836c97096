import { Image, Text, View } from '@tarojs/components'
import { link } from '@/a11y'
import { mediaUrl } from '@/api/client'
import type { HighlightPart, SearchHit, Summary, VideoSummary } from '@/model/api'
import { POSTER_SIZES, type PosterSize } from '@/model/labels'
import { openPage } from '@/navigate'
import { detailPath } from '@/routes'
import { ExpiredBadge, LevelBadge } from '../level-badge'
import './index.scss'

function Meta({ item }: { item: Summary }) {
  switch (item.collection) {
    case 'explainers':
      return <Text className='summary-card__tag'>{item.categoryLabel}</Text>
    case 'warnings':
      return (
        <>
          <LevelBadge level={item.level} label={item.levelLabel} />
          {item.expired && <ExpiredBadge />}
          <Text className='summary-card__tag'>{item.regionName}</Text>
        </>
      )
    case 'videos':
      return <Text className='summary-card__tag'>{item.awardLabel}</Text>
    case 'news':
      return <Text className='summary-card__tag'>{item.origin}</Text>
  }
}

function Highlighted({ parts }: { parts: HighlightPart[] }) {
  return (
    <>
      {parts.map((part, i) => (
        <Text key={i} className={part.match ? 'summary-card__match' : undefined}>
          {part.text}
        </Text>
      ))}
    </>
  )
}

/**
 * How many posters of the video grid load at once (three rows: a phone's first screen), the first row of them
 * first (H5 `fetchpriority`: a poster is the videos page's largest paint); the rest load when scrolled near.
 */
export const GRID_EAGER_POSTERS = 6
const GRID_PRIORITY_POSTERS = 2

/** How a card's poster loads: `eager` at once rather than when near the screen, `priority` before other images. */
export interface PosterLoading {
  eager: boolean
  priority: boolean
}
const LAZY: PosterLoading = { eager: false, priority: false }

/**
 * A video's poster in the copy made for the card's box (`tile` in the grid, `wide` in one column), with its
 * text alternative. Explicit width and height (half the copy's pixels: it is made at twice the CSS size) keep
 * its box before it loads. WeChat parses WebP only when told (`webp`); in H5 the <img> takes `imgProps`.
 */
function Poster({ item, size, loading }: { item: VideoSummary; size: PosterSize; loading: PosterLoading }) {
  // A copy saved on the device by an older build of the app has no posterSizes: its original poster stands in.
  const src = mediaUrl(item.posterSizes?.[size] ?? item.poster)
  const alt = `${item.title} 封面`
  const platform =
    process.env.TARO_ENV === 'h5'
      ? {
          imgProps: {
            alt,
            width: POSTER_SIZES[size].width / 2,
            height: POSTER_SIZES[size].height / 2,
            ...(loading.priority ? { fetchpriority: 'high' } : {}),
          },
        }
      : { ariaLabel: alt, webp: true }
  return <Image className='summary-card__poster' src={src} mode='aspectFill' lazyLoad={!loading.eager} {...platform} />
}

/** One item in a list: title, one line of summary, what kind it is and its date. Tapping opens it. */
export function SummaryCard({
  item,
  posterSize = 'wide',
  posterLoading = LAZY,
}: {
  item: Summary | SearchHit
  posterSize?: PosterSize
  posterLoading?: PosterLoading
}) {
  const highlight = 'highlight' in item ? item.highlight : undefined
  return (
    <View
      className='card summary-card'
      {...link()}
      ariaLabel={item.title}
      onClick={() => openPage(detailPath(item.collection, item.id))}
    >
      {item.collection === 'videos' && (
        <View className='summary-card__poster-wrap'>
          <Poster item={item} size={posterSize} loading={posterLoading} />
          {item.sample && <Text className='summary-card__sample'>示例</Text>}
        </View>
      )}
      <View className='summary-card__title'>
        {item.draft && <Text className='draft-mark'>草稿</Text>}
        {highlight ? <Highlighted parts={highlight.title} /> : <Text>{item.title}</Text>}
      </View>
      <View className='summary-card__summary'>
        {highlight ? <Highlighted parts={highlight.snippet} /> : <Text>{item.summary}</Text>}
      </View>
      <View className='summary-card__meta'>
        <Meta item={item} />
        <Text className='summary-card__date'>{item.publishedAt}</Text>
      </View>
    </View>
  )
}

/**
 * Items one under another, or in two columns (`grid`, for videos with posters: their `tile` copies, the first
 * screen's loaded at once unless the grid is further down the page: `belowFold`). One under another, posters are
 * `wide` and load when near the screen.
 */
export function SummaryList({
  items,
  grid = false,
  belowFold = false,
}: {
  items: (Summary | SearchHit)[]
  grid?: boolean
  belowFold?: boolean
}) {
  return (
    <View className={grid ? 'summary-list summary-list--grid' : 'summary-list'}>
      {items.map((item, index) => (
        <SummaryCard
          key={`${item.collection}/${item.id}`}
          item={item}
          posterSize={grid ? 'tile' : 'wide'}
          posterLoading={
            grid && !belowFold ? { eager: index < GRID_EAGER_POSTERS, priority: index < GRID_PRIORITY_POSTERS } : LAZY
          }
        />
      ))}
    </View>
  )
}
