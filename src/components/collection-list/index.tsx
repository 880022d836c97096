import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { button } from '@/a11y'
import type { CollectionList } from '@/hooks/use-collection-list'
import type { Summary } from '@/model/api'
import { CachedNotice } from '../cached-notice'
import { EmptyState, ErrorState, LoadingState } from '../state-view'
import { SummaryList } from '../summary-card'
import './index.scss'

/** A list page's items with its states; pull down to refresh, reach the end to load the next page. */
export function CollectionListView<T extends Summary>({
  list,
  empty,
  grid = false,
}: {
  list: CollectionList<T>
  empty: string
  grid?: boolean
}) {
  usePullDownRefresh(() => {
    list.refresh().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    list.loadMore()
  })

  if (list.loading && list.items.length === 0) return <LoadingState />
  if (list.error && list.items.length === 0) return <ErrorState error={list.error} onRetry={list.refresh} />
  if (list.items.length === 0) return <EmptyState label={empty} />
  return (
    <View>
      <CachedNotice savedAt={list.savedAt} error={list.error} onRetry={list.refresh} />
      <SummaryList items={list.items} grid={grid} />
      {list.hasMore && (
        <Button {...button()} className='btn btn-plain' onClick={() => list.loadMore()}>
          {list.loadingMore ? '正在加载…' : '加载更多'}
        </Button>
      )}
      {!list.hasMore && <Text className='muted collection-list__end'>共 {list.total} 条，已经到底了</Text>}
    </View>
  )
}
