// Starts the real content API on the seed content and the H5 preview server, each on a free port.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT, startApi, startH5, type Started } from '../../scripts/lib/processes'

declare global {
  // eslint-disable-next-line no-var
  var __E2E_SERVERS__: Started[] | undefined
}

export default async function globalSetup(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist/h5/index.html'))) {
    throw new Error('No H5 build in dist/h5: run `npm run test:e2e`, which builds it first.')
  }
  const api = await startApi()
  const h5 = await startH5(api.origin)
  globalThis.__E2E_SERVERS__ = [h5, api]
  process.env.E2E_API_ORIGIN = api.origin
  process.env.E2E_H5_ORIGIN = h5.origin
}
