// Stands in for markdown-to-jsx (84 kB minified), which @rjsf/core imports to draw Markdown where a form asks for it
// (ui:enableMarkdownInDescription, enableMarkdownInHelp): our forms never do. The build aliases
// 'markdown-to-jsx/react' here (staff/vite.config.mts), so the text is shown as it is, and the form's chunk is a third
// smaller.
import type { ReactNode } from 'react'

export function Markdown({ children }: { children?: ReactNode }) {
  return <>{children}</>
}
