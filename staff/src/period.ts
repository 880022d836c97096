// Periods in days of Asia/Shanghai (the events' `day`), as YYYY-MM-DD strings; arithmetic on the calendar date only.

export type Preset = '7' | '30' | '180' | 'custom'

export const PRESETS: { value: Preset; label: string }[] = [
  { value: '7', label: '近7天' },
  { value: '30', label: '近30天' },
  { value: '180', label: '近180天' },
  { value: 'custom', label: '自定义' },
]

/** The longest period the API answers at once (server/staff/reach-query.ts). */
export const MAX_DAYS = 366

const shanghaiDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Today in Asia/Shanghai. */
export function today(now = new Date()): string {
  return shanghaiDay.format(now)
}

export function addDays(day: string, days: number): string {
  const time = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000
  return new Date(time).toISOString().slice(0, 10)
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
export function isDay(value: string): boolean {
  if (!DATE.test(value)) return false
  const time = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value
}

/** The last `n` days up to today, today included. */
export function lastDays(n: number, now = new Date()): { from: string; to: string } {
  const to = today(now)
  return { from: addDays(to, -(n - 1)), to }
}

/** What is wrong with a custom period, in words for the form; undefined when it can be asked. */
export function periodProblem(from: string, to: string): string | undefined {
  if (!isDay(from) || !isDay(to)) return '请填写完整的开始和结束日期'
  if (to < from) return '结束日期不能早于开始日期'
  if (daysBetween(from, to) > MAX_DAYS) return `一次最多查询 ${MAX_DAYS} 天`
  return undefined
}

/** 2026-11-29 → 11月29日 (with the year when asked). */
export function dayLabel(day: string, withYear = false): string {
  const [year, month, date] = day.split('-').map(Number)
  return `${withYear ? `${year}年` : ''}${month}月${date}日`
}
