// 手机预览: a preview link for this draft (POST …/preview-links, server/newsroom/preview-links.ts) as a QR code to
// scan with WeChat on a phone, the H5 address, and the page and query for WeChat devtools' 编译模式. The link shows
// the version saved when it was made, or (chosen when making it) the newest saved version whenever it is opened,
// never unsaved text, marked 草稿; it stops working when it expires, is revoked or the item is withdrawn. Below, the
// item's live links (GET …/preview-links: what each shows, until when, who made it), each with 撤销 (DELETE …/:link):
// the phone then says 预览链接已撤销. Making and revoking a link are written to the audit log.
import { useCallback, useEffect, useId, useState } from 'react'
import type { PreviewLinkEntry } from '../../../src/model/newsroom'
import { ApiError, call } from '../api'
import { errorText, timeLabel } from './labels'

interface PreviewLink {
  token: string
  link: string
  url: string
  page: string
  query: string
  expiresAt: string
  version: number
  followsNewest: boolean
  qrSvg: string
}

const HOURS = [
  { hours: 2, label: '2 小时' },
  { hours: 24, label: '24 小时' },
  { hours: 72, label: '3 天' },
]

const linksPath = (collection: string, id: string) =>
  `/newsroom/items/${encodeURIComponent(collection)}/${encodeURIComponent(id)}/preview-links`

async function makeLink(
  csrf: string,
  collection: string,
  id: string,
  hours: number,
  followsNewest: boolean,
): Promise<PreviewLink> {
  const response = await call(linksPath(collection, id), {
    method: 'POST',
    headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ hours, followsNewest }),
  })
  return (await response.json()) as PreviewLink
}

async function fetchLinks(collection: string, id: string): Promise<PreviewLinkEntry[]> {
  return ((await (await call(linksPath(collection, id))).json()) as { links: PreviewLinkEntry[] }).links
}

async function revokeLink(csrf: string, collection: string, id: string, link: string): Promise<void> {
  await call(`${linksPath(collection, id)}/${encodeURIComponent(link)}`, {
    method: 'DELETE',
    headers: { 'x-csrf-token': csrf },
  })
}

const shows = (link: { version: number | null; followsNewest: boolean }) =>
  link.followsNewest || link.version === null ? '最新保存的版本' : `第 ${link.version} 版`

function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'ok' | 'failed'>()
  return (
    <button
      type='button'
      onClick={() => {
        navigator.clipboard?.writeText(text).then(
          () => setDone('ok'),
          () => setDone('failed'),
        ) ?? setDone('failed')
      }}
    >
      {done === 'ok' ? '已复制' : done === 'failed' ? '无法复制，请手动选择' : label}
    </button>
  )
}

export function PreviewLinks({
  csrf,
  collection,
  id,
  version,
  dirty,
  onUnauthorized,
}: {
  csrf: string
  collection: string
  id: string
  /** The newest saved version (what the link shows) */
  version: number
  /** Unsaved changes in the editor: the link does not show them */
  dirty: boolean
  onUnauthorized: () => void
}) {
  const uid = useId()
  const [hours, setHours] = useState(24)
  const [followsNewest, setFollowsNewest] = useState(false)
  const [link, setLink] = useState<PreviewLink>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [live, setLive] = useState<PreviewLinkEntry[]>()
  const [listError, setListError] = useState<string>()
  const [revoking, setRevoking] = useState<string>()
  const [revoked, setRevoked] = useState<string>()

  const failed = useCallback(
    (failure: unknown, say: (text: string) => void) => {
      if (failure instanceof ApiError && failure.status === 401) return onUnauthorized()
      say(errorText(failure))
    },
    [onUnauthorized],
  )

  const refresh = useCallback(async () => {
    try {
      setLive(await fetchLinks(collection, id))
      setListError(undefined)
    } catch (failure) {
      failed(failure, setListError)
    }
  }, [collection, id, failed])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const make = async () => {
    setBusy(true)
    setError(undefined)
    setRevoked(undefined)
    try {
      setLink(await makeLink(csrf, collection, id, hours, followsNewest))
    } catch (failure) {
      failed(failure, setError)
    } finally {
      setBusy(false)
    }
    await refresh()
  }

  const revoke = async (entry: PreviewLinkEntry) => {
    setRevoking(entry.link)
    setListError(undefined)
    setRevoked(undefined)
    try {
      await revokeLink(csrf, collection, id, entry.link)
      if (link?.link === entry.link) setLink(undefined)
      setRevoked(
        `已撤销 ${entry.createdBy} 生成、有效期至 ${timeLabel(Date.parse(entry.expiresAt))} 的预览链接：手机上打开它将显示“预览链接已撤销”。`,
      )
    } catch (failure) {
      failed(failure, setListError)
    } finally {
      setRevoking(undefined)
    }
    await refresh()
  }

  return (
    <section className='preview-links' aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>手机预览</h2>
      <p className='muted small'>
        生成只对这篇稿件有效、会过期、可随时撤销的预览链接：用手机微信扫码，或在微信开发者工具中打开，页面标有“草稿”。链接默认只显示生成时的版本；选择“始终显示最新保存的版本”，手机上会注明它跟随最新草稿。
      </p>
      {dirty && <p className='alert info'>有未保存的修改：预览只显示已保存的版本（当前第 {version} 版），请先保存。</p>}
      <div className='preview-links-make'>
        <label htmlFor={`${uid}-hours`}>有效期</label>
        <select id={`${uid}-hours`} value={hours} onChange={(event) => setHours(Number(event.target.value))}>
          {HOURS.map((option) => (
            <option key={option.hours} value={option.hours}>
              {option.label}
            </option>
          ))}
        </select>
        <label htmlFor={`${uid}-shows`}>显示</label>
        <select
          id={`${uid}-shows`}
          value={followsNewest ? 'newest' : 'version'}
          onChange={(event) => setFollowsNewest(event.target.value === 'newest')}
        >
          <option value='version'>生成时的版本（第 {version} 版）</option>
          <option value='newest'>始终显示最新保存的版本</option>
        </select>
        <button type='button' className='primary' disabled={busy} onClick={() => void make()}>
          {busy ? '正在生成…' : link ? '重新生成预览链接' : '生成预览链接'}
        </button>
      </div>
      {error && (
        <p className='alert error' role='alert'>
          {error}
        </p>
      )}
      {link && (
        <div className='preview-link' role='group' aria-label='预览链接'>
          <p>
            有效期至 <strong>{timeLabel(Date.parse(link.expiresAt))}</strong>
            {link.followsNewest
              ? `（跟随最新保存的版本，生成时为第 ${link.version} 版）。`
              : `（只显示第 ${link.version} 版）。`}
            请勿转发给审核人员以外的人。
          </p>
          <div
            className='qr'
            role='img'
            aria-label={`预览二维码：用手机微信扫一扫打开 ${link.url}`}
            // The server's SVG from the qrcode library (two <path> elements of numbers, no script, no style) for
            // the link it just made; the page's CSP allows no inline script in any case
            // eslint-disable-next-line react/no-danger
            dangerouslySetInnerHTML={{ __html: link.qrSvg }}
          />
          <p className='preview-link-row'>
            <span>手机或浏览器：</span>
            <a href={link.url} target='_blank' rel='noopener noreferrer' className='preview-url'>
              {link.url}
            </a>
            <CopyButton text={link.url} label='复制链接' />
          </p>
          <p className='preview-link-row'>
            <span>微信开发者工具：</span>
            <span>
              添加编译模式，启动页面 <code>{link.page}</code>，启动参数{' '}
              <code className='preview-url'>{link.query}</code>
            </span>
            <CopyButton text={link.query} label='复制启动参数' />
          </p>
        </div>
      )}
      <h3 id={`${uid}-live`}>有效的预览链接</h3>
      {revoked && (
        <p className='alert info' role='status'>
          {revoked}
        </p>
      )}
      {listError && (
        <p className='alert error' role='alert'>
          {listError}
        </p>
      )}
      {!live && !listError && <p className='muted'>正在读取…</p>}
      {live && live.length === 0 && <p className='muted'>这篇稿件没有有效的预览链接。</p>}
      {live && live.length > 0 && (
        <div className='scroll' role='region' aria-labelledby={`${uid}-live`} tabIndex={0}>
          <table className='data preview-links-live'>
            <caption>未过期、未撤销的链接，最新生成的在前；撤销后手机上打开显示“预览链接已撤销”</caption>
            <thead>
              <tr>
                <th scope='col' className='text'>
                  显示
                </th>
                <th scope='col' className='text'>
                  有效期至
                </th>
                <th scope='col' className='text'>
                  生成人
                </th>
                <th scope='col' className='text'>
                  生成于
                </th>
                <th scope='col' className='text'>
                  操作
                </th>
              </tr>
            </thead>
            <tbody>
              {live.map((entry) => (
                <tr key={entry.link}>
                  <td className='text'>{shows(entry)}</td>
                  <td className='text'>{timeLabel(Date.parse(entry.expiresAt))}</td>
                  <td className='text'>{entry.createdBy}</td>
                  <td className='text'>{timeLabel(Date.parse(entry.createdAt))}</td>
                  <td className='text'>
                    <button
                      type='button'
                      disabled={revoking !== undefined}
                      aria-label={`撤销 ${entry.createdBy} 生成、显示${shows(entry)}、有效期至 ${timeLabel(Date.parse(entry.expiresAt))} 的预览链接`}
                      onClick={() => void revoke(entry)}
                    >
                      {revoking === entry.link ? '正在撤销…' : '撤销'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
