import { startTransition, useEffect, useState } from 'react'

/**
 * H5 only: false while a page mounts, then true as a transition. React renders a transition in slices of a few
 * milliseconds and lets the browser paint and take taps in between, where the mount itself (Taro's page mount is
 * an ordinary update) would build the whole page in one long task. So a page's root mounts empty and its content
 * follows in slices. In WeChat the page renders in one setData, as before: there a second pass would only cost
 * a second setData.
 */
export function useSlicedMount(): boolean {
  const [ready, setReady] = useState(process.env.TARO_ENV !== 'h5')
  useEffect(() => {
    if (!ready) startTransition(() => setReady(true))
  }, [ready])
  return ready
}

/**
 * H5 only: false while a long page renders its first screen, true from the frame after, so that the browser can
 * paint what a citizen sees first before it builds the rest (one long task becomes two shorter ones on a slow
 * phone). In WeChat the page renders in one setData, as before: there a second pass would only cost a second one.
 */
export function useRestOfPage(): boolean {
  const [ready, setReady] = useState(process.env.TARO_ENV !== 'h5')
  useEffect(() => {
    if (ready) return undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    // After the next frame is painted: requestAnimationFrame runs before that paint, the timeout after it.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setReady(true)), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [ready])
  return ready
}
