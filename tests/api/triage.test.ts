import path from 'node:path'
import { formatProblem, loadContent } from '../../server/content/load-content'
import { FIXTURES, getJson, REPO_ROOT, testApp } from './test-app'

const problemsOf = (folder: string) =>
  loadContent(path.join(FIXTURES, folder))
    .problems.filter((problem) => problem.file === 'services.yaml')
    .map((problem) => formatProblem('fixture', problem))

describe('services.yaml triage: every option leads somewhere, every question is reached', () => {
  const broken = problemsOf('triage-broken')
  const leftOut = ': the triage is left out until this is fixed'
  const cases = [
    {
      name: 'a duplicate question id',
      line: `fixture/services.yaml: triage/2/id: test-second is the id of an earlier question too${leftOut}`,
    },
    {
      name: 'a next naming no question',
      line: `fixture/services.yaml: triage/0/options/0/next: test-missing is not the id of a question${leftOut}`,
    },
    {
      name: 'an option with both next and channel',
      line: `fixture/services.yaml: triage/0/options/1: has both next and channel, give only one${leftOut}`,
    },
    {
      name: 'an option with neither',
      line: `fixture/services.yaml: triage/1/options/0: leads nowhere, give it next (a question id) or channel${leftOut}`,
    },
    {
      name: 'a next leading back round in a circle',
      line: `fixture/services.yaml: triage/1/options/1/next: test-start leads back round in a circle${leftOut}`,
    },
    {
      name: 'a question no option leads to',
      line: 'fixture/services.yaml: triage/3: test-orphan cannot be reached from the first question',
    },
  ]
  test.each(cases)('$name is reported with its file and field', ({ line }) => {
    expect(broken).toContain(line)
  })

  test('nothing else is reported', () => {
    expect(broken).toHaveLength(cases.length)
  })

  const served = [
    { folder: 'triage-broken', name: 'a triage that can mislead is left out of /services', triage: undefined },
    {
      folder: 'triage-unreachable',
      name: 'a triage whose only fault is an unreached question is still served',
      triage: ['test-start', 'test-second', 'test-orphan'],
    },
  ]
  test.each(served)('$name', async ({ folder, triage }) => {
    const app = testApp({ contentDir: path.join(FIXTURES, folder) })
    const { status, body } = await getJson(app, '/api/v1/services')
    await app.close()
    expect(status).toBe(200)
    expect(body.channels).toHaveLength(3)
    expect(body.triage?.map((question: { id: string }) => question.id)).toEqual(triage)
  })

  test('the unreached question is the only problem of triage-unreachable', () => {
    expect(problemsOf('triage-unreachable')).toEqual([
      'fixture/services.yaml: triage/2: test-orphan cannot be reached from the first question',
    ])
  })

  test('seeds/services.yaml has a triage that loads clean and is served', async () => {
    const seeds = path.join(REPO_ROOT, 'seeds')
    expect(loadContent(seeds).problems.filter((problem) => problem.file === 'services.yaml')).toEqual([])
    const app = testApp({ contentDir: seeds })
    const { body } = await getJson(app, '/api/v1/services')
    await app.close()
    expect(body.triage.length).toBeGreaterThanOrEqual(2)
  })
})
