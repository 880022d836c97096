import { Button, Input, Text, View } from '@tarojs/components'
import { button, heading } from '@/a11y'
import { PageRoot } from '@/components/page-root'
import { useState } from 'react'
import { api } from '@/api/client'
import { ErrorState, LoadingState } from '@/components/state-view'
import { SummaryList } from '@/components/summary-card'
import { recentSearches } from '@/hooks/stored-list'
import { useResource } from '@/hooks/use-resource'
import { useRouteParam } from '@/hooks/use-route-param'
import { QUERY_MAX, useSearch } from '@/hooks/use-search'
import { useShareCard } from '@/hooks/use-share-card'
import { useStoredList } from '@/hooks/use-stored-list'
import { SEARCH, withQuery } from '@/routes'
import { NoResultHelp } from './no-result-help'
import './index.scss'

export default function SearchPage() {
  const initial = useRouteParam('q').trim().slice(0, QUERY_MAX)
  const [draft, setDraft] = useState(initial)
  const [q, setQ] = useState(initial)
  const [hint, setHint] = useState('')
  const search = useSearch(q)
  const recent = useStoredList(recentSearches)
  // Site settings: 热门问题 and the hotline (kept on the device, so shown at once on a later visit).
  const site = useResource('site', () => api.site()).data
  const hotQuestions = site?.hotQuestions ?? []
  useShareCard({ title: q ? `搜索“${q}”：市监` : '搜索法规、警示、视频和新闻', path: withQuery(SEARCH, { q }) })

  const submit = (value: string) => {
    const text = value.trim()
    if (!text) {
      setHint('请输入要搜索的词，例如“预付卡”')
      return
    }
    setHint('')
    setDraft(text)
    setQ(text)
  }

  const nothingFound = q && !search.loading && !search.error && search.results.length === 0

  return (
    <PageRoot className='search'>
      <View className='search__bar' ariaRole='search'>
        <Input
          className='search__input'
          value={draft}
          maxlength={QUERY_MAX}
          placeholder='搜索法规、警示、视频、新闻'
          confirmType='search'
          ariaLabel='搜索内容'
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={(e) => submit(e.detail.value)}
        />
        <Button {...button()} className='btn search__go' onClick={() => submit(draft)}>
          搜索
        </Button>
      </View>
      {hint && <Text className='search__hint'>{hint}</Text>}
      {!q && recent.length > 0 && (
        <View className='search__recent'>
          <View className='search__recent-head'>
            <Text className='search__block-title' {...heading(2)}>
              最近搜索
            </Text>
            <View className='search__clear' {...button()} onClick={() => recentSearches.clear()}>
              清除
            </View>
          </View>
          <View className='search__chips'>
            {recent.map((word) => (
              <View key={word} className='search__chip' {...button()} onClick={() => submit(word)}>
                {word}
              </View>
            ))}
          </View>
        </View>
      )}
      {!q && hotQuestions.length > 0 && (
        <View className='search__hot'>
          <Text className='search__block-title' {...heading(2)}>
            热门问题
          </Text>
          {hotQuestions.map((question) => (
            <View
              key={question}
              className='search__hot-item'
              {...button()}
              ariaLabel={`搜索：${question}`}
              onClick={() => submit(question)}
            >
              <Text className='search__hot-text'>{question}</Text>
              <Text className='search__hot-arrow'>›</Text>
            </View>
          ))}
        </View>
      )}
      {q && search.loading && search.results.length === 0 && <LoadingState label='正在搜索…' />}
      {q && search.error && search.results.length === 0 && <ErrorState error={search.error} onRetry={search.retry} />}
      {nothingFound && <NoResultHelp q={q} suggestions={search.suggestions} hotline={site?.hotline} />}
      {search.results.length > 0 && (
        <View>
          <Text className='muted search__count'>
            “{q}”共找到 {search.total} 条
          </Text>
          {search.match === 'partial' && (
            <Text className='search__partial'>没有同时说到每个词的内容，下面是最接近的。</Text>
          )}
          <SummaryList items={search.results} />
          {search.hasMore && (
            <Button {...button()} className='btn btn-plain' onClick={search.loadMore}>
              {search.loading ? '正在加载…' : '加载更多'}
            </Button>
          )}
        </View>
      )}
    </PageRoot>
  )
}
