// Every response the app has read, kept on the device so the next visit shows it at once and a failed
// network still shows something (with its age). Capped by entries and by size, least recently used out first.
import Taro from '@tarojs/taro'

const PREFIX = 'shijian:cache:'
const INDEX_KEY = 'shijian:cache-index'
const MAX_ENTRIES = 80
const MAX_BYTES = 3 * 1024 * 1024 // of WeChat's 10 MB storage per mini-program
const MAX_ENTRY_BYTES = 512 * 1024 // one storage key holds at most 1 MB

export interface Cached<T> {
  data: T
  /** When it was fetched (ms since epoch). */
  savedAt: number
}

type Index = { key: string; bytes: number }[]

function readIndex(): Index {
  try {
    const raw = Taro.getStorageSync(INDEX_KEY)
    return Array.isArray(raw) ? (raw as Index) : []
  } catch {
    return []
  }
}

export function readCached<T>(key: string): Cached<T> | undefined {
  try {
    const raw = Taro.getStorageSync(PREFIX + key) as Cached<T> | ''
    return raw && typeof raw === 'object' && 'savedAt' in raw ? raw : undefined
  } catch {
    return undefined
  }
}

export function writeCached<T>(key: string, data: T, now = Date.now()): void {
  try {
    const entry: Cached<T> = { data, savedAt: now }
    const bytes = JSON.stringify(entry).length
    if (bytes > MAX_ENTRY_BYTES) return
    const index = [{ key, bytes }, ...readIndex().filter((e) => e.key !== key)]
    let total = 0
    const keep: Index = []
    for (const e of index) {
      if (keep.length < MAX_ENTRIES && total + e.bytes <= MAX_BYTES) {
        keep.push(e)
        total += e.bytes
      } else {
        Taro.removeStorageSync(PREFIX + e.key)
      }
    }
    Taro.setStorageSync(PREFIX + key, entry)
    Taro.setStorageSync(INDEX_KEY, keep)
  } catch {
    // Storage full or unavailable: the app still works, only without the offline copy.
  }
}

export function forgetCached(key: string): void {
  try {
    Taro.removeStorageSync(PREFIX + key)
    Taro.setStorageSync(
      INDEX_KEY,
      readIndex().filter((e) => e.key !== key),
    )
  } catch {
    // nothing to forget
  }
}

/** "3 分钟前" style age of a cached copy, for "更新于 …". */
export function ageText(savedAt: number, now = Date.now()): string {
  const minutes = Math.floor((now - savedAt) / 60000)
  if (minutes < 1) return '刚刚'
  if (minutes < 60) return `${minutes} 分钟前`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} 小时前`
  const date = new Date(savedAt)
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}
