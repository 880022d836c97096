import { Text } from '@tarojs/components'
import { heading } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { CollectionListView } from '@/components/collection-list'
import { FilterBar } from '@/components/filter-bar'
import { useCollectionList } from '@/hooks/use-collection-list'
import { optionsFrom } from '@/hooks/use-filter-options'
import { useRouteParam } from '@/hooks/use-route-param'
import { useShareCard } from '@/hooks/use-share-card'
import { EXPLAINER_CATEGORIES } from '@/model/labels'
import { tabQuery } from '@/navigate'
import { LIST_PAGES } from '@/routes'

const CATEGORY_OPTIONS = optionsFrom(EXPLAINER_CATEGORIES)
const isCategory = (value: string | undefined): value is string =>
  value !== undefined && Object.keys(EXPLAINER_CATEGORIES).includes(value)

export default function ExplainersPage() {
  // A category asked for by a link (the search page's suggestions) or in the address (H5).
  const routeCategory = useRouteParam('category')
  const [category, setCategory] = useState(() => {
    const wanted = tabQuery(LIST_PAGES.explainers)?.category ?? routeCategory
    return isCategory(wanted) ? wanted : ''
  })
  // Shown (first or again: a tab page stays alive) after a link with a category: that category.
  useDidShow(() => {
    const wanted = tabQuery(LIST_PAGES.explainers, { take: true })?.category
    if (isCategory(wanted)) setCategory(wanted)
  })
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
