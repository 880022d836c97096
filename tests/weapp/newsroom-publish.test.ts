// A warning published through the newsroom reaches the mini-program (issue 14: "appears in the app (H5 and the
// weapp harness)"). A real API (its own process) on a temporary DATA_DIR and a temporary copy of seeds/ as
// CONTENT_DIR; an editor and three reviewers made with the staff store; over HTTP the editor drafts a warning and
// submits it, three different reviewers approve 初审, 复审 and 终审, the last publishes. The production weapp
// bundle (dist/weapp) in the harness, pointed at that API, then shows it on its detail page, on the home page
// (最新警示) and on the warnings list. Withdrawn (撤稿) over HTTP, the detail page opened afresh says
// 内容不存在或已撤下. Before that, a draft opens from its preview link (the page and query WeChat devtools takes),
// marked 草稿, and not without it.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startApi, stop, ROOT, type Started } from '../../scripts/lib/processes'
import { StaffStore } from '../../server/staff/staff-store'
import { Store } from '../../server/store/database'
import { DETAIL_ROUTES, DIST_DIR, HOME_ROUTE, LIST_ROUTES, NOT_FOUND_TEXT } from './app-pages'
import { bootApp, type BootOptions, type Harness } from './harness'
import { shanghaiDate } from '../../server/content/shanghai-date'

// Four Argon2id hashes, publishing (content check, reload) and a withdrawal on a busy machine
jest.setTimeout(90_000)

const PASSWORD = 'weapp-newsroom-pass-2026'
const BASE = '/api/v1/staff/newsroom'
const ID = `weapp-newsroom-${randomBytes(3).toString('hex')}`
const TITLE = '警惕上门“免费检测”推销净水器'
const BODY_LINE = '先免费检测自来水，再说水质不合格。'
const BODY = `## 套路是怎样的\n\n- ${BODY_LINE}\n- 最后高价推销净水器。\n`
const EDITOR = 'bianji'
const REVIEWERS = { 初审: 'chushen', 复审: 'fushen', 终审: 'zhongshen' } as const
// The app's dates are China's (UTC+8): a warning published today in Beijing
const today = () => shanghaiDate(Date.now())

interface Session {
  cookie: string
  csrf: string
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-weapp-newsroom-data-'))
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-weapp-newsroom-content-'))
let api: Started | undefined
const sessions: Record<string, Session> = {}
const harnesses: Harness[] = []

const origin = () => api!.origin
// A page settles once its requests are answered: up to 20 s on a busy machine (the default is 5 s)
const options = (): BootOptions => ({ distDir: DIST_DIR, apiOrigin: origin(), settleTimeoutMs: 20_000 })

async function logIn(username: string): Promise<Session> {
  const response = await fetch(`${origin()}/api/v1/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  expect([username, response.status]).toEqual([username, 204])
  const cookie = /^shijian_staff=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')
  const csrf = response.headers.get('x-csrf-token')
  if (!cookie || !csrf) throw new Error(`log in as ${username}: no session cookie or CSRF token`)
  return { cookie: `shijian_staff=${cookie[1]}`, csrf }
}

/** A newsroom call as this account, with its cookie and (on POST) its CSRF token. */
async function call(who: string, method: 'GET' | 'POST', route: string, payload?: unknown) {
  const { cookie, csrf } = sessions[who]
  const headers: Record<string, string> = { cookie }
  if (method === 'POST') headers['x-csrf-token'] = csrf
  if (payload !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${origin()}${BASE}${route}`, {
    method,
    headers,
    body: payload === undefined ? undefined : JSON.stringify(payload),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

const publicStatus = async () => (await fetch(`${origin()}/api/v1/warnings/${ID}`, { cache: 'no-store' })).status

/** Polls `read` until it returns `expected` (or the time is up, then the last value is what the test sees). */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs
  let last = await read()
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    last = await read()
  }
  return last
}

/** A fresh mini-program (a cold start, empty storage) opened on `url`, destroyed after the test. */
async function open(url: string) {
  const harness = await bootApp(options())
  harnesses.push(harness)
  const page = await harness.openPage(url)
  return { harness, page }
}

beforeAll(async () => {
  fs.cpSync(path.join(ROOT, 'seeds'), contentDir, { recursive: true })
  const store = await Store.open({ dataDir })
  try {
    const staff = new StaffStore(store)
    await staff.add(EDITOR, PASSWORD, 'province', 'jiangsu', 'test')
    for (const reviewer of Object.values(REVIEWERS)) {
      await staff.add(reviewer, PASSWORD, 'province', 'jiangsu', 'test', '*')
    }
  } finally {
    await store.close()
  }
  api = await startApi({ DATA_DIR: dataDir, CONTENT_DIR: contentDir })
  for (const username of [EDITOR, ...Object.values(REVIEWERS)]) sessions[username] = await logIn(username)
})

afterEach(() => harnesses.splice(0).forEach((h) => h.destroy()))

afterAll(async () => {
  harnesses.splice(0).forEach((h) => h.destroy())
  await stop(api)
  for (const dir of [dataDir, contentDir]) fs.rmSync(dir, { recursive: true, force: true })
})

describe('a warning published through the newsroom, in the mini-program (weapp harness)', () => {
  it('a draft opens from its preview link (as WeChat devtools opens 启动页面 + 启动参数), marked 草稿', async () => {
    const draftId = `${ID}-draft`
    const draftTitle = '草稿：警惕上门“免费检测”'
    const created = await call(EDITOR, 'POST', '/items', {
      collection: 'warnings',
      data: {
        id: draftId,
        title: draftTitle,
        publishedAt: today(),
        summary: '以免费检测水质为名上门推销净水器，是常见的套路。',
        level: 'caution',
        region: 'jiangsu',
        whatToDo: ['不让来路不明的“检测人员”进门。'],
        channel: 'complaint',
        sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条' }],
      },
      body: BODY,
    })
    expect([created.status, created.body.error]).toEqual([201, undefined])
    // The server names a new draft (its wished-for public id is fixed only when it is published)
    const newsroomId = created.body.id as string
    expect(newsroomId).not.toBe(draftId)
    const made = await call(REVIEWERS.初审, 'POST', `/items/warnings/${newsroomId}/preview-links`, { hours: 2 })
    expect(made.status).toBe(201)
    const { page: route, query, token } = made.body as { page: string; query: string; token: string }
    expect(route).toBe(DETAIL_ROUTES.warnings)

    const detail = await open(`/${route}?${query}`)
    const text = detail.page.text()
    expect(text).toContain(draftTitle)
    expect(text).toContain(BODY_LINE)
    expect(text).toContain('草稿预览（第 1 版')
    expect(text).toContain('请勿转发')
    expect(detail.harness.errors).toEqual([])
    const asked = detail.harness.requests.map((r) => new URL(r.routedTo).pathname)
    expect(asked).toContain(`/api/v1/drafts/${token}`)
    expect(asked).not.toContain(`/api/v1/warnings/${draftId}`)
    expect(asked).not.toContain(`/api/v1/warnings/${newsroomId}`)
    // Without the token the page is the public one: nothing there, under either id
    for (const id of [draftId, newsroomId]) {
      const plain = await open(`/${route}?id=${id}`)
      expect(plain.page.text()).toContain(NOT_FOUND_TEXT)
      expect(plain.page.text()).not.toContain(draftTitle)
    }
  })

  it('is drafted, approved by three reviewers and published: the detail page, home and the list show it', async () => {
    const created = await call(EDITOR, 'POST', '/items', {
      collection: 'warnings',
      data: {
        id: ID,
        title: TITLE,
        publishedAt: today(),
        summary: '以免费检测水质为名上门推销净水器，是常见的套路。',
        level: 'caution',
        region: 'jiangsu',
        whatToDo: ['不让来路不明的“检测人员”进门。', '遇到虚假宣传，拨打12315投诉举报。'],
        channel: 'complaint',
        sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十条' }],
      },
      body: BODY,
    })
    expect([created.status, created.body.error]).toEqual([201, undefined])
    // Until it is published the item goes by the server's id; from then on also by its public id, ID
    const newsroomId = created.body.id as string
    expect((await call(EDITOR, 'POST', `/items/warnings/${newsroomId}/submit`)).body).toMatchObject({
      state: 'in_review',
      step: '初审',
    })
    for (const [step, reviewer] of Object.entries(REVIEWERS)) {
      const approved = await call(reviewer, 'POST', `/items/warnings/${newsroomId}/approve`, { step })
      expect([step, approved.status]).toEqual([step, 200])
    }
    const published = await call(REVIEWERS.终审, 'POST', `/items/warnings/${newsroomId}/publish`)
    expect([published.status, published.body.state]).toEqual([200, 'published'])
    expect(await eventually(publicStatus, 200)).toBe(200)

    // The detail page, as a share card or a tap opens it
    const detail = await open(`/${DETAIL_ROUTES.warnings}?id=${ID}`)
    const text = detail.page.text()
    expect(text).toContain(TITLE)
    expect(text).toContain(BODY_LINE)
    expect(text).not.toContain(NOT_FOUND_TEXT)
    expect(detail.harness.errors).toEqual([])
    const asked = detail.harness.requests.map((r) => new URL(r.routedTo))
    expect(asked.some((u) => u.origin === origin() && u.pathname === `/api/v1/warnings/${ID}`)).toBe(true)

    // Home (最新警示) and the warnings list: the newest warning, published today
    const home = await open(`/${HOME_ROUTE}`)
    expect(home.page.text()).toContain('最新警示')
    expect(home.page.text()).toContain(TITLE)
    expect(home.harness.errors).toEqual([])
    const list = await open(`/${LIST_ROUTES.warnings}`)
    expect(list.page.text()).toContain(TITLE)
    expect(list.harness.errors).toEqual([])
  })

  it('withdrawn over HTTP: the detail page, opened afresh, says 内容不存在或已撤下', async () => {
    expect(await publicStatus()).toBe(200)
    const withdrawn = await call(REVIEWERS.复审, 'POST', `/items/warnings/${ID}/withdraw`, { reason: '舆情核实中' })
    expect([withdrawn.status, withdrawn.body.state]).toEqual([200, 'withdrawn'])
    expect(await eventually(publicStatus, 404)).toBe(404)

    const detail = await open(`/${DETAIL_ROUTES.warnings}?id=${ID}`)
    expect(detail.page.text()).toContain(NOT_FOUND_TEXT)
    expect(detail.page.text()).not.toContain(TITLE)
    expect(detail.harness.errors).toEqual([])
    const list = await open(`/${LIST_ROUTES.warnings}`)
    expect(list.page.text()).not.toContain(TITLE)
  })
})
