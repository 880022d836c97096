import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiRequestError } from '@/api/client'

export interface Resource<T> {
  data: T | undefined
  error: ApiRequestError | undefined
  loading: boolean
  reload: () => Promise<void>
}

// Responses seen in this run of the app, so going back to a page shows it at once.
const memory = new Map<string, unknown>()

export function clearResourceMemory(): void {
  memory.clear()
}

/** Loads `load()` for `key` (null: wait), keeps the last good data, and exposes a reload. */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const [data, setData] = useState<T | undefined>(() => (key ? (memory.get(key) as T | undefined) : undefined))
  const [error, setError] = useState<ApiRequestError>()
  const [loading, setLoading] = useState(key !== null)
  const loadRef = useRef(load)
  loadRef.current = load
  const current = useRef(key)
  current.current = key

  const run = useCallback(async () => {
    if (key === null) return
    setLoading(true)
    try {
      const value = await loadRef.current()
      memory.set(key, value)
      if (current.current !== key) return
      setData(value)
      setError(undefined)
    } catch (err) {
      if (current.current !== key) return
      setError(err instanceof ApiRequestError ? err : new ApiRequestError(0, 'CLIENT', '加载失败，请重试'))
    } finally {
      if (current.current === key) setLoading(false)
    }
  }, [key])

  useEffect(() => {
    if (key !== null) setData(memory.get(key) as T | undefined)
    run()
  }, [key, run])

  return { data, error, loading, reload: run }
}
