// A labelled file picker that uploads what is picked (POST /uploads) and hands the stored path on: for an image
// field (分享图, 封面, 海报) and for the body's 插入图片. The type is checked by the server from the bytes; its refusals
// (415 type, 413 size, 400 damaged) are said next to the picker, and nothing typed elsewhere is touched.
import { useId, useRef, useState } from 'react'
import { ApiError } from '../api'
import { uploadWarningText } from '../../../src/model/error-messages'
import { errorText } from './labels'
import { uploadMedia, type UploadAnswer } from './newsroom-api'

/** Where an upload is: being sent, stored, or refused (with the server's reason). */
type UploadProgress = { kind: 'busy' | 'done' | 'error'; text: string }

/** An upload's progress said under its picker: a refusal as an alert, the rest as a status. */
function UploadState({ id, state }: { id: string; state: UploadProgress | undefined }) {
  return (
    <div id={id}>
      {state && (
        <p
          className={state.kind === 'error' ? 'field-error' : 'hint'}
          role={state.kind === 'error' ? 'alert' : 'status'}
        >
          {state.text}
        </p>
      )}
    </div>
  )
}

/** A refusal said by its code and the server's details (the table in src/model/error-messages.ts). */
export function uploadErrorText(failure: unknown): string {
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
  const [state, setState] = useState<UploadProgress>()

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
      <UploadState id={`${id}-state`} state={state} />
    </div>
  )
}

/** A video (MP4, H.264) with its poster, sent together: both paths handed on when both are stored. */
export function VideoUploadPicker({
  csrf,
  publisher,
  disabled,
  onUploaded,
  onUnauthorized,
}: {
  csrf: string
  publisher: string
  disabled?: boolean
  onUploaded: (answer: UploadAnswer) => void
  onUnauthorized: () => void
}) {
  const id = useId()
  const videoInput = useRef<HTMLInputElement>(null)
  const posterInput = useRef<HTMLInputElement>(null)
  const [state, setState] = useState<UploadProgress>()

  const send = async () => {
    const video = videoInput.current?.files?.[0]
    const poster = posterInput.current?.files?.[0]
    if (!video || !poster) {
      setState({ kind: 'error', text: '请先选择视频文件和它的海报图片。' })
      return
    }
    setState({ kind: 'busy', text: `正在上传 ${video.name} 和海报…` })
    try {
      const answer = await uploadMedia(csrf, 'video', publisher, video, poster)
      onUploaded(answer)
      const notes = answer.warnings.length ? `（注意：${answer.warnings.map(uploadWarningText).join('；')}）` : ''
      setState({ kind: 'done', text: `已上传 ${video.name}：${answer.src ?? ''}，海报 ${answer.poster ?? ''}${notes}` })
      if (videoInput.current) videoInput.current.value = ''
      if (posterInput.current) posterInput.current.value = ''
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) onUnauthorized()
      setState({ kind: 'error', text: uploadErrorText(failure) })
    }
  }

  return (
    <fieldset className={`upload${state?.kind === 'error' ? ' invalid' : ''}`} aria-describedby={`${id}-state`}>
      <legend>上传视频及海报</legend>
      <label htmlFor={`${id}-video`} className='upload-label'>
        视频文件（MP4，H.264，最大 50 MB）
      </label>
      <input ref={videoInput} id={`${id}-video`} type='file' accept='video/mp4' disabled={disabled} />
      <label htmlFor={`${id}-poster`} className='upload-label'>
        视频海报（JPEG、PNG 或 WebP，最大 5 MB）
      </label>
      <input
        ref={posterInput}
        id={`${id}-poster`}
        type='file'
        accept='image/jpeg,image/png,image/webp'
        disabled={disabled}
      />
      <div className='actions'>
        <button
          type='button'
          className='small'
          disabled={disabled || state?.kind === 'busy'}
          onClick={() => void send()}
        >
          上传视频和海报
        </button>
      </div>
      <UploadState id={`${id}-state`} state={state} />
    </fieldset>
  )
}
