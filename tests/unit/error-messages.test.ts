// The words staff read (src/model/error-messages.ts, src/model/staff-labels.ts): every error code the server's
// sources send has Chinese words, which say the details the server sends as params; the schema check's problems and
// the audit log's actions are said in Chinese too.
import fs from 'node:fs'
import path from 'node:path'
import { ERROR_MESSAGES, errorMessage } from '../../src/model/error-messages'
import { AUDIT_ACTIONS, auditActionLabel, problemText } from '../../src/model/staff-labels'

const ROOT = path.join(__dirname, '../..')

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(relative)
    return entry.name.endsWith('.ts') ? [fs.readFileSync(path.join(ROOT, relative), 'utf8')] : []
  })
}

/** The codes the server answers with: ApiError(status, 'CODE', …), sendError(reply, status, 'CODE', …), code: 'CODE'. */
function serverCodes(): string[] {
  const codes = new Set<string>()
  for (const text of sources('server')) {
    for (const pattern of [
      /ApiError\(\s*\d{3},\s*'([A-Z_]+)'/g,
      /sendError\(\s*\w+,\s*\d{3},\s*'([A-Z_]+)'/g,
      /super\(\d{3},\s*'([A-Z_]+)'/g,
      /\bcode: '([A-Z][A-Z_]+)'/g,
      /^\s+\d{3}: '([A-Z_]+)',$/gm,
      /\[\d{3}, '[^']*', '([A-Z_]+)'\]/g,
      /'(NOT_APPROVED)'/g,
    ]) {
      for (const match of text.matchAll(pattern)) codes.add(match[1])
    }
  }
  return [...codes].sort()
}

/** Latin words a staff member would have to read (names of formats and numbers aside). */
const english = (text: string) =>
  (text.match(/[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9]/g) ?? []).filter(
    (word) => !['JPEG', 'PNG', 'WebP', 'SVG', 'HEIC', 'MP4', 'H.264', 'MB', 'px', 'ffmpeg', 'movflags'].includes(word),
  )

describe('error messages', () => {
  it('has Chinese words for every code the server sends', () => {
    const codes = serverCodes()
    expect(codes.length).toBeGreaterThan(30)
    expect(codes.filter((code) => !(code in ERROR_MESSAGES))).toEqual([])
  })

  it('says no English, with or without params', () => {
    for (const code of Object.keys(ERROR_MESSAGES)) {
      expect([code, english(errorMessage(code))]).toEqual([code, []])
    }
    for (const why of ['svg', 'heic', 'animated', 'video-type', 'multipart', 'not-image'])
      expect(english(errorMessage('UNSUPPORTED_TYPE', { why, frames: 3 }))).toEqual([])
    // The type a file is, by name
    expect(english(errorMessage('UNSUPPORTED_TYPE', { why: 'other-type', ext: 'gif' }))).toEqual(['GIF'])
    for (const why of [
      'empty',
      'no-video-track',
      'too-long',
      'incomplete',
      'form',
      'cut-short',
      'no-file',
      'no-poster',
    ])
      expect(english(errorMessage('BAD_UPLOAD', { why, seconds: 4000, max: 3600 }))).toEqual([])
  })

  it('says the details the server sends', () => {
    expect(errorMessage('TOO_LARGE', { why: 'image-pixels', what: 'image', width: 5000, height: 40 })).toBe(
      '文件太大：图片最大 5 MB、每边不超过 4096 像素。这张图片是 5000 × 40 px，请先缩小。',
    )
    expect(errorMessage('BAD_UPLOAD', { why: 'too-long', seconds: 4000, max: 3600 })).toBe(
      '视频太长：这个视频长 4000 秒，最长 3600 秒。',
    )
    expect(errorMessage('STEP_NOT_CURRENT', { current: '复审', step: '初审' })).toContain('现在等待“复审”')
    expect(errorMessage('TOO_MANY_LOGINS', { wait: 840 })).toBe('登录失败次数过多，请在 14 分钟后再试。')
    expect(errorMessage('SOMETHING_NEW', {}, 418)).toBe('服务器拒绝了这一操作（答复 418），请稍后重试。')
  })
})

describe('schema problems and audit actions in Chinese', () => {
  it('names the choices of a field by their labels', () => {
    expect(problemText('must be one of notice, caution, alert', '/level')).toBe('须为以下之一：提示、警示、预警')
    expect(problemText('must be one of complaint, report, inquiry', '/channel')).toBe('须为以下之一：投诉、举报、咨询')
    expect(problemText('is required', '/level')).toBe('请选择一项')
    expect(problemText('must be at least 2 characters', '/region')).toBe('请选择一项')
    expect(problemText('must be at least 2 characters', '/title')).toBe('至少 2 个字')
    expect(problemText('must be at most 80 characters (it has 95)', '/title')).toBe('最多 80 个字（现有 95 个）')
    expect(problemText('is not a known field (did you mean title?)', '/titel')).toBe('不是已知的字段（是不是“标题”？）')
  })

  it('names every action the server writes', () => {
    const actions = new Set<string>()
    for (const text of [...sources('server'), ...sources('scripts')])
      for (const match of text.matchAll(/action: '(login|logout|[a-z-]+\.[a-z.-]+)'/g)) actions.add(match[1])
    for (const text of sources('server/newsroom'))
      for (const match of text.matchAll(/(?:audited|audit)\(actor, '([a-z-]+)'/g)) actions.add(`newsroom.${match[1]}`)
    expect([...actions].filter((action) => auditActionLabel(action) === action)).toEqual([])
    expect(Object.values(AUDIT_ACTIONS).flatMap(english)).toEqual([])
  })
})
