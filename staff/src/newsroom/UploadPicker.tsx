// A labelled file picker that uploads what is picked (POST /uploads) and hands the stored path on: for an image
// field (分享图, 封面, 海报) and for the body's 插入图片. The type is checked by the server from the bytes; its refusals
// (415 type, 413 size, 400 damaged) are said next to the picker, and nothing typed elsewhere is touched.
import { useId, useRef, useState } from 'react'
import { ApiError } from '../api'
import { errorText } from './labels'
import { uploadMedia, type UploadAnswer } from './newsroom-api'

export function uploadErrorText(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 415) {
    return `文件类型不支持：只能上传 JPEG、PNG 或 WebP 图片，按文件内容判断，改扩展名无效。（${failure.message}）`
  }
  if (failure instanceof ApiError && failure.status === 413) {
    return `文件太大：图片最大 5 MB、每边不超过 4096 像素。（${failure.message}）`
  }
  if (failure instanceof ApiError && failure.code === 'BAD_UPLOAD') {
    return `文件无法读取，可能已损坏。（${failure.message}）`
  }
  return errorText(failure)
}

export function UploadPicker({
  label,
  kind,
  csrf,
  publisher,
  disabled,
  onUploaded,
  onUnauthorized,
}: {
  label: string
  kind: 'image' | 'poster'
  csrf: string
  publisher: string
  disabled?: boolean
  onUploaded: (answer: UploadAnswer, file: File) => void
  onUnauthorized: () => void
}) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [state, setState] = useState<{ kind: 'busy' | 'done' | 'error'; text: string }>()

  const pick = async (file: File | undefined) => {
    if (!file) return
    setState({ kind: 'busy', text: `正在上传 ${file.name}…` })
    try {
      const answer = await uploadMedia(csrf, kind, publisher, file)
      onUploaded(answer, file)
      setState({ kind: 'done', text: `已上传 ${file.name}：${answer.path ?? ''}` })
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) onUnauthorized()
      setState({ kind: 'error', text: uploadErrorText(failure) })
    } finally {
      if (input.current) input.current.value = ''
    }
  }

  return (
    <div className={`upload${state?.kind === 'error' ? ' invalid' : ''}`}>
      <label htmlFor={id} className='upload-label'>
        {label}
      </label>
      <input
        ref={input}
        id={id}
        type='file'
        accept='image/jpeg,image/png,image/webp'
        disabled={disabled || state?.kind === 'busy'}
        aria-describedby={`${id}-state`}
        aria-invalid={state?.kind === 'error' || undefined}
        onChange={(event) => void pick(event.target.files?.[0])}
      />
      <div id={`${id}-state`}>
        {state && (
          <p
            className={state.kind === 'error' ? 'field-error' : 'hint'}
            role={state.kind === 'error' ? 'alert' : 'status'}
          >
            {state.text}
          </p>
        )}
      </div>
    </div>
  )
}
