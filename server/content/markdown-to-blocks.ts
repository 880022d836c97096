// Markdown bodies → Block[] (src/model/blocks.ts). Never raw HTML: html tokens are dropped and reported. Nothing
// that would make a reader's phone fetch from or be sent to another host: an image is kept only from our own media
// (a path under media/, never a URL: no tracking pixel), a link only to a page of the app or, over https, to one of
// the official hosts of site.yaml (officialHosts); the others are dropped and reported.
import MarkdownIt from 'markdown-it'
import type { Block, Span } from '../../src/model/blocks'
import { mediaRelativePath, mediaUrl, staysInsideMedia } from './media-path'

type Token = MarkdownIt.Token

export interface MarkdownOptions {
  /** Told about anything in the Markdown that cannot be shown as written (raw HTML, a link the app cannot open). */
  onProblem?: (message: string) => void
  /** Turns an image path of our media (media/…) into the URL clients load; defaults to `/media/<path>`. */
  resolveImage?: (src: string) => string
  /** The hosts a link outside the app may lead to (https only): site.yaml's officialHosts; unset: none. */
  officialHosts?: readonly string[]
}

interface Context {
  problem: (message: string) => void
  resolveImage: (src: string) => string
  officialHosts: ReadonlySet<string>
}

type ImageBlock = Extract<Block, { type: 'image' }>
type InlinePart = { kind: 'spans'; spans: Span[] } | { kind: 'image'; block: ImageBlock }

const markdown = new MarkdownIt('default', { html: true, linkify: false, typographer: false })

const CALLOUT_MARKER = /^\s*\[!(TIP|NOTE|WARNING)\][ \t]*\n?/i
const CALLOUT_TONES: Record<string, 'tip' | 'info' | 'warning'> = { TIP: 'tip', NOTE: 'info', WARNING: 'warning' }
/** `[!LAW] 《法律名》第X条`: the law in 《》, then the article if any, on the quote's first line. */
const LAW_MARKER = /^\s*\[!LAW\][ \t]*([^\n]*)\n?/i
const LAW_CITATION = /^(《[^》]+》)[ \t]*(.*)$/
const CITE_MARKER = /^\s*(?:——|—|--)\s*/
const CJK = /[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef]/

export function markdownToBlocks(source: string, options: MarkdownOptions = {}): Block[] {
  const ctx: Context = {
    problem: options.onProblem ?? (() => undefined),
    resolveImage: options.resolveImage ?? mediaUrl,
    officialHosts: new Set(options.officialHosts ?? []),
  }
  const tokens = markdown.parse(source, {})
  return blockTokensToBlocks(tokens, ctx)
}

/** Plain text of a body, for search. */
export function blocksToText(blocks: Block[]): string {
  const spansText = (spans: Span[]) => spans.map((span) => span.text).join('')
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return block.text
        case 'paragraph':
        case 'callout':
          return spansText(block.spans)
        case 'quote':
          return spansText(block.spans) + (block.cite ? '\n' + block.cite : '')
        case 'law':
          return block.law + (block.article ?? '') + '\n' + spansText(block.spans)
        case 'list':
          return block.items.map(spansText).join('\n')
        case 'image':
          return [block.alt, block.caption].filter(Boolean).join('\n')
      }
    })
    .join('\n')
}

// Block level

function blockTokensToBlocks(tokens: Token[], ctx: Context): Block[] {
  const blocks: Block[] = []
  let i = 0
  while (i < tokens.length) {
    const token = tokens[i]
    const end = token.nesting === 1 ? closingIndex(tokens, i) : i
    const inner = tokens.slice(i + 1, end)
    switch (token.type) {
      case 'heading_open': {
        const text = plainText(inline(inner)).trim()
        const level = Math.min(4, Math.max(2, Number(token.tag.slice(1)))) as 2 | 3 | 4
        if (text) blocks.push({ type: 'heading', level, text })
        break
      }
      case 'paragraph_open':
        for (const part of inlineParts(inline(inner), ctx)) {
          blocks.push(part.kind === 'image' ? part.block : { type: 'paragraph', spans: part.spans })
        }
        break
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const items = listItems(inner, ctx)
        if (items.length) blocks.push({ type: 'list', ordered: token.type === 'ordered_list_open', items })
        break
      }
      case 'blockquote_open': {
        const quote = quoteBlock(inner, ctx)
        if (quote) blocks.push(quote)
        break
      }
      case 'fence':
      case 'code_block': {
        const text = token.content.replace(/\s+$/, '')
        if (text) blocks.push({ type: 'paragraph', spans: [{ text, code: true }] })
        break
      }
      case 'table_open': {
        const items = tableRows(inner, ctx)
        if (items.length) blocks.push({ type: 'list', ordered: false, items })
        break
      }
      case 'html_block':
        if (token.content.trim() && !isHtmlComment(token.content)) ctx.problem(htmlProblem(token.content))
        break
    }
    i = end + 1
  }
  return blocks
}

function closingIndex(tokens: Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    depth += tokens[i].nesting
    if (depth === 0) return i
  }
  return tokens.length - 1
}

function inline(tokens: Token[]): Token[] {
  return tokens.find((token) => token.type === 'inline')?.children ?? []
}

/** Every paragraph (and code block) inside a container, in order, as spans; nested lists become their own lines. */
function containerLines(tokens: Token[], ctx: Context): Span[][] {
  const lines: Span[][] = []
  for (const block of blockTokensToBlocks(tokens, ctx)) {
    switch (block.type) {
      case 'heading':
        lines.push([{ text: block.text, strong: true }])
        break
      case 'paragraph':
      case 'callout':
      case 'quote':
        lines.push(block.spans)
        break
      case 'law':
        lines.push([{ text: block.law + (block.article ?? '') + '：' }, ...block.spans])
        break
      case 'list':
        block.items.forEach((item, n) => lines.push([{ text: block.ordered ? `${n + 1}. ` : '• ' }, ...item]))
        break
      case 'image':
        if (block.alt) lines.push([{ text: block.alt }])
        break
    }
  }
  return lines.map(mergeSpans).filter((line) => line.length)
}

function listItems(tokens: Token[], ctx: Context): Span[][] {
  const items: Span[][] = []
  let i = 0
  while (i < tokens.length) {
    if (tokens[i].type !== 'list_item_open') {
      i++
      continue
    }
    const end = closingIndex(tokens, i)
    const inner = tokens.slice(i + 1, end)
    // A nested list is flattened: its items follow their parent item in the same list.
    const nestedStart = inner.findIndex((t) => t.type === 'bullet_list_open' || t.type === 'ordered_list_open')
    const own = nestedStart === -1 ? inner : inner.slice(0, nestedStart)
    const ownLines = containerLines(own, ctx)
    if (ownLines.length) items.push(joinLines(ownLines))
    if (nestedStart !== -1) {
      const nestedEnd = closingIndex(inner, nestedStart)
      items.push(...listItems(inner.slice(nestedStart + 1, nestedEnd), ctx))
      const rest = containerLines(inner.slice(nestedEnd + 1), ctx)
      if (rest.length) items.push(joinLines(rest))
    }
    i = end + 1
  }
  return items
}

function quoteBlock(tokens: Token[], ctx: Context): Block | undefined {
  const firstInline = tokens.find((token) => token.type === 'inline')
  const law = firstInline ? LAW_MARKER.exec(firstInline.content) : null
  if (law && firstInline?.children) {
    const citation = LAW_CITATION.exec(law[1].trim())
    if (citation) {
      // The marker line is the whole first line
      const children = firstInline.children
      const lineEnd = children.findIndex((token) => token.type === 'softbreak' || token.type === 'hardbreak')
      children.splice(0, lineEnd === -1 ? children.length : lineEnd + 1)
      const spans = joinLines(containerLines(tokens, ctx))
      const article = citation[2].trim()
      if (!spans.length) {
        ctx.problem(`the [!LAW] quote of ${citation[1]} has no quoted text: dropped`)
        return undefined
      }
      return article ? { type: 'law', law: citation[1], article, spans } : { type: 'law', law: citation[1], spans }
    }
    ctx.problem(
      `a [!LAW] quote names the law in 《》 on its first line, e.g. [!LAW] 《产品质量法》第四十条: kept as a quote`,
    )
  }
  const marker = firstInline ? CALLOUT_MARKER.exec(firstInline.content) : null
  if (marker && firstInline?.children) {
    stripLeadingText(firstInline.children, marker[0].length)
    const spans = joinLines(containerLines(tokens, ctx))
    return { type: 'callout', tone: CALLOUT_TONES[marker[1].toUpperCase()], spans }
  }
  const cite = takeCite(tokens)
  const spans = joinLines(containerLines(tokens, ctx))
  if (!spans.length) return undefined
  return cite ? { type: 'quote', spans, cite } : { type: 'quote', spans }
}

/** `> … \n> —— 《某某法》第二十五条`: a last line starting with a dash names the source. */
function takeCite(tokens: Token[]): string | undefined {
  const inlines = tokens.filter((token) => token.type === 'inline')
  const last = inlines[inlines.length - 1]
  if (!last?.children) return undefined
  const children = last.children
  let breakAt = -1
  for (let i = children.length - 1; i >= 0; i--) {
    if (children[i].type === 'softbreak' || children[i].type === 'hardbreak') {
      breakAt = i
      break
    }
  }
  if (breakAt === -1 && inlines.length < 2) return undefined
  const text = plainText(children.slice(breakAt + 1))
  if (!CITE_MARKER.test(text)) return undefined
  const cite = text.replace(CITE_MARKER, '').trim()
  if (!cite) return undefined
  if (breakAt === -1) {
    // The whole last paragraph is the cite: drop its tokens.
    const paragraph = tokens.indexOf(last)
    tokens.splice(paragraph - 1, 3)
  } else {
    children.splice(breakAt)
  }
  return cite
}

function stripLeadingText(children: Token[], length: number) {
  let remaining = length
  while (remaining > 0 && children.length) {
    const first = children[0]
    if (first.type === 'softbreak' || first.type === 'hardbreak') {
      children.shift()
      remaining -= 1
    } else if (first.type === 'text' && first.content.length <= remaining) {
      remaining -= first.content.length
      children.shift()
    } else if (first.type === 'text') {
      first.content = first.content.slice(remaining)
      remaining = 0
    } else {
      break
    }
  }
  while (children[0]?.type === 'softbreak' || children[0]?.type === 'hardbreak') children.shift()
}

function tableRows(tokens: Token[], ctx: Context): Span[][] {
  const headers: string[] = []
  const rows: Span[][] = []
  let cells: Span[][] = []
  let inHead = false
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (token.type === 'thead_open') inHead = true
    else if (token.type === 'thead_close') inHead = false
    else if (token.type === 'tr_open') cells = []
    else if (token.type === 'inline') {
      const spans = mergeSpans(inlineSpans(token.children ?? [], ctx))
      if (inHead) headers.push(plainText(token.children ?? []).trim())
      else cells.push(spans)
    } else if (token.type === 'tr_close' && !inHead && cells.length) {
      const row: Span[] = []
      cells.forEach((cell, n) => {
        if (n > 0) row.push({ text: headers.length ? '；' : ' | ' })
        if (headers[n]) row.push({ text: headers[n] + '：' })
        row.push(...cell)
      })
      rows.push(mergeSpans(row))
    }
  }
  return rows
}

// Inline level

function inlineParts(children: Token[], ctx: Context): InlinePart[] {
  const parts: InlinePart[] = []
  let run: Token[] = []
  const flush = () => {
    const spans = trimSpans(mergeSpans(inlineSpans(run, ctx)))
    if (spans.length) parts.push({ kind: 'spans', spans })
    run = []
  }
  for (const token of children) {
    if (token.type !== 'image') {
      run.push(token)
      continue
    }
    flush()
    const src = token.attrGet('src') ?? ''
    const alt = plainText(token.children ?? []).trim() || token.content.trim()
    const caption = token.attrGet('title')?.trim()
    if (!src) continue
    if (!isOwnMedia(src)) {
      ctx.problem(`image "${src}" is not kept: body images come from our own media (a path under media/)`)
      continue
    }
    const block: ImageBlock = { type: 'image', src: ctx.resolveImage(src), alt }
    if (caption) block.caption = caption
    parts.push({ kind: 'image', block })
  }
  flush()
  return parts
}

function inlineSpans(children: Token[], ctx: Context): Span[] {
  const spans: Span[] = []
  let strong = 0
  let em = 0
  const links: (string | undefined)[] = []
  const push = (text: string, code = false) => {
    if (!text) return
    const span: Span = { text }
    if (strong > 0) span.strong = true
    if (em > 0) span.em = true
    if (code) span.code = true
    const href = links[links.length - 1]
    if (href) span.href = href
    spans.push(span)
  }
  for (let i = 0; i < children.length; i++) {
    const token = children[i]
    switch (token.type) {
      case 'text':
      case 'text_special':
        push(token.content)
        break
      case 'code_inline':
        push(token.content, true)
        break
      case 'softbreak':
        push(softBreak(children[i - 1], children[i + 1]))
        break
      case 'hardbreak':
        push('\n')
        break
      case 'strong_open':
        strong++
        break
      case 'strong_close':
        strong--
        break
      case 'em_open':
        em++
        break
      case 'em_close':
        em--
        break
      case 'link_open':
        links.push(allowedHref(token.attrGet('href') ?? '', ctx))
        break
      case 'link_close':
        links.pop()
        break
      case 'image':
        push(plainText(token.children ?? []) || token.content)
        break
      case 'html_inline':
        if (!token.content.startsWith('</') && !isHtmlComment(token.content)) {
          ctx.problem(htmlProblem(token.content))
        }
        break
    }
  }
  return spans
}

/** A path inside our media folder: no scheme (https:, data:…), no other host (//host/…), not out of media/. */
function isOwnMedia(src: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || /^\s*[\\/]{2}/.test(src)) return false
  return staysInsideMedia(mediaRelativePath(src))
}

function allowedHref(href: string, ctx: Context): string | undefined {
  if (/^\/pages\/[^\s]*$/.test(href)) return href
  if (!/^https:\/\/[^\s]+$/i.test(href)) {
    ctx.problem(`link "${href}" is not kept: links must start with https:// or /pages/`)
    return undefined
  }
  let url: URL
  try {
    url = new URL(href)
  } catch {
    ctx.problem(`link "${href}" is not kept: it is not a web address`)
    return undefined
  }
  // The host alone (no port, no name@ before it) and on the list: https://www.samr.gov.cn@tracker.example/ is not
  const named = url.username || url.password ? `${url.username}@${url.host}` : url.host
  if (named === url.hostname && ctx.officialHosts.has(url.hostname)) return href
  ctx.problem(`link "${href}" is not kept: ${named} is not one of the official hosts (officialHosts in site.yaml)`)
  return undefined
}

function softBreak(before: Token | undefined, after: Token | undefined): string {
  const last = before?.content.slice(-1) ?? ''
  const next = after?.content.slice(0, 1) ?? ''
  return CJK.test(last) && CJK.test(next) ? '' : ' '
}

function htmlProblem(html: string): string {
  const start = html.trim().split('\n')[0]
  return `raw HTML is dropped: ${start.length > 40 ? start.slice(0, 40) + '…' : start} (write it in Markdown)`
}

function isHtmlComment(html: string): boolean {
  return /^\s*<!--[\s\S]*-->\s*$/.test(html)
}

function plainText(children: Token[]): string {
  return children
    .map((token) => {
      if (token.type === 'text' || token.type === 'text_special' || token.type === 'code_inline') return token.content
      if (token.type === 'softbreak' || token.type === 'hardbreak') return '\n'
      if (token.type === 'image') return plainText(token.children ?? [])
      return ''
    })
    .join('')
}

// Spans

function sameMarks(a: Span, b: Span): boolean {
  return a.strong === b.strong && a.em === b.em && a.code === b.code && a.href === b.href
}

function mergeSpans(spans: Span[]): Span[] {
  const merged: Span[] = []
  for (const span of spans) {
    const last = merged[merged.length - 1]
    if (last && sameMarks(last, span)) merged[merged.length - 1] = { ...last, text: last.text + span.text }
    else if (span.text) merged.push({ ...span })
  }
  return merged
}

function trimSpans(spans: Span[]): Span[] {
  const trimmed = spans.map((span) => ({ ...span }))
  if (trimmed.length) trimmed[0].text = trimmed[0].text.replace(/^\s+/, '')
  if (trimmed.length) trimmed[trimmed.length - 1].text = trimmed[trimmed.length - 1].text.replace(/\s+$/, '')
  return trimmed.filter((span) => span.text)
}

function joinLines(lines: Span[][]): Span[] {
  const spans: Span[] = []
  lines.forEach((line, n) => {
    if (n > 0) spans.push({ text: '\n' })
    spans.push(...line)
  })
  return trimSpans(mergeSpans(spans))
}
