// The H5 tab bar. app.config.ts sets `tabBar.custom` for H5 only, so Taro's router does not start its own
// (a Stencil web component: about 55 ms of start-up at 4× CPU slowdown on every cold start, plus its runtime).
// This one is plain HTML links: the same five sections and icons as WeChat's bar, read from app.config.ts through
// the config Taro's H5 entry keeps (window.__taroAppConfig, with each icon resolved to a URL), larger labels than
// Taro's 10 px, and the current section marked for screen readers (aria-current="page").
import Taro from '@tarojs/taro'
import type { MouseEvent } from 'react'
import { useEffect, useState } from 'react'
import { useElderMode } from '@/hooks/use-display'
import './index.scss'

interface TabItem {
  pagePath: string
  text: string
  iconPath?: string
  selectedIconPath?: string
}

function tabList(): TabItem[] {
  const config = (window as unknown as { __taroAppConfig?: { tabBar?: { list?: TabItem[] } } }).__taroAppConfig
  return config?.tabBar?.list ?? []
}

/** '/pages/warnings/index' from a hash route or router path ('#/pages/warnings/index?x=1', '/…'); '' for none. */
export function routePath(location: string): string {
  const path = location.replace(/^#/, '').split('?')[0]
  return path === '/' ? '' : path
}

export function TabBar() {
  const list = tabList()
  const home = list.length > 0 ? `/${list[0].pagePath}` : ''
  const [current, setCurrent] = useState(() => routePath(window.location.hash) || home)
  const elder = useElderMode()

  useEffect(() => {
    // Taro's router announces every page change, the first one included, before it renders the page.
    const onChange = ({ toLocation }: { toLocation: { path: string } }) =>
      setCurrent(routePath(toLocation.path) || home)
    Taro.eventCenter.on('__taroRouterChange', onChange)
    return () => {
      Taro.eventCenter.off('__taroRouterChange', onChange)
    }
  }, [home])

  if (!list.some((item) => `/${item.pagePath}` === current)) return null // not on a tab page
  return (
    <nav className={`tab-bar${elder ? ' tab-bar--elder' : ''}`} aria-label='栏目'>
      {list.map((item) => {
        const path = `/${item.pagePath}`
        const selected = path === current
        const open = (event: MouseEvent) => {
          event.preventDefault() // a tab page opens with switchTab, as in WeChat; the href serves "open in new tab"
          if (!selected) Taro.switchTab({ url: path })
        }
        return (
          <a
            key={path}
            className={`tab-bar__item${selected ? ' tab-bar__item--on' : ''}`}
            href={`#${path}`}
            aria-current={selected ? 'page' : undefined}
            onClick={open}
          >
            <img className='tab-bar__icon' src={selected ? item.selectedIconPath : item.iconPath} alt='' />
            <span className='tab-bar__label'>{item.text}</span>
          </a>
        )
      })}
    </nav>
  )
}
