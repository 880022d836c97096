import { Text } from '@tarojs/components'
import { heading } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import { useState } from 'react'
import { CollectionListView } from '@/components/collection-list'
import { FilterBar } from '@/components/filter-bar'
import { useCollectionList } from '@/hooks/use-collection-list'
import { optionsFrom } from '@/hooks/use-filter-options'
import { useShareCard } from '@/hooks/use-share-card'
import { EXPLAINER_CATEGORIES } from '@/model/labels'
import { LIST_PAGES } from '@/routes'

const CATEGORY_OPTIONS = optionsFrom(EXPLAINER_CATEGORIES)

export default function ExplainersPage() {
  const [category, setCategory] = useState('')
  const list = useCollectionList('explainers', { category })
  useShareCard({ title: '法规解读：消费维权的法律依据，说清楚', path: LIST_PAGES.explainers })
  return (
    <PageRoot>
      <Text className='page-title' {...heading(1)}>
        法规解读
      </Text>
      <FilterBar label='按类别筛选' options={CATEGORY_OPTIONS} value={category} onChange={setCategory} />
      <CollectionListView list={list} empty='这个类别还没有解读' />
    </PageRoot>
  )
}
