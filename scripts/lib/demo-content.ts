// Demo content for the staff dashboard's ranking of bureaus: one published warning per city of site.yaml, published
// by that city (`publisher`), its title marked 【演示】 wherever it shows (the H5 app, the dashboard, the newsroom).
// Written only into a copy of the content (never into the repository's seeds/): `npm run reach:demo -- --city-items`
// and `npm start -- --demo` (scripts/demo.ts), which then generate events for them as for every published item.
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { addDays } from '../../server/content/shanghai-date'
import type { SiteSettings } from '../../src/model/site'

/** The mark of a demo item: its id starts with it, its title with 【演示】. */
export const DEMO_ITEM_PREFIX = 'demo-city-'
export const DEMO_TITLE_MARK = '【演示】'

/** What each city's warning is about (in turn): plausible topics of a city bureau's consumer warnings. */
const TOPICS: { title: string; summary: string; level: 'notice' | 'caution' | 'alert'; todo: string[] }[] = [
  {
    title: '健身房预付卡“闭店跑路”提醒',
    summary: '本市近期有健身房以“充值送课”揽客后突然闭店。办卡前看经营时间和口碑，按需少充。',
    level: 'caution',
    todo: ['办卡前查询商家经营情况，签书面合同。', '发现闭店迹象尽快拨打12315投诉。'],
  },
  {
    title: '直播间“低价秒杀”电动车头盔质量提醒',
    summary: '直播间低价头盔多为无3C标志产品，碰撞时保护不足。购买时认准3C标志。',
    level: 'notice',
    todo: ['认准3C标志和生产厂家信息。', '保存订单截图，质量不符可投诉。'],
  },
  {
    title: '装修公司“零增项”套餐陷阱',
    summary: '低价套餐签约后以“超出标准”为由层层加价。签约前写清材料品牌和工程量。',
    level: 'caution',
    todo: ['合同写清每项材料的品牌、型号和数量。', '增项须书面确认并签字。'],
  },
  {
    title: '中秋月饼过度包装提醒',
    summary: '部分礼盒空隙率、包装层数超标。过度包装可向市场监管部门举报。',
    level: 'notice',
    todo: ['选购时看包装层数和空隙。', '发现过度包装可拨打12315举报。'],
  },
  {
    title: '老年人保健品会销警示',
    summary: '以免费体检、送鸡蛋吸引老人听讲座，再高价推销“保健品”。保健食品不能治病。',
    level: 'alert',
    todo: ['不参加来历不明的“健康讲座”。', '家人多关心老人的消费情况。'],
  },
  {
    title: '电动自行车违规改装风险提示',
    summary: '私自更换大容量电池、拆除限速器，容易引发火灾。请到正规门店维修。',
    level: 'alert',
    todo: ['不私自改装电池和控制器。', '充电时远离楼道和出口。'],
  },
  {
    title: '校外培训“退费难”提醒',
    summary: '部分培训机构要求一次性缴纳大额费用，停课后拒不退费。分期缴费更稳妥。',
    level: 'caution',
    todo: ['选择在监管平台备案的机构。', '不一次性缴纳超过三个月的费用。'],
  },
  {
    title: '网购“仅退款”诈骗提醒',
    summary: '冒充客服以“商品质量问题，双倍赔偿”为由诱导转账。官方客服不会要求私下转账。',
    level: 'alert',
    todo: ['只在平台内联系客服。', '不点击陌生链接、不共享屏幕。'],
  },
  {
    title: '燃气灶具选购提醒',
    summary: '无熄火保护装置的燃气灶存在安全隐患。选购时看熄火保护和气源类型。',
    level: 'notice',
    todo: ['选购带熄火保护装置的灶具。', '请有资质的人员安装。'],
  },
  {
    title: '美容院“套餐贷”警示',
    summary: '以体验价引流，再诱导办理分期贷款购买高价疗程。签字前看清是不是贷款合同。',
    level: 'caution',
    todo: ['不在不清楚的合同上签字。', '发现被办理贷款及时投诉。'],
  },
  {
    title: '二手车“调表”提醒',
    summary: '部分车商篡改里程表，以低里程高价出售。购车前查询维修保养记录。',
    level: 'caution',
    todo: ['查询车辆维修保养和出险记录。', '合同写明表显里程和车况。'],
  },
  {
    title: '儿童玩具安全提醒',
    summary: '小零件、磁铁玩具存在误吞风险。选购时看适用年龄和警示说明。',
    level: 'notice',
    todo: ['按适用年龄选购玩具。', '不买“三无”玩具。'],
  },
  {
    title: '景区周边“低价一日游”提醒',
    summary: '低价团以购物点回扣盈利，强迫或变相强迫购物。选择正规旅行社。',
    level: 'caution',
    todo: ['选择正规旅行社并签订合同。', '遇到强迫购物保存证据并投诉。'],
  },
]

const quote = (value: string) => JSON.stringify(value)

/** The front matter and body of one city's demo warning. */
function itemText(n: number, city: { id: string; name: string }, publishedAt: string): string {
  const topic = TOPICS[n % TOPICS.length]
  const lines = [
    '---',
    `id: ${DEMO_ITEM_PREFIX}${city.id}`,
    `title: ${quote(`${DEMO_TITLE_MARK}${city.name}：${topic.title}`)}`,
    'status: published',
    `publishedAt: ${quote(publishedAt)}`,
    `publisher: ${city.id}`,
    `level: ${topic.level}`,
    `region: ${city.id}`,
    `summary: ${quote(`（演示稿件，不是${city.name}市场监管局的真实发布）${topic.summary}`)}`,
    'whatToDo:',
    ...topic.todo.map((step) => `  - ${quote(step)}`),
    'channel: complaint',
    'sources:',
    '  - title: 《中华人民共和国消费者权益保护法》',
    '    article: 第八条',
    '---',
    '',
    `这是一篇为${city.name}生成的演示稿件，用来在传播力看板上展示各单位的排名，不是真实发布。`,
    '',
  ]
  return lines.join('\n')
}

/**
 * Writes one demo warning per city of `contentDir`/site.yaml into `contentDir`/warnings, published on the days
 * before `end` (1–7 days before, in turn), and returns their ids. Refuses the repository's own seeds/ folder.
 */
export function writeCityItems(contentDir: string, end: string, seedsDir: string): string[] {
  if (path.resolve(contentDir) === path.resolve(seedsDir)) {
    throw new Error(
      `${contentDir} is the repository's seed content: demo items go into a copy of it (another CONTENT_DIR)`,
    )
  }
  const site = YAML.parse(fs.readFileSync(path.join(contentDir, 'site.yaml'), 'utf8')) as SiteSettings
  const cities = site.regions.filter((region) => region.kind === 'city')
  const ids: string[] = []
  cities.forEach((city, n) => {
    const id = `${DEMO_ITEM_PREFIX}${city.id}`
    fs.writeFileSync(path.join(contentDir, 'warnings', `${id}.md`), itemText(n, city, addDays(end, -(1 + (n % 7)))))
    ids.push(id)
  })
  return ids
}
