import { useCallback, useEffect, useRef, useState } from 'react'
import { api, ApiRequestError, type Query } from '@/api/client'
import type { SummaryByCollection } from '@/model/api'
import type { CollectionName } from '@/model/labels'

const PAGE_SIZE = 20

export interface CollectionList<T> {
  items: T[]
  total: number
  loading: boolean
  loadingMore: boolean
  error: ApiRequestError | undefined
  hasMore: boolean
  loadMore: () => Promise<void>
  refresh: () => Promise<void>
}

/** A collection's list with filters: first page on mount or filter change, then page by page. */
export function useCollectionList<C extends CollectionName>(
  collection: C,
  filters: Query = {},
): CollectionList<SummaryByCollection[C]> {
  const key = `${collection}?${JSON.stringify(filters)}`
  const [items, setItems] = useState<SummaryByCollection[C][]>([])
  const [total, setTotal] = useState(0)
  const [page, setPage] = useState(0)
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<ApiRequestError>()
  const current = useRef(key)
  current.current = key
  const filtersRef = useRef(filters)
  filtersRef.current = filters

  const fetchPage = useCallback(
    async (nextPage: number) => {
      const forKey = key
      try {
        const res = await api.list(collection, { ...filtersRef.current, page: nextPage, pageSize: PAGE_SIZE })
        if (current.current !== forKey) return
        setItems((prev) => (nextPage === 1 ? res.items : [...prev, ...res.items]))
        setTotal(res.total)
        setPage(nextPage)
        setError(undefined)
      } catch (err) {
        if (current.current !== forKey) return
        setError(err instanceof ApiRequestError ? err : new ApiRequestError(0, 'CLIENT', '加载失败，请重试'))
      }
    },
    [collection, key],
  )

  const refresh = useCallback(async () => {
    setLoading(true)
    await fetchPage(1)
    setLoading(false)
  }, [fetchPage])

  useEffect(() => {
    setItems([])
    setTotal(0)
    setPage(0)
    refresh()
  }, [refresh])

  const hasMore = page > 0 && items.length < total
  const loadMore = useCallback(async () => {
    if (!hasMore || loadingMore || loading) return
    setLoadingMore(true)
    await fetchPage(page + 1)
    setLoadingMore(false)
  }, [fetchPage, hasMore, loading, loadingMore, page])

  return { items, total, loading, loadingMore, error, hasMore, loadMore, refresh }
}
