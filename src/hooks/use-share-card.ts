import { useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { mediaUrl } from '@/api/client'

export interface ShareCard {
  title: string
  /** Page path starting with "/", query included. */
  path: string
  /** Path from the API (5:4 image) or absolute URL. */
  imageUrl?: string
}

/** Sets the page's chat share card and its Moments share (which takes a query, not a path). */
export function useShareCard(card: ShareCard): void {
  useShareAppMessage(() => ({
    title: card.title,
    path: card.path,
    imageUrl: card.imageUrl ? mediaUrl(card.imageUrl) : undefined,
  }))
  useShareTimeline(() => ({
    title: card.title,
    query: card.path.includes('?') ? card.path.slice(card.path.indexOf('?') + 1) : '',
    imageUrl: card.imageUrl ? mediaUrl(card.imageUrl) : undefined,
  }))
}
