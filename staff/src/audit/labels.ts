// The audit log's actions in words; an action not listed is shown as written.
const ACTIONS: Record<string, string> = {
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
}

const NEWSROOM: Record<string, string> = {
  create: '新建稿件',
  save: '保存稿件',
  submit: '提交审核',
  approve: '审核通过',
  return: '退回修改',
  publish: '发布',
  withdraw: '撤稿',
  correct: '更正',
  upload: '上传文件',
  import: '导入稿件',
}

export function actionLabel(action: string): string {
  if (ACTIONS[action]) return ACTIONS[action]
  const [group, rest] = [action.split('.')[0], action.split('.').slice(1).join('.')]
  if (group === 'newsroom' && NEWSROOM[rest]) return `稿件：${NEWSROOM[rest]}`
  const refused = rest.endsWith('.refused') ? rest.slice(0, -'.refused'.length) : undefined
  if (group === 'newsroom' && refused && NEWSROOM[refused]) return `稿件：${NEWSROOM[refused]}（被拒）`
  return action
}

/** The detail of an entry in one line: key=value pairs, or the text as written (an edited entry may hold anything). */
export function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return ''
  if (typeof detail !== 'object') return String(detail)
  const pairs = Object.entries(detail as Record<string, unknown>).map(
    ([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
  )
  return pairs.join('；')
}
