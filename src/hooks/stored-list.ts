import Taro from '@tarojs/taro'
import type { Detail, Summary } from '@/model/api'

/** A list kept on the device (Taro storage), newest first, with a cap; components subscribe to changes. */
export interface StoredList<T> {
  get: () => T[]
  put: (value: T) => void
  remove: (key: string) => void
  clear: () => void
  subscribe: (listener: () => void) => () => void
}

export function createStoredList<T>(storageKey: string, cap: number, keyOf: (value: T) => string): StoredList<T> {
  let cache: T[] | undefined
  const listeners = new Set<() => void>()
  const read = (): T[] => {
    if (!cache) {
      try {
        const raw = Taro.getStorageSync(storageKey)
        cache = Array.isArray(raw) ? (raw as T[]) : []
      } catch {
        cache = []
      }
    }
    return cache
  }
  const write = (next: T[]) => {
    cache = next
    try {
      Taro.setStorageSync(storageKey, next)
    } catch {
      // Storage full or unavailable: the list still works for this visit.
    }
    listeners.forEach((listener) => listener())
  }
  return {
    get: read,
    put: (value) => write([value, ...read().filter((v) => keyOf(v) !== keyOf(value))].slice(0, cap)),
    remove: (key) => write(read().filter((v) => keyOf(v) !== key)),
    clear: () => write([]),
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

export const itemKey = (item: Pick<Summary, 'collection' | 'id'>) => `${item.collection}/${item.id}`

const DETAIL_ONLY = [
  'body',
  'related',
  'sources',
  'status',
  'keyPoints',
  'legalBasis',
  'qa',
  'tags',
  'whatToDo',
  'src',
  'contest',
  'cover',
  'previous',
  'next',
]

/** The summary part of a detail: what a list needs, without the body. */
export function summaryOf(detail: Detail): Summary {
  const summary: Record<string, unknown> = { ...detail }
  for (const key of DETAIL_ONLY) delete summary[key]
  return summary as unknown as Summary
}

export const favourites = createStoredList<Summary>('shijian:favourites', 100, itemKey)
export const recentlyViewed = createStoredList<Summary>('shijian:recent', 30, itemKey)
export const recentSearches = createStoredList<string>('shijian:recent-searches', 10, (q) => q)
