// Reach events (contract: shared DESIGN.md, "Reach"): what the app records, kept on the device in a bounded queue
// and sent in batches to POST /api/v1/events. Recording never waits on storage or the network: a tap or a render
// only schedules the work (setTimeout). Nothing here identifies a person: a random visitor id made afresh each day.
import Taro from '@tarojs/taro'
import { API_ORIGIN, IS_PREVIEW } from '@/api/client'
import type { EventType, ReachEvent } from '@/model/events'

const QUEUE_KEY = 'shijian:reach-queue'
const VISITOR_KEY = 'shijian:reach-visitor'
const OFF_KEY = 'shijian:reach-off'

/** Kept on the device at most (oldest dropped first), sent at most this many per request. */
export const MAX_QUEUED = 500
export const BATCH_SIZE = 50 // MAX_EVENTS_PER_BATCH in src/model/events.ts
const MAX_BODY_BYTES = 15 * 1024 // the API takes 16 KB
/** The API refuses events older than 7 days: older ones are dropped from the queue rather than sent. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000 - 60 * 60 * 1000
export const SEND_EVERY_MS = 10_000
const MAX_RETRY_MS = 5 * 60_000
const TIMEOUT_MS = 10_000

/** The fields an event takes beyond those this module adds (id, at, visitor). */
export type EventFields = Omit<ReachEvent, 'id' | 'at' | 'visitor' | 'type'>

/** What a send got back: an HTTP status, or 0 when no answer came. */
export type Transport = (url: string, body: string, leaving?: boolean) => Promise<number>

const defaultTransport: Transport = async (url, body, leaving = false) => {
  const headers = { 'Content-Type': 'application/json' } // no preview token: events are public
  // As in api/client.ts: the browser's fetch in H5 (keepalive when the tab is being left: it may outlive the page),
  // wx.request in WeChat.
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { method: 'POST', headers, body, keepalive: leaving })
    return res.status
  } else {
    const res = await Taro.request({ url, method: 'POST', header: headers, data: body, timeout: TIMEOUT_MS })
    return res.statusCode
  }
}

let transport: Transport = defaultTransport
let timer: ReturnType<typeof setTimeout> | undefined
let sending: Promise<void> | undefined
let failures = 0

function read<T>(key: string): T | undefined {
  try {
    const raw = Taro.getStorageSync(key) as T | ''
    return raw === '' ? undefined : raw
  } catch {
    return undefined
  }
}

function write(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value)
  } catch {
    // storage full or unavailable: measurement is the first thing to give way
  }
}

/** The events waiting to be sent, oldest first. */
export function queued(): ReachEvent[] {
  const raw = read<ReachEvent[]>(QUEUE_KEY)
  return Array.isArray(raw) ? raw : []
}

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n)
  // Browsers have crypto.getRandomValues; WeChat's JS engine has no `crypto` (only an asynchronous wx API).
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c?.getRandomValues) return c.getRandomValues(bytes)
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(Math.random() * 256)
  return bytes
}

/** A UUID version 4 (random). */
export function uuid(): string {
  const b = randomBytes(16)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** `length` random URL-safe characters (6 bits each): visitor ids and share ids. */
export function randomId(length = 22): string {
  return Array.from(randomBytes(length), (x) => URL_SAFE[x & 63]).join('')
}

/** The day in Asia/Shanghai (UTC+8, no daylight saving), YYYY-MM-DD. */
export function shanghaiDay(now: number): string {
  return new Date(now + 8 * 60 * 60 * 1000).toISOString().slice(0, 10)
}

/** Today's visitor id: made afresh on the first event of each Shanghai day. */
export function visitorId(now = Date.now()): string {
  const day = shanghaiDay(now)
  const stored = read<{ day: string; id: string }>(VISITOR_KEY)
  if (stored && stored.day === day && typeof stored.id === 'string') return stored.id
  const id = randomId(22)
  write(VISITOR_KEY, { day, id })
  return id
}

/** Whether the device records events: on unless turned off on the privacy page (and never in a staff preview). */
export function measuring(): boolean {
  return !IS_PREVIEW && read<boolean>(OFF_KEY) !== true
}

/** The privacy page's switch: off stops recording and clears what is waiting to be sent. */
export function setMeasuring(on: boolean): void {
  if (on) {
    try {
      Taro.removeStorageSync(OFF_KEY)
    } catch {
      // nothing stored: already on
    }
    return
  }
  write(OFF_KEY, true)
  if (timer) clearTimeout(timer)
  timer = undefined
  try {
    Taro.removeStorageSync(QUEUE_KEY)
    Taro.removeStorageSync(VISITOR_KEY)
  } catch {
    // nothing stored
  }
}

/** Records an event now (its time and visitor id), stored and sent later. Does nothing when measurement is off. */
export function record(type: EventType, fields: EventFields = {}, now = Date.now()): void {
  if (!measuring()) return
  setTimeout(() => enqueue({ id: uuid(), type, at: now, visitor: visitorId(now), ...fields }), 0)
}

/** Adds an event to the stored queue (oldest dropped past MAX_QUEUED) and makes sure a send is coming. */
export function enqueue(event: ReachEvent): void {
  if (!measuring()) return
  const queue = queued()
  queue.push(event)
  write(QUEUE_KEY, queue.length > MAX_QUEUED ? queue.slice(queue.length - MAX_QUEUED) : queue)
  schedule(SEND_EVERY_MS)
}

function schedule(delay: number): void {
  if (timer || sending) return
  timer = setTimeout(() => {
    timer = undefined
    void flush()
  }, delay)
}

function utf8Bytes(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 2 : 3 // a surrogate pair counts 2 + 2
  }
  return n
}

/**
 * Sends the oldest waiting events, one batch of ≤ 50 at a time, until the queue is empty or a send fails.
 * 2xx: sent; 400: the batch will never be accepted, dropped; anything else (no network, 429, 503): kept, tried again
 * later (10 s, doubling up to 5 min). Never rejects.
 */
export function flush(now = Date.now(), leaving = false): Promise<void> {
  if (sending) return sending
  if (timer) clearTimeout(timer)
  timer = undefined
  sending = (async () => {
    for (;;) {
      if (!measuring()) return
      const all = queued()
      const fresh = all.filter((e) => e.at >= now - MAX_AGE_MS)
      if (fresh.length !== all.length) write(QUEUE_KEY, fresh)
      if (fresh.length === 0) return
      const batch = fresh.slice(0, BATCH_SIZE)
      let body = JSON.stringify({ events: batch })
      while (batch.length > 1 && utf8Bytes(body) > MAX_BODY_BYTES) {
        batch.pop()
        body = JSON.stringify({ events: batch })
      }
      let status = 0
      try {
        status = await transport(`${API_ORIGIN}/api/v1/events`, body, leaving)
      } catch {
        status = 0
      }
      if ((status >= 200 && status < 300) || status === 400) {
        failures = 0
        const done = new Set(batch.map((e) => e.id))
        if (measuring())
          write(
            QUEUE_KEY,
            queued().filter((e) => !done.has(e.id)),
          )
      } else {
        failures++
        return
      }
    }
  })().finally(() => {
    sending = undefined
    if (queued().length > 0 && measuring())
      schedule(failures === 0 ? SEND_EVERY_MS : Math.min(SEND_EVERY_MS * 2 ** (failures - 1), MAX_RETRY_MS))
  })
  return sending
}

let started = false

/** Once, at app start: send what an earlier visit left, and send on hide (leaving the app or the tab). */
export function startReach(): void {
  if (started) return
  started = true
  try {
    Taro.onAppHide(() => void flush())
  } catch {
    // not on this platform
  }
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void flush(Date.now(), true)
    })
  }
  if (measuring() && queued().length > 0) schedule(1000)
}

/** Tests only: the transport to use and a fresh state. */
export function resetReachForTests(next: Transport = defaultTransport): void {
  if (timer) clearTimeout(timer)
  timer = undefined
  sending = undefined
  failures = 0
  transport = next
}
