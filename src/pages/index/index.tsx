import { Text, View } from '@tarojs/components'
import { heading, link } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { api } from '@/api/client'
import { CachedNotice } from '@/components/cached-notice'
import { ElderSwitch } from '@/components/elder-switch'
import { HotlineBar } from '@/components/hotline-bar'
import { Section } from '@/components/section'
import { ErrorState, LoadingState } from '@/components/state-view'
import { SummaryList } from '@/components/summary-card'
import { useResource } from '@/hooks/use-resource'
import { useShareCard } from '@/hooks/use-share-card'
import { COLLECTION_LABELS } from '@/model/labels'
import { openPage } from '@/navigate'
import { HOME, LIST_PAGES, MINE, PRIVACY, SEARCH, SERVICES } from '@/routes'
import './index.scss'

const ENTRIES = [
  { label: COLLECTION_LABELS.explainers, hint: '法规说明白', url: LIST_PAGES.explainers },
  { label: COLLECTION_LABELS.warnings, hint: '识别消费陷阱', url: LIST_PAGES.warnings },
  { label: '投诉举报', hint: '12315 怎么找', url: SERVICES },
  { label: COLLECTION_LABELS.videos, hint: '获奖作品展播', url: LIST_PAGES.videos },
  { label: COLLECTION_LABELS.news, hint: '工作动态', url: LIST_PAGES.news },
  { label: '我的收藏', hint: '收藏与浏览记录', url: MINE },
]

export default function HomePage() {
  const home = useResource('home', () => api.home())
  useShareCard({ title: '市监：法规解读、消费警示、投诉举报一站查', path: HOME })
  usePullDownRefresh(() => {
    home.reload().finally(() => Taro.stopPullDownRefresh())
  })
  const data = home.data

  return (
    <PageRoot className='home'>
      <View className='home__banner'>
        <Text className='home__bureau' {...heading(1)}>
          {data?.site.bureauName ?? '市场监督管理局'}
        </Text>
        <Text className='home__slogan'>懂法规 · 防陷阱 · 会维权</Text>
      </View>
      <View className='home__search' {...link()} onClick={() => openPage(SEARCH)}>
        <Text>搜索法规、警示、视频、新闻</Text>
      </View>
      <HotlineBar hotline={data?.site.hotline} />
      <ElderSwitch />
      <View className='home__entries'>
        {ENTRIES.map((entry) => (
          <View key={entry.url} className='home__entry' {...link()} onClick={() => openPage(entry.url)}>
            <Text className='home__entry-label'>{entry.label}</Text>
            <Text className='home__entry-hint'>{entry.hint}</Text>
          </View>
        ))}
      </View>
      <CachedNotice savedAt={home.savedAt} error={home.error} onRetry={home.reload} />
      {!data && home.loading && <LoadingState />}
      {!data && home.error && <ErrorState error={home.error} onRetry={home.reload} />}
      {data && (
        <>
          {data.warnings.length > 0 && (
            <Section title='最新警示' more={LIST_PAGES.warnings}>
              <SummaryList items={data.warnings} />
            </Section>
          )}
          {data.topics.map((topic) =>
            topic.items.length > 0 ? (
              <Section key={topic.id} title={topic.title}>
                <Text className='muted home__topic-desc'>{topic.description}</Text>
                <SummaryList items={topic.items} />
              </Section>
            ) : null,
          )}
          {data.explainers.length > 0 && (
            <Section title='法规解读' more={LIST_PAGES.explainers}>
              <SummaryList items={data.explainers} />
            </Section>
          )}
          {data.videos.length > 0 && (
            <Section title='微视频' more={LIST_PAGES.videos}>
              <SummaryList items={data.videos} grid belowFold />
            </Section>
          )}
          {data.news.length > 0 && (
            <Section title='新闻动态' more={LIST_PAGES.news}>
              <SummaryList items={data.news} />
            </Section>
          )}
        </>
      )}
      <View className='home__footer'>
        <Text className='home__footer-link' {...link()} onClick={() => openPage(PRIVACY)}>
          隐私保护指引
        </Text>
      </View>
    </PageRoot>
  )
}
