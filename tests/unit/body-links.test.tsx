// A link in an article body to an outside web page: its address goes to the clipboard, and when WeChat refuses
// (the reader declined the privacy guide) or the copy fails, the address is shown to copy by hand.
import Taro from '@tarojs/taro'
import { BodyBlocks } from '@/components/body-blocks'
import type { Block } from '@/model/blocks'
import { renderPage } from './render-page'

const HREF = 'https://www.samr.gov.cn/zw/zfxxgk/'
const BLOCKS: Block[] = [{ type: 'paragraph', spans: [{ text: '详见' }, { text: '总局的公告', href: HREF }] }]
const Article = () => <BodyBlocks blocks={BLOCKS} />

type ModalOptions = { title: string; content: string; showCancel: boolean }

let unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeEach(() => {
  unhandled = []
  process.on('unhandledRejection', onUnhandled)
})
afterEach(() => {
  process.off('unhandledRejection', onUnhandled)
})

/** Lets every pending promise callback (and a turn of the event loop) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function stub(clipboard: () => Promise<unknown>, modal: () => Promise<unknown> = () => Promise.resolve({})) {
  const copy = jest.spyOn(Taro, 'setClipboardData').mockImplementation((() => clipboard()) as never)
  const shown = jest.spyOn(Taro, 'showModal').mockImplementation(((opts: ModalOptions) => {
    void opts
    return modal()
  }) as never)
  return { copy, shown }
}

describe('a body link to an outside address', () => {
  it('copies the address; nothing else is shown', async () => {
    const { copy, shown } = stub(() => Promise.resolve({ errMsg: 'setClipboardData:ok' }))
    const rendered = await renderPage(Article)
    await rendered.tap('总局的公告')
    await settle()
    expect(copy).toHaveBeenCalledWith({ data: HREF })
    expect(shown).not.toHaveBeenCalled()
  })

  it('refused for privacy (errno 104): shows the address in a modal to copy by hand', async () => {
    const refusal = { errno: 104, errMsg: 'setClipboardData:fail privacy permission is not authorized' }
    const { shown } = stub(() => Promise.reject(refusal))
    const rendered = await renderPage(Article)
    await rendered.tap('总局的公告')
    await settle()
    expect(shown).toHaveBeenCalledTimes(1)
    const options = shown.mock.calls[0][0] as ModalOptions
    expect(options.title).toBe('未同意使用剪贴板')
    expect(options.content).toContain(HREF)
    expect(options.content).toContain('手动抄下')
    expect(options.showCancel).toBe(false)
    expect(unhandled).toEqual([])
  })

  it('refused with only "privacy" in the message: the same', async () => {
    const { shown } = stub(() =>
      Promise.reject({ errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement' }),
    )
    const rendered = await renderPage(Article)
    await rendered.tap('总局的公告')
    await settle()
    expect((shown.mock.calls[0][0] as ModalOptions).title).toBe('未同意使用剪贴板')
    expect(unhandled).toEqual([])
  })

  it('any other failure: says it could not copy, and still shows the address', async () => {
    const { shown } = stub(() => Promise.reject(new Error('setClipboardData:fail')))
    const rendered = await renderPage(Article)
    await rendered.tap('总局的公告')
    await settle()
    const options = shown.mock.calls[0][0] as ModalOptions
    expect(options.title).toBe('网址没能复制')
    expect(options.content).toContain(HREF)
    expect(unhandled).toEqual([])
  })

  it('even when the modal fails too, no rejection is left unhandled', async () => {
    const { shown } = stub(
      () => Promise.reject({ errno: 104, errMsg: 'setClipboardData:fail privacy permission is not authorized' }),
      () => Promise.reject({ errMsg: 'showModal:fail' }),
    )
    const rendered = await renderPage(Article)
    await rendered.tap('总局的公告')
    await settle()
    await settle()
    expect(shown).toHaveBeenCalledTimes(1)
    expect(unhandled).toEqual([])
  })
})
