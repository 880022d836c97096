// The colour tokens of src/styles/theme.scss, read from the file itself, for the tests that check colours.
import { readFileSync } from 'node:fs'
import path from 'node:path'

export const THEME_SOURCE = readFileSync(path.join(__dirname, '../../src/styles/theme.scss'), 'utf8')

/** `$name: #rrggbb;` tokens: name → the six hex digits, without '#'. */
export const themeColours = new Map(
  Array.from(THEME_SOURCE.matchAll(/^\$([\w-]+):\s*#([0-9a-f]{6});/gim), (m) => [m[1], m[2]] as [string, string]),
)

/** A token as the browser's getComputedStyle writes it: 'rgb(11, 79, 156)'. */
export function themeRgb(name: string): string {
  const hex = themeColours.get(name)
  if (!hex) throw new Error(`no $${name} in theme.scss`)
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16))
  return `rgb(${r}, ${g}, ${b})`
}
