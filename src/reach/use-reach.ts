// Where pages record reach events: a view of every page (detail pages with their item), an open from a share card.
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import type { CollectionName } from '@/model/labels'
import { DETAIL_PAGES } from '@/routes'
import { record } from './events'

const DETAIL_ROUTES = new Set(Object.values(DETAIL_PAGES).map((path) => path.slice(1)))
const SHARE_ID = /^[A-Za-z0-9_-]{8,64}$/ // SHARE_ID_PATTERN of src/model/events.ts

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
  const shareId = router?.params?.shareId
  const done = useRef('')
  const key = item && !item.draft ? `${item.collection}/${item.id}` : ''
  useEffect(() => {
    if (!item || !key || done.current === key) return
    done.current = key
    const at = page
      ? { collection: item.collection, itemId: item.id, page }
      : { collection: item.collection, itemId: item.id }
    record('view', at)
    if (shareId && SHARE_ID.test(shareId)) {
      const scene = launchScene()
      record('share_open', scene ? { ...at, fromShareId: shareId, scene } : { ...at, fromShareId: shareId })
    }
    // once per item shown
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
}
