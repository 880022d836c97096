// The body as the app draws it: the blocks the server makes of the Markdown (markdownToBlocks), drawn with plain
// HTML in the app's order and kinds (heading, paragraph, list, quote, callout, image, law citation).
import type { ReactNode } from 'react'
import type { Block, Span } from '../../../src/model/blocks'

const TONE_LABELS = { info: '说明', warning: '注意', tip: '提示' } as const

function Spans({ spans }: { spans: Span[] }) {
  return (
    <>
      {spans.map((span, index) => {
        let node: ReactNode = span.text
        if (span.code) node = <code>{node}</code>
        if (span.em) node = <em>{node}</em>
        if (span.strong) node = <strong>{node}</strong>
        if (span.href) {
          node = span.href.startsWith('/pages/') ? (
            <span className='in-app-link' title={`小程序内链接 ${span.href}`}>
              {node}
            </span>
          ) : (
            <a href={span.href} rel='noreferrer noopener' target='_blank'>
              {node}
            </a>
          )
        }
        return <span key={index}>{node}</span>
      })}
    </>
  )
}

export function BlocksView({ blocks }: { blocks: Block[] }) {
  return (
    <div className='blocks'>
      {blocks.map((block, index) => {
        switch (block.type) {
          case 'heading': {
            const Tag = block.level === 2 ? 'h4' : block.level === 3 ? 'h5' : 'h6'
            return <Tag key={index}>{block.text}</Tag>
          }
          case 'paragraph':
            return (
              <p key={index}>
                <Spans spans={block.spans} />
              </p>
            )
          case 'list': {
            const List = block.ordered ? 'ol' : 'ul'
            return (
              <List key={index}>
                {block.items.map((item, i) => (
                  <li key={i}>
                    <Spans spans={item} />
                  </li>
                ))}
              </List>
            )
          }
          case 'quote':
            return (
              <blockquote key={index}>
                <p>
                  <Spans spans={block.spans} />
                </p>
                {block.cite && <p className='cite'>—— {block.cite}</p>}
              </blockquote>
            )
          case 'callout':
            return (
              <div key={index} className={`callout ${block.tone}`}>
                <strong>{TONE_LABELS[block.tone]}</strong>
                <p>
                  <Spans spans={block.spans} />
                </p>
              </div>
            )
          case 'law':
            return (
              <div key={index} className='law'>
                <p className='law-name'>
                  {block.law}
                  {block.article ? ` ${block.article}` : ''}
                </p>
                <p>
                  <Spans spans={block.spans} />
                </p>
              </div>
            )
          case 'image':
            return (
              <figure key={index}>
                <img src={block.src} alt={block.alt} loading='lazy' />
                {block.caption && <figcaption>{block.caption}</figcaption>}
              </figure>
            )
          default:
            return null
        }
      })}
    </div>
  )
}
