// Who is logged in decides what shows: the login form, or the staff pages: 传播力看板 (the dashboard), 稿件 (the
// newsroom) and, for province accounts, 操作日志 (the audit log), chosen by the URL's hash (#/, #/newsroom/…, #/audit). A 401 anywhere brings the form back with a message
// saying why.
import { lazy, Suspense, useCallback, useEffect, useState, type MouseEvent } from 'react'
import { ApiError, fetchMe, logOut } from './api'
import { AUDIT_HASH, isAuditHash } from './audit/audit-api'
import { Login } from './Login'
import { StaffHeader } from './StaffHeader'
import { markNavigated, parseRoute, routeHash, type Route } from './newsroom/route'
import type { Me } from './types'

// The pages behind the login, each its own chunk loaded once signed in: the login page loads none of them
const Dashboard = lazy(() => import('./Dashboard').then((module) => ({ default: module.Dashboard })))
const AuditLog = lazy(() => import('./audit/AuditLog').then((module) => ({ default: module.AuditLog })))
const Newsroom = lazy(() => import('./newsroom/Newsroom').then((module) => ({ default: module.Newsroom })))

/** While a page's chunk loads (a moment on a fast line, longer on a weak one). */
const loadingPage = (
  <main id='main' className='page narrow' aria-busy='true'>
    <p className='muted'>正在载入…</p>
  </main>
)

type State =
  { kind: 'checking' } | { kind: 'unreachable' } | { kind: 'login'; notice?: string } | { kind: 'in'; me: Me }

function useRoute(): Route & { audit: boolean } {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  const [audit, setAudit] = useState(() => isAuditHash(window.location.hash))
  useEffect(() => {
    const onChange = () => {
      // Only #/… addresses are pages (#main of the skip link is not)
      if (window.location.hash && !window.location.hash.startsWith('#/')) return
      markNavigated()
      setRoute(parseRoute(window.location.hash))
      setAudit(isAuditHash(window.location.hash))
      window.scrollTo(0, 0)
    }
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  useEffect(() => {
    document.title = audit ? '操作日志 · 市监' : route.page === 'dashboard' ? '传播力看板 · 市监' : '稿件 · 市监'
  }, [route.page, audit])
  return { ...route, audit }
}

/** The staff pages (操作日志 for province accounts only), the one shown marked as the current page. */
function Switcher({ route, me }: { route: Route & { audit: boolean }; me: Me }) {
  const onDashboard = route.page === 'dashboard' && !route.audit
  const onNewsroom = route.page !== 'dashboard' && !route.audit
  return (
    <nav className='switch' aria-label='工作台'>
      <ul>
        <li>
          <a href={routeHash({ page: 'dashboard' })} aria-current={onDashboard ? 'page' : undefined}>
            传播力看板
          </a>
        </li>
        <li>
          <a href={routeHash({ page: 'list' })} aria-current={onNewsroom ? 'page' : undefined}>
            稿件
          </a>
        </li>
        {me.role === 'province' && (
          <li>
            <a href={AUDIT_HASH} aria-current={route.audit ? 'page' : undefined}>
              操作日志
            </a>
          </li>
        )}
      </ul>
    </nav>
  )
}

/** The skip link moves the focus to the page's main region without changing the address (the hash is the page). */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById('main')
  if (!main) return
  event.preventDefault()
  main.setAttribute('tabindex', '-1')
  main.focus()
}

export function App() {
  const [state, setState] = useState<State>({ kind: 'checking' })
  const [logoutError, setLogoutError] = useState<string>()
  const route = useRoute()

  const check = useCallback(async (notice?: string) => {
    setState({ kind: 'checking' })
    try {
      const me = await fetchMe()
      setState(me ? { kind: 'in', me } : { kind: 'login', notice })
    } catch {
      setState({ kind: 'unreachable' })
    }
  }, [])

  useEffect(() => {
    void check()
  }, [check])

  const onLoggedOut = useCallback((notice: string) => setState({ kind: 'login', notice }), [])

  const logout = useCallback(async (me: Me) => {
    try {
      await logOut(me.csrfToken)
      setState({ kind: 'login', notice: '已退出登录。' })
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ kind: 'login', notice: '已退出登录。' })
      else throw error
    }
  }, [])

  const newsroomLogout = async (me: Me) => {
    setLogoutError(undefined)
    try {
      await logout(me)
    } catch {
      setLogoutError('退出没有成功，请检查网络后重试。')
    }
  }

  return (
    <>
      <a className='skip' href='#main' onClick={skipToMain}>
        跳到主要内容
      </a>
      {state.kind === 'checking' && (
        <main id='main' className='page narrow' aria-busy='true'>
          <p role='status'>正在加载…</p>
        </main>
      )}
      {state.kind === 'unreachable' && (
        <main id='main' className='page narrow'>
          <h1>传播力看板</h1>
          <div className='alert error' role='alert'>
            <p>无法连接服务器，请检查网络后重试。</p>
          </div>
          <button type='button' onClick={() => void check()}>
            重试
          </button>
        </main>
      )}
      {state.kind === 'login' && <Login notice={state.notice} onLoggedIn={() => void check()} />}
      <Suspense fallback={loadingPage}>
        {state.kind === 'in' && route.page === 'dashboard' && !route.audit && (
          <Dashboard
            me={state.me}
            onLoggedOut={onLoggedOut}
            onLogout={logout}
            nav={<Switcher route={route} me={state.me} />}
          />
        )}
        {state.kind === 'in' && (route.page !== 'dashboard' || route.audit) && (
          <>
            <StaffHeader
              page={route.audit ? '操作日志' : '稿件'}
              me={state.me}
              onLogout={() => void newsroomLogout(state.me)}
              logoutError={logoutError}
              nav={<Switcher route={route} me={state.me} />}
            />
            {route.audit || route.page === 'dashboard' ? (
              <AuditLog me={state.me} onLoggedOut={onLoggedOut} />
            ) : (
              <Newsroom me={state.me} route={route} onLoggedOut={onLoggedOut} />
            )}
          </>
        )}
      </Suspense>
    </>
  )
}
