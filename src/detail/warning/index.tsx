import { Button, Text, View } from '@tarojs/components'
import { button, heading } from '@/a11y'
import { BodyBlocks } from '@/components/body-blocks'
import { DetailFrame } from '@/components/detail-frame'
import { callNumber, NATIONAL_HOTLINE } from '@/components/hotline-bar'
import { ExpiredBadge, LevelBadge } from '@/components/level-badge'
import { useDetail } from '@/hooks/use-detail'
import { openPage } from '@/navigate'
import { SERVICES } from '@/routes'
import './index.scss'

export default function WarningDetailPage() {
  const detail = useDetail('warnings')
  return (
    <DetailFrame
      id={detail.id}
      resource={detail}
      meta={(item) => (
        <>
          <LevelBadge level={item.level} label={item.levelLabel} />
          {item.expired && <ExpiredBadge />}
          <Text className='warning__region'>{item.regionName}</Text>
        </>
      )}
    >
      {(item, singlePage) => (
        <>
          {item.expired && <Text className='warning__expired'>这条警示已于 {item.expiresAt} 过期，内容仅供参考。</Text>}
          {!item.expired && item.expiresAt && <Text className='muted warning__valid'>有效期至 {item.expiresAt}</Text>}
          <Text className='warning__summary'>{item.summary}</Text>
          <BodyBlocks blocks={item.body} />
          <View className='warning__todo'>
            <View className='warning__todo-title' {...heading(2)}>
              怎么办
            </View>
            {item.whatToDo.map((step, i) => (
              <Text key={i} className='warning__todo-item'>
                {i + 1}. {step}
              </Text>
            ))}
          </View>
          {!singlePage && (
            <Button {...button()} className='btn warning__action' onClick={() => openPage(SERVICES)}>
              去{item.channelLabel}
            </Button>
          )}
          <Button {...button()} className='btn btn-plain warning__action' onClick={() => callNumber(NATIONAL_HOTLINE)}>
            拨打 {NATIONAL_HOTLINE}
          </Button>
        </>
      )}
    </DetailFrame>
  )
}
