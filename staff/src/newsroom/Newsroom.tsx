// 稿件 (the newsroom) for one staff account: who it is for the newsroom (review steps, chains), the regions of
// site.yaml, then the list or one item by the URL's hash.
import { useEffect, useState } from 'react'
import { ApiError } from '../api'
import type { Me } from '../types'
import { ItemEditor } from './ItemEditor'
import { ItemList } from './ItemList'
import { errorText } from './labels'
import { fetchNewsroomMe, fetchRegions, type NewsroomMe, type Region } from './newsroom-api'
import type { Route } from './route'

export function Newsroom({
  me,
  route,
  onLoggedOut,
}: {
  me: Me
  route: Exclude<Route, { page: 'dashboard' }>
  onLoggedOut: (notice: string) => void
}) {
  const [newsroomMe, setNewsroomMe] = useState<NewsroomMe>()
  const [regions, setRegions] = useState<Region[]>([])
  const [error, setError] = useState<string>()

  const onUnauthorized = useState(() => () => onLoggedOut('登录已过期或已在别处退出，请重新登录。'))[0]

  useEffect(() => {
    fetchNewsroomMe().then(setNewsroomMe, (failure: unknown) => {
      if (failure instanceof ApiError && failure.status === 401) onUnauthorized()
      else if (failure instanceof ApiError && failure.status === 404)
        setError('服务器没有开启稿件功能（未配置数据库）。')
      else setError(errorText(failure))
    })
    fetchRegions().then(setRegions, () => setRegions([]))
  }, [onUnauthorized])

  return (
    <main id='main' className='page newsroom'>
      {error && (
        <p className='alert error' role='alert'>
          {error}
        </p>
      )}
      {!newsroomMe && !error && <p className='loading'>正在加载…</p>}
      {newsroomMe && route.page === 'list' && (
        <ItemList me={newsroomMe} regions={regions} onUnauthorized={onUnauthorized} />
      )}
      {newsroomMe && route.page === 'new' && (
        <ItemEditor
          key={`new/${route.collection}`}
          me={newsroomMe}
          csrf={me.csrfToken}
          regions={regions}
          collection={route.collection}
          onUnauthorized={onUnauthorized}
        />
      )}
      {newsroomMe && route.page === 'item' && (
        <ItemEditor
          key={`${route.collection}/${route.id}`}
          me={newsroomMe}
          csrf={me.csrfToken}
          regions={regions}
          collection={route.collection}
          id={route.id}
          onUnauthorized={onUnauthorized}
        />
      )}
    </main>
  )
}
