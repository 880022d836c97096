// Builds every response once from loaded content, for one day and one audience: the items (items.ts), the
// site-wide responses (site-responses.ts) and the search index (search-view.ts). List and search pages are built
// later, on request (pages.ts); compressed forms by precompress.ts.
import { compileCollections } from './items'
import type { LoadedContent } from './load-content'
import { searchView } from './search-view'
import { siteResponses } from './site-responses'
import { BoundedCache, type ContentView } from './view'

export function compileContent(content: LoadedContent, options: { today: string; preview: boolean }): ContentView {
  const { today, preview } = options
  const { site } = content
  const regionNames = new Map(site?.regions.map((region) => [region.id, region.name]))
  const collections = compileCollections(content, { today, preview, regionNames })
  return {
    preview,
    today,
    ...siteResponses(content, collections),
    collections,
    regionIds: site?.regions.map((region) => region.id) ?? [],
    province: site?.province,
    topicIds: site?.topics.map((topic) => topic.id) ?? [],
    search: searchView(content, collections),
    pages: new BoundedCache(5000),
    filtered: new BoundedCache(500),
  }
}
