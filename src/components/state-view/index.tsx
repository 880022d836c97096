import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { button } from '@/a11y'
import type { ApiRequestError } from '@/api/client'
import { HOME } from '@/routes'
import { callNumber, NATIONAL_HOTLINE } from '../hotline-bar'
import './index.scss'

export function LoadingState({ label = '正在加载…' }: { label?: string }) {
  return (
    <View className='state-view' ariaRole='status'>
      <Text className='state-view__text'>{label}</Text>
    </View>
  )
}

export function EmptyState({ label }: { label: string }) {
  return (
    <View className='state-view'>
      <Text className='state-view__text'>{label}</Text>
    </View>
  )
}

/**
 * A failed load in plain words: not found, or a preview link gone (410), offers the way home, anything else a retry
 * and the hotline.
 */
export function ErrorState({ error, onRetry }: { error: ApiRequestError; onRetry?: () => void }) {
  if (error.notFound) {
    return (
      <View className='state-view' ariaRole='alert'>
        <Text className='state-view__title'>内容不存在或已撤下</Text>
        <Text className='state-view__text'>这条内容可能已被撤回或链接有误。</Text>
        <Button {...button()} className='btn state-view__action' onClick={() => Taro.switchTab({ url: HOME })}>
          返回首页
        </Button>
      </View>
    )
  }
  if (error.status === 410) {
    // A preview link revoked or past its time: trying again cannot help, a new link from the editor can
    return (
      <View className='state-view' ariaRole='alert'>
        <Text className='state-view__title'>预览链接已失效</Text>
        <Text className='state-view__text'>{error.message}</Text>
        <Button {...button()} className='btn state-view__action' onClick={() => Taro.switchTab({ url: HOME })}>
          返回首页
        </Button>
      </View>
    )
  }
  return (
    <View className='state-view' ariaRole='alert'>
      <Text className='state-view__title'>{error.status === 0 ? '网络好像断了' : '暂时没能加载'}</Text>
      <Text className='state-view__text'>{error.message}</Text>
      {onRetry && (
        <Button {...button()} className='btn state-view__action' onClick={onRetry}>
          重试
        </Button>
      )}
      <Text className='state-view__text'>消费投诉举报不用等，可以直接拨打 12315</Text>
      <Button {...button()} className='btn btn-plain state-view__action' onClick={() => callNumber(NATIONAL_HOTLINE)}>
        拨打 12315
      </Button>
    </View>
  )
}
