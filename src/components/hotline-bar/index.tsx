import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { button } from '@/a11y'
import { recordHotlineTap } from '@/reach/use-reach'
import './index.scss'

export const NATIONAL_HOTLINE = '12315'

export function callNumber(phoneNumber: string): void {
  recordHotlineTap()
  Taro.makePhoneCall({ phoneNumber }).catch(() => {
    // Cancelled by the user, or no phone on this device: the number stays visible on screen.
  })
}

/** The national consumer hotline, always in words as well as a button. */
export function HotlineBar({ hotline = NATIONAL_HOTLINE }: { hotline?: string }) {
  return (
    <View className='hotline-bar'>
      <View className='hotline-bar__text'>
        <Text className='hotline-bar__title'>消费投诉举报热线</Text>
        <Text className='hotline-bar__number'>{hotline}</Text>
      </View>
      <Button
        {...button()}
        className='btn hotline-bar__call'
        onClick={() => callNumber(hotline)}
        ariaLabel={`拨打 ${hotline}`}
      >
        拨打 {hotline}
      </Button>
    </View>
  )
}
