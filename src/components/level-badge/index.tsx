import { Text } from '@tarojs/components'
import type { WarningLevel } from '@/model/labels'
import './index.scss'

/** The level in words and colour: the word is always there, colour is never the only cue. */
export function LevelBadge({ level, label }: { level: WarningLevel; label: string }) {
  return <Text className={`level-badge level-badge--${level}`}>{label}</Text>
}

export function ExpiredBadge() {
  return <Text className='level-badge level-badge--expired'>已过期</Text>
}
