// GET /api/v1/staff/reach.csv: the items of a reach report as CSV for Excel (UTF-8 with a BOM, a Chinese header,
// CRLF lines). A cell that a spreadsheet would read as a formula is prefixed with ' (CSV injection): csvCell, the one
// guard of every CSV export (this one and the audit log's).
import { COLLECTION_LABELS, type CollectionName } from '../../src/model/labels'
import type { ReachReport } from './reach-query'

export const CSV_HEADER = [
  '栏目',
  '编号',
  '标题',
  '发布单位',
  '传播力指数',
  '浏览',
  '访客',
  '转发',
  '转发打开',
  '每次转发带来的打开',
  '传播深度',
  '视频播放',
  '完播',
  '完播率',
]

/**
 * A formula to a spreadsheet: = + - @ as the first character that is not a space, tab, CR or LF (Excel and
 * LibreOffice skip those, so " =1+2" and "\n=1+2" run too), or a tab or CR first (either may hide the rest).
 */
const FORMULA_START = /^[ \t\r\n]*[=+\-@]|^[\t\r]/

/** One cell: guarded against formulas, quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value)
  if (FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const percent = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(1)}%`)

export function reachCsv(report: ReachReport, regionNames: Map<string, string>): string {
  const rows = report.items.map((item) => [
    COLLECTION_LABELS[item.collection as CollectionName] ?? item.collection,
    item.itemId,
    item.title,
    regionNames.get(item.publisher) ?? item.publisher,
    item.index.toFixed(1),
    item.views,
    item.visitors,
    item.shares,
    item.shareOpens,
    item.opensPerShare === null ? '' : item.opensPerShare.toFixed(2),
    item.shareDepth,
    item.videoPlays,
    item.videoCompletes,
    percent(item.completionRate),
  ])
  return '\uFEFF' + [CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

export const csvFileName = (report: ReachReport) => `reach-${report.region ?? 'all'}-${report.from}-${report.to}.csv`
