// npm start -- --demo (scripts/start.mjs, scripts/demo.ts): refused (exit 2, saying why) with NODE_ENV=production,
// DATABASE_URL, DATA_DIR or CONTENT_DIR set, or on a folder holding anything the demo did not make; otherwise a
// demo folder whose accounts sign in (their passwords as printed), whose /me says 演示数据, whose reach figures are
// generated for every city's own demo item, and whose newsroom holds items in review made through the real API.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { review, type DemoAccount } from '../../scripts/demo'
import { startApi, stop, type Started } from '../support/processes'
import { REPO_ROOT } from './test-app'

const run = promisify(execFile)
const TSX = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs')

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

async function outcome(args: string[], env: Record<string, string | undefined>): Promise<Outcome> {
  const clean = { ...process.env }
  for (const name of ['NODE_ENV', 'DATABASE_URL', 'DATA_DIR', 'CONTENT_DIR', 'DEMO_DIR']) delete clean[name]
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...clean, ...env } as NodeJS.ProcessEnv,
      maxBuffer: 16 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const prepare = (env: Record<string, string | undefined>) => outcome([TSX, 'scripts/demo.ts', 'prepare'], env)
const tempDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `shijian-demo-${name}-`))

describe('npm start -- --demo: refusals', () => {
  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }, /refused: NODE_ENV=production/],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://staff@db.example/shijian' }, /refused: DATABASE_URL is set/],
    ['DATA_DIR', { DATA_DIR: '/srv/shijian/data' }, /refused: DATA_DIR is set/],
    ['CONTENT_DIR', { CONTENT_DIR: '/srv/shijian/content' }, /refused: CONTENT_DIR is set/],
  ])('with %s: exit 2 saying why, nothing made', async (_name, env, said) => {
    const demoDir = path.join(tempDir('refused'), 'demo')
    const refused = await prepare({ ...env, DEMO_DIR: demoDir })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(said)
    expect(fs.existsSync(demoDir)).toBe(false)
  })

  it('refuses a folder holding files it did not make, leaving them', async () => {
    const demoDir = tempDir('foreign')
    fs.writeFileSync(path.join(demoDir, 'shijian.sqlite'), 'real data')
    const refused = await prepare({ DEMO_DIR: demoDir })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/holds files the demo did not make/)
    expect(fs.readdirSync(demoDir)).toEqual(['shijian.sqlite'])
  })

  it('npm start -- --demo itself refuses before building anything', async () => {
    for (const env of [{ NODE_ENV: 'production' }, { DATABASE_URL: 'postgres://staff@db.example/shijian' }]) {
      const refused = await outcome(['scripts/start.mjs', '--demo'], { ...env, DEMO_DIR: tempDir('start') })
      expect(refused.code).toBe(2)
      expect(refused.stderr).toMatch(/npm start -- --demo: refused: /)
      expect(refused.stdout).not.toMatch(/building/)
    }
  })
})

describe('npm start -- --demo: the demo', () => {
  let demoDir: string
  let api: Started | undefined
  let accounts: DemoAccount[]

  beforeAll(async () => {
    demoDir = path.join(tempDir('made'), 'demo')
    const made = await prepare({ DEMO_DIR: demoDir })
    expect(made).toMatchObject({ code: 0 })
    accounts = JSON.parse(fs.readFileSync(path.join(demoDir, 'accounts.json'), 'utf8')) as DemoAccount[]
    api = await startApi({ DATA_DIR: path.join(demoDir, 'db'), CONTENT_DIR: path.join(demoDir, 'content') })
  }, 180_000)
  afterAll(() => stop(api))

  const signIn = async (account: DemoAccount) => {
    const response = await fetch(`${api!.origin}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.password }),
    })
    const cookie = /^shijian_staff=[^;]*/.exec(response.headers.get('set-cookie') ?? '')?.[0] ?? ''
    return { status: response.status, cookie }
  }
  const get = async (cookie: string, route: string) =>
    (await fetch(`${api!.origin}/api/v1/staff${route}`, { headers: { cookie } })).json() as Promise<
      Record<string, unknown>
    >

  it('makes accounts of each role that sign in with their printed passwords, on a store marked as a demo', async () => {
    expect(accounts.map((account) => [account.username, account.role, account.region, account.reviewSteps])).toEqual([
      ['sheng-bianji', 'province', 'jiangsu', ''],
      ['sheng-chushen', 'province', 'jiangsu', '初审'],
      ['sheng-fushen', 'province', 'jiangsu', '复审'],
      ['sheng-zhongshen', 'province', 'jiangsu', '终审'],
      ['nanjing-bianji', 'city', 'nanjing', ''],
    ])
    for (const account of accounts) {
      expect(account.password.length).toBeGreaterThanOrEqual(12)
      const { status, cookie } = await signIn(account)
      expect([account.username, status]).toEqual([account.username, 204])
      const me = await get(cookie, '/me')
      expect(me).toMatchObject({
        username: account.username,
        regionName: account.region === 'nanjing' ? '南京市' : '江苏省',
      })
      expect(me.demo).toMatch(/演示用的，不是真实数据/)
    }
    expect(await signIn({ ...accounts[0], password: 'not-the-printed-one' })).toMatchObject({ status: 401 })
    // The login page says 演示数据 too, before anyone signs in
    const demo = await (await fetch(`${api!.origin}/api/v1/staff/demo`)).json()
    expect(demo.demo).toMatch(/演示用的，不是真实数据/)
    expect(fs.readFileSync(path.join(demoDir, '.shijian-demo'), 'utf8')).toMatch(/demo/)
  })

  it('generates reach figures in which every city has its own item and a rank of its own', async () => {
    const { cookie } = await signIn(accounts[3])
    const to = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10)
    const reach = (await get(cookie, `/reach?from=${from}&to=${to}`)) as {
      generated: string
      regions: { id: string; kind: string; items: number; index: number; rank: number }[]
    }
    expect(reach.generated).toMatch(/^演示数据/)
    const cities = reach.regions.filter((region) => region.kind === 'city')
    expect(cities).toHaveLength(13)
    for (const city of cities) expect([city.id, city.items]).toEqual([city.id, 1])
    expect(new Set(cities.map((city) => city.rank)).size).toBeGreaterThan(6)
  })

  it('puts items in review through the API, as staff would', async () => {
    const said = await review(api!.origin, { DEMO_DIR: demoDir })
    expect(said).toHaveLength(4)
    const { cookie } = await signIn(accounts[1])
    const list = (await get(cookie, '/newsroom/items')) as { items: { title: string; state: string; step: string }[] }
    const demo = list.items.filter((item) => item.title.startsWith('【演示】') && item.state !== 'published')
    expect(demo.map((item) => [item.state, item.step]).sort()).toEqual(
      [
        ['draft', null],
        ['in_review', '初审'],
        ['in_review', '初审'],
        ['in_review', '复审'],
      ].sort(),
    )
    const queue = (await get(cookie, '/newsroom/queue')) as { items: unknown[] }
    expect(queue.items).toHaveLength(2)
  }, 60_000)
})
