// The logic layer's runtime: a `vm` context with WeChat's globals (console, timers), everything the harness
// records (errors, logs, requests, navigations, calls, storage), and settle(), which waits until the bundle has
// nothing left to do. Every other part of the harness works through one Runtime.
import vm from 'node:vm'
import type { ApiCall, HarnessError, LogEntry, Navigation, PageState, RequestRecord } from './types'

export function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { name?: string; message?: string; stack?: string }
    return `${e.name ?? 'Error'}: ${e.message}`
  }
  return String(error)
}

function formatArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a
      if (a && typeof a === 'object' && 'stack' in a) return String((a as { stack: unknown }).stack)
      try {
        return JSON.stringify(a)
      } catch {
        return String(a)
      }
    })
    .join(' ')
}

// Unhandled rejections of promises made inside a harness are recorded there (one listener for all harnesses).
// Under plain Node (tsx, the bench) this catches them. Under jest, `process` is jest's copy and this listener is not
// called: jest's own handler fails the running test with the rejection instead, which is just as loud.
const liveHarnesses = new Set<{ owns: (promise: unknown) => boolean; record: (e: HarnessError) => void }>()
function onUnhandledRejection(reason: unknown, promise: Promise<unknown>): void {
  for (const h of liveHarnesses) {
    if (h.owns(promise)) {
      h.record({ where: 'unhandled promise rejection', message: messageOf(reason), error: reason })
      return
    }
  }
  // Not ours: keep Node's default of failing loudly.
  setImmediate(() => {
    throw reason
  })
}
function watchRejections(entry: { owns: (p: unknown) => boolean; record: (e: HarnessError) => void }): () => void {
  if (liveHarnesses.size === 0) process.on('unhandledRejection', onUnhandledRejection)
  liveHarnesses.add(entry)
  return () => {
    liveHarnesses.delete(entry)
    if (liveHarnesses.size === 0) process.off('unhandledRejection', onUnhandledRejection)
  }
}

interface TimerEntry {
  handle: NodeJS.Timeout
  delay: number
  interval: boolean
}

export interface RuntimeOptions {
  /** Forward the bundle's console to this process's console (it is always recorded in `logs`). */
  verbose?: boolean
  /** settle(): longest time to wait for requests and timers before failing (ms). */
  settleTimeoutMs: number
  /** settle(): timeouts set for at most this many ms are waited for; longer ones (and intervals) are not. */
  timerWaitMs: number
}

export class Runtime {
  // Recorded state
  readonly navigations: Navigation[] = []
  readonly requests: RequestRecord[] = []
  readonly calls: ApiCall[] = []
  readonly errors: HarnessError[] = []
  readonly logs: LogEntry[] = []
  readonly storage = new Map<string, string>()
  readonly clip = { text: '' }
  /** The pages opened, in order: the last one is on top (nothing is ever closed). */
  readonly stack: PageState[] = []
  destroyed = false
  /** True while a tap is being delivered (WeChat allows some APIs only then). */
  userGesture = false
  pageCount = 0
  /** Requests in flight (wx.request). */
  inflight = 0

  /** The context's global object: the bundle sees its properties as globals. */
  readonly sandbox: Record<string, unknown>
  readonly context: vm.Context
  /** The context's own JSON: values it parses belong to the bundle's realm. */
  readonly ctxJSON: JSON
  private readonly stopWatching: () => void

  // Timers: real ones, tracked so settle() knows what is pending.
  private readonly timers = new Map<number, TimerEntry>()
  private nextTimerId = 1
  /** setData callbacks and other host-side work the page is owed. */
  private owed = 0

  constructor(private readonly options: RuntimeOptions) {
    const vmConsole: Record<string, (...args: unknown[]) => void> = {}
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vmConsole[level] = (...args: unknown[]) => {
        const text = formatArgs(args)
        this.logs.push({ level, text })
        if (options.verbose) console[level](`[weapp] ${text}`)
        // console.error is how React reports a render error; Taro warns '小程序暂不支持 X' for a missing API.
        if (level === 'error') this.record({ where: 'console.error', message: text })
        else if (level === 'warn' && /暂不支持/.test(text))
          this.record({ where: 'unsupported API (Taro warning)', message: text })
      }
    }
    vmConsole.group = vmConsole.log
    vmConsole.groupEnd = () => undefined
    vmConsole.time = () => undefined
    vmConsole.timeEnd = () => undefined

    this.sandbox = {
      console: vmConsole,
      setTimeout: (fn: unknown, delay?: unknown, ...args: unknown[]) => this.addTimer(fn, delay, args, false),
      setInterval: (fn: unknown, delay?: unknown, ...args: unknown[]) => this.addTimer(fn, delay, args, true),
      clearTimeout: this.clearTimer,
      clearInterval: this.clearTimer,
    }
    this.context = vm.createContext(this.sandbox, { name: 'weapp logic layer' })
    this.ctxJSON = vm.runInContext('JSON', this.context) as JSON
    const ctxPromise = vm.runInContext('Promise', this.context) as PromiseConstructor
    this.stopWatching = watchRejections({ owns: (p) => p instanceof ctxPromise, record: this.record })
  }

  /** Records an error; the page on top collects it too, so a test can read them per page. */
  readonly record = (error: HarnessError): void => {
    this.errors.push(error)
    this.stack[this.stack.length - 1]?.errors.push(error)
  }

  /** Runs bundle code called from the host (timers, callbacks): an exception is recorded, never thrown at Node. */
  readonly guard = <T>(where: string, fn: () => T): T | undefined => {
    if (this.destroyed) return undefined
    try {
      return fn()
    } catch (error) {
      this.record({ where, message: messageOf(error), error })
      return undefined
    }
  }

  /** Copies a host value into the context's realm (so `instanceof Array` and friends hold inside the bundle). */
  readonly toCtx = <T>(value: T): T => (value === undefined ? value : (this.ctxJSON.parse(JSON.stringify(value)) as T))

  private addTimer(fn: unknown, delay: unknown, args: unknown[], interval: boolean): number {
    if (typeof fn !== 'function') throw new TypeError('setTimeout/setInterval: the callback must be a function')
    const id = this.nextTimerId++
    const ms = Math.max(0, Number(delay) || 0)
    const run = () => {
      if (!interval) this.timers.delete(id)
      this.guard(interval ? 'setInterval callback' : 'setTimeout callback', () => fn(...args))
    }
    const handle = interval ? setInterval(run, ms) : setTimeout(run, ms)
    this.timers.set(id, { handle, delay: ms, interval })
    return id
  }

  private readonly clearTimer = (id: unknown): void => {
    const entry = this.timers.get(Number(id))
    if (!entry) return
    if (entry.interval) clearInterval(entry.handle)
    else clearTimeout(entry.handle)
    this.timers.delete(Number(id))
  }

  /** Runs `fn` on the next macrotask, as work the page is owed: settle() waits for it. */
  readonly later = (where: string, fn: () => void): void => {
    this.owed++
    setTimeout(() => {
      this.owed--
      this.guard(where, fn)
    }, 0)
  }

  /** Why the bundle is not idle yet, or undefined when it is. */
  private busy(): string | undefined {
    if (this.inflight > 0)
      return `${this.inflight} request(s) in flight: ${this.requests
        .filter((r) => !r.done)
        .map((r) => r.url)
        .join(', ')}`
    if (this.owed > 0) return `${this.owed} callback(s) due`
    const short = [...this.timers.values()].filter((t) => !t.interval && t.delay <= this.options.timerWaitMs)
    if (short.length > 0) return `${short.length} timer(s) pending (${short.map((t) => t.delay).join(', ')} ms)`
    return undefined
  }

  readonly macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

  /** Waits until no request is in flight, no short timer is pending and no setData callback is due. */
  readonly settle = async (): Promise<void> => {
    const { settleTimeoutMs } = this.options
    const deadline = Date.now() + settleTimeoutMs
    let quiet = 0
    // Several quiet timer rounds in a row: a setData callback or a promise may start more work.
    while (quiet < 3) {
      if (this.destroyed) return
      await this.macrotask()
      const reason = this.busy()
      if (!reason) quiet++
      else {
        quiet = 0
        if (Date.now() > deadline) throw new Error(`settle(): still busy after ${settleTimeoutMs} ms: ${reason}`)
      }
    }
  }

  /** Stops every timer and makes the runtime inert (requests are stopped by their owner). */
  destroy(): void {
    this.destroyed = true
    for (const id of [...this.timers.keys()]) this.clearTimer(id)
    this.stopWatching()
  }
}
