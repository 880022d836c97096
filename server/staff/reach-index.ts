// 传播力指数 (reach index): one number per item or per bureau over a period, modelled on the WCI structure
// (log-scaled counts of totals, averages and the peak, weighted, then squared). Pure functions; README "Reach".
//
// For a set of items over a period of d days (d ≥ 1), n = the items of the set with any event in the period:
//   U = visitors (distinct visitors of each day, summed), U_peak = one item: its most visitors on one day; a bureau:
//       the most visitors of one of its items over the period
//   I = interactions = shares + shareOpens + videoCompletes, I_peak likewise
//   R = 0.6·ln(U/d + 1) + 0.3·ln(U/n + 1) + 0.1·ln(U_peak + 1)
//   E = 0.6·ln(I/d + 1) + 0.3·ln(I/n + 1) + 0.1·ln(I_peak + 1)
//   index = (0.7·R + 0.3·E)² × 10, rounded to one decimal; 0 when n = 0

export interface IndexInput {
  /** Days in the period (≥ 1). */
  days: number
  /** Items of the set with any event in the period (one item: 1). */
  items: number
  /** Visitors: the distinct visitors of each day, summed over the period. */
  visitors: number
  /** One item: its most visitors on one day. A bureau: the most visitors of one of its items over the period. */
  peakVisitors: number
  /** shares + shareOpens + videoCompletes */
  interactions: number
  /** As peakVisitors, for interactions. */
  peakInteractions: number
}

/** One part of the index: 0.6·ln(x/d + 1) + 0.3·ln(x/n + 1) + 0.1·ln(peak + 1). */
export function logPart(total: number, days: number, items: number, peak: number): number {
  return 0.6 * Math.log(total / days + 1) + 0.3 * Math.log(total / items + 1) + 0.1 * Math.log(peak + 1)
}

/** Rounded to one decimal, halves away from zero (12.25 → 12.3), without binary fractions getting in the way. */
export function roundIndex(value: number): number {
  return Math.round(Number((value * 10).toPrecision(12))) / 10
}

/** The index before rounding (for tests and for sorting ties it is not used: the rounded one is). */
export function rawReachIndex(input: IndexInput): number {
  if (input.items <= 0) return 0
  if (!(input.days >= 1)) throw new RangeError('a period has at least one day')
  const r = logPart(input.visitors, input.days, input.items, input.peakVisitors)
  const e = logPart(input.interactions, input.days, input.items, input.peakInteractions)
  return (0.7 * r + 0.3 * e) ** 2 * 10
}

/** 传播力指数, rounded to one decimal; 0 when no item of the set had an event in the period. */
export function reachIndex(input: IndexInput): number {
  return roundIndex(rawReachIndex(input))
}

/** Interactions of figures: shares + opens from shares + videos watched to the end. */
export function interactionsOf(figures: { shares: number; shareOpens: number; videoCompletes: number }): number {
  return figures.shares + figures.shareOpens + figures.videoCompletes
}

/** Ranks by index, highest first; equal indexes share a rank and the next rank skips (1, 1, 3). */
export function rankByIndex<T extends { index: number }>(rows: T[]): (T & { rank: number })[] {
  return rows.map((row) => ({ ...row, rank: 1 + rows.filter((other) => other.index > row.index).length }))
}
