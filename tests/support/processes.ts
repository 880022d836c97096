// Starts the project's own servers as child processes on free ports, for end-to-end tests and scripts.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

// Resolved through require (not __dirname), so it is right also when an ESM script loads this file through tsx.
export const ROOT = path.dirname(require.resolve('../../package.json'))

export interface Started {
  process: ChildProcess
  origin: string
}

/** Runs `command`, waits for a line with an http://host:port address, and returns that origin. */
export function startAndWaitForOrigin(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30000,
): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`${command} ${args.join(' ')} printed no address within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(/https?:\/\/[\w.-]+:\d+/)
      if (match) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        child.stdout?.resume() // keep draining its output, or a chatty child blocks once the pipe is full
        resolve({ process: child, origin: match[0] })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`))
    })
  })
}

export function startApi(env: Record<string, string> = {}): Promise<Started> {
  return startAndWaitForOrigin(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
    PORT: '0',
    HOST: '127.0.0.1',
    CONTENT_DIR: 'seeds',
    RATE_LIMIT: '0',
    ...env,
  })
}

/** The H5 preview server (scripts/serve-h5.mjs) over `h5Dir` (default dist/h5), passing /api/ to `apiOrigin`. */
export function startH5(apiOrigin: string, h5Dir?: string): Promise<Started> {
  return startAndWaitForOrigin(process.execPath, [path.join(ROOT, 'scripts/serve-h5.mjs')], {
    PORT: '0',
    HOST: '127.0.0.1',
    API_ORIGIN: apiOrigin,
    ...(h5Dir ? { H5_DIR: h5Dir } : {}),
  })
}

export function stop(started: Started | undefined): void {
  if (started && started.process.exitCode === null) started.process.kill()
}
