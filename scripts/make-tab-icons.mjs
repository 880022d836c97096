#!/usr/bin/env node
// Draws the tab bar icons (81×81 PNG, as WeChat recommends) from inline SVG with Debian's Chromium,
// one grey and one selected (bureau blue) each, into src/assets/tab/. Run again after changing a shape.
import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const chromiumSettings = createRequire(import.meta.url)('./chromium.json')

const COLORS = { normal: '#4a5568', active: '#0b4f9c' }
const SHAPES = {
  home: '<path d="M12 38 L40 14 L68 38" /><path d="M20 33 V66 H60 V33" /><path d="M34 66 V48 H46 V66" />',
  explainers:
    '<path d="M14 18 H36 Q40 18 40 24 V66 Q40 60 34 60 H14 Z" /><path d="M66 18 H44 Q40 18 40 24 V66 Q40 60 46 60 H66 Z" />',
  warnings: '<path d="M40 12 L70 64 H10 Z" /><path d="M40 30 V46" /><circle cx="40" cy="55" r="1.5" />',
  services:
    '<path d="M22 14 L32 14 L36 28 L29 33 Q34 45 46 51 L51 44 L66 48 L66 58 Q66 66 56 66 Q18 60 14 24 Q14 14 22 14 Z" />',
  videos: '<rect x="10" y="18" width="60" height="44" rx="6" /><path d="M34 30 L50 40 L34 50 Z" />',
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? chromiumSettings.path,
  args: chromiumSettings.flags,
})
const page = await browser.newPage({ viewport: { width: 81, height: 81 } })
for (const [name, shape] of Object.entries(SHAPES)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="81" height="81" viewBox="0 0 80 80" fill="none" stroke="${color}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round">${shape}</svg>`
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`)
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: 81, height: 81 } })
    writeFileSync(`src/assets/tab/${name}${state === 'active' ? '-active' : ''}.png`, png)
  }
}
await browser.close()
console.log('tab icons written to src/assets/tab/')
