import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { heading, imageAlt, link } from '@/a11y'
import { mediaUrl } from '@/api/client'
import type { Block, Span } from '@/model/blocks'
import { openPage } from '@/navigate'
import './index.scss'

/** WeChat's answer when the reader has not agreed to the privacy guide for this API (errno 104). */
function refusedForPrivacy(error: unknown): boolean {
  const { errno, errMsg } = (error ?? {}) as { errno?: number; errMsg?: string }
  return errno === 104 || /privacy/i.test(errMsg ?? '')
}

/**
 * A mini-program cannot open outside web pages here: the address goes to the clipboard (WeChat then says 内容已复制).
 * When that is refused (the reader declined the privacy guide) or fails, the address is shown instead, to copy by
 * hand: a tap never ends in silence or in an unhandled rejection.
 */
export function copyAddress(href: string): Promise<void> {
  return Taro.setClipboardData({ data: href }).then(
    () => undefined,
    (error: unknown) =>
      Taro.showModal({
        title: refusedForPrivacy(error) ? '未同意使用剪贴板' : '网址没能复制',
        content: `请手动抄下这个网址，在浏览器里打开：\n${href}`,
        showCancel: false,
        confirmText: '知道了',
      }).then(
        () => undefined,
        () => undefined, // nothing more to show
      ),
  )
}

function openLink(href: string) {
  if (href.startsWith('/')) {
    openPage(href)
    return
  }
  void copyAddress(href)
}

function Spans({ spans }: { spans: Span[] }) {
  return (
    <>
      {spans.map((span, i) => {
        const cls = [span.strong && 'rt-strong', span.em && 'rt-em', span.code && 'rt-code', span.href && 'rt-link']
          .filter(Boolean)
          .join(' ')
        const href = span.href
        return (
          <Text key={i} className={cls} {...(href ? link() : {})} onClick={href ? () => openLink(href) : undefined}>
            {span.text}
          </Text>
        )
      })}
    </>
  )
}

const CALLOUT_TITLES = { info: '说明', warning: '注意', tip: '提示' } as const

type Level = 1 | 2 | 3 | 4

/**
 * The level a screen reader announces for each heading and law citation: never more than one below the heading
 * before it (the page's title is 1), so a body that starts at ### or a citation outside any section still
 * makes a tidy outline. The look follows the Markdown level.
 */
function outlineLevels(blocks: Block[]): Level[] {
  let previous = 1
  return blocks.map((block) => {
    if (block.type === 'heading') {
      previous = Math.min(block.level, previous + 1)
      return previous as Level
    }
    return Math.min(previous + 1, 4) as Level // a law citation sits under the heading before it
  })
}

/** Renders the structured body the API builds from Markdown: no raw HTML ever reaches the page. */
export function BodyBlocks({ blocks }: { blocks: Block[] }) {
  const levels = outlineLevels(blocks)
  return (
    <View className='body-blocks'>
      {blocks.map((block, i) => {
        switch (block.type) {
          case 'heading':
            return (
              <View key={i} className={`rt-h rt-h${block.level}`} {...heading(levels[i])}>
                {block.text}
              </View>
            )
          case 'paragraph':
            return (
              <View key={i} className='rt-p'>
                <Spans spans={block.spans} />
              </View>
            )
          case 'list':
            return (
              <View key={i} className='rt-list'>
                {block.items.map((item, j) => (
                  <View key={j} className='rt-li'>
                    <Text className='rt-li__mark'>{block.ordered ? `${j + 1}.` : '•'}</Text>
                    <View className='rt-li__text'>
                      <Spans spans={item} />
                    </View>
                  </View>
                ))}
              </View>
            )
          case 'quote':
            return (
              <View key={i} className='rt-quote'>
                <Spans spans={block.spans} />
                {block.cite && <Text className='rt-quote__cite'>—— {block.cite}</Text>}
              </View>
            )
          case 'callout':
            return (
              <View key={i} className={`rt-callout rt-callout--${block.tone}`}>
                <Text className='rt-callout__title'>{CALLOUT_TITLES[block.tone]}</Text>
                <View>
                  <Spans spans={block.spans} />
                </View>
              </View>
            )
          case 'law':
            return (
              <View key={i} className='rt-law'>
                <View className='rt-law__name' {...heading(levels[i])}>
                  {block.law}
                  {block.article ? ` ${block.article}` : ''}
                </View>
                <View className='rt-law__text'>
                  <Spans spans={block.spans} />
                </View>
              </View>
            )
          case 'image':
            return (
              <View key={i} className='rt-figure'>
                <Image
                  className='rt-image'
                  src={mediaUrl(block.src)}
                  mode='widthFix'
                  {...imageAlt(block.alt || block.caption || '插图')}
                  lazyLoad
                />
                {block.caption && <Text className='muted'>{block.caption}</Text>}
              </View>
            )
          default:
            return null
        }
      })}
    </View>
  )
}
