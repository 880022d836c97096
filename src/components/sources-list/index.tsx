import { Text, View } from '@tarojs/components'
import { heading } from '@/a11y'
import type { Source } from '@/model/common'
import './index.scss'

/** Where the facts on this page come from. */
export function SourcesList({ sources }: { sources: Source[] }) {
  if (sources.length === 0) return null
  return (
    <View className='sources-list'>
      <View className='sources-list__title' {...heading(2)}>
        依据与来源
      </View>
      {sources.map((source, i) => (
        <Text key={i} className='sources-list__item'>
          {[source.title, source.article, source.publisher, source.date].filter(Boolean).join(' · ')}
        </Text>
      ))}
    </View>
  )
}
