// Paths of two kinds: setData keys into the data tree ('root.cn.[0].v'), and page urls ('/a/b?x=1').
import path from 'node:path'

/** Splits a setData key ('root.cn.[0].cn[1].v', 'i.cn.[2]') into object keys and array indexes. */
export function parseDataPath(key: string): (string | number)[] {
  const parts: (string | number)[] = []
  for (const segment of key.split('.')) {
    const match = segment.match(/^([^[\]]*)((?:\[\d+\])*)$/)
    if (!match) throw new Error(`setData: cannot read the key ${JSON.stringify(key)}`)
    if (match[1]) parts.push(match[1])
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]))
  }
  return parts
}

/** Applies one setData key to a tree, creating objects and arrays on the way, as the client does. */
export function applyDataPath(tree: Record<string, unknown>, key: string, value: unknown): void {
  const parts = parseDataPath(key)
  let node: Record<string | number, unknown> = tree
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]
    let next = node[part]
    if (next === null || typeof next !== 'object') {
      next = typeof parts[i + 1] === 'number' ? [] : {}
      node[part] = next
    }
    node = next as Record<string | number, unknown>
  }
  node[parts[parts.length - 1]] = value
}

/** Splits '/a/b?x=1&y=2' into a route ('a/b') and a query whose values stay as written (WeChat does not decode). */
export function parsePageUrl(
  url: string,
  fromRoute = '',
): { route: string; path: string; query: Record<string, string> } {
  const [rawPath, search = ''] = url.split('?', 2)
  let route: string
  if (rawPath.startsWith('/')) route = rawPath.slice(1)
  else route = path.posix.normalize(path.posix.join(path.posix.dirname(fromRoute || 'x'), rawPath))
  route = route.replace(/\.html$/, '')
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    query[eq === -1 ? pair : pair.slice(0, eq)] = eq === -1 ? '' : pair.slice(eq + 1)
  }
  return { route, path: `/${route}`, query }
}

/** Parses a query string ('id=1&x=2') the way a Moments share's `query` reaches onLoad. */
export function parseQueryString(search: string): Record<string, string> {
  return parsePageUrl(`/x?${search.replace(/^\?/, '')}`).query
}

export function withoutTaroKey(query: Record<string, string>): Record<string, string> {
  const rest = { ...query }
  delete rest.__key_
  return rest
}

export function joinUrl(pagePath: string, query: Record<string, string>): string {
  const search = Object.entries(query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  return search ? `${pagePath}?${search}` : pagePath
}
