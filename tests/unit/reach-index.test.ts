// 传播力指数 against examples computed by hand (README "Reach (传播力)"): the natural logarithms below were looked up to
// six decimals (ln 2 = 0.693147, ln 3 = 1.098612, ln 4 = 1.386294, ln 5 = 1.609438, ln 6 = 1.791759,
// ln 1.9 = 0.641854, ln 4.6 = 1.526056, ln 9 = 2.197225, ln 10 = 2.302585, ln 19 = 2.944439, ln 31 = 3.433987),
// not computed with the code under test.
import {
  interactionsOf,
  logPart,
  rankByIndex,
  rawReachIndex,
  reachIndex,
  roundIndex,
} from '../../server/staff/reach-index'

describe('传播力指数', () => {
  it('one item over 2 days: visitors 3 then 1, one share opened once', () => {
    // d = 2, n = 1, U = 4, U_peak = 3; I = 1 share + 1 open + 0 completions = 2, I_peak = 2 (both on day 1)
    // R = 0.6·ln(4/2 + 1) + 0.3·ln(4/1 + 1) + 0.1·ln(3 + 1) = 0.6·ln 3 + 0.3·ln 5 + 0.1·ln 4
    //   = 0.659167 + 0.482831 + 0.138629 = 1.280628
    // E = 0.6·ln(2/2 + 1) + 0.3·ln(2/1 + 1) + 0.1·ln(2 + 1) = 0.6·ln 2 + 0.3·ln 3 + 0.1·ln 3
    //   = 0.415888 + 0.329584 + 0.109861 = 0.855333
    // 0.7·R + 0.3·E = 0.896440 + 0.256600 = 1.153040; squared 1.329501; × 10 = 13.29501 → 13.3
    const input = { days: 2, items: 1, visitors: 4, peakVisitors: 3, interactions: 2, peakInteractions: 2 }
    expect(logPart(4, 2, 1, 3)).toBeCloseTo(1.280628, 5)
    expect(logPart(2, 2, 1, 2)).toBeCloseTo(0.855333, 5)
    expect(rawReachIndex(input)).toBeCloseTo(13.29501, 4)
    expect(reachIndex(input)).toBe(13.3)
  })

  it('an item and the bureau that published it and one more item, over 10 days', () => {
    // Item X alone: d = 10, n = 1, U = 30 (its most on one day: 8), I = 9 (most on one day: 4)
    // R = 0.6·ln(3 + 1) + 0.3·ln(30 + 1) + 0.1·ln(8 + 1) = 0.6·1.386294 + 0.3·3.433987 + 0.1·2.197225
    //   = 0.831777 + 1.030196 + 0.219722 = 2.081695
    // E = 0.6·ln(0.9 + 1) + 0.3·ln(9 + 1) + 0.1·ln(4 + 1) = 0.6·0.641854 + 0.3·2.302585 + 0.1·1.609438
    //   = 0.385112 + 0.690776 + 0.160944 = 1.236832
    // 0.7·R + 0.3·E = 1.457187 + 0.371050 = 1.828237; squared 3.342450; × 10 → 33.4
    expect(
      reachIndex({ days: 10, items: 1, visitors: 30, peakVisitors: 8, interactions: 9, peakInteractions: 4 }),
    ).toBe(33.4)
    // The bureau: X and Y (U = 10, I = 1); its own daily visitors summed U = 36 (some saw both items);
    // n = 2, U_peak = the most visitors of one item over the period = 30, I = 10, I_peak = 9
    // R = 0.6·ln(3.6 + 1) + 0.3·ln(18 + 1) + 0.1·ln(30 + 1) = 0.6·1.526056 + 0.3·2.944439 + 0.1·3.433987
    //   = 0.915634 + 0.883332 + 0.343399 = 2.142365
    // E = 0.6·ln(1 + 1) + 0.3·ln(5 + 1) + 0.1·ln(9 + 1) = 0.415888 + 0.537528 + 0.230259 = 1.183675
    // 0.7·R + 0.3·E = 1.499656 + 0.355103 = 1.854758; squared 3.440127; × 10 = 34.40 → 34.4
    const bureau = { days: 10, items: 2, visitors: 36, peakVisitors: 30, interactions: 10, peakInteractions: 9 }
    expect(rawReachIndex(bureau)).toBeCloseTo(34.40127, 3)
    expect(reachIndex(bureau)).toBe(34.4)
  })

  it('is 0 when no item had an event (n = 0), even with events that have no item', () => {
    expect(
      reachIndex({ days: 30, items: 0, visitors: 500, peakVisitors: 0, interactions: 0, peakInteractions: 0 }),
    ).toBe(0)
    // Items with events but nobody counted: every ln is ln 1 = 0
    expect(reachIndex({ days: 1, items: 1, visitors: 0, peakVisitors: 0, interactions: 0, peakInteractions: 0 })).toBe(
      0,
    )
  })

  it('grows with visitors and interactions', () => {
    const base = { days: 7, items: 3, visitors: 70, peakVisitors: 20, interactions: 7, peakInteractions: 3 }
    expect(reachIndex({ ...base, visitors: 700 })).toBeGreaterThan(reachIndex(base))
    expect(reachIndex({ ...base, interactions: 70 })).toBeGreaterThan(reachIndex(base))
  })

  it('rounds to one decimal, halves up, without binary fractions in the way', () => {
    expect(roundIndex(13.29501)).toBe(13.3)
    expect(roundIndex(12.25)).toBe(12.3)
    // 1.15 is 1.149999… in binary; × 10 = 11.499999999999998: still 1.2
    expect(roundIndex(1.15)).toBe(1.2)
    expect(roundIndex(1.149)).toBe(1.1)
    expect(roundIndex(0.04)).toBe(0)
  })

  it('a period has at least one day', () => {
    expect(() =>
      rawReachIndex({ days: 0, items: 1, visitors: 1, peakVisitors: 1, interactions: 0, peakInteractions: 0 }),
    ).toThrow(RangeError)
  })

  it('interactions are shares, opens from shares and videos watched to the end', () => {
    expect(interactionsOf({ shares: 2, shareOpens: 5, videoCompletes: 1 })).toBe(8)
  })

  it('ranks by index, equal indexes sharing a rank (1, 2, 2, 4)', () => {
    const rows = [{ index: 7 }, { index: 5 }, { index: 5 }, { index: 1 }]
    expect(rankByIndex(rows).map((row) => row.rank)).toEqual([1, 2, 2, 4])
  })
})
