// What a compile builds for one day and one audience (compile.ts), and what requests read from it.
import type { SummaryByCollection } from '../../src/model/api'
import type { CollectionName } from '../../src/model/labels'
import type { ContentItem } from './load-content'
import type { Prepared } from './prepared'
import type { SearchIndex } from './search-index'

export interface Entry<C extends CollectionName = CollectionName> {
  item: ContentItem<C>
  summary: SummaryByCollection[C]
  /** The summary, serialized. */
  json: string
}

export interface CollectionView<C extends CollectionName = CollectionName> {
  /** Visible items, newest first. */
  entries: Entry<C>[]
  details: Map<string, Prepared>
}

export type Collections = { [C in CollectionName]: CollectionView<C> }

export interface SearchView {
  /** Every visible item, newest first, and the index over them (position n is entries[n]). */
  entries: Entry[]
  index: SearchIndex
}

export interface ContentView {
  preview: boolean
  /** The Asia/Shanghai date this view was compiled for. */
  today: string
  health: Prepared
  site?: Prepared
  home?: Prepared
  services?: Prepared
  collections: Collections
  regionIds: string[]
  /** The region id of the whole province: its warnings apply in every city. */
  province?: string
  topicIds: string[]
  search: SearchView
  /** List and search pages, built on first request and kept until the next compile. */
  pages: BoundedCache<Prepared>
  filtered: BoundedCache<Entry[]>
}

/** A map that forgets its oldest key when full. */
export class BoundedCache<T> {
  private readonly map = new Map<string, T>()
  constructor(private readonly max: number) {}
  get(key: string): T | undefined {
    return this.map.get(key)
  }
  set(key: string, value: T): T {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string)
    this.map.set(key, value)
    return value
  }
}
