import { useCallback, useEffect, useRef, useState } from 'react'
import { api, ApiRequestError } from '@/api/client'
import type { SearchHit, SearchResponse, SearchSuggestions } from '@/model/api'
import { recordNoResult } from '@/reach/use-reach'
import { recentSearches } from './stored-list'

export const QUERY_MAX = 50

export interface Search {
  results: SearchHit[]
  total: number
  /** How the results matched the words (of the first page); undefined before an answer. */
  match: SearchResponse['match'] | undefined
  /** Where to look instead, when nothing matched. */
  suggestions: SearchSuggestions | undefined
  loading: boolean
  error: ApiRequestError | undefined
  hasMore: boolean
  loadMore: () => void
  retry: () => void
}

/** Searches everything published for `q` (empty: nothing), page by page; remembers the query on the device. */
export function useSearch(q: string): Search {
  const [results, setResults] = useState<SearchHit[]>([])
  const [total, setTotal] = useState(0)
  const [match, setMatch] = useState<SearchResponse['match']>()
  const [suggestions, setSuggestions] = useState<SearchSuggestions>()
  const [page, setPage] = useState(0)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiRequestError>()
  const current = useRef(q)
  current.current = q

  const fetchPage = useCallback(
    async (nextPage: number) => {
      if (!q) return
      setLoading(true)
      try {
        const res = await api.search(q, nextPage)
        if (current.current !== q) return
        setResults((prev) => (nextPage === 1 ? res.items : [...prev, ...res.items]))
        setTotal(res.total)
        if (nextPage === 1) {
          setMatch(res.match)
          setSuggestions(res.suggestions)
        }
        setPage(nextPage)
        setError(undefined)
        if (nextPage === 1) recentSearches.put(q)
        if (nextPage === 1 && res.total === 0) recordNoResult(q)
      } catch (err) {
        if (current.current !== q) return
        setError(err instanceof ApiRequestError ? err : new ApiRequestError(0, 'CLIENT', '搜索失败，请重试'))
      } finally {
        if (current.current === q) setLoading(false)
      }
    },
    [q],
  )

  useEffect(() => {
    setResults([])
    setTotal(0)
    setMatch(undefined)
    setSuggestions(undefined)
    setPage(0)
    setError(undefined)
    fetchPage(1)
  }, [fetchPage])

  const hasMore = page > 0 && results.length < total
  return {
    results,
    total,
    match,
    suggestions,
    loading,
    error,
    hasMore,
    loadMore: () => {
      if (hasMore && !loading) fetchPage(page + 1)
    },
    retry: () => fetchPage(page === 0 ? 1 : page + 1),
  }
}
