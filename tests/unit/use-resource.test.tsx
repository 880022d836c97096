// useResource on its own: one request at a time per key, a key change that leaves no stale guard or answer behind,
// and what happens to the saved copy when the API says 404 or the network fails.
import TestUtils from '@tarojs/test-utils-react'
import { act, useState } from 'react'
import { ApiRequestError } from '@/api/client'
import { readCached, writeCached } from '@/api/device-cache'
import { clearResourceMemory, useResource, type Resource } from '@/hooks/use-resource'

interface Answer {
  text: string
}

/** Every request the hook sent, in order, each answered by the test when it chooses. */
interface Pending {
  key: string
  resolve: (answer: Answer) => void
  reject: (error: unknown) => void
}

let requests: Pending[]
let shown: Resource<Answer> | undefined
let mounted: TestUtils | undefined
let setKey: ((key: string | null) => void) | undefined

function Probe({ resourceKey }: { resourceKey: string | null }) {
  shown = useResource<Answer>(resourceKey, () => {
    return new Promise<Answer>((resolve, reject) => {
      requests.push({ key: resourceKey ?? 'null', resolve, reject })
    })
  })
  return null
}

/** Holds the key, as a page holds its route or filter: changing it re-renders the same hook. */
function Host({ initial }: { initial: string | null }) {
  const [key, set] = useState(initial)
  setKey = set
  return <Probe resourceKey={key} />
}

/** Mounts the hook for `resourceKey`, or moves the mounted one to it. */
async function show(resourceKey: string | null): Promise<void> {
  if (setKey) {
    const set = setKey
    await act(async () => set(resourceKey))
    return
  }
  mounted = new TestUtils()
  await mounted.mount(Host, { props: { initial: resourceKey } })
}

async function unmount(): Promise<void> {
  await act(async () => mounted?.unmout())
  mounted = undefined
  setKey = undefined
  shown = undefined
}

/** Lets pending promise callbacks, the transition and the deferred device-cache write run. */
async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

const keysRequested = () => requests.map((request) => request.key)
const current = () => {
  if (!shown) throw new Error('nothing rendered')
  return shown
}

beforeAll(() => {
  Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true })
})

beforeEach(() => {
  requests = []
  clearResourceMemory()
})

afterEach(async () => {
  await unmount()
})

describe('useResource', () => {
  it('sends one request however often reload is called while it is in flight, and a new one after it ends', async () => {
    await show('warnings/a')
    expect(keysRequested()).toEqual(['warnings/a'])
    expect(current().loading).toBe(true)

    let first!: Promise<void>
    let second!: Promise<void>
    await act(async () => {
      first = current().reload()
      second = current().reload()
    })
    expect(keysRequested()).toEqual(['warnings/a'])

    await act(async () => requests[0].resolve({ text: 'A1' }))
    await act(() => Promise.all([first, second]))
    await settle()
    expect(current()).toMatchObject({ data: { text: 'A1' }, loading: false, savedAt: undefined, error: undefined })

    await act(async () => {
      void current().reload()
    })
    expect(keysRequested()).toEqual(['warnings/a', 'warnings/a'])
    await act(async () => requests[1].resolve({ text: 'A2' }))
    await settle()
    expect(current().data).toEqual({ text: 'A2' })
  })

  it('after a key change, the old request neither frees the new one’s guard nor shows its late answer', async () => {
    await show('warnings/a')
    await show('warnings/b')
    expect(keysRequested()).toEqual(['warnings/a', 'warnings/b'])

    // a answers late, while b is still in flight
    await act(async () => requests[0].resolve({ text: 'A' }))
    await settle()
    expect(current()).toMatchObject({ data: undefined, loading: true })

    // A retry while b is in flight sends nothing more
    await act(async () => {
      void current().reload()
      void current().reload()
    })
    expect(keysRequested()).toEqual(['warnings/a', 'warnings/b'])

    await act(async () => requests[1].resolve({ text: 'B' }))
    await settle()
    expect(current()).toMatchObject({ data: { text: 'B' }, loading: false, error: undefined })
    expect(keysRequested()).toEqual(['warnings/a', 'warnings/b'])
  })

  it('after a key change, the old request’s failure is not shown for the new key', async () => {
    await show('warnings/a')
    await show('warnings/b')
    await act(async () => requests[0].reject(new ApiRequestError(0, 'NETWORK', '网络好像断了')))
    await settle()
    expect(current()).toMatchObject({ data: undefined, error: undefined, loading: true })
    await act(async () => requests[1].resolve({ text: 'B' }))
    await settle()
    expect(current()).toMatchObject({ data: { text: 'B' }, error: undefined, loading: false })
  })

  it('drops the saved copy, on the device and in memory, when the API answers 404', async () => {
    await show('warnings/gone')
    await act(async () => requests[0].resolve({ text: 'still here' }))
    await settle()
    expect(readCached('warnings/gone')).toMatchObject({ data: { text: 'still here' } })

    // A later visit shows the remembered copy at once, then the API says it is withdrawn
    await unmount()
    await show('warnings/gone')
    expect(current().data).toEqual({ text: 'still here' })
    await act(async () => requests[1].reject(new ApiRequestError(404, 'NOT_FOUND', '内容不存在或已下线')))
    await settle()
    expect(current()).toMatchObject({ data: undefined, savedAt: undefined, loading: false })
    expect(current().error?.notFound).toBe(true)
    expect(readCached('warnings/gone')).toBeUndefined()

    // Neither this run's memory nor the device shows it again
    await unmount()
    await show('warnings/gone')
    expect(current()).toMatchObject({ data: undefined, savedAt: undefined, loading: true })
  })

  it('keeps the saved copy with its age when the network fails', async () => {
    const savedAt = Date.now() - 5 * 60_000
    writeCached('warnings/kept', { text: 'kept copy' }, savedAt)
    await show('warnings/kept')
    expect(current()).toMatchObject({ data: { text: 'kept copy' }, savedAt, loading: true })

    await act(async () => requests[0].reject(new ApiRequestError(0, 'NETWORK', '网络好像断了')))
    await settle()
    expect(current()).toMatchObject({ data: { text: 'kept copy' }, savedAt, loading: false })
    expect(current().error).toMatchObject({ status: 0, code: 'NETWORK' })
    expect(readCached('warnings/kept')).toEqual({ data: { text: 'kept copy' }, savedAt })
  })

  it('waits while the key is null and sends nothing', async () => {
    await show(null)
    await act(async () => {
      void current().reload()
    })
    expect(keysRequested()).toEqual([])
    expect(current()).toMatchObject({ data: undefined, loading: false })
  })
})
