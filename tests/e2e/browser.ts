// Debian's Chromium driven by playwright-core, at a phone's size, against the H5 build.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import chromiumSettings from '../../scripts/chromium.json'
import { ROOT } from '../../scripts/lib/processes'

export const H5 = () => process.env.E2E_H5_ORIGIN as string
export const API = () => process.env.E2E_API_ORIGIN as string

export const CHROMIUM_ARGS: string[] = chromiumSettings.flags

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? chromiumSettings.path,
    headless: true, // playwright passes --headless and a fresh, empty user-data-dir of its own
    args: CHROMIUM_ARGS,
  })
}

/** A phone's screen (390 × 844 CSS px at 2×, touch), in Chinese. */
export const PHONE_CONTEXT = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
}

/**
 * Pushes every Content-Security-Policy violation the page reports to `into` (Chromium logs each refused script,
 * style, image, media or connection to the console). For the H5 pages here and the staff pages (staff-browser.ts).
 */
export function collectCspViolations(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) into.push(message.text())
  })
}

export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext(PHONE_CONTEXT)
  return context.newPage()
}

/** Opens an app route (e.g. /detail/explainer/index?id=x) as a cold start. */
export async function openRoute(page: Page, route: string): Promise<void> {
  await page.goto(`${H5()}/#${route}`)
}

/** The H5 tab bar (src/components/tab-bar/index.h5.tsx): a navigation landmark of one link per section. */
export function tabBar(page: Page) {
  return page.getByRole('navigation', { name: '栏目' })
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(ROOT, 'test-results/screenshots')
  mkdirSync(dir, { recursive: true })
  await stillness(page)
  await page.screenshot({ path: path.join(dir, `${name}.png`) })
}

/**
 * Waits until nothing moves: Taro's page slide is over, then every finite animation or transition still running
 * has finished. @tarojs/router marks a page that has slid in `taro_page_stationed` and one that is covered
 * `taro_page_shade`; a page sliding out has neither until it is removed. No page at all means the names changed.
 * Call it once the page to capture shows its content: a navigation not begun yet is not waited for.
 */
export async function stillness(page: Page): Promise<void> {
  // (No named functions inside: tsx would wrap them in a helper that the page does not have.)
  await page.waitForFunction(() => {
    const pages = Array.from(document.querySelectorAll('.taro_router > .taro_page'))
    return (
      pages.length > 0 &&
      pages.every((el) => el.classList.contains('taro_page_stationed') || el.classList.contains('taro_page_shade'))
    )
  })
  await page.evaluate(async () => {
    const running = document
      .getAnimations()
      .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
    await Promise.all(running.map((a) => a.finished.catch(() => undefined)))
  })
}

/** The title of the page shown (a detail page's heading of level 1). */
export function pageTitle(page: Page, title: string) {
  return page.getByRole('heading', { level: 1, name: title })
}

export async function apiJson<T>(route: string): Promise<T> {
  const res = await fetch(`${API()}/api/v1${route}`)
  if (!res.ok) throw new Error(`${route}: ${res.status}`)
  return (await res.json()) as T
}

/** Registers a browser for the file and a fresh phone-sized page per test; returns a getter for that page. */
export function phonePageForEachTest(): () => Page {
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })
  beforeEach(async () => {
    page = await phonePage(browser)
  })
  afterEach(async () => {
    await page?.context().close()
  })
  return () => page
}

/** The first visible element showing `text` (pages left in the stack stay in the DOM, hidden). */
export function visibleText(page: Page, text: string) {
  return page.getByText(text, { exact: false }).filter({ visible: true }).first()
}
