import type { FilterOption } from '@/components/filter-bar'

/** Turns a label map from src/model/labels into filter choices, in its order. */
export function optionsFrom(labels: Record<string, string>): FilterOption[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }))
}
