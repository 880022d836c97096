import { Button, Text, View } from '@tarojs/components'
import { button, heading } from '@/a11y'
import { BodyBlocks } from '@/components/body-blocks'
import { DetailFrame } from '@/components/detail-frame'
import { useDetail } from '@/hooks/use-detail'
import { openPage } from '@/navigate'
import { SERVICES } from '@/routes'
import './index.scss'

export default function ExplainerDetailPage() {
  const detail = useDetail('explainers')
  return (
    <DetailFrame
      id={detail.id}
      resource={detail}
      meta={(item) => <Text className='explainer__tag'>{item.categoryLabel}</Text>}
    >
      {(item, singlePage) => (
        <>
          <Text className='explainer__summary'>{item.summary}</Text>
          <View className='explainer__points'>
            <View className='explainer__box-title' {...heading(2)}>
              要点
            </View>
            {item.keyPoints.map((point, i) => (
              <Text key={i} className='explainer__point'>
                {i + 1}. {point}
              </Text>
            ))}
          </View>
          <BodyBlocks blocks={item.body} />
          <View className='explainer__law'>
            <View className='explainer__box-title' {...heading(2)}>
              法律依据
            </View>
            {item.legalBasis.map((basis, i) => (
              <View key={i} className='explainer__law-item'>
                <Text className='explainer__law-name'>
                  {basis.law} {basis.article}
                </Text>
                <Text className='muted'>（{basis.version}）</Text>
                {basis.quote && <Text className='explainer__law-quote'>{basis.quote}</Text>}
              </View>
            ))}
          </View>
          {item.qa.length > 0 && (
            <View className='explainer__qa'>
              <View className='explainer__box-title' {...heading(2)}>
                常见问题
              </View>
              {item.qa.map((pair, i) => (
                <View key={i} className='explainer__qa-item'>
                  <Text className='explainer__q'>问：{pair.q}</Text>
                  <Text className='explainer__a'>答：{pair.a}</Text>
                </View>
              ))}
            </View>
          )}
          {!singlePage && (
            <Button {...button()} className='btn explainer__next' onClick={() => openPage(SERVICES)}>
              遇到问题？去投诉举报
            </Button>
          )}
        </>
      )}
    </DetailFrame>
  )
}
