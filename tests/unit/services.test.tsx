import Taro from '@tarojs/taro'
import ServicesPage from '@/pages/services/index'
import { services } from './fixtures'
import { answer, offline } from './fake-api'
import { renderPage } from './render-page'

jest.mock('@/api/client', () => ({
  ...jest.requireActual('@/api/client'),
  api: jest.requireActual('./fake-api').fakeApi,
}))

describe('services page', () => {
  it('works with no network at all: the packaged hotline, triage and checklists, and a retry', async () => {
    answer({ services: offline })
    const call = jest.spyOn(Taro, 'makePhoneCall').mockImplementation((() => Promise.resolve()) as never)
    const page = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await page.findText('网络不畅，下面是随小程序提供的信息')
    await page.findText('南京市市场监督管理局') // below the first screen, rendered a frame later in H5
    for (const text of ['您遇到的是哪种情况？', '需要准备', '南京市市场监督管理局', '025-12315']) {
      expect(page.text()).toContain(text)
    }
    await page.tap('我只是想问问政策、规定')
    await page.findText('建议您：咨询')
    await page.tap('拨打 12315')
    expect(call).toHaveBeenCalledWith({ phoneNumber: '12315' })
  })

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
    await page.findText('测试说明') // the API's answer has replaced the packaged copy
    await page.findText('各地 12315')
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

describe('services triage', () => {
  const triage = [
    {
      id: 'situation',
      text: '测试：您遇到的是哪种情况？',
      options: [
        { label: '测试：受了损失想退款', next: 'purpose' },
        { label: '测试：发现违法行为', channel: 'report' as const, note: '测试：举报说明' },
      ],
    },
    {
      id: 'purpose',
      text: '测试：是生活消费吗？',
      options: [
        { label: '测试：是', channel: 'complaint' as const, note: '测试：请准备材料' },
        { label: '测试：不是', channel: 'inquiry' as const },
      ],
    },
  ]

  it('a refund dispute for daily life leads to 投诉 with its checklist', async () => {
    answer({ services: () => Promise.resolve({ ...services, triage }) })
    const page = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await page.findText('测试：您遇到的是哪种情况？')
    await page.tap('测试：受了损失想退款')
    await page.findText('测试：是生活消费吗？')
    await page.tap('测试：是')
    await page.findText('建议您：投诉')
    expect(document.querySelector('.triage')?.textContent).toContain('测试：姓名、电话、地址')
    expect(document.querySelector('.triage')?.textContent).toContain('测试：请准备材料')
  })

  it('a violation leads to 举报, and 重新选择 starts again', async () => {
    answer({ services: () => Promise.resolve({ ...services, triage }) })
    const page = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await page.findText('测试：您遇到的是哪种情况？')
    await page.tap('测试：发现违法行为')
    await page.findText('建议您：举报')
    expect(document.querySelector('.triage')?.textContent).toContain('测试：违法线索')
    await page.tap('重新选择')
    await page.findText('测试：您遇到的是哪种情况？')
  })

  it('上一步 goes back one question', async () => {
    answer({ services: () => Promise.resolve({ ...services, triage }) })
    const page = await renderPage(ServicesPage, { path: '/pages/services/index' })
    await page.findText('测试：您遇到的是哪种情况？')
    await page.tap('测试：受了损失想退款')
    await page.tap('上一步')
    await page.findText('测试：您遇到的是哪种情况？')
  })
})
