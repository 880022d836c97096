import { Button, Text, View } from '@tarojs/components'
import { button, heading } from '@/a11y'
import { PageRoot } from '../page-root'
import type { ReactNode } from 'react'
import { ApiRequestError } from '@/api/client'
import { favourites, itemKey, summaryOf } from '@/hooks/stored-list'
import type { Resource } from '@/hooks/use-resource'
import { useSinglePageMode } from '@/hooks/use-single-page-mode'
import { useStoredList } from '@/hooks/use-stored-list'
import { useItemView } from '@/reach/use-reach'
import type { Detail, DraftPreview } from '@/model/api'
import { CachedNotice } from '../cached-notice'
import { SummaryList } from '../summary-card'
import { SourcesList } from '../sources-list'
import { ErrorState, LoadingState } from '../state-view'
import './index.scss'

function FavouriteButton({ item }: { item: Detail }) {
  const saved = useStoredList(favourites).some((f) => itemKey(f) === itemKey(item))
  return (
    <Button
      {...button()}
      className={`btn btn-plain detail-frame__favourite${saved ? ' detail-frame__favourite--on' : ''}`}
      ariaLabel={saved ? '取消收藏' : '收藏'}
      onClick={() => (saved ? favourites.remove(itemKey(item)) : favourites.put(summaryOf(item)))}
    >
      {saved ? '★ 已收藏' : '☆ 收藏'}
    </Button>
  )
}

/** Shanghai wall-clock time of an ISO instant, as 11月30日 14:05. */
function shanghaiTime(iso: string): string {
  const at = new Date(Date.parse(iso) + 8 * 3600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${at.getUTCMonth() + 1}月${at.getUTCDate()}日 ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`
}

/**
 * Above a draft opened from its preview link: what it is, which version, whether the link follows the newest saved
 * draft or shows only this version, until when, and not to pass it on.
 */
function DraftNotice({ preview }: { preview: DraftPreview }) {
  return (
    <View className='detail-frame__draft-notice' ariaRole='note'>
      <Text>
        草稿预览（第 {preview.version} 版，{shanghaiTime(preview.savedAt)} 保存）：尚未经审核发布，仅供审核，请勿转发。
      </Text>
      <Text>
        {preview.followsNewest
          ? '此链接跟随最新草稿：每次打开显示当时最新保存的版本，可能是尚未审核的修改。'
          : `此链接只显示第 ${preview.version} 版，之后保存的修改不在这里。`}
      </Text>
      <Text>预览链接有效期至 {shanghaiTime(preview.expiresAt)}。</Text>
    </View>
  )
}

const MISSING_ID = new ApiRequestError(404, 'NOT_FOUND', '内容不存在或已撤下')

/** The common frame of a detail page: states, title with draft mark, the page's own part, sources, related. */
export function DetailFrame<T extends Detail>({
  id,
  resource,
  meta,
  children,
}: {
  id: string
  resource: Resource<T>
  meta?: (item: T) => ReactNode
  /** Given `singlePage`: true when opened from Moments, where links and buttons that navigate cannot work. */
  children: (item: T, singlePage: boolean) => ReactNode
}) {
  const singlePage = useSinglePageMode()
  const { data, error, loading, reload, savedAt } = resource
  useItemView(data)
  if (!data) {
    return (
      <PageRoot>
        {!id && <ErrorState error={MISSING_ID} />}
        {id && error && !loading && <ErrorState error={error} onRetry={reload} />}
        {id && (loading || !error) && <LoadingState />}
      </PageRoot>
    )
  }
  return (
    <PageRoot className='detail-frame'>
      <CachedNotice savedAt={savedAt} error={error} onRetry={reload} />
      {data.preview && <DraftNotice preview={data.preview} />}
      <View className='detail-frame__title' {...heading(1)}>
        {data.draft && <Text className='draft-mark'>草稿</Text>}
        <Text>{data.title}</Text>
      </View>
      <View className='detail-frame__meta'>
        {meta?.(data)}
        <Text className='muted'>发布于 {data.publishedAt}</Text>
        {data.updatedAt && <Text className='muted'>　更新于 {data.updatedAt}</Text>}
        {!data.draft && !singlePage && <FavouriteButton item={data} />}
      </View>
      {children(data, singlePage)}
      <SourcesList sources={data.sources} />
      {singlePage && (
        <Text className='detail-frame__single-page-hint'>
          在微信里打开“市监”小程序，可以看到更多解读和警示。消费投诉举报请拨打 12315。
        </Text>
      )}
      {!singlePage && data.related.length > 0 && (
        <View className='detail-frame__related'>
          <View className='detail-frame__related-title' {...heading(2)}>
            相关内容
          </View>
          <SummaryList items={data.related} />
        </View>
      )}
    </PageRoot>
  )
}
