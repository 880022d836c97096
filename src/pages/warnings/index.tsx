import { Text } from '@tarojs/components'
import { heading } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import { useMemo, useState } from 'react'
import { api } from '@/api/client'
import { CollectionListView } from '@/components/collection-list'
import { FilterBar } from '@/components/filter-bar'
import { useCollectionList } from '@/hooks/use-collection-list'
import { optionsFrom } from '@/hooks/use-filter-options'
import { useResource } from '@/hooks/use-resource'
import { useShareCard } from '@/hooks/use-share-card'
import { WARNING_LEVELS } from '@/model/labels'
import { LIST_PAGES } from '@/routes'

const LEVEL_OPTIONS = optionsFrom(WARNING_LEVELS)

export default function WarningsPage() {
  const [level, setLevel] = useState('')
  const [region, setRegion] = useState('')
  const site = useResource('site', () => api.site())
  const regionOptions = useMemo(
    () => (site.data?.regions ?? []).map((r) => ({ value: r.id, label: r.name })),
    [site.data],
  )
  const list = useCollectionList('warnings', { level, region })
  useShareCard({ title: '消费警示：这些消费陷阱要当心', path: LIST_PAGES.warnings })
  return (
    <PageRoot>
      <Text className='page-title' {...heading(1)}>
        消费警示
      </Text>
      <FilterBar label='按级别筛选' options={LEVEL_OPTIONS} value={level} onChange={setLevel} />
      {regionOptions.length > 0 && (
        <FilterBar label='按地区筛选' options={regionOptions} value={region} onChange={setRegion} />
      )}
      <CollectionListView list={list} empty='这个级别目前没有警示' />
    </PageRoot>
  )
}
