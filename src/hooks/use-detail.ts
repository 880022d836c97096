import { useEffect } from 'react'
import { api } from '@/api/client'
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
 */
export function useDetail<C extends CollectionName>(collection: C) {
  const id = useRouteParam('id')
  const resource = useResource<DetailByCollection[C]>(id ? `${collection}/${id}` : null, () =>
    api.detail(collection, id),
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
