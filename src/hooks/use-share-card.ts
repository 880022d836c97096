import { useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { mediaUrl } from '@/api/client'
import type { CollectionName } from '@/model/labels'
import { randomId, record } from '@/reach/events'

export interface ShareCard {
  title: string
  /** Page path starting with "/", query included. */
  path: string
  /** Path from the API (5:4 image) or absolute URL. */
  imageUrl?: string
  /** The item shown (a published one): each share gets a fresh share id, carried in the path and recorded. */
  item?: { collection: CollectionName; itemId: string }
}

/** The card's path, with a fresh `shareId` and a `share` reach event when it shows an item. */
function sharedPath(card: ShareCard): string {
  if (!card.item) return card.path
  const shareId = randomId(16)
  const page = card.path.split('?')[0].replace(/^\/+/, '')
  record('share', { ...card.item, shareId, page })
  return `${card.path}${card.path.includes('?') ? '&' : '?'}shareId=${shareId}`
}

/** Sets the page's chat share card and its Moments share (which takes a query, not a path). */
export function useShareCard(card: ShareCard): void {
  useShareAppMessage(() => ({
    title: card.title,
    path: sharedPath(card),
    imageUrl: card.imageUrl ? mediaUrl(card.imageUrl) : undefined,
  }))
  useShareTimeline(() => {
    const path = sharedPath(card)
    return {
      title: card.title,
      query: path.includes('?') ? path.slice(path.indexOf('?') + 1) : '',
      imageUrl: card.imageUrl ? mediaUrl(card.imageUrl) : undefined,
    }
  })
}
