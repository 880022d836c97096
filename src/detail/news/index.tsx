import { Text } from '@tarojs/components'
import { BodyBlocks } from '@/components/body-blocks'
import { DetailFrame } from '@/components/detail-frame'
import { useDetail } from '@/hooks/use-detail'

export default function NewsDetailPage() {
  const detail = useDetail('news')
  return (
    <DetailFrame id={detail.id} resource={detail} meta={(item) => <Text className='muted'>来源：{item.origin}　</Text>}>
      {(item) => <BodyBlocks blocks={item.body} />}
    </DetailFrame>
  )
}
