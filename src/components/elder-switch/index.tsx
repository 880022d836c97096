import { Button, Text, View } from '@tarojs/components'
import { button } from '@/a11y'
import { setElderMode, useElderMode } from '@/hooks/use-display'
import './index.scss'

/** The visible switch for large-text mode (长辈模式), remembered on the device. */
export function ElderSwitch() {
  const on = useElderMode()
  return (
    <View className='elder-switch'>
      <Text className='elder-switch__label'>长辈模式（大字）{on ? '已开启' : '已关闭'}</Text>
      <Button
        {...button()}
        className={`btn elder-switch__button${on ? ' btn-plain' : ''}`}
        ariaLabel={on ? '关闭长辈模式' : '开启长辈模式'}
        onClick={() => setElderMode(!on)}
      >
        {on ? '关闭' : '开启'}
      </Button>
    </View>
  )
}
