// What WeChat's screen reader is given by the production weapp build: the `aria-role` and `aria-label` that the
// templates of base.wxml render for each element (src/a11y.ts writes them as ariaRole / ariaLabel; Taro 4.2.1's
// templates drop them unless config/weapp-a11y/plugin.ts adds them). Read back from the data every page renders
// against the real API, through the same template numbers the view layer uses.
import { DIST_DIR, HOME_ROUTE, SERVICES_ROUTE } from './app-pages'
import { readTemplates, type AccessibleElement } from './harness'
import { weappSuite } from './suite'

jest.setTimeout(20000)

const suite = weappSuite()
const { caseOf } = suite

async function accessibleOn(url: string): Promise<AccessibleElement[]> {
  const page = await (await suite.boot()).openPage(url)
  expect(page.errors).toEqual([])
  return page.accessible()
}

describe('base.wxml', () => {
  // pure-view and click-view render a <view> with no props at all (Taro picks them for elements that have none).
  const propless = (attributes: Record<string, string>) => !Object.values(attributes).some((v) => /\{\{i\.p\d+/.test(v))

  it.each(['view', 'text', 'button', 'image', 'scroll-view', 'input'])(
    'every <%s> template that takes props binds aria-role and aria-label to plain props',
    (tag) => {
      const templates = readTemplates(DIST_DIR)
      const numbers = [...templates.tags].filter(([, t]) => t === tag).map(([nn]) => nn)
      expect(numbers.length).toBeGreaterThan(0)
      const withProps = numbers.filter((nn) => !propless(templates.attributes.get(nn) ?? {}))
      expect(withProps.length).toBeGreaterThan(0)
      for (const nn of withProps) {
        const attributes = templates.attributes.get(nn) ?? {}
        expect({ nn, role: attributes['aria-role'] }).toEqual({ nn, role: expect.stringMatching(/^\{\{i\.p\d+\}\}$/) })
        expect({ nn, label: attributes['aria-label'] }).toEqual({
          nn,
          label: expect.stringMatching(/^\{\{i\.p\d+\}\}$/),
        })
      }
    },
  )
})

describe('what the screen reader reads on each page', () => {
  it('home: the bureau is a heading, the hotline a labelled button, the large-text switch says what it does', async () => {
    const elements = await accessibleOn(`/${HOME_ROUTE}`)
    const home = caseOf(HOME_ROUTE)
    expect(elements[0]).toMatchObject({ role: 'heading', text: home.expectText[0] })
    expect(elements).toContainEqual(expect.objectContaining({ role: 'button', label: '拨打 12315' }))
    expect(elements).toContainEqual(expect.objectContaining({ role: 'button', label: '开启长辈模式', text: '开启' }))
    const more = elements.filter((e) => e.role === 'link' && e.text === '更多 ›')
    expect(more.length).toBeGreaterThan(0)
    for (const link of more) expect(link.label).toMatch(/^.+：查看更多$/)
  })

  it('services: every city hotline button names the bureau and its number, not only 拨打', async () => {
    const elements = await accessibleOn(`/${SERVICES_ROUTE}`)
    const cityButtons = elements.filter((e) => e.role === 'button' && e.text === '拨打')
    expect(cityButtons).toHaveLength(13)
    for (const button of cityButtons) expect(button.label).toMatch(/^拨打.+市市场监督管理局 0\d{2,3}-12315$/)
    expect(elements.filter((e) => e.role === 'heading').map((e) => e.text)).toContain('各地 12315')
  })

  it('lists: filter chips are buttons that say which one is selected; items are links named by their title', async () => {
    const lists = suite.cases().filter((c) => c.kind === 'list')
    expect(lists.length).toBeGreaterThanOrEqual(4)
    for (const list of lists) {
      const elements = await accessibleOn(list.url)
      expect({ url: list.url, first: elements[0]?.role }).toEqual({ url: list.url, first: 'heading' })
      expect(elements).toContainEqual(expect.objectContaining({ role: 'link', label: list.item?.title }))
      const selected = elements.filter((e) => e.role === 'button' && e.label?.endsWith('，已选中'))
      if (list.collection !== 'news') expect(selected.length).toBeGreaterThan(0)
    }
  })

  it('details: the item title is the first heading and 收藏 is a labelled button', async () => {
    const details = suite.cases().filter((c) => c.kind === 'detail')
    expect(details).toHaveLength(4)
    for (const detail of details) {
      const elements = await accessibleOn(detail.url)
      expect({ url: detail.url, first: elements[0] }).toEqual({
        url: detail.url,
        first: expect.objectContaining({ role: 'heading', text: detail.item?.title }),
      })
      expect(elements).toContainEqual(expect.objectContaining({ role: 'button', label: '收藏' }))
    }
  })

  it('on every page, images are described and every button or link has a name', async () => {
    let images = 0
    for (const c of suite.cases()) {
      const elements = await accessibleOn(c.url)
      for (const element of elements) {
        if (element.tag === 'image') {
          images++
          expect({ url: c.url, label: element.label }).toEqual({ url: c.url, label: expect.stringMatching(/\S/) })
        }
        if (element.role === 'button' || element.role === 'link') {
          expect({ url: c.url, name: (element.label ?? element.text).trim() }).toEqual({
            url: c.url,
            name: expect.stringMatching(/\S/),
          })
        }
      }
    }
    expect(images).toBeGreaterThan(0)
  })

  it('search: the query box is labelled', async () => {
    const search = suite.cases().find((c) => c.route === 'more/search/index')
    if (!search) throw new Error('no search page in app.json')
    const elements = await accessibleOn(search.url)
    expect(elements).toContainEqual(expect.objectContaining({ tag: 'input', label: '搜索内容' }))
  })
})
