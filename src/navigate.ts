import Taro from '@tarojs/taro'
import { TAB_PAGES } from './routes'

/** Opens an in-app path: tab pages by switchTab (which drops the query), others by navigateTo. */
export function openPage(url: string): void {
  const path = url.split('?')[0]
  if (TAB_PAGES.includes(path)) {
    Taro.switchTab({ url: path })
  } else {
    Taro.navigateTo({ url })
  }
}
