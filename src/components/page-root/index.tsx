import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { fontScale, useElderMode } from '@/hooks/use-display'

/**
 * The root of every page: sets the text sizes for standard or large-text mode (长辈模式) and WeChat's
 * font scale, so every component below sizes itself from the same variables (styles/theme.scss).
 */
export function PageRoot({ className = '', children }: PropsWithChildren<{ className?: string }>) {
  const elder = useElderMode()
  const scale = fontScale()
  return (
    <View
      className={`page ${className}${elder ? ' elder' : ''}`}
      style={scale !== 1 ? ({ '--scale': String(scale) } as Record<string, string>) : undefined}
    >
      {children}
    </View>
  )
}
