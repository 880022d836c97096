import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

const ELDER_KEY = 'shijian:elder-mode'
const listeners = new Set<() => void>()
let elder: boolean | undefined

function readElder(): boolean {
  if (elder === undefined) {
    try {
      elder = Taro.getStorageSync(ELDER_KEY) === true
    } catch {
      elder = false
    }
  }
  return elder
}

/** Turns large-text mode (长辈模式) on or off; remembered on the device. */
export function setElderMode(on: boolean): void {
  elder = on
  try {
    Taro.setStorageSync(ELDER_KEY, on)
  } catch {
    // Not remembered, but on for this visit.
  }
  listeners.forEach((listener) => listener())
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Whether large-text mode is on. */
export function useElderMode(): boolean {
  return useSyncExternalStore(subscribe, readElder, readElder)
}

let scale: number | undefined
/** WeChat's own font scale (微信设置 → 字体大小), 1 where the platform does not say. */
export function fontScale(): number {
  if (process.env.TARO_ENV === 'h5') {
    // A browser has no such setting: Taro's H5 getAppBaseInfo would only add a user-agent parser (~15 KB). An
    // if/else, not an early return, so that webpack drops the other branch and its import.
    return 1
  } else {
    if (scale === undefined) {
      try {
        // fontSizeScaleFactor (base library 2.x) is missing from Taro's types.
        const info = Taro.getAppBaseInfo?.() as { fontSizeScaleFactor?: number } | undefined
        const factor = info?.fontSizeScaleFactor
        scale = typeof factor === 'number' && factor > 0 ? Math.min(Math.max(factor, 0.8), 2) : 1
      } catch {
        scale = 1
      }
    }
    return scale
  }
}

/** Forgets what was read, so a test can start as a new visit. */
export function resetDisplayForTests(): void {
  elder = undefined
  scale = undefined
}
