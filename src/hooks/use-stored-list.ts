import { useSyncExternalStore } from 'react'
import type { StoredList } from './stored-list'

/** The current contents of a device-stored list, re-rendering when it changes. */
export function useStoredList<T>(list: StoredList<T>): T[] {
  return useSyncExternalStore(list.subscribe, list.get, list.get)
}
