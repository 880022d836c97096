// Body blocks: what the server makes of Markdown, and what the app renders with Taro components.
// Types only: the server builds these, the app reads them.

export interface Span {
  text: string
  strong?: boolean
  em?: boolean
  code?: boolean
  /** Absolute http(s) URL or an in-app path starting with "/pages/". */
  href?: string
}

export type Block =
  | { type: 'heading'; level: 2 | 3 | 4; text: string }
  | { type: 'paragraph'; spans: Span[] }
  | { type: 'list'; ordered: boolean; items: Span[][] }
  | { type: 'quote'; spans: Span[]; cite?: string }
  | { type: 'callout'; tone: 'info' | 'warning' | 'tip'; spans: Span[] }
  | { type: 'image'; src: string; alt: string; caption?: string }
  /** A law citation set apart: from a quote whose first line is `[!LAW] 《法律名》第X条`. */
  | { type: 'law'; law: string; article?: string; spans: Span[] }
