// base.wxml: which template number is a text node, which bind tap, which are custom components, and what each
// element's attributes are bound to. The view layer renders Taro's data tree through these templates.
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export interface TemplateInfo {
  /** Template number (the `nn` of a node) of the text node: its template is `<block>{{i.v}}</block>`. */
  textNn: string
  /** Tag of each template number at level 0: 'view', 'text', 'button', ... */
  tags: Map<string, string>
  /** Template numbers whose element binds (or catches) tap to `eh`. */
  tapNns: Set<string>
  /** Template numbers whose element catches tap (stops bubbling). */
  catchTapNns: Set<string>
  /** Template numbers rendered by a custom component with its own setData ('custom-wrapper'). */
  wrapperNns: Set<string>
  /** Each template number's attributes as written on its element: name → value expression ('{{i.p2}}'). */
  attributes: Map<string, Record<string, string>>
}

const templateCache = new Map<string, TemplateInfo>()

/** Reads base.wxml's level-0 templates (`tmpl_0_<nn>`): later levels repeat them, deeper ones go through `comp`. */
export function readTemplates(distDir: string): TemplateInfo {
  const file = path.join(distDir, 'base.wxml')
  const key = `${file}:${statSync(file).mtimeMs}`
  const cached = templateCache.get(key)
  if (cached) return cached
  const source = readFileSync(file, 'utf8')
  const info: TemplateInfo = {
    textNn: '',
    tags: new Map(),
    tapNns: new Set(),
    catchTapNns: new Set(),
    wrapperNns: new Set(),
    attributes: new Map(),
  }
  const pattern = /<template name="tmpl_0_([\w-]+)">\s*([\s\S]*?)<\/template>/g
  for (const match of source.matchAll(pattern)) {
    const [, nn, body] = match
    if (/^<block>\s*\{\{\s*i\.v\s*\}\}\s*<\/block>\s*$/.test(body.trim())) {
      info.textNn = nn
      info.tags.set(nn, '#text')
      continue
    }
    const open = body.match(/^<([\w-]+)([^>]*)>/)
    if (!open) continue
    const [, tag, attributes] = open
    info.tags.set(nn, tag)
    const attributeMap = Object.fromEntries([...attributes.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
    // An input's template `tmpl_0_N` only picks `tmpl_0_N_focus` or `tmpl_0_N_blur` (the element without focus).
    const variant = nn.match(/^(\w+)_blur$/)
    info.attributes.set(variant ? variant[1] : nn, attributeMap)
    if (variant) info.tags.set(variant[1], tag)
    if (/\b(bind|catch):?tap="eh"/.test(attributes)) info.tapNns.add(nn)
    if (/\bcatch:?tap="eh"/.test(attributes)) info.catchTapNns.add(nn)
    if (tag === 'custom-wrapper') info.wrapperNns.add(nn)
  }
  if (!info.textNn) throw new Error(`${file}: no text-node template (<block>{{i.v}}</block>) found`)
  templateCache.set(key, info)
  return info
}
