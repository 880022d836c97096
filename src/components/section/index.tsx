import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { openPage } from '@/navigate'
import './index.scss'

/** A titled block of a page, with an optional "更多" link to its full list. */
export function Section({ title, more, children }: PropsWithChildren<{ title: string; more?: string }>) {
  return (
    <View className='section'>
      <View className='section__head'>
        <View className='section__title' ariaRole='heading'>
          {title}
        </View>
        {more && (
          <View
            className='section__more'
            ariaRole='link'
            ariaLabel={`${title}：查看更多`}
            onClick={() => openPage(more)}
          >
            更多 ›
          </View>
        )}
      </View>
      {children}
    </View>
  )
}
