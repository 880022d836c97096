// What the staff app's browser tests (dashboard, newsroom, audit log) share: a laptop or phone context in Chinese
// whose page reports Content-Security-Policy violations, and the check of every visible text's size and contrast.
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { collectCspViolations, PHONE_CONTEXT } from './browser'

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
  collectCspViolations(page, cspViolations)
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

/** The newsroom editor's body: the field labelled 正文（Markdown） (a CodeMirror editor, or a plain textarea). */
export const BODY_LABEL = '正文（Markdown）'

type Scope = Page | Locator

/**
 * Replaces the newsroom editor's body with `text` as a user would: the editor focused, everything selected and the
 * text typed in its place (CodeMirror), or the textarea filled.
 */
export async function fillBody(scope: Scope, text: string): Promise<void> {
  const body = scope.getByLabel(BODY_LABEL, { exact: true })
  if (await body.evaluate((element) => element instanceof HTMLTextAreaElement)) return body.fill(text)
  const page = 'page' in scope ? scope.page() : scope
  await body.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  if (text) await page.keyboard.insertText(text)
  const typed = await bodyText(scope)
  if (typed !== text)
    throw new Error(`正文（Markdown）holds ${JSON.stringify(typed)} after typing ${JSON.stringify(text)}`)
}

/** The newsroom editor's whole body text (all of it, also the lines CodeMirror has not drawn). */
export function bodyText(scope: Scope): Promise<string> {
  return scope.getByLabel(BODY_LABEL, { exact: true }).evaluate((element) => {
    if (element instanceof HTMLTextAreaElement) return element.value
    // CodeMirror 6: the view behind its content element (EditorView.findFromDOM reads the same property)
    type Node = { root?: { view?: { state: { doc: { toString(): string } } } } }
    const node = element as unknown as { cmTile?: Node; cmView?: Node & { rootView?: Node['root'] } }
    const view = node.cmTile?.root?.view ?? node.cmView?.rootView?.view ?? node.cmView?.root?.view
    if (!view) throw new Error('正文（Markdown）is neither a textarea nor a CodeMirror editor')
    return view.state.doc.toString()
  })
}

/** Signs in on the staff pages at `origin` (the API's, or the H5 server's, which passes /staff/ on). */
export async function staffLogIn(page: Page, origin: string, username: string, password: string, hash = '') {
  await page.goto(`${origin}/staff/${hash}`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('navigation', { name: '工作台' }).waitFor()
}

/**
 * A newsroom call made from a signed-in staff page (its session cookie, and the CSRF token from /me on a POST), for
 * setting a scene the test is not about: its status and JSON answer.
 */
export function newsroomFetch(
  page: Page,
  method: 'GET' | 'POST',
  route: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(
    async (call) => {
      const me = (await (await fetch('/api/v1/staff/me')).json()) as { csrfToken: string }
      const response = await fetch(`/api/v1/staff/newsroom${call.route}`, {
        method: call.method,
        headers: {
          ...(call.method === 'POST' ? { 'x-csrf-token': me.csrfToken } : {}),
          ...(call.payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...call.headers,
        },
        body: call.payload === undefined ? undefined : JSON.stringify(call.payload),
      })
      const text = await response.text()
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> }
    },
    { method, route, payload, headers },
  )
}

/** Waits until `read` gives `expected` (the page updates after its fetches), else fails showing the last value. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs
  let last = await read()
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    last = await read()
  }
  expect(last).toEqual(expected)
}
