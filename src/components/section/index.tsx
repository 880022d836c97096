import { Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { openPage } from '@/navigate'
import './index.scss'

/** A titled block of a page, with an optional "更多" link to its full list. */
export function Section({ title, more, children }: PropsWithChildren<{ title: string; more?: string }>) {
  return (
    <View className='section'>
      <View className='section__head'>
        <Text className='section__title' ariaRole='heading'>
          {title}
        </Text>
        {more && (
          <Text className='section__more' ariaRole='link' ariaLabel={`${title}：查看更多`} onClick={() => openPage(more)}>
            更多 ›
          </Text>
        )}
      </View>
      {children}
    </View>
  )
}
