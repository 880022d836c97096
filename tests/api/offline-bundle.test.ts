import { readFileSync } from 'node:fs'
import path from 'node:path'
import { OFFLINE_FILE, offlineServicesJson } from '../../scripts/bundle-offline'

describe('the services copy shipped in the app package', () => {
  it('is what the API answers for /services on the seed content (else: npm run content:bundle-offline)', async () => {
    const expected = await offlineServicesJson(path.resolve(__dirname, '../../seeds'))
    expect(readFileSync(OFFLINE_FILE, 'utf8')).toBe(expected)
  })
})
