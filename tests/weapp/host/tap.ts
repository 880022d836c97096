// A tap, delivered like WeChat delivers it: to the page's `eh` handler, once for the target element's binding and
// once for each ancestor whose template binds tap, until one that catches it.
import { messageOf, type Runtime } from './runtime'
import type { TemplateInfo } from './templates'
import type { DataNode, PageState } from './types'
import type { TreeReader } from './view-tree'

/** Taps the innermost element showing `textOrSid` (or the node with that sid) on the page as shown (`root`). */
export function deliverTap(
  runtime: Runtime,
  templates: TemplateInfo,
  tree: TreeReader,
  state: PageState,
  root: DataNode | undefined,
  textOrSid: string,
): void {
  const { toCtx, record } = runtime
  const { pathTo, isText, findAll, textOf } = tree
  let trail = pathTo(root, (n) => n.sid === textOrSid && !isText(n))
  if (!trail) {
    const target = findAll(root, textOrSid)[0]
    if (!target)
      throw new Error(
        `tap(${JSON.stringify(textOrSid)}): no element shows that text on ${state.route}:\n${textOf(root)}`,
      )
    trail = pathTo(root, (n) => n === target)
  }
  if (!trail) throw new Error(`tap(${JSON.stringify(textOrSid)}): lost the node`)
  const target = trail[trail.length - 1]
  const idOf = (n: DataNode) => String(n.uid || n.sid)
  const targetInfo = { id: idOf(target), dataset: { sid: target.sid }, offsetLeft: 0, offsetTop: 0 }
  // WeChat delivers the tap to the target's binding, then to each ancestor that binds tap, until a catch.
  const bound = [...trail].reverse().filter((n) => templates.tapNns.has(String(n.nn)))
  if (bound.length === 0) {
    throw new Error(`tap(${JSON.stringify(textOrSid)}): neither the element nor its ancestors bind tap in base.wxml`)
  }
  const eh = state.instance.eh
  if (typeof eh !== 'function') throw new Error(`${state.route} has no eh handler`)
  runtime.userGesture = true
  try {
    for (const node of bound) {
      const event = toCtx({
        type: 'tap',
        timeStamp: Date.now() - state.created,
        target: targetInfo,
        currentTarget: { id: idOf(node), dataset: { sid: node.sid } },
        detail: { x: 10, y: 10 },
        touches: [],
        changedTouches: [{ identifier: 0, pageX: 10, pageY: 10, clientX: 10, clientY: 10 }],
        mark: {},
        mut: false,
      })
      try {
        eh.call(state.instance, event)
      } catch (error) {
        record({ where: `${state.route} tap`, message: messageOf(error), error })
      }
      if (templates.catchTapNns.has(String(node.nn))) break
    }
  } finally {
    runtime.userGesture = false
  }
}
