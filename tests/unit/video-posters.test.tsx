// Video cards show the poster copy made for their box (POSTER_SIZES), the grid's first screen loaded at once and
// its first row first, the rest when scrolled near; a copy saved by an older build falls back to the original.
import { SummaryList } from '@/components/summary-card'
import type { VideoSummary } from '@/model/api'
import VideosPage from '@/pages/videos/index'
import { page, video } from './fixtures'
import { answer } from './fake-api'
import { renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

/** What Taro's <Image> was given: in H5 its `imgProps` go onto the <img> it renders. */
interface PosterElement extends HTMLElement {
  imgProps?: { alt?: string; width?: number; height?: number; fetchpriority?: string }
}

const videos: VideoSummary[] = Array.from({ length: 8 }, (_, i) => ({
  ...video,
  id: `test-video-${i + 1}`,
  title: `测试视频${i + 1}`,
  poster: `/media/posters/v${i + 1}.jpg`,
  posterSizes: { tile: `/media/posters/v${i + 1}.tile.webp`, wide: `/media/posters/v${i + 1}.wide.webp` },
}))

const posters = () => Array.from(document.querySelectorAll<PosterElement>('.summary-card__poster'))
const loadsLazily = (el: PosterElement) => el.getAttribute('lazy-load') === 'true'

describe('video posters', () => {
  it('the videos page shows the tile copies: the first screen at once, its first row first, the rest lazily', async () => {
    answer({ list: () => Promise.resolve(page(videos)) as never })
    const rendered = await renderPage(VideosPage)
    await rendered.findText('测试视频8')
    const shown = posters()
    expect(shown.map((el) => el.getAttribute('src'))).toEqual(videos.map((v) => v.posterSizes.tile))
    expect(shown.map(loadsLazily)).toEqual([false, false, false, false, false, false, true, true])
    expect(shown.map((el) => el.imgProps?.fetchpriority)).toEqual(['high', 'high', ...Array(6).fill(undefined)])
    for (const [i, el] of shown.entries()) {
      // Half the copy's 416 × 234 pixels: the box it fills, kept before it loads.
      expect(el.imgProps).toMatchObject({ alt: `测试视频${i + 1} 封面`, width: 208, height: 117 })
    }
  })

  it('a one-column list shows the wide copies, each loaded when near the screen', async () => {
    const List = () => <SummaryList items={videos.slice(0, 3)} />
    const rendered = await renderPage(List)
    await rendered.findText('测试视频3')
    const shown = posters()
    expect(shown.map((el) => el.getAttribute('src'))).toEqual(videos.slice(0, 3).map((v) => v.posterSizes.wide))
    expect(shown.every(loadsLazily)).toBe(true)
    expect(shown.map((el) => el.imgProps?.fetchpriority)).toEqual([undefined, undefined, undefined])
    expect(shown[0].imgProps).toMatchObject({ width: 400, height: 225 })
  })

  it("the home page's grid, further down the page, shows the tile copies and loads every poster lazily", async () => {
    const List = () => <SummaryList items={videos.slice(0, 4)} grid belowFold />
    const rendered = await renderPage(List)
    await rendered.findText('测试视频4')
    const shown = posters()
    expect(shown.map((el) => el.getAttribute('src'))).toEqual(videos.slice(0, 4).map((v) => v.posterSizes.tile))
    expect(shown.every(loadsLazily)).toBe(true)
    expect(shown.map((el) => el.imgProps?.fetchpriority)).toEqual([undefined, undefined, undefined, undefined])
  })

  it('a video saved on the device by an older build (no posterSizes) shows its original poster', async () => {
    const { posterSizes: _dropped, ...saved } = videos[0]
    const List = () => <SummaryList items={[saved as VideoSummary]} grid />
    const rendered = await renderPage(List)
    await rendered.findText('测试视频1')
    expect(posters()[0].getAttribute('src')).toBe('/media/posters/v1.jpg')
  })
})
