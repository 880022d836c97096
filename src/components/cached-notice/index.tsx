import { Button, Text, View } from '@tarojs/components'
import { button } from '@/a11y'
import type { ApiRequestError } from '@/api/client'
import { ageText } from '@/api/device-cache'
import './index.scss'

/** Shown above a copy kept on the device when a fresh one could not be loaded: its age and a retry. */
export function CachedNotice({
  savedAt,
  error,
  onRetry,
}: {
  savedAt: number | undefined
  error: ApiRequestError | undefined
  onRetry: () => void
}) {
  if (savedAt === undefined || !error) return null
  return (
    <View className='cached-notice' ariaRole='status'>
      <Text className='cached-notice__text'>
        {error.status === 0 ? '网络不畅' : '暂时无法更新'}，显示的是手机里保存的内容（更新于 {ageText(savedAt)}）
      </Text>
      <Button {...button()} className='btn btn-plain cached-notice__retry' onClick={onRetry}>
        重试
      </Button>
    </View>
  )
}
