// The staff app's places, in the URL's hash (#/newsroom/…) so that /staff/ stays one page the API serves as is.
export type Route =
  | { page: 'dashboard' }
  | { page: 'list' }
  | { page: 'new'; collection: string }
  | { page: 'item'; collection: string; id: string }

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] !== 'newsroom') return { page: 'dashboard' }
  if (parts[1] === 'new' && parts[2]) return { page: 'new', collection: parts[2] }
  if (parts[1] === 'item' && parts[2] && parts[3]) return { page: 'item', collection: parts[2], id: parts[3] }
  return { page: 'list' }
}

export function routeHash(route: Route): string {
  switch (route.page) {
    case 'dashboard':
      return '#/'
    case 'list':
      return '#/newsroom'
    case 'new':
      return `#/newsroom/new/${encodeURIComponent(route.collection)}`
    case 'item':
      return `#/newsroom/item/${encodeURIComponent(route.collection)}/${encodeURIComponent(route.id)}`
  }
}

let navigated = false
/** Called when the hash changes: from then on a page that opens takes the focus to its heading. */
export function markNavigated() {
  navigated = true
}
/** False on the first page of a load (the focus stays at the top, the skip link first), true after a move. */
export const wasNavigated = () => navigated
