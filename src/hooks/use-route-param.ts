import { useRouter } from '@tarojs/taro'

/** A query parameter of the current page: how a shared card passes the item id on a cold start. */
export function useRouteParam(name: string): string {
  const router = useRouter()
  const value = router?.params?.[name] ?? ''
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
