import { Button, Text, View } from '@tarojs/components'
import { button } from '@/a11y'
import './index.scss'

export interface SettingSwitchProps {
  /** What the switch turns on and off, as the button's accessible name says it: 开启<name> / 关闭<name>. */
  name: string
  /** The visible line, saying the current state. */
  text: string
  on: boolean
  onChange: (on: boolean) => void
}

/** A setting remembered on the device, with its state written out and one 开启/关闭 button. */
export function SettingSwitch({ name, text, on, onChange }: SettingSwitchProps) {
  return (
    <View className='setting-switch'>
      <Text className='setting-switch__label'>{text}</Text>
      <Button
        {...button()}
        className={`btn setting-switch__button${on ? ' btn-plain' : ''}`}
        ariaLabel={on ? `关闭${name}` : `开启${name}`}
        onClick={() => onChange(!on)}
      >
        {on ? '关闭' : '开启'}
      </Button>
    </View>
  )
}
