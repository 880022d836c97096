// Debian's nginx with the deployment template (deploy/nginx/shijian.conf.template) rendered by envsubst, in a
// temporary prefix: for tests/deploy and scripts/bench-deploy.ts. Everything (pid, logs, temp files, the cache) stays
// under the prefix; the server listens on 127.0.0.1.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { freePort, ROOT, start, type Started } from './processes'

export const TEMPLATE = path.join(ROOT, 'deploy/nginx/shijian.conf.template')
/** The only variables envsubst replaces: nginx's own ($host, $uri…) stay as they are. */
export const TEMPLATE_VARIABLES = ['SHIJIAN_LISTEN', 'SHIJIAN_API', 'SHIJIAN_H5_ROOT', 'SHIJIAN_CACHE_DIR'] as const
export type TemplateValues = Record<(typeof TEMPLATE_VARIABLES)[number], string>

export function nginxBinary(): string {
  const found = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file))
  if (!found) throw new Error("nginx is not installed: apt-get install nginx (Debian's package)")
  return found
}

/** The template rendered as the README says: envsubst with the explicit list of variables. */
export function renderTemplate(values: TemplateValues): string {
  const list = TEMPLATE_VARIABLES.map((name) => '${' + name + '}').join(' ')
  const result = spawnSync('envsubst', [list], {
    input: fs.readFileSync(TEMPLATE, 'utf8'),
    env: { PATH: process.env.PATH, ...values },
    encoding: 'utf8',
  })
  if (result.error) throw new Error(`envsubst: ${result.error.message} (apt-get install gettext-base)`)
  if (result.status !== 0) throw new Error(`envsubst exited with ${result.status}: ${result.stderr}`)
  return result.stdout
}

export interface NginxOptions {
  /** A fresh folder for nginx's prefix: nginx.conf, shijian.conf, logs, temp files and the cache go in it. */
  prefix: string
  /** The API replicas' host:port, as SHIJIAN_API. */
  api: string
  /** The H5 build nginx serves (readable by nginx's workers). */
  h5Root: string
  /** More `http` context (another server block…), after the rendered template. */
  extraHttp?: string
  workers?: number
  accessLog?: boolean
}

export interface StartedNginx extends Started {
  /** The rendered template, as nginx reads it. */
  rendered: string
  /** nginx's error log so far. */
  errorLog(): string
}

/** Renders the template into `prefix`, writes a main nginx.conf that includes it, and starts nginx in the foreground. */
export async function startNginx(options: NginxOptions): Promise<StartedNginx> {
  const nginx = nginxBinary()
  const { prefix } = options
  // nginx's workers run as an unprivileged user when the master runs as root: they must reach the prefix
  fs.chmodSync(prefix, 0o755)
  for (const dir of ['logs', 'temp']) fs.mkdirSync(path.join(prefix, dir), { recursive: true, mode: 0o755 })
  const port = await freePort()
  const rendered = renderTemplate({
    SHIJIAN_LISTEN: `127.0.0.1:${port}`,
    SHIJIAN_API: options.api,
    SHIJIAN_H5_ROOT: options.h5Root,
    SHIJIAN_CACHE_DIR: path.join(prefix, 'cache'),
  })
  fs.writeFileSync(path.join(prefix, 'shijian.conf'), rendered)
  const errorLog = path.join(prefix, 'logs/error.log')
  const temp = (name: string) => `${name}_temp_path ${path.join(prefix, 'temp', name)};`
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `# Written by scripts/lib/nginx.ts: a main configuration around the rendered deploy template
worker_processes ${options.workers ?? 1};
pid ${path.join(prefix, 'nginx.pid')};
error_log ${errorLog} warn;
events {
    worker_connections 1024;
}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${options.accessLog ? path.join(prefix, 'logs/access.log') : 'off'};
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n    ')}
    include ${path.join(prefix, 'shijian.conf')};
${options.extraHttp ?? ''}
}
`,
  )
  const started = await start(
    nginx,
    ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', errorLog, '-g', 'daemon off;'],
    { ready: { port }, cwd: prefix },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${readIfThere(errorLog)}`)
  })
  return { ...started, rendered, errorLog: () => readIfThere(errorLog) }
}

function readIfThere(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}
