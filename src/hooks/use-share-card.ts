import { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { mediaUrl } from '@/api/client'
import type { CollectionName } from '@/model/labels'
import { randomId, record } from '@/reach/events'
import { openedFromShare } from '@/reach/use-reach'

export interface ShareCard {
  title: string
  /** Page path starting with "/", query included. */
  path: string
  /** Path from the API (5:4 image) or absolute URL. */
  imageUrl?: string
  /** The item shown (a published one): each share gets a fresh share id, carried in the path and recorded. */
  item?: { collection: CollectionName; itemId: string }
}

/**
 * The card's path, with a fresh `shareId` and a `share` reach event when it shows an item; the event names the
 * share this page was opened from, if any (`fromShareId`), so a re-share continues its chain (share depth).
 */
function sharedPath(card: ShareCard, fromShareId: string | undefined): string {
  if (!card.item) return card.path
  const shareId = randomId(16)
  const page = card.path.split('?')[0].replace(/^\/+/, '')
  record('share', fromShareId ? { ...card.item, shareId, page, fromShareId } : { ...card.item, shareId, page })
  return `${card.path}${card.path.includes('?') ? '&' : '?'}shareId=${shareId}`
}

/** Sets the page's chat share card and its Moments share (which takes a query, not a path). */
export function useShareCard(card: ShareCard): void {
  const fromShareId = openedFromShare(useRouter()?.params)
  useShareAppMessage(() => ({
    title: card.title,
    path: sharedPath(card, fromShareId),
    imageUrl: card.imageUrl ? mediaUrl(card.imageUrl) : undefined,
  }))
  useShareTimeline(() => {
    const path = sharedPath(card, fromShareId)
    return {
      title: card.title,
      query: path.includes('?') ? path.slice(path.indexOf('?') + 1) : '',
      imageUrl: card.imageUrl ? mediaUrl(card.imageUrl) : undefined,
    }
  })
}
