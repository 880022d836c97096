// How the harness's wx APIs answer: callbacks (success / fail / complete, on a later macrotask, in the bundle's
// realm), and the recorded kinds of API (in `calls`).
import type { Runtime } from './runtime'

export type WxOptions = Record<string, unknown>

export interface WxCalls {
  /** Calls success or fail (by errMsg), then complete, with `result`, as work the page is owed. */
  callbacks(name: string, opts: WxOptions | undefined, result: Record<string, unknown>): void
  /** A recorded API that succeeds with `answer` (merged with errMsg '<name>:ok'). */
  recorded(name: string, answer?: (opts: WxOptions) => Record<string, unknown>): (opts?: WxOptions) => void
  /** A recorded synchronous API that returns `answer`. */
  sync(name: string, answer: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown
}

export function wxCalls(runtime: Runtime): WxCalls {
  const { calls, later, toCtx } = runtime
  const callbacks = (name: string, opts: Record<string, unknown> | undefined, result: Record<string, unknown>) => {
    const ok = !/:fail/.test(String(result.errMsg ?? ''))
    const res = toCtx(result)
    later(`wx.${name} callback`, () => {
      if (!opts) return
      const fn = ok ? opts.success : opts.fail
      if (typeof fn === 'function') fn(res)
      if (typeof opts.complete === 'function') opts.complete(res)
    })
  }
  const recorded =
    (name: string, answer: (opts: Record<string, unknown>) => Record<string, unknown> = () => ({})) =>
    (opts: Record<string, unknown> = {}) => {
      calls.push({ name, args: JSON.parse(JSON.stringify(opts ?? {})) })
      const result = answer(opts)
      callbacks(name, opts, { errMsg: `${name}:ok`, ...result })
    }
  const sync =
    (name: string, answer: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      calls.push({ name, args })
      return answer(...args)
    }
  return { callbacks, recorded, sync }
}
