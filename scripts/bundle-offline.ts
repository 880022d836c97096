// Writes what the services page needs with no network at all — hotline, channels, triage, checklists,
// acceptance rules, offices — into the app package (src/offline/services.json), exactly as the API
// answers /services for the content in CONTENT_DIR (default seeds). `--check` only compares, exiting 1
// when the packaged copy is out of date (the API tests run that check).
// Usage: npx tsx scripts/bundle-offline.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { buildApp } from '../server/app'

export const OFFLINE_FILE = path.resolve(__dirname, '../src/offline/services.json')

export async function offlineServicesJson(contentDir: string): Promise<string> {
  const app = buildApp({ contentDir, logger: false })
  try {
    const res = await app.inject({ method: 'GET', url: '/api/v1/services' })
    if (res.statusCode !== 200) throw new Error(`/services answered ${res.statusCode}: ${res.body}`)
    return JSON.stringify(JSON.parse(res.body), null, 2) + '\n'
  } finally {
    await app.close()
  }
}

async function main() {
  const json = await offlineServicesJson(process.env.CONTENT_DIR ?? 'seeds')
  if (process.argv.includes('--check')) {
    const current = readFileSync(OFFLINE_FILE, 'utf8')
    if (current !== json) {
      console.error(`${path.relative(process.cwd(), OFFLINE_FILE)} is out of date: run npm run content:bundle-offline`)
      process.exit(1)
    }
    console.log('offline services copy is up to date')
  } else {
    writeFileSync(OFFLINE_FILE, json)
    console.log(`wrote ${path.relative(process.cwd(), OFFLINE_FILE)}`)
  }
}

if (require.main === module) main()
