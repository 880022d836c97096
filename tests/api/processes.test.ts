// scripts/lib/processes.ts: start waits for a line or a port and reports the output when a child fails; stop waits.
import { start, stop } from '../../scripts/lib/processes'

const node = process.execPath

test('start resolves with the origin from the ready line; stop resolves once the child has exited', async () => {
  const child = await start(
    node,
    ['-e', 'console.log("listening on http://127.0.0.1:4321"); setInterval(() => {}, 1000)'],
    {
      ready: { line: /listening on (http:\/\/\S+)/ },
    },
  )
  expect(child.origin).toBe('http://127.0.0.1:4321')
  expect(child.process.exitCode).toBeNull()
  await stop(child)
  expect(child.process.signalCode).toBe('SIGTERM')
})

test('start waits for a port to accept connections', async () => {
  const script =
    'setTimeout(() => require("node:net").createServer().listen(0, "127.0.0.1", function () {' +
    ' console.log("port " + this.address().port) }), 300)'
  const child = await start(node, ['-e', script], { ready: { line: /^port (\d+)$/m } })
  // the line gives a bare number here: wait on that port as another caller would
  const byPort = await start(node, ['-e', 'setInterval(() => {}, 1000)'], {
    ready: { port: Number(child.origin), host: '127.0.0.1' },
  })
  expect(byPort.origin).toBe(`http://127.0.0.1:${child.origin}`)
  await Promise.all([stop(child), stop(byPort)])
})

test('a child that exits before it is ready rejects with its output', async () => {
  await expect(
    start(node, ['-e', 'console.error("no content folder"); process.exit(3)'], { ready: { line: /listening/ } }),
  ).rejects.toThrow(/exited \(3\) before it was ready; its output:\nno content folder/)
})

test('a child that is not ready in time is stopped, and the error has its output', async () => {
  await expect(
    start(node, ['-e', 'console.log("starting…"); setInterval(() => {}, 1000)'], {
      ready: { line: /listening/ },
      timeoutMs: 500,
    }),
  ).rejects.toThrow(/was not ready within 500 ms; its output:\nstarting…/)
})

test('stop sends SIGKILL after the grace period to a child that ignores SIGTERM', async () => {
  const child = await start(
    node,
    ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'],
    {
      ready: { line: /ready/ },
    },
  )
  const began = Date.now()
  await stop(child, 300)
  expect(child.process.signalCode).toBe('SIGKILL')
  expect(Date.now() - began).toBeGreaterThanOrEqual(290)
})

test('stop of nothing, or of a child already gone, resolves at once', async () => {
  await expect(stop(undefined)).resolves.toBeUndefined()
  const child = await start(node, ['-e', 'console.log("ready http://127.0.0.1:1")'], { ready: { line: /ready/ } })
  await new Promise((resolve) => child.process.once('exit', resolve))
  await expect(stop(child)).resolves.toBeUndefined()
})
