// Calendar dates in China Standard Time (UTC+8, no daylight saving), as the content writes them.
const OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** The date in Asia/Shanghai at a moment, as YYYY-MM-DD. */
export function shanghaiDate(atMs: number): string {
  return new Date(atMs + OFFSET_MS).toISOString().slice(0, 10)
}

/** The moment an Asia/Shanghai day (YYYY-MM-DD) starts. */
export function shanghaiDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - OFFSET_MS
}

/** The date `days` after (or, negative, before) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** A moment as YYYY-MM-DD HH:mm:ss in Asia/Shanghai. */
export function shanghaiDateTime(atMs: number): string {
  return new Date(atMs + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/** The moment the next Asia/Shanghai day starts. */
export function nextShanghaiMidnight(atMs: number): number {
  const day = Math.floor((atMs + OFFSET_MS) / DAY_MS)
  return (day + 1) * DAY_MS - OFFSET_MS
}

/** True when a YYYY-MM-DD string names a day that exists (2024-02-30 does not). */
export function isRealDate(date: string): boolean {
  const parsed = new Date(date + 'T00:00:00Z')
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date
}
