// The theme's text colours against the backgrounds they are used on, from src/styles/theme.scss itself:
// every pair listed there must reach WCAG's 4.5:1 for normal text.
import { THEME_SOURCE as theme, themeColours as colours } from '../support/theme'

const pairs = Array.from(theme.matchAll(/contrast-pairs:(.*)$/gm)).flatMap((m) =>
  m[1]
    .trim()
    .split(/\s+/)
    .map((pair) => pair.split('/') as [string, string]),
)

function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

describe('theme colours', () => {
  it('the ratio formula matches known values (black on white 21:1, #777 on white about 4.48:1)', () => {
    expect(contrast('000000', 'ffffff')).toBeCloseTo(21, 5)
    expect(contrast('777777', 'ffffff')).toBeCloseTo(4.48, 2)
  })

  it('lists the pairs to check, and every colour named exists', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(20)
    for (const [fg, bg] of pairs) {
      expect(colours.has(fg) ? fg : `missing $${fg}`).toBe(fg)
      expect(colours.has(bg) ? bg : `missing $${bg}`).toBe(bg)
    }
  })

  it.each(pairs)('%s on %s reaches 4.5:1', (fg, bg) => {
    expect(contrast(colours.get(fg)!, colours.get(bg)!)).toBeGreaterThanOrEqual(4.5)
  })
})
