// The words staff read, beside the schemas they name: the items' fields and their choices, an item's states, the
// audit log's actions and the keys of their details, and the schema check's problems (server/content/schema-problems.ts
// words them in English for operators and the content check) said in Chinese. One table, read by the staff app
// (staff/src) and the server alike. Plain values only: no validator, no Node, no Taro.
import { CHANNEL_KINDS, COLLECTION_LABELS, EXPLAINER_CATEGORIES, VIDEO_AWARDS, WARNING_LEVELS } from './labels'

/** An item's fields by their names in the schemas (src/model/*.ts). */
export const FIELD_LABELS: Record<string, string> = {
  id: '标识（网址用）',
  status: '状态',
  title: '标题',
  publishedAt: '发布日期',
  updatedAt: '更新日期',
  summary: '摘要',
  sources: '依据来源',
  shareImage: '分享图（媒体路径）',
  keywords: '搜索关键词',
  publisher: '发布单位',
  level: '警示级别',
  region: '适用地区',
  expiresAt: '失效日期',
  whatToDo: '怎么办',
  channel: '“投诉”按钮通往',
  relatedExplainers: '相关解读（标识）',
  category: '分类',
  keyPoints: '要点',
  legalBasis: '法律依据',
  qa: '问答',
  relatedWarnings: '相关警示（标识）',
  tags: '标签',
  origin: '原发单位',
  topics: '专题（标识）',
  cover: '封面（媒体路径）',
  unit: '制作单位',
  contest: '评选活动',
  award: '奖项',
  durationSeconds: '时长（秒）',
  poster: '海报（媒体路径）',
  src: '视频文件（媒体路径）',
  sample: '示例条目（不是本局真实视频）',
  body: '正文',
  // inside sources, legal basis, Q&A
  article: '条款',
  date: '日期',
  url: '网址',
  law: '法律法规全称',
  version: '版本（施行或修订日期）',
  quote: '原文',
  q: '问',
  a: '答',
}

/** A field's label by its JSON pointer's last name (`/sources/0/title` in a source: 名称). */
export function fieldLabel(name: string, parent?: string): string {
  if (parent === 'sources' && name === 'title') return '名称（如《中华人民共和国消费者权益保护法》）'
  if (parent === 'sources' && name === 'publisher') return '发布机关'
  return FIELD_LABELS[name] ?? name
}

/** A pointer said in words: `/sources/1/title` → 依据来源 第 2 项 · 名称. */
export function pointerLabel(pointer: string): string {
  const parts = pointer.replace(/^\//, '').split('/').filter(Boolean)
  if (!parts.length) return '整篇'
  const words: string[] = []
  let parent: string | undefined
  for (const part of parts) {
    if (/^\d+$/.test(part)) words.push(`第 ${Number(part) + 1} 项`)
    else {
      words.push(words.length ? fieldLabel(part, parent) : fieldLabel(part))
      parent = part
    }
  }
  return words.join(' · ')
}

/** An item's states, as the newsroom shows them (and `status` in a file: draft, published). */
export const STATE_LABELS = {
  draft: '草稿',
  in_review: '审核中',
  approved: '待发布',
  scheduled: '已排期',
  published: '已发布',
  withdrawn: '已撤下',
} as const

/** The choices of a field (a schema's literals) by the field's name: each value's Chinese name. */
export const ENUM_LABELS: Record<string, Record<string, string>> = {
  level: WARNING_LEVELS,
  channel: CHANNEL_KINDS,
  category: EXPLAINER_CATEGORIES,
  award: VIDEO_AWARDS,
  status: STATE_LABELS,
  collection: COLLECTION_LABELS,
}

/** A value of a field said by its label (`level` caution → 警示), else as it is. */
export function enumLabel(field: string, value: string): string {
  return ENUM_LABELS[field]?.[value] ?? value
}

/** The last name of a pointer (`/sources/0/title` → title; `/level` → level). */
const lastName = (pointer: string | undefined) =>
  (pointer ?? '')
    .split('/')
    .filter((part) => part && !/^\d+$/.test(part))
    .pop() ?? ''

/**
 * A problem of the schema check (server/content/schema-problems.ts), of the newsroom's link and date checks
 * (server/newsroom/link-date-checks.ts) or of the content check, in Chinese; `pointer` (where it is) names the
 * choices of a field by their labels. A message not known here is shown as written.
 */
export function problemText(message: string, pointer?: string): string {
  let match: RegExpExecArray | null
  const field = lastName(pointer)
  // A choice (a region, a level…) left unselected: its control is a list to choose from
  const choice = field === 'region' || field === 'publisher' || field in ENUM_LABELS
  if (choice && (message === 'is required' || /^must be at least \d+ characters/.test(message))) return '请选择一项'
  if (message === 'is required') return '必填'
  if ((match = /^must be at least (\d+) characters/.exec(message))) return `至少 ${match[1]} 个字`
  if ((match = /^must be at most (\d+) characters \(it has (\d+)\)/.exec(message)))
    return `最多 ${match[1]} 个字（现有 ${match[2]} 个）`
  if ((match = /^must be at most (\d+) characters/.exec(message))) return `最多 ${match[1]} 个字`
  if ((match = /^must have at least (\d+) entr/.exec(message))) return `至少填 ${match[1]} 项`
  if (message.startsWith('must be lower-case letters')) return '只能用小写字母、数字和连字符，如 fake-health-products'
  if (message === 'must be a date written YYYY-MM-DD') return '须为日期（年-月-日），如 2026-11-28'
  if (/is not a day in the calendar$/.test(message)) return '不是日历上的日期'
  if ((match = /^must be one of (.*)$/.exec(message))) {
    const names = match[1].split(/,\s*/).map((value) => enumLabel(field, value))
    return field === 'region' || field === 'publisher' ? '须从列表中选择一个地区' : `须为以下之一：${names.join('、')}`
  }
  if (message === 'is not in an accepted form') return '格式不对'
  if ((match = /^is not a known field \(did you mean (\w+)\?\)$/.exec(message)))
    return `不是已知的字段（是不是“${fieldLabel(match[1])}”？）`
  if (message === 'is not a known field') return '不是已知的字段'
  if (message.startsWith('must be text: put it in quotes')) return '须为文字：请加上引号（否则开头的 0 或长数字会丢失）'
  if (message === 'must be text') return '须为文字'
  if (message === 'must be a list') return '须为列表'
  if (message === 'must be a set of fields') return '须为一组字段'
  if (message === 'must be a whole number') return '须为整数'
  if (message === 'must be a number') return '须为数字'
  if (message === 'must be true or false') return '须为“是”或“否”'
  if ((match = /^must be at least (\d+)$/.exec(message))) return `不能小于 ${match[1]}`
  if ((match = /^must be at most (\d+)$/.exec(message))) return `不能大于 ${match[1]}`
  if (message.startsWith('must match the pattern ^https?://')) return '须以 http:// 或 https:// 开头'
  if (message.startsWith('must match the pattern')) return '格式不对'
  if ((match = /^must match the file name \((.*)\)$/.exec(message))) return `须与文件名一致（${match[1]}）`
  // The link and date checks (server/newsroom/link-date-checks.ts)
  if ((match = /^link "(.*)" is not a page of the app/.exec(message))) return `链接“${match[1]}”不是小程序里的页面`
  if ((match = /^(.*) is not public: the published item would show no link to it$/.exec(message)))
    return `“${match[1]}”尚未公开（草稿，或未到发布日期）：发布后不会显示这条关联`
  if ((match = /^(.*) is http: give the https address/.exec(message)))
    return `${match[1]} 是 http 地址：请改用 https 地址（微信只能打开 https）`
  if ((match = /^(.*) is past: the warning would be published expired$/.exec(message)))
    return `有效期 ${match[1]} 已过：发布出去即是过期警示`
  if ((match = /^(.*) is after today/.exec(message))) return `${match[1]} 晚于今天`
  if ((match = /^(.*) is more than a year ahead/.exec(message))) return `${match[1]} 比今天晚一年以上：年份写对了吗？`
  if ((match = /^(.*) is more than (\d+) days before today/.exec(message)))
    return `${match[1]} 比今天早 ${match[2]} 天以上：新稿件的发布日期应是公开的那天`
  // The public id a draft wishes for, taken by a published item (server/newsroom/newsroom-routes.ts, runChecks)
  if ((match = /^(.*) is taken as a public id: choose another$/.exec(message)))
    return `标识“${match[1]}”已被其他已发布（或曾经发布过）的内容使用：请换一个`
  // The content check's links between items (server/content/load-content.ts)
  if ((match = /^(.*) is not (.*): link dropped$/.exec(message))) return `“${match[1]}”不存在或未公开：这条关联会被去掉`
  // Body images and links (server/content/markdown-to-blocks.ts): our own media only, official hosts over https
  if ((match = /^image "(.*)" is not kept: body images come from our own media/.exec(message)))
    return `图片“${match[1]}”不是本站媒体库里的文件：正文图片只能用本站上传的图片（media/…）`
  if ((match = /^link "(.*)" is not kept: (.*) is not one of the official hosts/.exec(message)))
    return `链接“${match[1]}”指向 ${match[2]}，不在站点设置的官方网站名单（officialHosts）里：只能链接名单里的官方网站（https）`
  if ((match = /^link "(.*)" is not kept: links must start with https:\/\/ or \/pages\//.exec(message)))
    return `链接“${match[1]}”没有保留：站外链接须以 https:// 开头，小程序里的页面以 /pages/ 开头`
  // A media field with a web address (server/content/load-content.ts): our own media only
  if ((match = /^(.*) is not a file of our media: name a path under media\/$/.exec(message)))
    return `“${match[1]}”不是本站媒体库里的文件：海报、封面、视频和分享图只能用本站上传的文件（media/…），不能填网址`
  if ((match = /^link "(.*)" is not kept: it is not a web address/.exec(message)))
    return `链接“${match[1]}”不是有效的网址`
  return message
}

/** The audit log's actions (server/staff, server/newsroom, scripts): what each entry records. */
export const AUDIT_ACTIONS: Record<string, string> = {
  login: '登录',
  'login.refused': '登录被拒',
  'login.throttled': '登录过于频繁被拦',
  logout: '退出登录',
  'reach.export': '导出传播力数据',
  'audit.export': '导出操作日志',
  'staff.add': '新增账号',
  'staff.reset': '重置密码',
  'staff.disable': '停用账号',
  'staff.grant': '授予审核权限',
  'staff.revoke': '取消审核权限',
  'staff.unlock': '解除登录限制',
  'media.cleanup': '清理不再使用的上传文件',
  'newsroom.create': '稿件：新建',
  'newsroom.import': '稿件：读入文件',
  'newsroom.save': '稿件：保存',
  'newsroom.submit': '稿件：提交审核',
  'newsroom.approve': '稿件：审核通过',
  'newsroom.return': '稿件：退回修改',
  'newsroom.publish': '稿件：发布',
  'newsroom.withdraw': '稿件：撤稿',
  'newsroom.correct': '稿件：发起更正',
  'newsroom.upload': '稿件：上传文件',
  'newsroom.preview-link': '稿件：生成手机预览链接',
  'newsroom.preview-link.revoke': '稿件：撤销手机预览链接',
  'newsroom.approve.refused': '稿件：审核被拒绝',
  'newsroom.return.refused': '稿件：退回被拒绝',
  'newsroom.upload.refused': '稿件：上传被拒绝',
}

/** The groups of actions the audit page filters by (a prefix ending in `*`, as the API takes it). */
export const AUDIT_ACTION_GROUPS: { filter: string; label: string }[] = [
  { filter: 'log*', label: '全部登录与退出' },
  { filter: 'newsroom.*', label: '全部稿件操作' },
  { filter: 'staff.*', label: '全部账号管理' },
]

/** An action in words: the table's, a refusal of a known action, else as written. */
export function auditActionLabel(action: string): string {
  if (AUDIT_ACTIONS[action]) return AUDIT_ACTIONS[action]
  if (action.endsWith('.refused') && AUDIT_ACTIONS[action.slice(0, -'.refused'.length)])
    return `${AUDIT_ACTIONS[action.slice(0, -'.refused'.length)]}（被拒）`
  return action
}

/** The keys of the audit entries' details. */
export const AUDIT_DETAIL_KEYS: Record<string, string> = {
  username: '账号',
  role: '角色',
  region: '地区',
  reviewSteps: '审核权限',
  reason: '原因',
  collection: '栏目',
  id: '标识',
  publicId: '公开标识',
  version: '版本',
  state: '状态',
  step: '审核步骤',
  current: '当前步骤',
  comment: '意见',
  publisher: '发布单位',
  linkedFrom: '引用它的稿件',
  expiresAt: '有效期至',
  link: '预览链接编号',
  followsNewest: '跟随最新版本',
  createdBy: '生成人',
  revokedBy: '撤销人',
  kind: '类型',
  files: '文件',
  part: '部分',
  filename: '文件名',
  bytes: '字节',
  cutShort: '传输中断',
  type: '按内容判断的类型',
  status: '答复',
  code: '结果',
  from: '开始日期',
  to: '结束日期',
  rows: '行数',
  actor: '操作人',
  action: '操作',
  chainOk: '日志完整',
  path: '路径',
  paths: '路径',
  width: '宽',
  height: '高',
  durationSeconds: '时长（秒）',
  publishedAt: '发布日期',
  scheduled: '排期',
  note: '备注',
  params: '详情',
}

/** Values of some detail keys said in words. */
export const AUDIT_DETAIL_VALUES: Record<string, Record<string, string>> = {
  role: { province: '省局', city: '市局' },
  reason: { unknown: '用户名不存在', password: '密码错误', disabled: '账号已停用' },
  kind: { image: '图片', poster: '海报', video: '视频' },
  part: { file: '文件', poster: '海报' },
  type: { unknown: '无法识别' },
  state: STATE_LABELS,
  collection: COLLECTION_LABELS,
}
