// The responses that gather the whole site: health, the site settings, the home page and the services page.
import type { HealthResponse, HomeResponse, ServicesResponse } from '../../src/model/api'
import { countItems, type LoadedContent } from './load-content'
import { prepare, type Prepared } from './prepared'
import type { Collections } from './view'

export const HOME_COUNTS = { topicItems: 4, warnings: 3, news: 5, explainers: 4, videos: 4 }

export interface SiteResponses {
  health: Prepared
  site?: Prepared
  home?: Prepared
  services?: Prepared
}

/** Home and services need the site settings; without them only health is built. */
export function siteResponses(content: LoadedContent, collections: Collections): SiteResponses {
  const { site } = content
  const health: HealthResponse = {
    status: 'ok',
    items: countItems(content),
    invalid: content.invalid,
    loadedAt: content.loadedAt,
  }

  let home: Prepared | undefined
  let services: Prepared | undefined
  if (site) {
    const active = collections.warnings.entries.filter((entry) => !entry.summary.expired)
    const homeResponse: HomeResponse = {
      site: { bureauName: site.bureauName, appName: site.appName, hotline: site.hotline },
      topics: site.topics.map((topic) => ({
        ...topic,
        items: collections.news.entries
          .filter((entry) => entry.summary.topics.includes(topic.id))
          .slice(0, HOME_COUNTS.topicItems)
          .map((entry) => entry.summary),
      })),
      warnings: active.slice(0, HOME_COUNTS.warnings).map((entry) => entry.summary),
      news: collections.news.entries.slice(0, HOME_COUNTS.news).map((entry) => entry.summary),
      explainers: collections.explainers.entries.slice(0, HOME_COUNTS.explainers).map((entry) => entry.summary),
      videos: collections.videos.entries.slice(0, HOME_COUNTS.videos).map((entry) => entry.summary),
    }
    home = prepare(homeResponse)
    if (content.services) {
      const servicesResponse: ServicesResponse = {
        ...content.services,
        hotline: site.hotline,
        miniProgram12315: site.miniProgram12315,
        website12315: site.website12315,
        regions: site.regions,
      }
      services = prepare(servicesResponse)
    }
  }

  return { health: prepare(health), site: site ? prepare(site) : undefined, home, services }
}
