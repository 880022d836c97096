import { Button, Text, Video, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { button } from '@/a11y'
import { mediaUrl } from '@/api/client'
import { BodyBlocks } from '@/components/body-blocks'
import { DetailFrame } from '@/components/detail-frame'
import { useDetail } from '@/hooks/use-detail'
import type { VideoDetail, VideoSummary } from '@/model/api'
import { useVideoReach } from '@/reach/use-reach'
import { detailPath } from '@/routes'
import './index.scss'

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return m > 0 ? `${m}分${s}秒` : `${s}秒`
}

/** Moves to a neighbouring video in place (redirectTo), so paging through the gallery does not pile up pages. */
function Neighbour({ label, video }: { label: string; video?: VideoSummary }) {
  if (!video) return <View className='video__neighbour video__neighbour--none' />
  return (
    <Button
      {...button()}
      className='btn btn-plain video__neighbour'
      ariaLabel={`${label}：${video.title}`}
      onClick={() => Taro.redirectTo({ url: detailPath('videos', video.id) })}
    >
      {label}
    </Button>
  )
}

/** The player: its play and completion recorded as reach events (handlers only, nothing rendered). */
function Player({ item }: { item: VideoDetail }) {
  const reach = useVideoReach(item.id)
  return (
    <Video
      className='video__player'
      src={mediaUrl(item.src)}
      poster={mediaUrl(item.poster)}
      title={item.title}
      controls
      showFullscreenBtn
      objectFit='contain'
      onPlay={reach.onPlay}
      onTimeUpdate={reach.onTimeUpdate}
      onEnded={reach.onEnded}
    />
  )
}

export default function VideoDetailPage() {
  const detail = useDetail('videos')
  return (
    <DetailFrame
      id={detail.id}
      resource={detail}
      meta={(item) => (
        <>
          {item.sample && <Text className='video__sample'>示例</Text>}
          <Text className='video__award'>{item.awardLabel}</Text>
        </>
      )}
    >
      {(item, singlePage) => (
        <>
          <Player key={item.id} item={item} />
          {!singlePage && (
            <View className='video__neighbours'>
              <Neighbour label='‹ 上一个' video={item.previous} />
              <Neighbour label='下一个 ›' video={item.next} />
            </View>
          )}
          <View className='video__facts'>
            <Text>创作单位：{item.unit}</Text>
            <Text>
              奖项：{item.contest} {item.awardLabel}
            </Text>
            <Text>时长：{duration(item.durationSeconds)}</Text>
          </View>
          {item.sample && (
            <Text className='video__sample-note'>此为示例作品，用于演示展播功能，并非真实获奖作品。</Text>
          )}
          <Text className='video__summary'>{item.summary}</Text>
          <BodyBlocks blocks={item.body} />
        </>
      )}
    </DetailFrame>
  )
}
