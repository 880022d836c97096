// The newsroom with real processes: accounts and review steps made with the CLI (npm run staff -- add/grant/revoke),
// two API replicas sharing one CONTENT_DIR and one SQLite DATA_DIR, an item reviewed across both; the replica that
// did not publish serves it within seconds (its file watcher), and answers 404 within seconds of a withdrawal made
// on the other. npm run audit:verify accepts the log afterwards.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { startApi, stop, type Started } from '../../scripts/lib/processes'
import { REPO_ROOT } from './test-app'
import { shanghaiDate } from '../../server/content/shanghai-date'

const run = promisify(execFile)
const PASSWORD = 'correct-horse-battery-staple'
const SECONDS = 5
const today = () => shanghaiDate(Date.now())

jest.setTimeout(120_000)

let contentDir: string
let dataDir: string
let replicas: Started[] = []

const env = () => ({ ...process.env, CONTENT_DIR: contentDir, DATA_DIR: dataDir, STAFF_PASSWORD: PASSWORD })

function staffCli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/staff.ts', ...args], { cwd: REPO_ROOT, env: env() }).then(
    ({ stdout }) => ({ code: 0, out: stdout.trim() }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stderr.trim() }),
  )
}

beforeAll(async () => {
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-newsroom-replicas-'))
  fs.cpSync(path.join(REPO_ROOT, 'seeds'), contentDir, { recursive: true })
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shijian-newsroom-data-'))
})

afterAll(async () => {
  await Promise.all(replicas.map((replica) => stop(replica)))
  fs.rmSync(contentDir, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

test('CLI: review steps on add, grant and revoke, checked against the chains of site.yaml', async () => {
  expect(await staffCli('add', 'author', '--role', 'province')).toEqual({
    code: 0,
    out: 'added author (province, jiangsu)',
  })
  expect(await staffCli('add', 'first', '--role', 'province', '--review-steps', '初审')).toEqual({
    code: 0,
    out: 'added first (province, jiangsu, reviews 初审)',
  })
  for (const name of ['second', 'third']) {
    expect((await staffCli('add', name, '--role', 'province', '--can-review')).code).toBe(0)
  }
  expect((await staffCli('add', 'njwriter', '--role', 'city', '--region', 'nanjing')).code).toBe(0)
  expect(await staffCli('grant', 'first', '--can-review')).toEqual({ code: 0, out: 'first may review: *' })
  const unknown = await staffCli('grant', 'author', '--review-steps', '初审,终极审核')
  expect(unknown.code).toBe(2)
  expect(unknown.out).toMatch(/--review-steps takes steps of the review chains \(初审, 复审, 终审\)/)
  expect((await staffCli('grant', 'njwriter', '--review-steps', '初审')).code).toBe(0)
  expect(await staffCli('revoke', 'njwriter')).toEqual({ code: 0, out: 'njwriter may no longer review' })
  expect((await staffCli('grant', 'nobody', '--can-review')).code).toBe(2)
})

test('two replicas on one CONTENT_DIR: publish on one, served by the other within seconds; withdraw likewise', async () => {
  replicas = await Promise.all([
    startApi({ CONTENT_DIR: contentDir, DATA_DIR: dataDir }),
    startApi({ CONTENT_DIR: contentDir, DATA_DIR: dataDir }),
  ])
  const [a, b] = replicas

  const sessions: Record<string, { cookie: string; csrf: string }> = {}
  for (const name of ['author', 'first', 'second', 'third', 'njwriter']) {
    const response = await fetch(`${a.origin}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password: PASSWORD }),
    })
    expect(response.status).toBe(204)
    const cookie = /^shijian_staff=[^;]*/.exec(response.headers.get('set-cookie') ?? '')![0]
    sessions[name] = { cookie, csrf: response.headers.get('x-csrf-token')! }
  }
  const post = (origin: string, who: string, url: string, body?: unknown) =>
    fetch(`${origin}/api/v1/staff/newsroom${url}`, {
      method: 'POST',
      headers: {
        cookie: sessions[who].cookie,
        'x-csrf-token': sessions[who].csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })

  // The public id it is published under; the draft's own id is the server's
  const publicId = 'newsroom-replica-warning'
  const created = await post(a.origin, 'author', '/items', {
    collection: 'warnings',
    data: {
      id: publicId,
      title: '两台副本之间的消费警示',
      publishedAt: today(),
      summary: '一台副本发布，另一台几秒内就能看到。',
      level: 'notice',
      region: 'jiangsu',
      whatToDo: ['拨打12315。'],
      channel: 'complaint',
      sources: [{ title: '《中华人民共和国消费者权益保护法》' }],
    },
    body: '## 说明\n\n这是一条测试警示。\n',
  })
  expect(created.status).toBe(201)
  const { id } = (await created.json()) as { id: string }
  expect((await post(b.origin, 'author', `/items/warnings/${id}/submit`)).status).toBe(200)
  // Sessions live in the database: each replica knows every session
  expect((await post(b.origin, 'first', `/items/warnings/${id}/approve`, { step: '初审' })).status).toBe(200)
  expect((await post(a.origin, 'second', `/items/warnings/${id}/approve`, { step: '复审' })).status).toBe(200)
  // njwriter, a city account (its steps revoked besides), is told nothing of a province item: as unknown, 404
  expect((await post(a.origin, 'njwriter', `/items/warnings/${id}/approve`, { step: '终审' })).status).toBe(404)
  expect((await post(b.origin, 'third', `/items/warnings/${id}/approve`, { step: '终审' })).status).toBe(200)

  const until = async (origin: string, status: number) => {
    const start = Date.now()
    while (Date.now() - start < SECONDS * 1000) {
      if ((await fetch(`${origin}/api/v1/warnings/${publicId}`)).status === status) return Date.now() - start
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`${origin} did not answer ${status} within ${SECONDS} s`)
  }

  expect((await fetch(`${b.origin}/api/v1/warnings/${publicId}`)).status).toBe(404)
  let started = Date.now()
  expect((await post(a.origin, 'third', `/items/warnings/${id}/publish`)).status).toBe(200)
  const publishAnswered = Date.now() - started
  expect((await fetch(`${a.origin}/api/v1/warnings/${publicId}`)).status).toBe(200)
  const published = await until(b.origin, 200)

  started = Date.now()
  expect((await post(b.origin, 'second', `/items/warnings/${id}/withdraw`, { reason: '核实中' })).status).toBe(200)
  const withdrawAnswered = Date.now() - started
  expect((await fetch(`${b.origin}/api/v1/warnings/${publicId}`)).status).toBe(404)
  const withdrawn = await until(a.origin, 404)
  console.log(
    `publish answered in ${publishAnswered} ms (served there), the other replica served it ${published} ms later; ` +
      `withdraw answered in ${withdrawAnswered} ms, the other replica answered 404 ${withdrawn} ms later`,
  )

  const verify = await run(process.execPath, ['--import', 'tsx', 'scripts/staff.ts', 'verify-audit'], {
    cwd: REPO_ROOT,
    env: env(),
  })
  expect(verify.stdout).toMatch(/^audit log intact: \d+ entries/)
})
