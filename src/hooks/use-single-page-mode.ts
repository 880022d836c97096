import Taro from '@tarojs/taro'
import { useState } from 'react'

/** WeChat's scene number for a page opened from Moments (朋友圈) in single-page mode. */
export const MOMENTS_SINGLE_PAGE_SCENE = 1154

/**
 * True when the page was opened from Moments in single-page mode: no navigation, no tab bar, no
 * `button open-type`. Such a page shows its content and plain-text hints instead of links.
 */
export function useSinglePageMode(): boolean {
  const [single] = useState(() => {
    try {
      return Taro.getEnterOptionsSync?.().scene === MOMENTS_SINGLE_PAGE_SCENE
    } catch {
      return false
    }
  })
  return single
}
