// 手机预览: a preview link for this draft (POST …/preview-links, server/newsroom/preview-links.ts) as a QR code to
// scan with WeChat on a phone, the H5 address, and the page and query for WeChat devtools' 编译模式. The link shows
// the newest saved version when opened (never unsaved text), marked 草稿, and stops working when it expires or the
// item is withdrawn. Each link made is written to the audit log.
import { useId, useState } from 'react'
import { ApiError, call } from '../api'
import { errorText, timeLabel } from './labels'

interface PreviewLink {
  token: string
  url: string
  page: string
  query: string
  expiresAt: string
  version: number
  qrSvg: string
}

const HOURS = [
  { hours: 2, label: '2 小时' },
  { hours: 24, label: '24 小时' },
  { hours: 72, label: '3 天' },
]

async function makeLink(csrf: string, collection: string, id: string, hours: number): Promise<PreviewLink> {
  const response = await call(
    `/newsroom/items/${encodeURIComponent(collection)}/${encodeURIComponent(id)}/preview-links`,
    {
      method: 'POST',
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ hours }),
    },
  )
  return (await response.json()) as PreviewLink
}

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
  const [link, setLink] = useState<PreviewLink>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const make = async () => {
    setBusy(true)
    setError(undefined)
    try {
      setLink(await makeLink(csrf, collection, id, hours))
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return onUnauthorized()
      setError(errorText(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className='preview-links' aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>手机预览</h2>
      <p className='muted small'>
        生成只对这篇稿件有效、会过期的预览链接：用手机微信扫码，或在微信开发者工具中打开，页面标有“草稿”。链接显示打开时最新保存的版本。
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
            有效期至 <strong>{timeLabel(Date.parse(link.expiresAt))}</strong>（生成时为第 {link.version} 版）。
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
    </section>
  )
}
