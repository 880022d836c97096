import { Text } from '@tarojs/components'
import { heading } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import { CollectionListView } from '@/components/collection-list'
import { useCollectionList } from '@/hooks/use-collection-list'
import { useShareCard } from '@/hooks/use-share-card'
import { LIST_PAGES } from '@/routes'

export default function NewsPage() {
  const list = useCollectionList('news')
  useShareCard({ title: '市场监管新闻动态', path: LIST_PAGES.news })
  return (
    <PageRoot>
      <Text className='page-title' {...heading(1)}>
        新闻动态
      </Text>
      <CollectionListView list={list} empty='还没有新闻' />
    </PageRoot>
  )
}
