// Figures as the dashboard shows them: counts with separators, rates as percentages, missing values as "—".

const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })
const oneDecimal = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const oneDecimalOrWhole = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 })

export const NONE = '—'

export const count = (value: number | undefined | null) =>
  value === undefined || value === null ? NONE : integer.format(value)

/** A ratio (0.456) as a percentage (45.6%); null or missing (nothing to divide by) as "—". */
export const percent = (value: number | undefined | null) =>
  value === undefined || value === null ? NONE : `${oneDecimal.format(value * 100)}%`

/** How many per one (opens per share, 1.79 → 1.8); null or missing (nothing to divide by) as "—". */
export const perOne = (value: number | undefined | null) =>
  value === undefined || value === null ? NONE : oneDecimalOrWhole.format(value)

/** 传播力指数, as the server rounds it (one decimal). */
export const indexValue = (value: number | undefined | null) =>
  value === undefined || value === null ? NONE : oneDecimal.format(value)

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})
export const updatedAtLabel = (epochMs: number) => dateTime.format(new Date(epochMs))

const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** Today's day, not over yet, as the chart and the table name it: 今日（截至 14:05）. */
export const partialDayLabel = (asOf: number) => `今日（截至 ${clock.format(new Date(asOf))}）`
