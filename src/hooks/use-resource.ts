import { startTransition, useCallback, useEffect, useRef, useState } from 'react'
import { ApiRequestError } from '@/api/client'
import { forgetCached, readCached, writeCached } from '@/api/device-cache'

export interface Resource<T> {
  data: T | undefined
  error: ApiRequestError | undefined
  loading: boolean
  /** Set while the data shown is a copy kept on the device (not yet refreshed): when it was fetched. */
  savedAt: number | undefined
  reload: () => Promise<void>
}

/**
 * H5: a fresh answer is shown as a transition, which React renders in slices of a few milliseconds, so a long
 * list arriving does not hold a slow phone's main thread in one piece (the browser can paint and take taps in
 * between). WeChat shows it at once: there the render ends in one setData either way.
 */
const showFresh: (update: () => void) => void =
  process.env.TARO_ENV === 'h5' ? startTransition : (update: () => void) => update()

// Responses read in this run of the app; the device cache keeps them across visits.
const memory = new Map<string, { data: unknown; savedAt: number }>()

export function clearResourceMemory(): void {
  memory.clear()
}

function remembered<T>(key: string | null): { data: T; savedAt: number } | undefined {
  if (key === null) return undefined
  const hit = memory.get(key) ?? readCached<unknown>(key)
  return hit as { data: T; savedAt: number } | undefined
}

/**
 * Loads `load()` for `key` (null: wait). Shows the last copy at once (from this run or the device), then
 * replaces it with a fresh one; when the network fails, the copy stays, with its age, and `error` is set.
 */
export function useResource<T>(
  key: string | null,
  load: () => Promise<T>,
  options: { keep?: boolean } = {},
): Resource<T> {
  // keep: false (a draft opened from its preview link): nothing is read from or written to either store
  const keep = options.keep ?? true
  const [state, setState] = useState(() => {
    const hit = keep ? remembered<T>(key) : undefined
    return { data: hit?.data, savedAt: hit?.savedAt, error: undefined as ApiRequestError | undefined }
  })
  const [loading, setLoading] = useState(key !== null)
  const loadRef = useRef(load)
  loadRef.current = load
  const current = useRef(key)
  current.current = key
  // The request in flight and the key it is for: one at a time per key, however often the user taps. A request
  // for an earlier key neither blocks the current key nor, when it ends, frees the current key's guard.
  const inFlight = useRef<{ key: string; request: Promise<void> }>()

  const run = useCallback(() => {
    if (key === null) return Promise.resolve()
    if (inFlight.current?.key === key) return inFlight.current.request
    setLoading(true)
    const guard = { key, request: Promise.resolve() }
    inFlight.current = guard
    guard.request = (async () => {
      try {
        const data = await loadRef.current()
        const savedAt = Date.now()
        if (keep) {
          memory.set(key, { data, savedAt })
          // Storage is synchronous and costs a serialization: the page shows the answer first, keeps it after.
          setTimeout(() => writeCached(key, data, savedAt), 0)
        }
        if (current.current === key) {
          showFresh(() => {
            // Together, so that no render shows "not loading" without the answer.
            setState({ data, savedAt: undefined, error: undefined })
            setLoading(false)
          })
        }
      } catch (err) {
        const error = err instanceof ApiRequestError ? err : new ApiRequestError(0, 'CLIENT', '加载失败，请重试')
        if (error.notFound) {
          // Withdrawn or never there: never keep showing an old copy of it.
          memory.delete(key)
          forgetCached(key)
          if (current.current === key) setState({ data: undefined, savedAt: undefined, error })
        } else if (current.current === key) {
          setState((prev) => ({ ...prev, error }))
        }
        if (current.current === key) setLoading(false)
      } finally {
        if (inFlight.current === guard) inFlight.current = undefined
      }
    })()
    return guard.request
  }, [key, keep])

  // The key the state was last filled for: the first render already read the copy for its key.
  const shownKey = useRef(key)
  useEffect(() => {
    if (shownKey.current !== key) {
      shownKey.current = key
      const hit = keep ? remembered<T>(key) : undefined
      setState({ data: hit?.data, savedAt: hit?.savedAt, error: undefined })
    }
    run()
  }, [key, keep, run])

  return { ...state, loading, reload: run }
}
