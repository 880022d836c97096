// A stand-in for src/api/client's `api`: each test says what the API answers, per route.
import type { Api } from '@/api/client'
import { ApiRequestError } from '@/api/client'

type Handlers = { [K in keyof Api]?: Api[K] }

const notSet = (name: string) => () => Promise.reject(new Error(`fake api: ${name} not set in this test`))

export const fakeApi: Api = {
  home: notSet('home'),
  site: notSet('site'),
  services: notSet('services'),
  list: notSet('list'),
  search: notSet('search'),
  detail: notSet('detail'),
  draft: notSet('draft'),
} as Api

export const calls: { method: string; args: unknown[] }[] = []

/** Sets the answers of this test; every call is recorded in `calls`. */
export function answer(handlers: Handlers): void {
  calls.length = 0
  for (const key of Object.keys(fakeApi) as (keyof Api)[]) {
    const handler = handlers[key] ?? notSet(key)
    ;(fakeApi as Record<string, unknown>)[key] = (...args: unknown[]) => {
      calls.push({ method: key, args })
      return (handler as (...a: unknown[]) => Promise<unknown>)(...args)
    }
  }
}

export const offline = () => Promise.reject(new ApiRequestError(0, 'NETWORK', '网络连接失败，请检查网络后重试'))
export const notFound = () => Promise.reject(new ApiRequestError(404, 'NOT_FOUND', '内容不存在或已撤下'))
