import { Text, View } from '@tarojs/components'
import { heading, link } from '@/a11y'
import { api } from '@/api/client'
import { HotlineBar } from '@/components/hotline-bar'
import { Section } from '@/components/section'
import { SummaryList } from '@/components/summary-card'
import { useResource } from '@/hooks/use-resource'
import type { SearchSuggestions } from '@/model/api'
import { openPage } from '@/navigate'
import { LIST_PAGES, SERVICES, withQuery } from '@/routes'

/**
 * What the search page offers when nothing matched: the nearest explainer categories and current warnings (from
 * the search answer), the hotline, and where to ask (咨询). Never an empty page.
 */
export function NoResultHelp({
  q,
  suggestions,
  hotline,
}: {
  q: string
  suggestions: SearchSuggestions | undefined
  hotline: string | undefined
}) {
  // The consult channel's own words, from the services directory (usually on the device already).
  const services = useResource('services', () => api.services())
  const inquiry = services.data?.channels.find((channel) => channel.kind === 'inquiry')
  const categories = suggestions?.categories ?? []
  const warnings = suggestions?.warnings ?? []
  return (
    <View className='search__none'>
      <View className='card search__none-head' ariaRole='status'>
        <Text className='search__none-title' {...heading(2)}>
          没有找到与“{q}”有关的内容
        </Text>
        <Text className='search__none-text'>
          换个说法试试：少打几个字，或者用常见的叫法，比如“退货”“预付卡”“过期食品”。
        </Text>
      </View>
      {categories.length > 0 && (
        <Section title='按类别看法规解读'>
          <View className='search__chips'>
            {categories.map((category) => (
              <View
                key={category.id}
                className='search__chip search__chip--link'
                {...link()}
                ariaLabel={`法规解读：${category.label}`}
                onClick={() => openPage(withQuery(LIST_PAGES.explainers, { category: category.id }))}
              >
                {category.label} ›
              </View>
            ))}
          </View>
        </Section>
      )}
      <Section title='直接问 12315'>
        <HotlineBar hotline={hotline} />
        <View className='card search__ask'>
          <Text className='search__ask-title' {...heading(3)}>
            {inquiry?.title ?? '咨询：问政策、问办法'}
          </Text>
          <Text className='search__ask-text'>
            {inquiry?.whenToUse ?? '想了解规定，或者拿不准该投诉还是举报，先打 12315 问一问。'}
          </Text>
          <View className='btn btn-plain search__ask-go' {...link()} onClick={() => openPage(SERVICES)}>
            怎么咨询、投诉、举报 ›
          </View>
        </View>
      </Section>
      {warnings.length > 0 && (
        <Section title='最新消费警示'>
          <SummaryList items={warnings} />
        </Section>
      )}
    </View>
  )
}
