// What every error code the API answers with (`{ error: { code, message, params? } }`, server/http/api-error.ts)
// says to staff, in Chinese: one table keyed by the code, shared by the server and the staff app. The server's
// `message` stays English, for operators and logs; where it names details (a size, a step, how long to wait), the
// server sends them as `params` too and the table says them. `why` in params tells apart refusals that share a code
// (an upload refused as empty, damaged or cut short). tests/unit/error-messages.test.ts checks that every code the
// server's sources send is here.

export type ErrorParams = Record<string, string | number | boolean>

type Say = string | ((params: ErrorParams) => string)

const str = (value: unknown) => (value === undefined || value === null ? '' : String(value))
const what = (params: ErrorParams) =>
  params.what === 'poster' ? '海报' : params.what === 'video' ? '视频' : params.what === 'image' ? '图片' : '文件'
const waitText = (seconds: unknown) => {
  const wait = Number(seconds)
  if (!Number.isFinite(wait) || wait <= 0) return ''
  return wait < 60 ? `${Math.ceil(wait)} 秒` : `${Math.ceil(wait / 60)} 分钟`
}

const IMAGE_TYPES_TEXT = '只能上传 JPEG、PNG 或 WebP 图片，按文件内容判断，改扩展名无效'
const IMAGE_SIZE_TEXT = '图片最大 5 MB、每边不超过 4096 像素'

export const ERROR_MESSAGES: Record<string, Say> = {
  // Sessions and login (server/staff)
  BAD_LOGIN: '用户名或密码不正确。',
  TOO_MANY_LOGINS: (params) =>
    waitText(params.wait)
      ? `登录失败次数过多，请在 ${waitText(params.wait)}后再试。`
      : '登录失败次数过多，请稍后再试。',
  NO_SESSION: '登录已过期或已在别处退出，请重新登录。',
  BAD_CSRF_TOKEN: '页面已过期，请刷新页面后重试。',
  FORBIDDEN_REGION: (params) =>
    params.why === 'reach' ? '您的账号无权查看所选地区的数据。' : '您的账号无权处理该发布单位的稿件。',
  FORBIDDEN_ROLE: (params) => {
    if (params.why === 'audit') return '操作日志只对省局账号开放。'
    if (params.why === 'sign-off') return `发布和撤稿须由可以进行“${str(params.step)}”的审核人操作。`
    return params.step ? `您的账号没有“${str(params.step)}”这一步的审核权限。` : '您的账号没有这一步的审核权限。'
  },
  // The newsroom's workflow (server/newsroom/newsroom-routes.ts)
  SELF_REVIEW: '不能审核自己撰写或修改过的稿件，须由其他审核人完成这一步。',
  SAME_REVIEWER: '同一轮审核中每一步须由不同的人完成，您已审核过前面的步骤。',
  STEP_NOT_CURRENT: (params) =>
    params.current
      ? `稿件当前不在这一步（现在等待“${str(params.current)}”，不能跳过步骤），请刷新后再试。`
      : '稿件当前不在这一步（不能跳过步骤），请刷新后再试。',
  NOT_IN_REVIEW: '稿件已不在审核中，请刷新。',
  NOT_A_DRAFT: '只有草稿才能提交审核，请刷新。',
  NOT_EDITABLE: '稿件已提交审核或已发布，不能再修改。',
  PUBLISHED: '稿件已发布：要修改请发起“更正”。',
  NOT_APPROVED: '稿件还没有通过全部审核步骤，不能发布。',
  NOT_PUBLISHED: '稿件没有在线发布，无法进行这一操作。',
  CHECKS_FAILED: '发布前检查没有通过，请按下方列出的问题修改。',
  CHANGED: '稿件刚被别人改动，请刷新后再试。',
  ID_TAKEN: '这个标识已被使用（或曾经发布过），请换一个。',
  PUBLIC_ID_TAKEN: (params) =>
    params.publicId
      ? `网址标识“${str(params.publicId)}”已被另一篇稿件使用（或曾经发布过），请换一个再发布。`
      : '这个网址标识已被另一篇稿件使用（或曾经发布过），请换一个再发布。',
  PUBLIC_ID_FIXED: (params) =>
    params.publicId
      ? `稿件已用网址标识“${str(params.publicId)}”发布过：发布后标识不能再改。`
      : '稿件已发布过：发布后网址标识不能再改。',
  VERSION_CONFLICT: '在您编辑期间，别人保存了新版本。您的内容仍在编辑框中：请对照下方的改动合并后再保存。',
  BAD_FIELD: '有字段没有填对，请看标出的字段。',
  WRITE_FAILED: '服务器写文件失败，什么都没有改变，请稍后重试。',
  PRECONDITION_REQUIRED: '页面缺少所编辑的版本号，请刷新页面后重试。',
  BAD_AUTOSAVE: '自动保存的内容格式不对，没有保存：请手动保存。',
  // Preview links (server/newsroom/preview-links.ts)
  WITHDRAWN: '稿件已撤下，不能预览。',
  PREVIEW_EXPIRED: '预览链接已过期：请编辑重新生成。',
  PREVIEW_REVOKED: '预览链接已被撤销：请编辑重新生成。',
  DRAFT_INVALID: '稿件有字段没有填对，无法预览：请在编辑页改正并保存。',
  BAD_PREVIEW_TOKEN: '预览口令不对：请使用编辑生成的预览链接。',
  // Uploads (server/newsroom/uploads.ts, uploads-media.ts)
  UNSUPPORTED_TYPE: (params) => {
    switch (params.why) {
      case 'svg':
        return '文件类型不支持：不接受 SVG 图片（其中可能带有脚本和链接），请另存为 PNG 或 JPEG 后上传。'
      case 'heic':
        return '文件类型不支持：不接受 HEIC 照片，请先导出为 JPEG。'
      case 'animated':
        return `文件类型不支持：不接受动图（这张有 ${str(params.frames)} 帧），请上传静态图片。`
      case 'video-type':
        return '文件类型不支持：视频须为 H.264 编码的 MP4，按文件内容判断，改扩展名无效。'
      case 'video-codec':
        return `文件类型不支持：视频须为 H.264 编码的 MP4；这个视频不是 H.264 编码（${str(params.codec)}），请转码后再传。`
      case 'multipart':
        return '上传的方式不对：请刷新页面后，从页面上选择文件上传。'
      case 'other-type':
        return `文件类型不支持：${IMAGE_TYPES_TEXT}；这个${what(params)}是 ${str(params.ext).toUpperCase()} 文件。`
      default:
        return `文件类型不支持：${IMAGE_TYPES_TEXT}。`
    }
  },
  TOO_LARGE: (params) => {
    switch (params.why) {
      case 'image-bytes':
        return params.size
          ? `文件太大：${IMAGE_SIZE_TEXT}。这张${what(params)}有 ${str(params.size)}。`
          : `文件太大：${IMAGE_SIZE_TEXT}。这张${what(params)}超过 5 MB。`
      case 'image-pixels':
        return `文件太大：${IMAGE_SIZE_TEXT}。这张${what(params)}是 ${str(params.width)} × ${str(params.height)} px，请先缩小。`
      case 'video-bytes':
        return '文件太大：视频最大 50 MB，请剪短或压缩后再传。'
      case 'parts':
        return '一次上传的文件太多：一次只传一个文件（视频另加一张海报）。'
      default:
        return '文件太大：图片最大 5 MB，视频最大 50 MB。'
    }
  },
  BAD_UPLOAD: (params) => {
    switch (params.why) {
      case 'empty':
        return `${what(params)}是空的（0 字节），请重新选择文件。`
      case 'no-video-track':
        return '文件无法读取：视频里没有画面（只有声音，或已损坏）。'
      case 'too-long':
        return `视频太长：这个视频长 ${str(params.seconds)} 秒，最长 ${str(params.max)} 秒。`
      case 'incomplete':
        return '文件无法读取：视频文件不完整或不是可播放的 MP4，可能没有传完整，请重新导出后再传。'
      case 'no-file':
        return '没有收到文件：请选择文件后再上传。'
      case 'no-poster':
        return '视频须同时上传一张海报图片。'
      case 'form':
        return '上传的内容不完整（页面出错）：请刷新页面后重试。'
      case 'cut-short':
        return '上传中途断开，文件没有收全：请重试。'
      default:
        return `文件无法读取，可能已损坏或没有传完整：请重新导出这个${what(params)}后再传。`
    }
  },
  // Queries (the dashboard's period, the audit log's filter) and requests in general
  BAD_PARAMETER: '查询条件有误（如日期、栏目或地区），请检查后重试。',
  TOO_MANY_ROWS: '要导出的记录太多：请缩短时段，分几次导出。',
  BAD_REQUEST: '请求无法处理，请刷新页面后重试。',
  UNAUTHORIZED: '请先登录。',
  FORBIDDEN: '您的账号无权进行这一操作。',
  NOT_FOUND: '没有找到：它可能已被删除，或地址有误。',
  METHOD_NOT_ALLOWED: '请求无法处理，请刷新页面后重试。',
  NOT_ACCEPTABLE: '请求无法处理，请刷新页面后重试。',
  REQUEST_TIMEOUT: '请求超时，请检查网络后重试。',
  PAYLOAD_TOO_LARGE: '提交的内容太大，请删减后重试。',
  URI_TOO_LONG: '地址太长，请缩短查询条件后重试。',
  UNSUPPORTED_MEDIA_TYPE: '提交的内容格式不对，请刷新页面后重试。',
  RANGE_NOT_SATISFIABLE: '请求的文件范围不对，请重新打开。',
  HEADERS_TOO_LARGE: '请求头太大：请清除本站的浏览器缓存后重试。',
  RATE_LIMITED: (params) =>
    waitText(params.wait) ? `请求过于频繁，请在 ${waitText(params.wait)}后再试。` : '请求过于频繁，请稍后再试。',
  INTERNAL: '服务器出错了，什么都没有改变，请稍后重试。',
  STORE_UNAVAILABLE: '服务器暂时无法保存数据，请稍后重试。',
  CONTENT_UNAVAILABLE: '服务器暂时无法读取内容，请稍后重试。',
  BAD_EVENT: '统计事件的格式不对，没有记录。',
  // The staff app's own (staff/src/api.ts): no answer at all
  NETWORK: '无法连接服务器，请检查网络后重试。',
}

/** A warning of an upload that was stored (server/newsroom/uploads-media.ts) in Chinese; else as written. */
export function uploadWarningText(warning: string): string {
  if (warning.startsWith('The movie header (moov) comes after the media data'))
    return '视频的索引在文件末尾：手机要下载完整个文件才能开始播放（可用 ffmpeg -movflags +faststart 重新封装后再传）'
  return warning
}

/** An error said in Chinese: the table's words for its code (with its params), else a plain lead with the status. */
export function errorMessage(code: string, params: ErrorParams = {}, status?: number): string {
  const say = ERROR_MESSAGES[code]
  if (typeof say === 'string') return say
  if (say) return say(params)
  return status ? `服务器拒绝了这一操作（答复 ${status}），请稍后重试。` : '操作没有成功，请重试。'
}
