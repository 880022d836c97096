// What the staff app's browser tests (dashboard, newsroom, audit log) share: a laptop or phone context in Chinese
// whose page reports Content-Security-Policy violations, and the check of every visible text's size and contrast.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { PHONE_CONTEXT } from './browser'

export type StaffViewport = 'laptop' | 'phone'

/** A new context at a laptop's or a phone's size and its page; CSP violations it logs are pushed to `cspViolations`. */
export async function openStaffPage(
  browser: Browser,
  kind: StaffViewport,
  cspViolations: string[],
  extra: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...(kind === 'laptop' ? { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } : PHONE_CONTEXT),
    ...extra,
  })
  const page = await context.newPage()
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text())
  })
  return { context, page }
}

/**
 * Every visible text smaller than 14 px or with a contrast under 4.5:1 against the first opaque background behind
 * it (`text: size ratio`); texts inside `skip` (a selector: hidden labels, the skip link…) are left out.
 */
export function textProblems(page: Page, skip: string): Promise<string[]> {
  return page.evaluate((skipped) => {
    const channel = (value: number) => {
      const c = value / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    }
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number)
    const luminance = ([r, g, b]: number[]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    const background = (element: Element | null): number[] => {
      for (let node = element; node; node = node.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor)
        if (a > 0.5) return [r, g, b]
      }
      return [255, 255, 255]
    }
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement!
      if (!node.textContent?.trim() || element.closest(skipped)) continue
      if (element.getClientRects().length === 0) continue
      const style = getComputedStyle(element)
      const size = parseFloat(style.fontSize)
      const [l1, l2] = [luminance(rgb(style.color)), luminance(background(element))].sort((a, b) => b - a)
      const ratio = (l1 + 0.05) / (l2 + 0.05)
      if (size < 14 || ratio < 4.5)
        found.push(`${node.textContent.trim().slice(0, 20)}: ${size}px ${ratio.toFixed(2)}:1`)
    }
    return found
  }, skip)
}
