// One item: its form (from the collection's schema), the Markdown body with the live preview the app would draw,
// and what this account may do at its state: save (If-Match; a 412 shows what changed and keeps the text typed),
// submit, approve or return at the waiting step, publish after the last step, withdraw (撤稿) and correct (更正).
// Which of these it shows is what the server answered with the item (`actions`, the routes' own checks): an author
// never sees 初审通过 / 退回修改 on their own item, nor anyone a button the server would refuse for who they are.
// The checks before 终审, the diff between versions and the item's history are shown with it. The server decides:
// its refusals (403, 409, 422) are said as they come.
// Autosave: while the form has changes, they are kept on the server for this account (about 2 s after typing stops,
// at least every 10 s while it goes on; not a version), the status said next to the save buttons. Opening the item
// (or a new item's form) with an autosave that differs from what is shown offers to restore or discard it; one based
// on an older version is saved against that version, so the save meets the 412 conflict flow. Leaving the page warns
// only when some change is neither saved nor autosaved.
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react'
import type { Block } from '../../../src/model/blocks'
import type { NewsroomAction } from '../../../src/model/newsroom'
import { ExplainerFrontMatter } from '../../../src/model/explainer'
import { NewsFrontMatter } from '../../../src/model/news'
import { VideoFrontMatter } from '../../../src/model/video'
import { WarningFrontMatter } from '../../../src/model/warning'
import { ApiError, STAFF_API } from '../api'
import { BlocksView } from './BlocksView'
import type { MarkdownEditorHandle } from './MarkdownEditor'
import { ACTION_LABELS, collectionName, errorText, pointerLabel, problemText, stateLabel, timeLabel } from './labels'
import {
  approveItem,
  correctItem,
  createItem,
  deleteAutosave,
  fetchAutosave,
  fetchChecks,
  fetchDiff,
  fetchHistory,
  fetchItem,
  previewBlocks,
  publishItem,
  putAutosave,
  returnItem,
  saveItem,
  submitItem,
  withdrawItem,
  type Autosave,
  type Checks,
  type Diff,
  type FieldChange,
  type HistoryEntry,
  type ItemDetail,
  type NewsroomMe,
  type Region,
} from './newsroom-api'
import { PreviewLinks } from './PreviewLinks'
import { VersionChanges } from './VersionChanges'
import { routeHash, wasNavigated } from './route'
import { UploadPicker, VideoUploadPicker } from './UploadPicker'
import { emptyValue, inputId, SchemaForm, toData, type JsonSchema, type Values } from './SchemaForm'

const SCHEMAS: Record<string, JsonSchema> = {
  warnings: WarningFrontMatter as unknown as JsonSchema,
  explainers: ExplainerFrontMatter as unknown as JsonSchema,
  news: NewsFrontMatter as unknown as JsonSchema,
  videos: VideoFrontMatter as unknown as JsonSchema,
}

/** The top-level fields that name an image under media/, and the kind of upload each takes. */
const MEDIA_FIELDS: Record<string, 'image' | 'poster'> = { shareImage: 'image', cover: 'image', poster: 'poster' }

/**
 * The URL the staff app shows a media path from: the newsroom's media route (server/newsroom/media-routes.ts), as an
 * upload is not served at /media/ until an item naming it is published; the path as the server's mediaUrl makes it.
 */
const mediaPreviewUrl = (ref: string) =>
  `${STAFF_API}/newsroom/media/` +
  ref
    .trim()
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/^media\//, '')
    .split('/')
    .map(encodeURIComponent)
    .join('/')

// CodeMirror on a chunk of its own, loaded when an item is opened
const MarkdownEditor = lazy(() => import('./MarkdownEditor'))

/** Autosave: this long after the last change, and at most this long after the first one not yet kept. */
const AUTOSAVE_QUIET_MS = 2000
const AUTOSAVE_MAX_WAIT_MS = 10_000

const clockLabel = (ms: number) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms))

/** The form's content as one string, to tell whether it changed since it was kept. */
const contentKey = (values: unknown, body: string) => JSON.stringify([values, body])

type AutosaveStatus = { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'failed'; reason: string }

const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())

interface Conflict {
  message: string
  currentVersion: number
  changedFields: string[]
  fields: FieldChange[]
  bodyPatch: string
  diff: string
  savedSince: { version: number; savedBy: string; savedAt: number }[]
}

type Dialog = 'withdraw' | 'correct' | null

/**
 * Before the first publication: the public id the item will have for good (its 标识, in share links), and, once the
 * one wished for was found taken, a field to choose another.
 */
function PublicIdChoice({
  wished,
  choice,
  onChoose,
  uid,
}: {
  wished: string
  choice: string | undefined
  onChoose: (value: string) => void
  uid: string
}) {
  if (choice === undefined) {
    return <p className='muted'>发布后的标识（网址用，发布后不再改变）：{wished}</p>
  }
  return (
    <div className='field'>
      <label htmlFor={`${uid}-public-id`}>另选一个标识（网址用，发布后不再改变）</label>
      <p id={`${uid}-public-id-hint`} className='hint'>
        “{wished}”已被其他已发布的内容使用。只能用小写字母、数字和连字符，如 fake-health-products。
      </p>
      <input
        id={`${uid}-public-id`}
        value={choice}
        aria-describedby={`${uid}-public-id-hint`}
        onChange={(event) => onChoose(event.target.value)}
      />
    </div>
  )
}

export function ItemEditor({
  me,
  csrf,
  regions,
  collection,
  id,
  onUnauthorized,
}: {
  me: NewsroomMe
  csrf: string
  regions: Region[]
  collection: string
  /** undefined: a new item */
  id?: string
  onUnauthorized: () => void
}) {
  const uid = useId()
  const schema = SCHEMAS[collection]
  const [item, setItem] = useState<ItemDetail>()
  const [loadError, setLoadError] = useState<string>()
  const [initialValues] = useState<Values>(() => ({
    ...(emptyValue(schema ?? {}) as Values),
    publishedAt: shanghaiToday(),
  }))
  const [values, setValues] = useState<Values>(initialValues)
  const [body, setBody] = useState('')
  const [dirty, setDirty] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string }>()
  const [conflict, setConflict] = useState<Conflict>()
  const [busy, setBusy] = useState(false)
  const [blocks, setBlocks] = useState<Block[]>([])
  const [previewProblems, setPreviewProblems] = useState<string[]>([])
  const [previewState, setPreviewState] = useState<'idle' | 'loading' | 'error'>('idle')
  const [comment, setComment] = useState('')
  const [commentError, setCommentError] = useState<string>()
  const [checks, setChecks] = useState<Checks>()
  const [diff, setDiff] = useState<Diff>()
  const [history, setHistory] = useState<HistoryEntry[]>()
  const [dialog, setDialog] = useState<Dialog>(null)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  /** Another public id to publish under, asked for once the one wished for was found taken (409 PUBLIC_ID_TAKEN) */
  const [publicIdChoice, setPublicIdChoice] = useState<string>()
  const heading = useRef<HTMLHeadingElement>(null)
  const messageRef = useRef<HTMLDivElement>(null)
  const reasonRef = useRef<HTMLTextAreaElement>(null)
  const bodyRef = useRef<MarkdownEditorHandle>(null)
  const [autosaveStatus, setAutosaveStatus] = useState<AutosaveStatus>()
  /** An autosave of this account that differs from what was loaded: offered to restore or discard */
  const [offered, setOffered] = useState<Autosave>()
  /** The version the form's content is based on when it came from an autosave of an older one */
  const [restoredBase, setRestoredBase] = useState<number>()
  /** The content last kept by an autosave (or loaded), and when the first change not yet kept was made */
  const keptKey = useRef<string>()
  const firstUnkept = useRef<number>()

  const fail = useCallback(
    (failure: unknown) => {
      if (failure instanceof ApiError && failure.status === 401) {
        onUnauthorized()
        return
      }
      if (failure instanceof ApiError && failure.code === 'PUBLIC_ID_TAKEN') setPublicIdChoice((choice) => choice ?? '')
      if (failure instanceof ApiError && failure.code === 'CHECKS_FAILED') {
        const answer = failure.body as { checks?: Omit<Checks, 'version' | 'passed'> } | undefined
        if (answer?.checks) setChecks({ version: 0, passed: false, ...answer.checks })
      }
      setMessage({ kind: 'error', text: errorText(failure) })
      setTimeout(() => messageRef.current?.focus(), 0)
    },
    [onUnauthorized],
  )

  /** Shows an item as the server answered it: its fields and body replace the form's. */
  const show = useCallback((detail: ItemDetail) => {
    setItem(detail)
    setValues(detail.data)
    setBody(detail.body)
    setDirty(false)
    setErrors({})
    setConflict(undefined)
    setRestoredBase(undefined)
    setAutosaveStatus(undefined)
    keptKey.current = contentKey(detail.data, detail.body)
    firstUnkept.current = undefined
  }, [])

  const loadExtras = useCallback(async (detail: ItemDetail) => {
    if (detail.version < 1) return
    const [checked, changes, log] = await Promise.allSettled([
      fetchChecks(detail.collection, detail.id),
      fetchDiff(detail.collection, detail.id, Math.max(0, (detail.submittedVersion ?? detail.version) - 1)),
      fetchHistory(detail.collection, detail.id),
    ])
    if (checked.status === 'fulfilled') setChecks(checked.value)
    if (changes.status === 'fulfilled') setDiff(changes.value)
    if (log.status === 'fulfilled') setHistory(log.value.entries)
  }, [])

  useEffect(() => {
    if (!id) {
      if (wasNavigated()) heading.current?.focus()
      let cancelled = false
      // A new item's form: an autosave of an earlier one of this collection, if it holds anything
      fetchAutosave(collection).then(
        (kept) => {
          if (!cancelled && kept && contentKey(kept.data, kept.body) !== contentKey(initialValues, '')) setOffered(kept)
        },
        () => undefined,
      )
      return () => {
        cancelled = true
      }
    }
    let cancelled = false
    fetchItem(collection, id).then(
      (detail) => {
        if (cancelled) return
        show(detail)
        void loadExtras(detail)
        if (wasNavigated()) heading.current?.focus()
        fetchAutosave(collection, id).then(
          (kept) => {
            if (cancelled || !kept) return
            if (contentKey(kept.data, kept.body) !== contentKey(detail.data, detail.body)) setOffered(kept)
          },
          () => undefined,
        )
      },
      (failure: unknown) => {
        if (cancelled) return
        if (failure instanceof ApiError && failure.status === 401) onUnauthorized()
        else setLoadError(failure instanceof ApiError && failure.status === 404 ? '没有这篇稿件。' : errorText(failure))
      },
    )
    return () => {
      cancelled = true
    }
  }, [collection, id, show, loadExtras, onUnauthorized, initialValues])

  // Autosave: the form as typed, kept for this account while it has changes (not while an autosave is offered:
  // that one would be replaced before the user chose)
  const mayAutosave = dirty && !offered && schema !== undefined && (!item || item.actions.includes('save'))
  const baseVersion = conflict?.currentVersion ?? restoredBase ?? item?.version ?? 0
  const itemId = item?.id
  useEffect(() => {
    if (!mayAutosave) return
    const key = contentKey(values, body)
    if (key === keptKey.current) return
    const now = Date.now()
    firstUnkept.current ??= now
    const wait = Math.max(0, Math.min(AUTOSAVE_QUIET_MS, firstUnkept.current + AUTOSAVE_MAX_WAIT_MS - now))
    const timer = setTimeout(() => {
      setAutosaveStatus({ kind: 'saving' })
      putAutosave(csrf, collection, itemId, baseVersion, values, body).then(
        (kept) => {
          keptKey.current = key
          firstUnkept.current = undefined
          setAutosaveStatus({ kind: 'saved', at: kept.savedAt })
        },
        (failure: unknown) => setAutosaveStatus({ kind: 'failed', reason: errorText(failure) }),
      )
    }, wait)
    // (a request under way is left to finish: what it sends was typed)
    return () => clearTimeout(timer)
  }, [mayAutosave, values, body, csrf, collection, itemId, baseVersion])

  // Leaving the page warns only about changes neither saved nor autosaved
  const unkept = useRef(false)
  unkept.current = dirty && contentKey(values, body) !== keptKey.current
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!unkept.current) return
      event.preventDefault()
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [])

  // The live preview: the server's blocks for the body, 400 ms after the last keystroke
  useEffect(() => {
    const controller = new AbortController()
    setPreviewState('loading')
    const timer = setTimeout(() => {
      previewBlocks(csrf, body, controller.signal).then(
        (answer) => {
          setBlocks(answer.blocks)
          setPreviewProblems(answer.problems)
          setPreviewState('idle')
        },
        () => {
          if (!controller.signal.aborted) setPreviewState('error')
        },
      )
    }, 400)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [body, csrf])

  if (!schema) return <p className='alert error'>没有这个栏目：{collection}</p>
  if (loadError) {
    return (
      <>
        <h1>稿件</h1>
        <p className='alert error' role='alert'>
          {loadError}
        </p>
        <a href={routeHash({ page: 'list' })}>返回稿件列表</a>
      </>
    )
  }
  if (id && !item) return <p className='loading'>正在加载…</p>

  const provinceId = regions.find((region) => region.kind === 'province')?.id ?? ''
  const publisher = item?.publisher ?? (me.role === 'city' ? me.region : provinceId)
  // What this account may do now, as the server answered with the item: the buttons follow it (a new item's form is
  // this account's to fill, for its own region)
  const may = (action: NewsroomAction) => item?.actions.includes(action) ?? false
  const chain = item?.chain ?? me.chains[collection] ?? []
  const lastStep = chain[chain.length - 1]
  const state = item?.state ?? 'draft'
  const isNew = !item
  const editable = isNew || may('save')

  const change = (next: Values) => {
    setValues(next)
    setDirty(true)
  }

  const data = () => toData(schema, values) as Values

  /** An image field's picker and the image it names (the value set when the upload is answered). */
  const mediaSlot = (name: string, value: unknown) => {
    if (name === 'src' && collection === 'videos') {
      return editable ? (
        <VideoUploadPicker
          csrf={csrf}
          publisher={String(values.publisher || publisher)}
          onUnauthorized={onUnauthorized}
          onUploaded={(answer) => {
            if (!answer.src || !answer.poster) return
            const seconds = Math.round(answer.durationSeconds ?? 0)
            setValues((current) => ({
              ...current,
              src: answer.src,
              poster: answer.poster,
              // The duration read from the file, unless one was typed
              ...(seconds >= 1 && (current.durationSeconds === '' || current.durationSeconds === undefined)
                ? { durationSeconds: String(seconds) }
                : {}),
            }))
            setDirty(true)
          }}
        />
      ) : null
    }
    const kind = MEDIA_FIELDS[name]
    if (!kind) return null
    const path = typeof value === 'string' ? value.trim() : ''
    return (
      <div className='media-field'>
        {editable && (
          <UploadPicker
            label={`上传${kind === 'poster' ? '海报' : name === 'cover' ? '封面' : '分享图'}图片（JPEG、PNG 或 WebP，最大 5 MB）`}
            kind={kind}
            csrf={csrf}
            publisher={String(values.publisher || publisher)}
            onUnauthorized={onUnauthorized}
            onUploaded={(answer) => {
              if (!answer.path) return
              setValues((current) => ({ ...current, [name]: answer.path }))
              setDirty(true)
            }}
          />
        )}
        {path && !/^https?:\/\//i.test(path) && (
          <img
            className='media-thumb'
            src={mediaPreviewUrl(path)}
            alt={`${name === 'cover' ? '封面' : name === 'poster' ? '海报' : '分享图'}：${path}`}
          />
        )}
      </div>
    )
  }

  /** The body's 插入图片: the Markdown of the uploaded image put at the cursor, as a paragraph of its own. */
  const insertImage = (imagePath: string, fileName: string) => {
    const alt = fileName.replace(/\.[^.]*$/, '').replace(/[[\]]/g, '') || '图片'
    const markdown = `![${alt}](${imagePath})`
    const paragraph = (before: string, after: string) => {
      const lead = before === '' ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n'
      const tail = after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n'
      return lead + markdown + tail
    }
    if (bodyRef.current) bodyRef.current.insert(paragraph)
    else {
      // The editor not loaded yet: at the end
      setBody((current) => current + paragraph(current, ''))
      setDirty(true)
    }
  }

  /** The autosave offered, put in the form (its base version kept for the save's If-Match). */
  const restore = (kept: Autosave) => {
    setValues(kept.data)
    setBody(kept.body)
    setDirty(true)
    keptKey.current = contentKey(kept.data, kept.body)
    firstUnkept.current = undefined
    if (item && kept.baseVersion !== item.version) setRestoredBase(kept.baseVersion)
    setOffered(undefined)
    setAutosaveStatus({ kind: 'saved', at: kept.savedAt })
    setMessage({ kind: 'info', text: '已恢复自动保存的修改；尚未保存为版本，请检查后保存。' })
  }

  const discard = async () => {
    setOffered(undefined)
    try {
      await deleteAutosave(csrf, collection, item?.id)
    } catch (failure) {
      fail(failure)
    }
  }

  const fieldErrors = (failure: unknown) => {
    if (!(failure instanceof ApiError) || failure.code !== 'BAD_FIELD') return false
    const fields = (failure.body?.fields ?? []) as { pointer: string; message: string }[]
    const map: Record<string, string> = {}
    for (const field of fields) map[field.pointer || '/'] = field.message
    setErrors(map)
    const list = fields
      .map((field) => `${pointerLabel(field.pointer)}：${problemText(field.message, field.pointer)}`)
      .join('；')
    setMessage({ kind: 'error', text: `有 ${fields.length} 处没有填对，没有保存：${list}` })
    const first = fields[0]?.pointer
    setTimeout(() => {
      const target = first ? document.getElementById(inputId(first)) : null
      if (target) target.focus()
      else messageRef.current?.focus()
    }, 0)
    return true
  }

  /** Saves (creates) the form; the saved item, or undefined when refused (the reason shown). */
  const save = async (navigate = true): Promise<ItemDetail | undefined> => {
    setBusy(true)
    setMessage(undefined)
    try {
      if (isNew) {
        const created = await createItem(csrf, collection, data(), body)
        show(created)
        // (Opening the saved item's address shows it afresh from the server)
        if (navigate) window.location.hash = routeHash({ page: 'item', collection, id: created.id })
        setMessage({ kind: 'info', text: `已保存为第 ${created.version} 版草稿。` })
        return created
      }
      const expected = conflict?.currentVersion ?? restoredBase ?? item.version
      const saved = await saveItem(csrf, collection, item.id, expected, data(), body)
      show(saved)
      void loadExtras(saved)
      setMessage({ kind: 'info', text: `已保存为第 ${saved.version} 版。` })
      return saved
    } catch (failure) {
      if (fieldErrors(failure)) return undefined
      if (failure instanceof ApiError && failure.status === 412) {
        const answer = failure.body as unknown as Conflict & { currentVersion: number }
        setConflict({
          message: failure.message,
          currentVersion: answer.currentVersion,
          changedFields: answer.changedFields ?? [],
          fields: answer.fields ?? [],
          bodyPatch: answer.bodyPatch ?? '',
          diff: answer.diff ?? '',
          savedSince: answer.savedSince ?? [],
        })
        setMessage({ kind: 'error', text: errorText(failure) })
        setTimeout(() => messageRef.current?.focus(), 0)
        return undefined
      }
      fail(failure)
      return undefined
    } finally {
      setBusy(false)
    }
  }

  const act = async (action: () => Promise<ItemDetail>, done: string) => {
    setBusy(true)
    setMessage(undefined)
    try {
      const detail = await action()
      show(detail)
      void loadExtras(detail)
      setMessage({ kind: 'info', text: done })
      setTimeout(() => messageRef.current?.focus(), 0)
      return true
    } catch (failure) {
      fail(failure)
      return false
    } finally {
      setBusy(false)
    }
  }

  const submit = async () => {
    let current = item
    if (dirty || isNew) current = await save(false)
    if (!current) return
    const saved = current
    await act(
      () => submitItem(csrf, collection, saved.id, saved.version),
      `已提交审核，等待${saved.chain[0] ?? '初审'}。`,
    )
    if (isNew) window.location.hash = routeHash({ page: 'item', collection, id: saved.id })
  }

  const review = async (decision: 'approve' | 'return') => {
    if (!item?.step) return
    const step = item.step
    if (decision === 'return' && !comment.trim()) {
      setCommentError('退回时请写明要修改什么。')
      document.getElementById(`${uid}-comment`)?.focus()
      return
    }
    setCommentError(undefined)
    const ok = await act(
      () =>
        decision === 'approve'
          ? approveItem(csrf, collection, item.id, step, comment)
          : returnItem(csrf, collection, item.id, step, comment),
      decision === 'approve' ? `已通过${step}。` : `已退回作者修改（${step}）。`,
    )
    if (ok) setComment('')
  }

  const confirmDialog = async () => {
    if (!item || !dialog) return
    if (!reason.trim()) {
      setReasonError(dialog === 'withdraw' ? '请写明撤稿原因。' : '请写明更正原因。')
      reasonRef.current?.focus()
      return
    }
    setReasonError(undefined)
    const ok =
      dialog === 'withdraw'
        ? await act(() => withdrawItem(csrf, collection, item.id, reason.trim()), '已撤稿：公众已看不到这篇内容。')
        : await act(
            () => correctItem(csrf, collection, item.id, reason.trim()),
            '已生成更正草稿：修改后提交审核，审核通过并发布前，线上仍是原版本。',
          )
    if (ok) {
      setDialog(null)
      setReason('')
    }
  }

  const openDialog = (kind: Dialog) => {
    setDialog(kind)
    setReason('')
    setReasonError(undefined)
    setTimeout(() => reasonRef.current?.focus(), 0)
  }

  // Whether this account saved a version of the work under review (said when it is offered no review, as its author)
  const ownWork = Boolean(
    item?.versions.some((entry) => entry.version > (item.publishedVersion ?? 0) && entry.savedBy === me.username),
  )
  const title = isNew ? `新建${collectionName(collection)}` : String(values.title || item.id)
  const stepIndex = item?.step ? chain.indexOf(item.step) : -1
  // The step this account took earlier in this round (each step by a different person): at step k > 0 the latest
  // round of the reviews is this one
  const latestRound = Math.max(0, ...(item?.reviews ?? []).map((entry) => entry.round))
  const myEarlierStep =
    stepIndex > 0
      ? item?.reviews.find(
          (entry) =>
            entry.round === latestRound &&
            entry.decision === 'approve' &&
            entry.reviewer === me.username &&
            chain.indexOf(entry.stepName) < stepIndex,
        )?.stepName
      : undefined

  return (
    <article className='editor'>
      <p className='crumbs'>
        <a href={routeHash({ page: 'list' })}>稿件</a> › {collectionName(collection)}
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {item && (
        <p className='status-line'>
          <span className={`state state-${state}`}>{stateLabel(state, item.step)}</span>
          <span>第 {item.version} 版</span>
          {item.public && <span>线上：{item.public === 'published' ? '已发布' : '已排期'}</span>}
          {item.correctionReason && <span>更正原因：{item.correctionReason}</span>}
        </p>
      )}

      <div ref={messageRef} tabIndex={-1} className='message-slot'>
        {message && (
          <p className={`alert ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </div>

      {offered && editable && (
        <section className='alert info autosave-offer' aria-labelledby={`${uid}-offer`}>
          <p id={`${uid}-offer`}>
            发现 {timeLabel(offered.savedAt)} 自动保存、尚未保存为版本的修改
            {item && offered.baseVersion < item.version
              ? `（基于第 ${offered.baseVersion} 版，当前已是第 ${item.version} 版：恢复后保存时会列出其间别人的改动，请合并后再保存）`
              : ''}
          </p>
          <div className='actions'>
            <button type='button' className='primary' onClick={() => restore(offered)}>
              恢复
            </button>
            <button type='button' onClick={() => void discard()}>
              丢弃
            </button>
          </div>
        </section>
      )}

      {conflict && (
        <section className='conflict' aria-labelledby={`${uid}-conflict`}>
          <h2 id={`${uid}-conflict`}>别人保存了新版本（第 {conflict.currentVersion} 版）</h2>
          <p>
            改动的字段：
            {conflict.changedFields.length
              ? conflict.changedFields.map((field) => pointerLabel(field)).join('、')
              : '无'}
            {conflict.savedSince.length > 0 &&
              `；保存人：${conflict.savedSince.map((v) => `${v.savedBy}（第 ${v.version} 版，${timeLabel(v.savedAt)}）`).join('、')}`}
          </p>
          <VersionChanges
            fields={conflict.fields}
            bodyPatch={conflict.bodyPatch}
            regions={regions}
            beforeLabel='你编辑的版本'
            afterLabel={`第 ${conflict.currentVersion} 版（最新）`}
            caption='你编辑的版本与最新版本的差异'
          />
          <p>
            您输入的内容仍在下面的编辑框里，没有丢失。请对照上面的改动，把别人的修改合并进来，再点“保存”：将以第{' '}
            {conflict.currentVersion} 版为基础保存。
          </p>
          <button type='button' onClick={() => void fetchItem(collection, item!.id).then(show, fail)}>
            放弃我的修改，载入最新版本
          </button>
        </section>
      )}

      {item?.state === 'in_review' && (
        <section className='review' aria-labelledby={`${uid}-review`}>
          <h2 id={`${uid}-review`}>审核</h2>
          <ol className='chain' aria-label='审核流程'>
            {chain.map((step, index) => (
              <li
                key={step}
                className={index < stepIndex ? 'done' : index === stepIndex ? 'current' : undefined}
                aria-current={index === stepIndex ? 'step' : undefined}
              >
                {step}
                {index < stepIndex ? '（已通过）' : index === stepIndex ? '（当前）' : ''}
              </li>
            ))}
          </ol>
          {myEarlierStep ? (
            <p className='muted'>
              您已完成本轮的{myEarlierStep}；同一轮中每一步须由不同的人审核，{item.step}请由其他审核人完成。
            </p>
          ) : ownWork && !may('approve') && !may('return') ? (
            <p className='muted'>您撰写或修改过这篇稿件，不能审核它：{item.step}须由其他审核人完成。</p>
          ) : may('approve') || may('return') ? (
            <>
              <div className={`field${commentError ? ' invalid' : ''}`}>
                <label htmlFor={`${uid}-comment`}>
                  {item.step}意见<span className='optional'>（退回时必填）</span>
                </label>
                <textarea
                  id={`${uid}-comment`}
                  rows={3}
                  maxLength={2000}
                  value={comment}
                  aria-invalid={commentError ? true : undefined}
                  aria-describedby={commentError ? `${uid}-comment-error` : undefined}
                  onChange={(event) => setComment(event.target.value)}
                />
                {commentError && (
                  <p id={`${uid}-comment-error`} className='field-error'>
                    {commentError}
                  </p>
                )}
              </div>
              <div className='actions'>
                {may('approve') && (
                  <button type='button' className='primary' disabled={busy} onClick={() => void review('approve')}>
                    {item.step}通过
                  </button>
                )}
                {may('return') && (
                  <button type='button' disabled={busy} onClick={() => void review('return')}>
                    退回修改
                  </button>
                )}
              </div>
            </>
          ) : (
            <p className='muted'>等待有{item.step}权限的审核人处理。</p>
          )}
        </section>
      )}

      {item && (
        <div className='actions item-actions'>
          {state === 'approved' && may('publish') && item.publicId === null && (
            <PublicIdChoice
              wished={String(item.data.id ?? '')}
              choice={publicIdChoice}
              onChoose={setPublicIdChoice}
              uid={uid}
            />
          )}
          {state === 'approved' && may('publish') && (
            <button
              type='button'
              className='primary'
              disabled={busy}
              onClick={() =>
                void act(
                  () => publishItem(csrf, collection, item.id, publicIdChoice?.trim() || undefined),
                  '已发布：公众现在可以看到。',
                ).then((ok) => ok && setPublicIdChoice(undefined))
              }
            >
              发布
            </button>
          )}
          {state === 'approved' && !may('publish') && (
            <p className='muted'>已通过全部审核，等待有{lastStep}权限的人发布。</p>
          )}
          {may('correct') && (
            <button type='button' disabled={busy} onClick={() => openDialog('correct')}>
              更正
            </button>
          )}
          {may('withdraw') && (
            <button type='button' className='danger' disabled={busy} onClick={() => openDialog('withdraw')}>
              撤稿
            </button>
          )}
        </div>
      )}

      {dialog && (
        <section className='confirm' role='group' aria-labelledby={`${uid}-dialog`}>
          <h2 id={`${uid}-dialog`}>{dialog === 'withdraw' ? '确认撤稿' : '发起更正'}</h2>
          <p>
            {dialog === 'withdraw'
              ? '撤稿后公众立即看不到这篇内容，分享出去的卡片会显示“内容不存在或已撤下”。此操作记入审计日志。'
              : '将以线上版本生成一份更正草稿，正文开头写明更正原因；更正稿须重新经过全部审核步骤。'}
          </p>
          <div className={`field${reasonError ? ' invalid' : ''}`}>
            <label htmlFor={`${uid}-reason`}>{dialog === 'withdraw' ? '撤稿原因' : '更正原因'}（必填）</label>
            <textarea
              id={`${uid}-reason`}
              ref={reasonRef}
              rows={3}
              maxLength={dialog === 'withdraw' ? 2000 : 500}
              value={reason}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${uid}-reason-error` : undefined}
              onChange={(event) => setReason(event.target.value)}
            />
            {reasonError && (
              <p id={`${uid}-reason-error`} className='field-error'>
                {reasonError}
              </p>
            )}
          </div>
          <div className='actions'>
            <button
              type='button'
              className={dialog === 'withdraw' ? 'danger-solid' : 'primary'}
              disabled={busy}
              onClick={() => void confirmDialog()}
            >
              {dialog === 'withdraw' ? '确认撤稿' : '生成更正草稿'}
            </button>
            <button type='button' onClick={() => setDialog(null)}>
              取消
            </button>
          </div>
        </section>
      )}

      <div className='editor-grid'>
        <form
          className='item-form'
          aria-label={`${collectionName(collection)}的字段`}
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            if (editable) void save()
          }}
        >
          {!editable && item && (
            <p className='alert info'>
              {state === 'draft'
                ? '您的账号不能修改这个发布单位的稿件。'
                : state === 'in_review' || state === 'approved'
                  ? '稿件在审核流程中，不能修改；退回后作者可以修改。'
                  : state === 'withdrawn'
                    ? '稿件已撤下。'
                    : '已发布的稿件不能直接修改：请用“更正”。'}
            </p>
          )}
          <SchemaForm
            schema={schema}
            values={values}
            onChange={change}
            errors={errors}
            regions={regions}
            publishers={me.role === 'city' ? regions.filter((region) => region.id === me.region) : regions}
            readOnly={!editable}
            idLocked={item?.publicId !== null && item?.publicId !== undefined}
            mediaSlot={mediaSlot}
          />
          <div className={`field${errors['/body'] ? ' invalid' : ''}`}>
            <label id={`${uid}-body-label`} onClick={() => bodyRef.current?.focus()}>
              正文（Markdown）
            </label>
            <p id={`${uid}-body-hint`} className='hint'>
              ## 小标题，- 列表，**加粗**，&gt; [!LAW] 《法律名》第十条 引用法条，&gt; [!NOTE] 说明框
            </p>
            {editable && (
              <UploadPicker
                label='插入图片（上传后在光标处插入；图片说明可修改）'
                kind='image'
                csrf={csrf}
                publisher={String(values.publisher || publisher)}
                onUnauthorized={onUnauthorized}
                onUploaded={(answer, file) => {
                  if (answer.path) insertImage(answer.path, file.name)
                }}
              />
            )}
            <Suspense fallback={<p className='loading'>正在加载正文编辑器…</p>}>
              <MarkdownEditor
                ref={bodyRef}
                value={body}
                onChange={(next) => {
                  setBody(next)
                  setDirty(true)
                }}
                labelledBy={`${uid}-body-label`}
                describedBy={`${uid}-body-hint`}
                readOnly={!editable}
                invalid={Boolean(errors['/body'])}
              />
            </Suspense>
          </div>
          {editable && (
            <div className='actions sticky-actions'>
              <button type='submit' disabled={busy}>
                {busy ? '正在处理…' : '保存'}
              </button>
              <button type='button' className='primary' disabled={busy} onClick={() => void submit()}>
                {dirty || isNew ? '保存并提交审核' : '提交审核'}
              </button>
              <span
                role='status'
                className={`autosave-status${autosaveStatus?.kind === 'failed' ? ' failed' : ' muted'}`}
              >
                {autosaveStatus?.kind === 'saving'
                  ? '正在自动保存…'
                  : autosaveStatus?.kind === 'saved'
                    ? `已自动保存 ${clockLabel(autosaveStatus.at)}`
                    : autosaveStatus?.kind === 'failed'
                      ? `自动保存失败：${autosaveStatus.reason}（内容仍在本页，请手动保存）`
                      : dirty
                        ? '有未保存的修改'
                        : ''}
              </span>
            </div>
          )}
        </form>

        <aside
          className='preview'
          aria-labelledby={`${uid}-preview`}
          aria-busy={previewState === 'loading' ? true : undefined}
        >
          <h2 id={`${uid}-preview`}>正文预览</h2>
          <p className='muted small'>
            按小程序的显示方式（与发布后相同的内容块）{previewState === 'loading' ? ' · 更新中…' : ''}
          </p>
          {previewState === 'error' && <p className='alert error'>预览暂时无法更新。</p>}
          {previewProblems.length > 0 && (
            <div className='alert error'>
              <p>正文中有无法显示的内容：</p>
              <ul>
                {previewProblems.map((problem, index) => (
                  <li key={index}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
          <div className='phone-frame'>
            {blocks.length ? (
              <BlocksView blocks={blocks} />
            ) : (
              <p className='muted'>{previewState === 'loading' ? '正在生成预览…' : '（正文为空）'}</p>
            )}
          </div>
        </aside>
      </div>

      {item && item.version > 0 && (
        <>
          {item.state !== 'withdrawn' && (
            <PreviewLinks
              csrf={csrf}
              collection={collection}
              id={item.id}
              version={item.version}
              dirty={dirty}
              onUnauthorized={onUnauthorized}
            />
          )}
          <section aria-labelledby={`${uid}-checks`}>
            <h2 id={`${uid}-checks`}>发布前检查{checks?.version ? `（第 ${checks.version} 版）` : ''}</h2>
            {!checks && <p className='muted'>正在检查…</p>}
            {checks && checks.problems.length + checks.terms.length + checks.termsFile.length === 0 && (
              <p className='pass'>✓ 检查通过：内容检查无问题，未发现禁用词或易错词。</p>
            )}
            {checks && checks.problems.length + checks.terms.length + checks.termsFile.length > 0 && (
              <ul className='problems'>
                {checks.problems.map((problem, index) => (
                  <li key={`p${index}`}>
                    <strong>{pointerLabel(problem.pointer)}</strong>：{problemText(problem.message, problem.pointer)}
                  </li>
                ))}
                {checks.terms.map((hit, index) => (
                  <li key={`t${index}`}>
                    <strong>
                      {hit.pointer === '/body' ? `正文第 ${hit.line ?? '?'} 行` : pointerLabel(hit.pointer)}
                    </strong>
                    ：{hit.kind === 'forbidden' ? '禁用词' : '易错词'}“{hit.term}”
                    {hit.suggest ? `，应为“${hit.suggest}”` : ''}
                    {hit.note ? `（${hit.note}）` : ''}：“{hit.excerpt}”
                  </li>
                ))}
                {checks.termsFile.map((problem, index) => (
                  <li key={`f${index}`}>词表文件：{problem}</li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby={`${uid}-diff`}>
            <h2 id={`${uid}-diff`}>版本差异</h2>
            {diff && (
              <>
                <p>
                  第 {diff.from} 版 → 第 {diff.to} 版，改动：
                  {diff.changedFields.length ? diff.changedFields.map((field) => pointerLabel(field)).join('、') : '无'}
                </p>
                {diff.changedFields.length > 0 && (
                  <VersionChanges
                    fields={diff.fields ?? []}
                    bodyPatch={diff.bodyPatch ?? ''}
                    regions={regions}
                    beforeLabel={`第 ${diff.from} 版`}
                    afterLabel={`第 ${diff.to} 版`}
                    caption={`第 ${diff.from} 版到第 ${diff.to} 版的差异`}
                  />
                )}
              </>
            )}
            {item.versions.length > 1 && (
              <div className='actions'>
                {item.versions.slice(0, -1).map((version) => (
                  <button
                    key={version.version}
                    type='button'
                    className='small'
                    onClick={() =>
                      void fetchDiff(collection, item.id, version.version, item.version).then(setDiff, fail)
                    }
                  >
                    对比第 {version.version} 版与最新
                  </button>
                ))}
              </div>
            )}
          </section>

          {item.reviews.length > 0 && (
            <section aria-labelledby={`${uid}-reviews`}>
              <h2 id={`${uid}-reviews`}>审核记录</h2>
              <ul className='history'>
                {item.reviews.map((entry, index) => (
                  <li key={index}>
                    {timeLabel(entry.at)} · 第 {entry.round} 轮 {entry.stepName} · {entry.reviewer} ·{' '}
                    {entry.decision === 'approve' ? '通过' : '退回'}
                    {entry.comment ? `：${entry.comment}` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}

          {history && (
            <details>
              <summary>操作记录（审计日志，{history.length} 条）</summary>
              <ul className='history'>
                {history.map((entry, index) => (
                  <li key={index}>
                    {timeLabel(entry.at)} · {entry.actor} · {ACTION_LABELS[entry.action] ?? entry.action}
                    {typeof entry.detail?.step === 'string' ? ` · ${entry.detail.step}` : ''}
                    {typeof entry.detail?.reason === 'string' ? ` · ${entry.detail.reason}` : ''}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </article>
  )
}
