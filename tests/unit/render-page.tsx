// Renders a page the way Taro's H5 runtime does, with the route a shared card would carry.
import { Current } from '@tarojs/runtime'
import TestUtils from '@tarojs/test-utils-react'
import Taro from '@tarojs/taro'
import type { ComponentType } from 'react'
import { clearResourceMemory } from '@/hooks/use-resource'

export interface Rendered {
  testUtils: TestUtils
  /** Visible text of the page, whitespace collapsed. */
  text: () => string
  /** Waits until the page shows `needle`. */
  findText: (needle: string) => Promise<void>
  /** Taps the element whose own text is exactly `label` (the innermost match). */
  tap: (label: string) => Promise<void>
}

let mounted: TestUtils | undefined

/** Unmounts the last page, so no text carries over into the next test. */
export function cleanupPage(): void {
  mounted?.unmout()
  mounted = undefined
  document.body.innerHTML = ''
}

export async function renderPage(
  Page: ComponentType,
  route: { path: string; params?: Record<string, string> } = { path: '/pages/index/index' },
): Promise<Rendered> {
  cleanupPage()
  clearResourceMemory()
  Current.router = { path: route.path, params: route.params ?? {}, onReady: '', onHide: '', onShow: '' } as never
  const testUtils = new TestUtils()
  mounted = testUtils
  await testUtils.mount(Page as never, {})
  const text = () => (document.body.textContent ?? '').replace(/\s+/g, ' ')
  const findText = async (needle: string) => {
    const deadline = Date.now() + 3000
    while (!text().includes(needle)) {
      if (Date.now() > deadline) throw new Error(`"${needle}" never appeared. The page shows: ${text().slice(0, 600)}`)
      await testUtils.act(() => new Promise((resolve) => setTimeout(resolve, 10)))
    }
  }
  const tap = async (label: string) => {
    const all = Array.from(document.body.querySelectorAll('*')) as HTMLElement[]
    const matches = all.filter((el) => (el.textContent ?? '').trim() === label)
    const target = matches[matches.length - 1]
    if (!target) throw new Error(`nothing to tap labelled "${label}"`)
    await testUtils.act(async () => {
      target.click()
    })
  }
  return { testUtils, text, findText, tap }
}

/** Records navigation instead of performing it. */
export function recordNavigation() {
  const opened: string[] = []
  jest.spyOn(Taro, 'navigateTo').mockImplementation(((opts: { url: string }) => {
    opened.push(opts.url)
    return Promise.resolve({ errMsg: 'navigateTo:ok' })
  }) as never)
  jest.spyOn(Taro, 'switchTab').mockImplementation(((opts: { url: string }) => {
    opened.push(opts.url)
    return Promise.resolve({ errMsg: 'switchTab:ok' })
  }) as never)
  return opened
}
