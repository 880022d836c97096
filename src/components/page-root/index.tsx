import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { fontScale, useElderMode } from '@/hooks/use-display'
import { useSlicedMount } from '@/hooks/use-first-screen'
import { usePageView } from '@/reach/use-reach'

/**
 * The root of every page: sets the text sizes for standard or large-text mode (长辈模式) and WeChat's
 * font scale, so every component below sizes itself from the same variables (styles/theme.scss).
 */
export function PageRoot({ className = '', children }: PropsWithChildren<{ className?: string }>) {
  const elder = useElderMode()
  const scale = fontScale()
  const ready = useSlicedMount() // H5: the content renders in slices just after the page mounts
  usePageView() // a reach event, recorded off the render path (no state, no setData)
  return (
    <View
      className={`page ${className}${elder ? ' elder' : ''}`}
      style={scale !== 1 ? ({ '--scale': String(scale) } as Record<string, string>) : undefined}
    >
      {ready ? children : null}
    </View>
  )
}
