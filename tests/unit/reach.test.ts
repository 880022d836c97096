import { Value } from '@sinclair/typebox/value'
import { ReachEvent } from '@/model/events'
import {
  BATCH_SIZE,
  MAX_QUEUED,
  enqueue,
  flush,
  measuring,
  queued,
  record,
  resetReachForTests,
  setMeasuring,
  uuid,
  visitorId,
} from '@/reach/events'

/** A transport that answers each send with the next status, and keeps what was sent. */
function server(...statuses: number[]) {
  const sent: { url: string; events: ReachEvent[] }[] = []
  const send = jest.fn(async (url: string, body: string) => {
    sent.push({ url, events: (JSON.parse(body) as { events: ReachEvent[] }).events })
    const status = statuses.shift()
    if (status === undefined || status === 0) throw new Error('network down')
    return status
  })
  resetReachForTests(send)
  return sent
}

function view(n: number, at = Date.now()): ReachEvent {
  return { id: uuid(), type: 'view', at, visitor: visitorId(at), page: `pages/p${n}/index` }
}

afterEach(() => resetReachForTests())

describe('reach events on the device', () => {
  it('records an event off the tap: an id, the time, the visitor, the fields, all as the API checks them', () => {
    jest.useFakeTimers()
    try {
      server()
      record('view', { page: 'pages/index/index' }, 1_764_000_000_000)
      expect(queued()).toEqual([]) // not yet: recording only schedules the work
      jest.advanceTimersByTime(0)
      const [event] = queued()
      expect(Value.Check(ReachEvent, event)).toBe(true)
      expect(event).toMatchObject({ type: 'view', at: 1_764_000_000_000, page: 'pages/index/index' })
      expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    } finally {
      jest.useRealTimers()
    }
  })

  it('sends in batches of at most 50 and removes what got 202', async () => {
    const sent = server(202, 202, 202)
    for (let i = 0; i < 120; i++) enqueue(view(i))
    await flush()
    expect(sent.map((s) => s.events.length)).toEqual([BATCH_SIZE, BATCH_SIZE, 20])
    expect(sent[0].url).toBe('/api/v1/events')
    expect(new Set(sent.flatMap((s) => s.events.map((e) => e.id))).size).toBe(120)
    expect(queued()).toEqual([])
  })

  it('keeps the events when the network fails or the API answers 503 or 429, and sends them later', async () => {
    const sent = server(0, 503, 429, 202)
    for (let i = 0; i < 3; i++) enqueue(view(i))
    await flush()
    await flush()
    await flush()
    expect(queued()).toHaveLength(3)
    await flush()
    expect(queued()).toEqual([])
    expect(sent.map((s) => s.events.length)).toEqual([3, 3, 3, 3])
  })

  it('drops a batch the API refused with 400 (it would never be accepted) and goes on with the next', async () => {
    const sent = server(400, 202)
    for (let i = 0; i < 60; i++) enqueue(view(i))
    await flush()
    expect(sent.map((s) => s.events.length)).toEqual([50, 10])
    expect(queued()).toEqual([])
  })

  it('keeps at most 500 events, dropping the oldest', () => {
    server()
    const events = Array.from({ length: MAX_QUEUED + 20 }, (_, i) => view(i))
    for (const e of events) enqueue(e)
    expect(queued().map((e) => e.id)).toEqual(events.slice(20).map((e) => e.id))
  })

  it('keeps one visitor id through a Shanghai day and makes a new one the next day', () => {
    // 2026-11-29 23:30 and 23:59 in Shanghai (UTC+8), then 00:01 on the 30th
    const a = visitorId(Date.UTC(2026, 10, 29, 15, 30))
    expect(visitorId(Date.UTC(2026, 10, 29, 15, 59))).toBe(a)
    const b = visitorId(Date.UTC(2026, 10, 29, 16, 1))
    expect(b).not.toBe(a)
    expect(b).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
  })

  it('switched off: records nothing and clears the queue; switched on again: records', async () => {
    jest.useFakeTimers()
    try {
      const sent = server(202)
      for (let i = 0; i < 5; i++) enqueue(view(i))
      setMeasuring(false)
      expect(measuring()).toBe(false)
      expect(queued()).toEqual([])
      record('view', { page: 'pages/index/index' })
      enqueue(view(9))
      jest.advanceTimersByTime(60_000)
      expect(queued()).toEqual([])
      expect(sent).toEqual([])
      setMeasuring(true)
      record('view', { page: 'pages/index/index' })
      jest.advanceTimersByTime(0)
      expect(queued()).toHaveLength(1)
    } finally {
      jest.useRealTimers()
    }
  })

  it('sends every 10 s while something waits', async () => {
    jest.useFakeTimers()
    try {
      const sent = server(202)
      enqueue(view(1))
      jest.advanceTimersByTime(9_000)
      expect(sent).toEqual([])
      jest.advanceTimersByTime(1_000)
      await Promise.resolve()
      expect(sent).toHaveLength(1)
    } finally {
      jest.useRealTimers()
    }
  })
})
