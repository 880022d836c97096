// The staff side with demo data, for a newcomer (npm start -- --demo, scripts/start.mjs, which runs both steps):
//
//   tsx scripts/demo.ts prepare         a fresh demo folder (DEMO_DIR, default data/demo): a copy of seeds/ with one
//                                       demo warning per city (scripts/lib/demo-content.ts), generated reach events
//                                       (npm run reach:demo -- --city-items), demo accounts of each role with new
//                                       passwords, and the row 'demo' in table meta, which the staff app shows as
//                                       its 演示数据 banner (GET /api/v1/staff/me → demo)
//   tsx scripts/demo.ts review <origin> items in review, made through that API as staff would: waiting for 初审,
//                                       waiting for 复审, returned with a comment and saved again, a city's draft
//
// Only on a local development folder: refused (exit 2, saying why) with NODE_ENV=production, with DATABASE_URL or
// DATA_DIR or CONTENT_DIR set (the demo has its own folders and database), and when DEMO_DIR holds anything the demo
// did not make (it has no .shijian-demo mark). Everything of an earlier demo in DEMO_DIR is replaced.
// The accounts and their passwords are written to DEMO_DIR/accounts.json for the second step and printed.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { shanghaiDate } from '../server/content/shanghai-date'
import { DEMO_KEY } from '../server/staff/demo-mark'
import { StaffStore, type StaffRole } from '../server/staff/staff-store'
import { Store } from '../server/store/database'
import { DEMO_TITLE_MARK } from './lib/demo-content'

const ROOT = path.resolve(__dirname, '..')
export const MARK_FILE = '.shijian-demo'
const ACTOR = 'cli:demo'

export class DemoRefusal extends Error {}

export interface DemoAccount {
  username: string
  password: string
  role: StaffRole
  region: string
  reviewSteps: string
  /** What the account is for, in words */
  does: string
}

export interface DemoFolders {
  root: string
  dataDir: string
  contentDir: string
  accountsFile: string
}

export function demoFolders(env: NodeJS.ProcessEnv = process.env): DemoFolders {
  const root = path.resolve(env.DEMO_DIR?.trim() || path.join(ROOT, 'data/demo'))
  return {
    root,
    dataDir: path.join(root, 'db'),
    contentDir: path.join(root, 'content'),
    accountsFile: path.join(root, 'accounts.json'),
  }
}

/** Why the demo may not run here, or undefined. */
export function demoRefusal(env: NodeJS.ProcessEnv, folders: DemoFolders): string | undefined {
  if (env.NODE_ENV === 'production')
    return 'NODE_ENV=production: the demo makes accounts with printed passwords and invented figures, never on a production install'
  if (env.DATABASE_URL?.trim())
    return 'DATABASE_URL is set: the demo writes only to a SQLite file in its own folder (DEMO_DIR, default data/demo), never to a configured database; unset DATABASE_URL'
  for (const name of ['DATA_DIR', 'CONTENT_DIR'])
    if (env[name]?.trim())
      return `${name} is set: the demo uses its own folders under DEMO_DIR (default data/demo); unset ${name}`
  if (fs.existsSync(folders.root)) {
    const held = fs.readdirSync(folders.root)
    if (held.length > 0 && !held.includes(MARK_FILE))
      return `${folders.root} holds files the demo did not make (no ${MARK_FILE}): choose another DEMO_DIR`
  }
  return undefined
}

const password = () => `demo-${randomBytes(9).toString('base64url')}`

/** The demo's accounts: one for each part of the work. */
function accounts(): DemoAccount[] {
  return [
    {
      username: 'sheng-bianji',
      role: 'province',
      region: 'jiangsu',
      reviewSteps: '',
      does: '省局编辑：写稿、提交审核',
    },
    { username: 'sheng-chushen', role: 'province', region: 'jiangsu', reviewSteps: '初审', does: '省局审核：初审' },
    { username: 'sheng-fushen', role: 'province', region: 'jiangsu', reviewSteps: '复审', does: '省局审核：复审' },
    {
      username: 'sheng-zhongshen',
      role: 'province',
      region: 'jiangsu',
      reviewSteps: '终审',
      does: '省局审核：终审、发布、撤稿',
    },
    { username: 'nanjing-bianji', role: 'city', region: 'nanjing', reviewSteps: '', does: '南京市局编辑：本市稿件' },
  ].map((account) => ({ ...account, role: account.role as StaffRole, password: password() }))
}

function reachDemo(folders: DemoFolders) {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      path.join(ROOT, 'scripts/reach-demo.ts'),
      '--days',
      '60',
      '--events',
      '40000',
      '--city-items',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DATA_DIR: folders.dataDir, CONTENT_DIR: folders.contentDir, DATABASE_URL: '' },
    },
  )
}

/** A fresh demo folder: content, generated events, accounts, the demo mark. */
export async function prepare(env: NodeJS.ProcessEnv = process.env): Promise<DemoAccount[]> {
  const folders = demoFolders(env)
  const refusal = demoRefusal(env, folders)
  if (refusal) throw new DemoRefusal(refusal)
  fs.rmSync(folders.root, { recursive: true, force: true })
  fs.mkdirSync(folders.root, { recursive: true })
  fs.writeFileSync(path.join(folders.root, MARK_FILE), 'made by npm start -- --demo: replaced at each run\n')
  fs.cpSync(path.join(ROOT, 'seeds'), folders.contentDir, { recursive: true })
  reachDemo(folders)
  const made = accounts()
  const store = await Store.open({ dataDir: folders.dataDir })
  try {
    const staff = new StaffStore(store)
    for (const account of made)
      await staff.add(account.username, account.password, account.role, account.region, ACTOR, account.reviewSteps)
    const value = `这里的账号、稿件和传播数据都是演示用的，不是真实数据；标题以${DEMO_TITLE_MARK}开头的稿件也是演示（${shanghaiDate(Date.now())} 生成）`
    await store.db
      .insertInto('meta')
      .values({ key: DEMO_KEY, value })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
      .execute()
  } finally {
    await store.close()
  }
  fs.writeFileSync(folders.accountsFile, JSON.stringify(made, null, 2) + '\n', { mode: 0o600 })
  return made
}

// The review step: items made through the API ------------------------------------------------------------------

interface Session {
  cookie: string
  csrf: string
}

async function logIn(origin: string, account: DemoAccount): Promise<Session> {
  const response = await fetch(`${origin}/api/v1/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  })
  const cookie = /^shijian_staff=[^;]*/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  const csrf = response.headers.get('x-csrf-token')
  if (response.status !== 204 || !cookie || !csrf)
    throw new Error(`demo: ${account.username} could not sign in (${response.status} ${await response.text()})`)
  return { cookie, csrf }
}

async function call(
  origin: string,
  session: Session,
  route: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${origin}/api/v1/staff/newsroom${route}`, {
    method: payload === undefined ? 'GET' : 'POST',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  })
  const body = (await response.json()) as Record<string, unknown>
  if (!response.ok) throw new Error(`demo: ${route} answered ${response.status} ${JSON.stringify(body)}`)
  return body
}

function warning(title: string, summary: string, publisher: string, today: string) {
  return {
    collection: 'warnings',
    data: {
      id: `demo-${randomBytes(3).toString('hex')}`,
      title: `${DEMO_TITLE_MARK}${title}`,
      publishedAt: today,
      summary,
      level: 'caution',
      region: publisher,
      publisher,
      whatToDo: ['保存聊天记录、订单截图和付款凭证。', '商家拒不处理的，拨打12315投诉。'],
      channel: 'complaint',
      sources: [{ title: '《中华人民共和国电子商务法》', article: '第十七条' }],
    },
    body: `## 套路是怎样的\n\n${summary}\n\n## 怎么办\n\n- 保存证据。\n- 拨打12315投诉。\n`,
  }
}

/** Items in review, made through the API at `origin` by the demo's accounts. */
export async function review(origin: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const folders = demoFolders(env)
  const made = JSON.parse(fs.readFileSync(folders.accountsFile, 'utf8')) as DemoAccount[]
  const byName = Object.fromEntries(made.map((account) => [account.username, account]))
  const editor = await logIn(origin, byName['sheng-bianji'])
  const first = await logIn(origin, byName['sheng-chushen'])
  const city = await logIn(origin, byName['nanjing-bianji'])
  const today = shanghaiDate(Date.now())
  const create = async (session: Session, title: string, summary: string, publisher: string) =>
    String((await call(origin, session, '/items', warning(title, summary, publisher, today))).id)
  const said: string[] = []

  const waiting = await create(
    editor,
    '警惕“直播间秒杀”低价引流',
    '直播间先用极低价吸引下单，再拖延发货或换成次品。',
    'jiangsu',
  )
  await call(origin, editor, `/items/warnings/${waiting}/submit`, {})
  said.push('“直播间秒杀”：等待初审')

  const second = await create(
    editor,
    '“免费领取”小家电背后的收费陷阱',
    '以免费领取为名收集信息，再收取高额“运费”。',
    'jiangsu',
  )
  await call(origin, editor, `/items/warnings/${second}/submit`, {})
  await call(origin, first, `/items/warnings/${second}/approve`, { step: '初审', comment: '内容属实。' })
  said.push('“免费领取”：初审已通过，等待复审')

  const returned = await create(
    editor,
    '旅游“低价团”强迫购物提醒',
    '低价团以购物回扣盈利，变相强迫游客购物。',
    'jiangsu',
  )
  await call(origin, editor, `/items/warnings/${returned}/submit`, {})
  await call(origin, first, `/items/warnings/${returned}/return`, { step: '初审', comment: '请补充依据来源的条款。' })
  const item = await call(origin, editor, `/items/warnings/${returned}`)
  const data = item.data as Record<string, unknown>
  await call(
    origin,
    editor,
    `/items/warnings/${returned}/versions`,
    {
      data: { ...data, level: 'alert', sources: [{ title: '《中华人民共和国旅游法》', article: '第三十五条' }] },
      body: `${String(item.body)}\n- 遇到强迫购物，保存录音录像。\n`,
    },
    { 'if-match': `"${String(item.version)}"` },
  )
  said.push('“低价团”：初审退回修改，已改为第 2 版（草稿，可对比版本差异）')

  const nanjing = await create(city, '南京市：预付卡健身房闭店提醒', '本市有健身房以充值送课揽客后闭店。', 'nanjing')
  await call(origin, city, `/items/warnings/${nanjing}/submit`, {})
  said.push('南京市“预付卡健身房”：等待初审')
  return said
}

async function main(args: string[]): Promise<number> {
  if (args[0] === 'prepare') {
    const made = await prepare()
    const folders = demoFolders()
    console.log(`demo: ${folders.root} made afresh (${made.length} accounts)`)
    return 0
  }
  if (args[0] === 'review' && args[1]) {
    for (const line of await review(args[1])) console.log(`demo: ${line}`)
    return 0
  }
  console.error('usage: tsx scripts/demo.ts prepare | review <API origin>   (npm start -- --demo runs both)')
  return 2
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof DemoRefusal) {
        console.error(`npm start -- --demo: refused: ${error.message}`)
        process.exit(2)
      }
      console.error(error)
      process.exit(1)
    },
  )
}
