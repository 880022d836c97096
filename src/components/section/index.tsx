import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { heading, link } from '@/a11y'
import { openPage } from '@/navigate'
import './index.scss'

/** A titled block of a page, with an optional "更多" link to its full list. */
export function Section({ title, more, children }: PropsWithChildren<{ title: string; more?: string }>) {
  return (
    <View className='section'>
      <View className='section__head'>
        <View className='section__title' {...heading(2)}>
          {title}
        </View>
        {more && (
          <View className='section__more' {...link()} ariaLabel={`${title}：查看更多`} onClick={() => openPage(more)}>
            更多 ›
          </View>
        )}
      </View>
      {children}
    </View>
  )
}
