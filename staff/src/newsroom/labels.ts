// Words the newsroom shows: states, field names, and the server's messages (English, for operators) said in Chinese.
// A message not known here is shown as the server wrote it, after the Chinese lead.
import {
  CHANNEL_KINDS,
  COLLECTION_LABELS,
  EXPLAINER_CATEGORIES,
  VIDEO_AWARDS,
  WARNING_LEVELS,
} from '../../../src/model/labels'
import { ApiError } from '../api'
import type { ShownState } from './newsroom-api'

export const STATE_LABELS: Record<ShownState, string> = {
  draft: '草稿',
  in_review: '审核中',
  approved: '待发布',
  scheduled: '已排期',
  published: '已发布',
  withdrawn: '已撤下',
}

export const stateLabel = (state: ShownState, step: string | null) =>
  state === 'in_review' && step ? `审核中 · ${step}` : STATE_LABELS[state]

export const collectionName = (collection: string) =>
  (COLLECTION_LABELS as Record<string, string>)[collection] ?? collection

export const FIELD_LABELS: Record<string, string> = {
  id: '标识（网址用）',
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

export const ENUM_LABELS: Record<string, Record<string, string>> = {
  level: WARNING_LEVELS,
  channel: CHANNEL_KINDS,
  category: EXPLAINER_CATEGORIES,
  award: VIDEO_AWARDS,
}

/** The schema check's words (server/content/schema-problems.ts) in Chinese; anything else as the server said. */
export function problemText(message: string): string {
  let match: RegExpExecArray | null
  if (message === 'is required') return '必填'
  if ((match = /^must be at least (\d+) characters/.exec(message))) return `至少 ${match[1]} 个字`
  if ((match = /^must be at most (\d+) characters/.exec(message))) return `最多 ${match[1]} 个字`
  if ((match = /^must have at least (\d+) entr/.exec(message))) return `至少填 ${match[1]} 项`
  if (message.startsWith('must be lower-case letters')) return '只能用小写字母、数字和连字符，如 fake-health-products'
  if (message === 'must be a date written YYYY-MM-DD') return '日期写作 YYYY-MM-DD'
  if (/is not a day in the calendar$/.test(message)) return '不是日历上的日期'
  if ((match = /^must be one of (.*)$/.exec(message))) return `须为以下之一：${match[1]}`
  if (message === 'must be a whole number') return '须为整数'
  if ((match = /^must be at least (\d+)$/.exec(message))) return `不能小于 ${match[1]}`
  if ((match = /^must be at most (\d+)$/.exec(message))) return `不能大于 ${match[1]}`
  if (message.startsWith('must match the pattern ^https?://')) return '须以 http:// 或 https:// 开头'
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
  return message
}

const CODE_TEXT: Record<string, string> = {
  SELF_REVIEW: '不能审核自己撰写或修改过的稿件，须由其他审核人完成这一步。',
  SAME_REVIEWER: '同一轮审核中每一步须由不同的人完成，您已审核过前面的步骤。',
  STEP_NOT_CURRENT: '稿件当前不在这一步（不能跳过步骤），请刷新后再试。',
  FORBIDDEN_ROLE: '您的账号没有这一步的审核权限。',
  FORBIDDEN_REGION: '您的账号无权处理该发布单位的稿件。',
  NOT_IN_REVIEW: '稿件已不在审核中，请刷新。',
  NOT_A_DRAFT: '只有草稿才能提交审核，请刷新。',
  NOT_EDITABLE: '稿件已提交审核或已发布，不能再修改。',
  PUBLISHED: '稿件已发布：要修改请发起“更正”。',
  NOT_APPROVED: '稿件还没有通过全部审核步骤，不能发布。',
  NOT_PUBLISHED: '稿件没有在线发布，无法进行这一操作。',
  CHECKS_FAILED: '发布前检查没有通过，请按下方列出的问题修改。',
  CHANGED: '稿件刚被别人改动，请刷新后再试。',
  ID_TAKEN: '这个标识已被使用（或曾经发布过），请换一个。',
  VERSION_CONFLICT: '在您编辑期间，别人保存了新版本。您的内容仍在编辑框中：请对照下方的改动合并后再保存。',
  BAD_FIELD: '有字段没有填对，请看标出的字段。',
  BAD_CSRF_TOKEN: '页面已过期，请刷新页面后重试。',
  WRITE_FAILED: '服务器写文件失败，什么都没有改变，请稍后重试。',
}

/** A refusal or failure said plainly, with the server's code and its own words for the record. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return '操作没有成功，请重试。'
  if (error.status === 0) return '无法连接服务器，请检查网络后重试。'
  const known = CODE_TEXT[error.code]
  const lead = known ?? `服务器拒绝了这一操作（${error.status}）。`
  return `${lead}（${error.code}：${error.message}）`
}

export function timeLabel(ms: number | null | undefined): string {
  if (!ms) return '—'
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms))
}

export const ACTION_LABELS: Record<string, string> = {
  'newsroom.create': '新建',
  'newsroom.import': '读入文件',
  'newsroom.save': '保存',
  'newsroom.submit': '提交审核',
  'newsroom.approve': '审核通过',
  'newsroom.return': '退回修改',
  'newsroom.publish': '发布',
  'newsroom.withdraw': '撤稿',
  'newsroom.correct': '发起更正',
  'newsroom.approve.refused': '审核被拒绝',
  'newsroom.return.refused': '退回被拒绝',
}
