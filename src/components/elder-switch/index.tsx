import { SettingSwitch } from '@/components/setting-switch'
import { setElderMode, useElderMode } from '@/hooks/use-display'

/** The visible switch for large-text mode (长辈模式), remembered on the device. */
export function ElderSwitch() {
  const on = useElderMode()
  return (
    <SettingSwitch
      name='长辈模式'
      text={`长辈模式（大字）${on ? '已开启' : '已关闭'}`}
      on={on}
      onChange={setElderMode}
    />
  )
}
