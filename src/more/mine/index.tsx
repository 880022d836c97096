import { Text, View } from '@tarojs/components'
import { button, heading, link } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import { ElderSwitch } from '@/components/elder-switch'
import { Section } from '@/components/section'
import { EmptyState } from '@/components/state-view'
import { SummaryList } from '@/components/summary-card'
import { favourites, recentlyViewed } from '@/hooks/stored-list'
import { useStoredList } from '@/hooks/use-stored-list'
import { openPage } from '@/navigate'
import { PRIVACY } from '@/routes'
import './index.scss'

/** What this reader saved and read, kept only on this device. */
export default function MinePage() {
  const saved = useStoredList(favourites)
  const recent = useStoredList(recentlyViewed)
  return (
    <PageRoot className='mine'>
      <Text className='page-title' {...heading(1)}>
        收藏与浏览记录
      </Text>
      <ElderSwitch />
      <Text className='muted'>只保存在这台手机上，不会上传。</Text>
      <Section title={`我的收藏（${saved.length}）`}>
        {saved.length > 0 ? (
          <SummaryList items={saved} />
        ) : (
          <EmptyState label='还没有收藏。在文章页点“收藏”即可保存。' />
        )}
      </Section>
      <Section title='最近浏览'>
        {recent.length > 0 ? (
          <>
            <SummaryList items={recent} />
            <View className='mine__clear' {...button()} onClick={() => recentlyViewed.clear()}>
              清除浏览记录
            </View>
          </>
        ) : (
          <EmptyState label='还没有浏览记录' />
        )}
      </Section>
      <View className='mine__privacy' {...link()} onClick={() => openPage(PRIVACY)}>
        隐私保护指引 ›
      </View>
    </PageRoot>
  )
}
