// The bar at the top of every page behind the login: which page, who is signed in (the same words on every page:
// username（省局 · 江苏省）), 退出登录, a failed logout said, the nav between the pages, and a 演示数据 banner when
// the server runs on demo data (npm start -- --demo).
import type { ReactNode } from 'react'
import type { Me } from './types'

export function StaffHeader({
  page,
  me,
  onLogout,
  logoutError,
  nav,
}: {
  /** The page's name after 市监 · */
  page: string
  me: Me
  onLogout: () => void
  logoutError?: string
  nav: ReactNode
}) {
  return (
    <header className='top'>
      <div className='top-inner'>
        <p className='brand'>市监 · {page}</p>
        <p className='who'>
          <span>
            {me.username}（{me.role === 'province' ? '省局' : '市局'}
            {me.regionName ? ` · ${me.regionName}` : ''}）
          </span>
          <button type='button' onClick={onLogout}>
            退出登录
          </button>
        </p>
      </div>
      {logoutError && (
        <p className='alert error' role='alert'>
          {logoutError}
        </p>
      )}
      {nav}
      {me.demo && (
        <p className='demo-banner' role='note'>
          <strong>演示数据</strong> · {me.demo}
        </p>
      )}
    </header>
  )
}
