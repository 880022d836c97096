// The bar at the top of every page behind the login: which page, who is signed in (province or city bureau), 退出登录,
// a failed logout said, and the nav between the pages.
import type { ReactNode } from 'react'
import type { Me } from './types'

export function StaffHeader({
  page,
  me,
  regionName,
  onLogout,
  logoutError,
  nav,
}: {
  /** The page's name after 市监 · */
  page: string
  me: Me
  /** The account's region by name, when known */
  regionName?: string
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
            {regionName ? ` · ${regionName}` : ''}）
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
    </header>
  )
}
