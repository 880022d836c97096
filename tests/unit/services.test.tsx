import Taro from '@tarojs/taro'
import ServicesPage from '@/pages/services/index'
import { services } from './fixtures'
import { answer } from './fake-api'
import { renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

describe('services page', () => {
  it('explains 投诉, 举报 and 咨询 with what to prepare, and the acceptance rules', async () => {
    answer({ services: () => Promise.resolve(services) })
    const page = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await page.findText('投诉：测试投诉')
    for (const text of [
      '举报：测试举报',
      '咨询：测试咨询',
      '需要准备',
      '测试：姓名、电话、地址',
      '受理规则',
      '测试规则：三年内提出',
    ]) {
      expect(page.text()).toContain(text)
    }
  })

  it('calls 12315, and a city office by area code + 12315', async () => {
    answer({ services: () => Promise.resolve(services) })
    const call = jest.spyOn(Taro, 'makePhoneCall').mockImplementation((() => Promise.resolve()) as never)
    const page = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await page.findText('南京市市场监督管理局')
    await page.tap('拨打 12315')
    await page.tap('拨打')
    expect(call.mock.calls).toEqual([[{ phoneNumber: '12315' }], [{ phoneNumber: '02512315' }]])
  })

  it('without a configured 12315 mini-program link, says how to find it instead of a dead button', async () => {
    answer({ services: () => Promise.resolve(services) })
    const page = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await page.findText('在微信里搜索“全国12315平台”小程序')
    expect(page.text()).not.toContain('打开“全国12315平台”小程序')
  })

  it('with a configured short link, opens the 12315 mini-program', async () => {
    answer({
      services: () =>
        Promise.resolve({ ...services, miniProgram12315: { name: '全国12315平台', shortLink: '#小程序://测试/abc' } }),
    })
    const open = jest.spyOn(Taro, 'navigateToMiniProgram').mockImplementation((() => Promise.resolve()) as never)
    const page = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await page.findText('打开“全国12315平台”小程序')
    await page.tap('打开“全国12315平台”小程序')
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ shortLink: '#小程序://测试/abc' }))
  })
})
