import { useEffect } from 'react'
import { api, ApiRequestError } from '@/api/client'
import type { DetailByCollection } from '@/model/api'
import { COLLECTION_LABELS, type CollectionName } from '@/model/labels'
import { detailPath } from '@/routes'
import { recentlyViewed, summaryOf } from './stored-list'
import { useResource } from './use-resource'
import { useRouteParam } from './use-route-param'
import { useShareCard } from './use-share-card'

/**
 * A detail page's data, loaded from its own route (`?id=`), so a shared card opens it on a cold start,
 * and its share card: the item's title, a path back to this item, and its share image.
 * With `&draft=<token>` (a newsroom preview link or its QR code) the page shows that draft instead, marked 草稿,
 * never kept on the device; its share card still names only the item's public path, which shows no draft.
 */
export function useDetail<C extends CollectionName>(collection: C) {
  const id = useRouteParam('id')
  const draftToken = useRouteParam('draft')
  const resource = useResource<DetailByCollection[C]>(
    draftToken ? `draft/${draftToken}` : id ? `${collection}/${id}` : null,
    async () => {
      if (!draftToken) return api.detail(collection, id)
      const draft = await api.draft<C>(draftToken)
      // A token for another page's collection, or another id, is not this page's item
      if (draft.collection !== collection || draft.id !== id) {
        throw new ApiRequestError(404, 'NOT_FOUND', '内容不存在或已撤下')
      }
      return draft
    },
    { keep: !draftToken },
  )
  const item = resource.data
  useEffect(() => {
    if (item && !item.draft) recentlyViewed.put(summaryOf(item))
  }, [item])
  useShareCard({
    title: item?.title ?? COLLECTION_LABELS[collection],
    path: detailPath(collection, id),
    imageUrl: item?.shareImage,
    item: item && !item.draft ? { collection, itemId: item.id } : undefined,
  })
  return { id, ...resource }
}
