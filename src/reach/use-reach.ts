// Where pages record reach events: a view of every page (detail pages with their item), an open from a share card.
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import type { CollectionName } from '@/model/labels'
import { DETAIL_PAGES } from '@/routes'
import { record } from './events'

const DETAIL_ROUTES = new Set(Object.values(DETAIL_PAGES).map((path) => path.slice(1)))
const SHARE_ID = /^[A-Za-z0-9_-]{8,64}$/ // SHARE_ID_PATTERN of src/model/events.ts

/** The share card the page was opened from (`shareId` in its query), when it is a share id. */
export function openedFromShare(params: Record<string, string | undefined> | undefined): string | undefined {
  const shareId = params?.shareId
  return shareId && SHARE_ID.test(shareId) ? shareId : undefined
}

/** The route without its query or leading slash, e.g. `detail/video/index`. */
export function pageOf(path: string | undefined): string {
  return (path ?? '').split('?')[0].replace(/^\/+/, '')
}

/** WeChat's launch scene (e.g. 1007: a card in a chat); undefined in H5. */
function launchScene(): number | undefined {
  if (process.env.TARO_ENV === 'h5') return undefined
  try {
    const scene = Number(Taro.getLaunchOptionsSync().scene)
    return Number.isInteger(scene) && scene >= 1000 && scene <= 9999 ? scene : undefined
  } catch {
    return undefined
  }
}

/** In PageRoot: a view of the page, once when it opens (detail pages record theirs with the item: useItemView). */
export function usePageView(): void {
  const router = useRouter()
  const page = pageOf(router?.path)
  useEffect(() => {
    if (page && !DETAIL_ROUTES.has(page)) record('view', { page })
    // once per page opened
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}

/**
 * On a detail page: a view with its item once the item has loaded (a draft or an unknown id is not counted), and
 * when the page was opened from a share card (`shareId` in its query), that open.
 */
export function useItemView(item: { collection: CollectionName; id: string; draft?: boolean } | undefined): void {
  const router = useRouter()
  const page = pageOf(router?.path)
  const shareId = openedFromShare(router?.params)
  const done = useRef('')
  const key = item && !item.draft ? `${item.collection}/${item.id}` : ''
  useEffect(() => {
    if (!item || !key || done.current === key) return
    done.current = key
    const at = page
      ? { collection: item.collection, itemId: item.id, page }
      : { collection: item.collection, itemId: item.id }
    record('view', at)
    if (shareId) {
      const scene = launchScene()
      record('share_open', scene ? { ...at, fromShareId: shareId, scene } : { ...at, fromShareId: shareId })
    }
    // once per item shown
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
}

/** The route of the page on top (e.g. `pages/services/index`), for events recorded outside a page's hooks. */
export function currentPage(): string | undefined {
  try {
    const page = pageOf(Taro.getCurrentInstance().router?.path)
    return page || undefined
  } catch {
    return undefined
  }
}

/** A hotline call button tapped (the call itself is WeChat's dialler; nothing about it is known here). */
export function recordHotlineTap(): void {
  const page = currentPage()
  record('hotline_tap', page ? { page } : {})
}

/** A 12315 channel opened on the services page. */
export function recordChannelOpen(): void {
  const page = currentPage()
  record('channel_open', page ? { page } : {})
}

interface Play {
  on: boolean
  completed: boolean
}

/**
 * The video player's handlers: `video_play` when a play starts (not on resuming after a pause), `video_complete`
 * once per play when the position reaches 90% of the length (or the end). Refs only: no state, no setData.
 */
export function useVideoReach(itemId: string) {
  const play = useRef<Play>({ on: false, completed: false })
  const fields = () => {
    const page = currentPage()
    return page ? { collection: 'videos' as const, itemId, page } : { collection: 'videos' as const, itemId }
  }
  const complete = () => {
    if (!play.current.on || play.current.completed) return
    play.current.completed = true
    record('video_complete', fields())
  }
  return {
    onPlay: () => {
      if (play.current.on) return
      play.current = { on: true, completed: false }
      record('video_play', fields())
    },
    onTimeUpdate: (e: { detail: { currentTime?: number; duration?: number } }) => {
      const { currentTime = 0, duration = 0 } = e.detail ?? {}
      if (duration > 0 && currentTime >= 0.9 * duration) complete()
    },
    onEnded: () => {
      complete()
      play.current = { on: false, completed: false }
    },
  }
}

/**
 * What looks like a phone or ID number: 7 or more digits in a row, spaces or hyphens between them allowed, an ID
 * card's final X included (as the API's scrubSearchWords). Removed from search words before they are recorded.
 */
const NUMBER_RUN = /\d(?:[\s-]*\d){6,}[xX]?/g // after NFKC, which makes full-width digits ASCII

/** Search words with anything like a phone or ID number removed; empty when nothing is left. */
export function scrubSearchWords(q: string): string {
  return (
    q
      .normalize('NFKC')
      .replace(NUMBER_RUN, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 50)
      .trim()
  )
}

/** A search that found nothing: its words (scrubbed), so staff see what citizens look for and the app lacks. */
export function recordNoResult(q: string): void {
  const words = scrubSearchWords(q)
  if (!words) return
  const page = currentPage()
  record('search', page ? { q: words, page } : { q: words })
}
