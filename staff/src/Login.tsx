// 用户名/密码. Errors said plainly: wrong name or password (401), too many attempts with the wait (429), the
// server unreachable. The message is announced (role=alert) and the focus goes back to the password.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ApiError, fetchDemo, logIn } from './api'

function waitLabel(seconds: number): string {
  if (seconds < 60) return `${seconds} 秒`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} 分钟`
}

export function loginErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return '用户名或密码不正确。'
    if (error.status === 429) {
      return error.retryAfter
        ? `登录失败次数过多，请在 ${waitLabel(error.retryAfter)}后再试。`
        : '登录失败次数过多，请稍后再试。'
    }
    if (error.status === 400) return '请填写用户名和密码。'
    if (error.status === 0) return '无法连接服务器，请检查网络后重试。'
    return `登录没有成功（服务器答复 ${error.status}），请稍后再试。`
  }
  return '登录没有成功，请稍后再试。'
}

export function Login({ notice, onLoggedIn }: { notice?: string; onLoggedIn: () => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const passwordField = useRef<HTMLInputElement>(null)
  const usernameField = useRef<HTMLInputElement>(null)

  const [demo, setDemo] = useState<string | null>(null)

  useEffect(() => {
    usernameField.current?.focus()
    void fetchDemo().then(setDemo)
  }, [])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!username.trim() || !password) {
      setError('请填写用户名和密码。')
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      await logIn(username.trim(), password)
      onLoggedIn()
    } catch (failure) {
      setError(loginErrorText(failure))
      setPassword('')
      setBusy(false)
      passwordField.current?.focus()
    }
  }

  return (
    <main id='main' className='page narrow'>
      <h1>市监工作台</h1>
      <p className='lead'>传播力看板与稿件编审，供省局和各设区市局工作人员使用。</p>
      {demo && (
        <p className='alert generated' role='note'>
          <strong>演示数据</strong> · {demo}（演示账号和密码见启动时的终端输出）
        </p>
      )}
      {notice && (
        <p className='alert info' role='status'>
          {notice}
        </p>
      )}
      <form
        className='login'
        onSubmit={(event) => void submit(event)}
        noValidate
        aria-describedby={error ? 'login-error' : undefined}
      >
        <h2>登录</h2>
        {error && (
          <p id='login-error' className='alert error' role='alert'>
            {error}
          </p>
        )}
        <div className='field'>
          <label htmlFor='username'>用户名</label>
          <input
            id='username'
            ref={usernameField}
            name='username'
            autoComplete='username'
            autoCapitalize='none'
            spellCheck={false}
            required
            maxLength={100}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className='field'>
          <label htmlFor='password'>密码</label>
          <input
            id='password'
            ref={passwordField}
            name='password'
            type='password'
            autoComplete='current-password'
            required
            maxLength={200}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <button type='submit' className='primary' disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  )
}
