// Calls to /api/v1/staff/newsroom (server/newsroom/newsroom-routes.ts): the answers' shapes as the README's table
// gives them. POSTs carry the session's CSRF token; a save carries If-Match with the version the editor had.
import type { Block } from '../../../src/model/blocks'
import type { NewsroomAction, NewsroomReview, NewsroomVersionInfo } from '../../../src/model/newsroom'
import { call } from '../api'

export type ShownState = 'draft' | 'in_review' | 'approved' | 'scheduled' | 'published' | 'withdrawn'

export interface NewsroomMe {
  username: string
  role: 'province' | 'city'
  region: string
  reviewSteps: string[] | '*'
  chains: Record<string, string[]>
}

export interface ListItem {
  collection: string
  /** The newsroom's id (the editor's address): the server's for a new draft */
  id: string
  /** The public id (share links), fixed on first publication: null before */
  publicId: string | null
  title: string
  publisher: string
  state: ShownState
  public: 'published' | 'scheduled' | null
  step: string | null
  version: number
  correctionReason: string | null
  updatedAt: number | null
}

export type VersionInfo = NewsroomVersionInfo
export type Review = NewsroomReview

export interface ItemDetail {
  collection: string
  /** The newsroom's id (the editor's address): the server's for a new draft */
  id: string
  /** The public id (share links), fixed on first publication: null before (data.id is the one wished for) */
  publicId: string | null
  /** What this account may do with the item now (the server's own checks) */
  actions: NewsroomAction[]
  publisher: string
  state: ShownState
  public: 'published' | 'scheduled' | null
  chain: string[]
  step: string | null
  version: number
  submittedVersion: number | null
  publishedVersion: number | null
  correctionReason: string | null
  createdBy: string
  data: Record<string, unknown>
  body: string
  versions: VersionInfo[]
  reviews: Review[]
  linkedFrom?: string[]
}

/** A front-matter field that differs between two versions, with its value in each (null: not set). */
export interface FieldChange {
  name: string
  before: unknown
  after: unknown
}

export interface Diff {
  from: number
  to: number
  changedFields: string[]
  /** The front-matter fields that differ (the body's change is in bodyPatch) */
  fields?: FieldChange[]
  /** A unified diff of the body alone ('' when it did not change) */
  bodyPatch?: string
  /** A unified diff of the two files (front matter and body) */
  patch: string
  savedSince: VersionInfo[]
}

export interface CheckProblem {
  pointer: string
  message: string
  severity?: string
}

export interface Checks {
  version: number
  passed: boolean
  problems: CheckProblem[]
  terms: {
    term: string
    kind: string
    suggest?: string
    note?: string
    /** `/title`, `/whatToDo/1` or `/body` */
    pointer: string
    line?: number
    excerpt: string
  }[]
  termsFile: string[]
}

export interface HistoryEntry {
  at: number
  actor: string
  action: string
  detail?: Record<string, unknown>
  [key: string]: unknown
}

const BASE = '/newsroom'

const json = async <T>(response: Response) => (await response.json()) as T

function post(path: string, csrf: string, payload?: unknown, headers: Record<string, string> = {}) {
  return call(BASE + path, {
    method: 'POST',
    headers: {
      'x-csrf-token': csrf,
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
  })
}

const itemPath = (collection: string, id: string) =>
  `/items/${encodeURIComponent(collection)}/${encodeURIComponent(id)}`

export const fetchNewsroomMe = async () => json<NewsroomMe>(await call(`${BASE}/me`))

export async function fetchItems(
  filters: { collection?: string; state?: string; publisher?: string; q?: string },
  signal?: AbortSignal,
) {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value)
  return json<{ items: ListItem[]; total: number }>(await call(`${BASE}/items?${query}`, { signal }))
}

export const fetchQueue = async () =>
  json<{ items: { collection: string; id: string; step: string }[] }>(await call(`${BASE}/queue`))

export const fetchItem = async (collection: string, id: string) =>
  json<ItemDetail>(await call(BASE + itemPath(collection, id)))

export const createItem = async (csrf: string, collection: string, data: Record<string, unknown>, body: string) =>
  json<ItemDetail>(await post('/items', csrf, { collection, data, body }))

export const saveItem = async (
  csrf: string,
  collection: string,
  id: string,
  version: number,
  data: Record<string, unknown>,
  body: string,
) =>
  json<ItemDetail>(
    await post(`${itemPath(collection, id)}/versions`, csrf, { data, body }, { 'if-match': `"${version}"` }),
  )

export const fetchDiff = async (collection: string, id: string, from: number, to?: number) =>
  json<Diff>(await call(`${BASE}${itemPath(collection, id)}/diff?from=${from}${to ? `&to=${to}` : ''}`))

export const fetchChecks = async (collection: string, id: string) =>
  json<Checks>(await call(`${BASE}${itemPath(collection, id)}/checks`))

export const fetchHistory = async (collection: string, id: string) =>
  json<{ entries: HistoryEntry[] }>(await call(`${BASE}${itemPath(collection, id)}/history`))

export const submitItem = async (csrf: string, collection: string, id: string, version: number) =>
  json<ItemDetail>(await post(`${itemPath(collection, id)}/submit`, csrf, undefined, { 'if-match': `"${version}"` }))

export const approveItem = async (csrf: string, collection: string, id: string, step: string, comment: string) =>
  json<ItemDetail>(
    await post(`${itemPath(collection, id)}/approve`, csrf, { step, ...(comment.trim() ? { comment } : {}) }),
  )

export const returnItem = async (csrf: string, collection: string, id: string, step: string, comment: string) =>
  json<ItemDetail>(await post(`${itemPath(collection, id)}/return`, csrf, { step, comment }))

/** Publishes; `publicId` chooses the public id on the first publication instead of the one the draft wishes for. */
export const publishItem = async (csrf: string, collection: string, id: string, publicId?: string) =>
  json<ItemDetail>(await post(`${itemPath(collection, id)}/publish`, csrf, publicId ? { publicId } : undefined))

export const withdrawItem = async (csrf: string, collection: string, id: string, reason: string) =>
  json<ItemDetail>(await post(`${itemPath(collection, id)}/withdraw`, csrf, { reason }))

export const correctItem = async (csrf: string, collection: string, id: string, reason: string) =>
  json<ItemDetail>(await post(`${itemPath(collection, id)}/corrections`, csrf, { reason }))

export const previewBlocks = async (csrf: string, body: string, signal?: AbortSignal) =>
  json<{ blocks: Block[]; problems: string[] }>(
    await call(`${BASE}/blocks`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ body }),
      signal,
    }),
  )

export interface Region {
  id: string
  name: string
  kind: string
}

/** The regions of site.yaml, from the public API's /site. */
export async function fetchRegions(): Promise<Region[]> {
  const response = await fetch('/api/v1/site', { credentials: 'same-origin' })
  if (!response.ok) return []
  const site = (await response.json()) as { regions?: Region[] }
  return site.regions ?? []
}

export interface UploadAnswer {
  kind: 'image' | 'poster' | 'video'
  /** The value for the item's field (an image or a poster) */
  path?: string
  /** A video's: its file and its poster */
  src?: string
  poster?: string
  /** A video's, read from its movie header */
  durationSeconds?: number
  url?: string
  warnings: string[]
}

/** POST /uploads: the fields first (kind, publisher), then the file (and a video's poster). */
export async function uploadMedia(
  csrf: string,
  kind: UploadAnswer['kind'],
  publisher: string,
  file: File,
  poster?: File,
) {
  const form = new FormData()
  form.append('kind', kind)
  if (publisher) form.append('publisher', publisher)
  form.append('file', file)
  if (poster) form.append('poster', poster)
  return json<UploadAnswer>(
    await call(`${BASE}/uploads`, { method: 'POST', headers: { 'x-csrf-token': csrf }, body: form }),
  )
}

/** The account's autosave of an item (or, without `id`, of a new item of the collection): the form as typed. */
export interface Autosave {
  slot: string
  /** The version the editor had loaded (0: a new item, or one not yet in the newsroom) */
  baseVersion: number
  savedAt: number
  data: Record<string, unknown>
  body: string
}

const autosavePath = (collection: string, id?: string) =>
  `${BASE}/autosaves/${encodeURIComponent(collection)}${id ? `/${encodeURIComponent(id)}` : ''}`

/** Keeps the form as typed on the server (not a version; PUT, with the CSRF token): when it was kept. */
export const putAutosave = async (
  csrf: string,
  collection: string,
  id: string | undefined,
  baseVersion: number,
  data: Record<string, unknown>,
  body: string,
  signal?: AbortSignal,
) =>
  json<{ slot: string; baseVersion: number; savedAt: number }>(
    await call(autosavePath(collection, id), {
      method: 'PUT',
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ baseVersion, data, body }),
      signal,
    }),
  )

/** This account's autosave of the item, or null. */
export const fetchAutosave = async (collection: string, id?: string) =>
  (await json<{ autosave: Autosave | null }>(await call(autosavePath(collection, id)))).autosave

export const deleteAutosave = async (csrf: string, collection: string, id?: string) => {
  await call(autosavePath(collection, id), { method: 'DELETE', headers: { 'x-csrf-token': csrf } })
}
