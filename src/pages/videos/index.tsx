import { Text } from '@tarojs/components'
import { heading } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import { useState } from 'react'
import { CollectionListView } from '@/components/collection-list'
import { FilterBar } from '@/components/filter-bar'
import { useCollectionList } from '@/hooks/use-collection-list'
import { optionsFrom } from '@/hooks/use-filter-options'
import { useShareCard } from '@/hooks/use-share-card'
import { VIDEO_AWARDS } from '@/model/labels'
import { LIST_PAGES } from '@/routes'

const AWARD_OPTIONS = optionsFrom(VIDEO_AWARDS)

export default function VideosPage() {
  const [award, setAward] = useState('')
  const list = useCollectionList('videos', { award })
  useShareCard({ title: '“担当新使命·奋进新征程”微视频展播', path: LIST_PAGES.videos })
  return (
    <PageRoot>
      <Text className='page-title' {...heading(1)}>
        微视频
      </Text>
      <Text className='muted'>“担当新使命·奋进新征程”微视频创作获奖作品展播</Text>
      <FilterBar label='按奖项筛选' options={AWARD_OPTIONS} value={award} onChange={setAward} />
      <CollectionListView list={list} empty='这个奖项还没有作品' grid />
    </PageRoot>
  )
}
