import { useCallback, useMemo, useState } from 'react'
import { api, ApiRequestError, type Query } from '@/api/client'
import type { SummaryByCollection } from '@/model/api'
import type { CollectionName } from '@/model/labels'
import { useResource } from './use-resource'

const PAGE_SIZE = 20

export interface CollectionList<T> {
  items: T[]
  total: number
  /** True until the first page is there (from the network or the device). */
  loading: boolean
  loadingMore: boolean
  error: ApiRequestError | undefined
  /** Set while the first page shown is a copy kept on the device: when it was fetched. */
  savedAt: number | undefined
  hasMore: boolean
  loadMore: () => Promise<void>
  refresh: () => Promise<void>
}

/** A collection's list with filters: the first page (kept on the device too), then page by page. */
export function useCollectionList<C extends CollectionName>(
  collection: C,
  filters: Query = {},
): CollectionList<SummaryByCollection[C]> {
  const filterKey = JSON.stringify(filters)
  const first = useResource(`${collection}?${filterKey}`, () =>
    api.list(collection, { ...filters, page: 1, pageSize: PAGE_SIZE }),
  )
  // Later pages belong to the first page they followed: a new first page (other filters, a refresh)
  // starts the paging again.
  type More = { after: unknown; items: SummaryByCollection[C][]; page: number; error?: ApiRequestError }
  const [loaded, setLoaded] = useState<More>({ after: undefined, items: [], page: 1 })
  const more = useMemo<More>(
    () => (loaded.after === first.data ? loaded : { after: first.data, items: [], page: 1 }),
    [loaded, first.data],
  )
  const [loadingMore, setLoadingMore] = useState(false)

  const items = [...(first.data?.items ?? []), ...more.items]
  const total = first.data?.total ?? 0
  const hasMore = first.data !== undefined && items.length < total

  const loadMore = useCallback(async () => {
    if (!hasMore || loadingMore || first.loading) return // a refresh in flight would replace the first page
    setLoadingMore(true)
    const after = first.data
    try {
      const res = await api.list(collection, { ...JSON.parse(filterKey), page: more.page + 1, pageSize: PAGE_SIZE })
      setLoaded({ after, items: [...more.items, ...res.items], page: res.page })
    } catch (err) {
      const error = err instanceof ApiRequestError ? err : new ApiRequestError(0, 'CLIENT', '加载失败，请重试')
      setLoaded({ ...more, after, error })
    } finally {
      setLoadingMore(false)
    }
  }, [collection, filterKey, first.data, first.loading, hasMore, loadingMore, more])

  return {
    items,
    total,
    loading: first.loading && first.data === undefined,
    loadingMore,
    error: first.error ?? more.error,
    savedAt: first.savedAt,
    hasMore,
    loadMore,
    refresh: first.reload,
  }
}
