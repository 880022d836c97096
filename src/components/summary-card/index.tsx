import { Image, Text, View } from '@tarojs/components'
import { imageAlt, link } from '@/a11y'
import { mediaUrl } from '@/api/client'
import type { HighlightPart, SearchHit, Summary } from '@/model/api'
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

/** One item in a list: title, one line of summary, what kind it is and its date. Tapping opens it. */
export function SummaryCard({ item }: { item: Summary | SearchHit }) {
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
          <Image
            className='summary-card__poster'
            src={mediaUrl(item.poster)}
            mode='aspectFill'
            {...imageAlt(`${item.title} 封面`)}
            lazyLoad
          />
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

/** Items one under another, or in two columns (`grid`, for videos with posters). */
export function SummaryList({ items, grid = false }: { items: (Summary | SearchHit)[]; grid?: boolean }) {
  return (
    <View className={grid ? 'summary-list summary-list--grid' : 'summary-list'}>
      {items.map((item) => (
        <SummaryCard key={`${item.collection}/${item.id}`} item={item} />
      ))}
    </View>
  )
}
