// Test data in the API's response shapes (src/model/api.ts). Titles say they are test items.
import type {
  ExplainerDetail,
  ExplainerSummary,
  HomeResponse,
  ListResponse,
  NewsSummary,
  ServicesResponse,
  VideoDetail,
  VideoSummary,
  WarningDetail,
  WarningSummary,
} from '@/model/api'

export const explainer: ExplainerSummary = {
  id: 'test-returns',
  collection: 'explainers',
  title: '测试解读：网购七日无理由退货',
  summary: '测试摘要：网购商品一般可以七日无理由退货。',
  publishedAt: '2024-03-15',
  category: 'online-shopping',
  categoryLabel: '网购与直播',
}

export const warning: WarningSummary = {
  id: 'test-prepaid',
  collection: 'warnings',
  title: '测试警示：预付卡办卡前要当心',
  summary: '测试摘要：大额预付有风险。',
  publishedAt: '2024-05-01',
  level: 'caution',
  levelLabel: '警示',
  region: 'nanjing',
  regionName: '南京市',
  expired: false,
}

export const video: VideoSummary = {
  id: 'test-video',
  collection: 'videos',
  title: '测试视频：守护舌尖安全（示例）',
  summary: '测试摘要：示例作品。',
  publishedAt: '2021-06-17',
  unit: '测试单位（示例）',
  award: 'first',
  awardLabel: '一等奖',
  durationSeconds: 12,
  poster: '/media/posters/test-video.jpg',
  posterSizes: { tile: '/media/posters/test-video.tile.webp', wide: '/media/posters/test-video.wide.webp' },
  sample: true,
}

export const news: NewsSummary = {
  id: 'test-news',
  collection: 'news',
  title: '测试新闻：政务新媒体工作座谈会',
  summary: '测试摘要：会议部署新闻宣传工作。',
  publishedAt: '2021-06-17',
  origin: '测试来源',
  topics: ['party-centenary'],
}

export function page<T>(items: T[], total = items.length, pageNo = 1): ListResponse<T> {
  return { items, page: pageNo, pageSize: 20, total }
}

export const home: HomeResponse = {
  site: { bureauName: '测试省市场监督管理局', appName: '市监', hotline: '12315' },
  topics: [{ id: 'party-centenary', title: '庆祝建党100周年', description: '测试专题说明', items: [news] }],
  warnings: [warning],
  news: [news],
  explainers: [explainer],
  videos: [video],
}

const detailBase = {
  status: 'published' as const,
  sources: [{ title: '《中华人民共和国消费者权益保护法》', article: '第二十五条' }],
  related: [],
}

export const explainerDetail: ExplainerDetail = {
  ...explainer,
  ...detailBase,
  body: [
    { type: 'heading', level: 2, text: '测试小标题' },
    { type: 'paragraph', spans: [{ text: '测试正文段落。' }] },
    { type: 'callout', tone: 'tip', spans: [{ text: '测试提示：保留购物凭证。' }] },
  ],
  keyPoints: ['测试要点一', '测试要点二'],
  legalBasis: [{ law: '《中华人民共和国消费者权益保护法》', article: '第二十五条', version: '2014-03-15' }],
  qa: [{ q: '测试问题？', a: '测试回答。' }],
  tags: [],
  related: [warning],
}

export const warningDetail: WarningDetail = {
  ...warning,
  ...detailBase,
  body: [{ type: 'paragraph', spans: [{ text: '测试：套路是这样的。' }] }],
  whatToDo: ['测试：保留合同和付款凭证'],
  channel: 'complaint',
  channelLabel: '投诉',
}

export const videoDetail: VideoDetail = {
  ...video,
  ...detailBase,
  body: [],
  contest: '“担当新使命·奋进新征程”微视频创作',
  src: '/media/videos/test-video.mp4',
}

export const services: ServicesResponse = {
  intro: '测试说明：投诉、举报、咨询的区别。',
  hotline: '12315',
  website12315: 'https://www.12315.cn',
  miniProgram12315: { name: '全国12315平台' },
  regions: [{ id: 'nanjing', name: '南京市', kind: 'city', areaCode: '025' }],
  channels: [
    {
      kind: 'complaint',
      title: '投诉：测试投诉',
      whenToUse: '测试：和商家有消费纠纷。',
      checklist: ['测试：姓名、电话、地址'],
    },
    { kind: 'report', title: '举报：测试举报', whenToUse: '测试：发现违法行为。', checklist: ['测试：违法线索'] },
    { kind: 'inquiry', title: '咨询：测试咨询', whenToUse: '测试：想问政策。', checklist: ['测试：想问的问题'] },
  ],
  acceptanceRules: ['测试规则：三年内提出'],
  offices: [{ region: 'nanjing', name: '南京市市场监督管理局', phone: '025-12315' }],
  sources: [{ title: '《市场监督管理投诉举报处理暂行办法》' }],
}
