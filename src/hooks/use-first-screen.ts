import { useEffect, useState } from 'react'

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
      timer = setTimeout(() => setReady(true), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [ready])
  return ready
}
