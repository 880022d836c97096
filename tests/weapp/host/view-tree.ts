// Reading Taro's data tree the way the view layer shows it, through base.wxml's templates: the text, an element
// by text or sid (with its ancestors), the attributes WeChat's screen reader is given, the size of the tree.
import type { TemplateInfo } from './templates'
import type { AccessibleElement, DataNode } from './types'

export interface TreeReader {
  isText(node: DataNode): boolean
  /** Nodes (elements and text nodes, the root excluded) and the deepest nesting (a child of the root is at 1). */
  treeSize(root: DataNode | undefined): { nodes: number; depth: number }
  /** Text nodes joined, one line per element that holds text directly. */
  textOf(root: DataNode | undefined): string
  /** The first node that matches, with its ancestors: outermost first, the node last; undefined if none. */
  pathTo(root: DataNode | undefined, match: (node: DataNode) => boolean): DataNode[] | undefined
  /** Elements with a non-empty aria-role or aria-label, in document order. */
  accessibleOf(root: DataNode | undefined): AccessibleElement[]
  /** Elements whose text (their own and their descendants') contains `text`, innermost first. */
  findAll(root: DataNode | undefined, text: string): DataNode[]
}

export function treeReader(templates: TemplateInfo): TreeReader {
  const isText = (node: DataNode) => String(node.nn) === templates.textNn

  const treeSize = (root: DataNode | undefined) => {
    let nodes = 0
    let depth = 0
    const walk = (node: DataNode, level: number) => {
      nodes++
      depth = Math.max(depth, level)
      node.cn?.forEach((child) => walk(child, level + 1))
    }
    root?.cn?.forEach((child) => walk(child, 1))
    return { nodes, depth }
  }

  const textOf = (root: DataNode | undefined): string => {
    const lines: string[] = []
    let line = ''
    const flush = () => {
      if (line.trim()) lines.push(line.trim())
      line = ''
    }
    const walk = (node: DataNode) => {
      if (isText(node)) {
        line += node.v ?? ''
        return
      }
      flush()
      node.cn?.forEach(walk)
      flush()
    }
    root?.cn?.forEach(walk)
    flush()
    return lines.join('\n')
  }

  /** The first node that matches, with its ancestors: outermost first, the node last; undefined if none. */
  const pathTo = (root: DataNode | undefined, match: (node: DataNode) => boolean): DataNode[] | undefined => {
    const walk = (node: DataNode, trail: DataNode[]): DataNode[] | undefined => {
      const here = [...trail, node]
      if (match(node)) return here
      for (const child of node.cn ?? []) {
        const found = walk(child, here)
        if (found) return found
      }
      return undefined
    }
    for (const child of root?.cn ?? []) {
      const found = walk(child, [])
      if (found) return found
    }
    return undefined
  }

  /** An attribute as the view layer renders it: only plain bindings ({{i.pN}}) and literals are understood. */
  const attributeValue = (node: DataNode, name: string): string | undefined => {
    const expression = templates.attributes.get(String(node.nn))?.[name]
    if (expression === undefined) return undefined
    const binding = expression.match(/^\{\{i\.(\w+)\}\}$/)
    if (binding) {
      const value = node[binding[1]]
      return value === undefined || value === null ? undefined : String(value)
    }
    if (expression.includes('{{')) throw new Error(`${name}="${expression}": expression not understood`)
    return expression
  }

  const accessibleOf = (root: DataNode | undefined): AccessibleElement[] => {
    const found: AccessibleElement[] = []
    const walk = (node: DataNode) => {
      if (isText(node)) return
      const role = attributeValue(node, 'aria-role') || undefined
      const label = attributeValue(node, 'aria-label') || undefined
      if (role || label) {
        const tag = templates.tags.get(String(node.nn)) ?? String(node.nn)
        found.push({ sid: String(node.sid), tag, role, label, text: fullText(node) })
      }
      node.cn?.forEach(walk)
    }
    root?.cn?.forEach(walk)
    return found
  }

  const fullText = (node: DataNode): string => (isText(node) ? (node.v ?? '') : (node.cn ?? []).map(fullText).join(''))

  const findAll = (root: DataNode | undefined, text: string): DataNode[] => {
    const found: { node: DataNode; level: number }[] = []
    const walk = (node: DataNode, level: number) => {
      if (isText(node)) return
      if (fullText(node).includes(text)) found.push({ node, level })
      node.cn?.forEach((child) => walk(child, level + 1))
    }
    root?.cn?.forEach((child) => walk(child, 1))
    // Innermost first; among equals, document order.
    return found
      .map((f, index) => ({ ...f, index }))
      .sort((a, b) => b.level - a.level || a.index - b.index)
      .map((f) => f.node)
  }
  return { isText, treeSize, textOf, pathTo, accessibleOf, findAll }
}
