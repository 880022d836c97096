import { ScrollView, View } from '@tarojs/components'
import { button } from '@/a11y'
import './index.scss'

export interface FilterOption {
  value: string
  label: string
}

/** A row of choices; the first is "全部" (all). The chosen one is marked by weight and colour and for screen readers. */
export function FilterBar({
  label,
  options,
  value,
  onChange,
}: {
  label: string
  options: FilterOption[]
  value: string
  onChange: (value: string) => void
}) {
  const all: FilterOption[] = [{ value: '', label: '全部' }, ...options]
  return (
    <ScrollView className='filter-bar' scrollX enhanced showScrollbar={false} ariaLabel={label}>
      <View className='filter-bar__row'>
        {all.map((option) => {
          const selected = option.value === value
          return (
            <View
              key={option.value || 'all'}
              className={`filter-bar__chip${selected ? ' filter-bar__chip--on' : ''}`}
              {...button()}
              ariaLabel={selected ? `${option.label}，已选中` : option.label}
              onClick={() => onChange(option.value)}
            >
              {option.label}
            </View>
          )
        })}
      </View>
    </ScrollView>
  )
}
