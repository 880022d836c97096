// The jest set-up the weapp tests on seed content share: the real API on the seeds, the page cases read from it,
// and fresh mini-programs (harnesses) that are destroyed after each test. Call once at the top of a test file.
import { startApi, stop, type Started } from '../../scripts/lib/processes'
import { DIST_DIR, pageCases, type PageCase } from './app-pages'
import { bootApp, type BootOptions, type Harness } from './harness'

export interface WeappSuite {
  /** The API under test's origin (inside tests and hooks). */
  origin(): string
  /** How to boot the production bundle against that API. */
  options(): BootOptions
  /** Every page of app.json with real ids (pageCases). */
  cases(): PageCase[]
  /** The case of one route; throws if app.json has no such page. */
  caseOf(route: string): PageCase
  /** A fresh mini-program (a cold start), destroyed after the test. */
  boot(): Promise<Harness>
  /** A harness made some other way (openCold), destroyed after the test like the others. */
  track(harness: Harness): Harness
}

export function weappSuite(): WeappSuite {
  let api: Started | undefined
  let cases: PageCase[] = []
  const harnesses: Harness[] = []
  beforeAll(async () => {
    api = await startApi()
    cases = await pageCases(api.origin)
  })
  afterAll(() => stop(api))
  afterEach(() => {
    harnesses.splice(0).forEach((h) => h.destroy())
  })

  const origin = () => {
    if (!api) throw new Error('the API is not started: call weappSuite() at the top of the test file')
    return api.origin
  }
  const options = (): BootOptions => ({ distDir: DIST_DIR, apiOrigin: origin() })
  const track = (harness: Harness) => {
    harnesses.push(harness)
    return harness
  }
  return {
    origin,
    options,
    cases: () => cases,
    caseOf: (route) => {
      const found = cases.find((c) => c.route === route)
      if (!found) throw new Error(`no case for ${route}`)
      return found
    },
    boot: async () => track(await bootApp(options())),
    track,
  }
}
