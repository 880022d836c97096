import { stop } from '../support/processes'

export default async function globalTeardown(): Promise<void> {
  for (const server of globalThis.__E2E_SERVERS__ ?? []) stop(server)
}
