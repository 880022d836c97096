// Who is logged in decides what shows: the login form, or the dashboard. A 401 anywhere brings the form back with
// a message saying why.
import { useCallback, useEffect, useState } from 'react'
import { ApiError, fetchMe, logOut } from './api'
import { Dashboard } from './Dashboard'
import { Login } from './Login'
import type { Me } from './types'

type State =
  { kind: 'checking' } | { kind: 'unreachable' } | { kind: 'login'; notice?: string } | { kind: 'in'; me: Me }

export function App() {
  const [state, setState] = useState<State>({ kind: 'checking' })

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

  return (
    <>
      <a className='skip' href='#main'>
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
      {state.kind === 'in' && <Dashboard me={state.me} onLoggedOut={onLoggedOut} onLogout={logout} />}
    </>
  )
}
