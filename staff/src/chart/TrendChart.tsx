// The trend over the days of the period, drawn by ECharts on a canvas. The canvas is hidden from assistive
// technology: the figure's caption sums it up in words, and the same figures are in the table below it.
// The tooltip is drawn on the canvas too (renderMode richText): ECharts' HTML tooltip writes style attributes,
// which the pages' Content-Security-Policy refuses.
import { useEffect, useRef, useState } from 'react'
import type { Day } from '../types'
import { dayLabel } from '../period'

export const SERIES = [
  { key: 'views', name: '浏览', color: '#0b57d0', type: 'solid', symbol: 'circle' },
  { key: 'visitors', name: '访客', color: '#b3261e', type: 'dashed', symbol: 'rect' },
  { key: 'shares', name: '转发', color: '#146c2e', type: 'dotted', symbol: 'triangle' },
  { key: 'shareOpens', name: '转发打开', color: '#6a3fa0', type: 'solid', symbol: 'diamond' },
] as const

export default function TrendChart({
  days,
  partial,
}: {
  days: Day[]
  /** Today, not over yet: its label says until when, and a dashed line marks it as unfinished */
  partial?: { day: string; label: string }
}) {
  const box = useRef<HTMLDivElement>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    const element = box.current
    if (!element) return
    let disposed = false
    let dispose = () => {}
    import('./echarts')
      .then(({ init }) => {
        if (disposed) return
        const chart = init(element, undefined, { renderer: 'canvas' })
        const many = days.length > 31
        chart.setOption({
          animation: false,
          textStyle: { fontSize: 14, color: '#1f1f1f' },
          grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
          legend: { top: 0, left: 0, itemGap: 16, textStyle: { fontSize: 14, color: '#1f1f1f' } },
          tooltip: { trigger: 'axis', renderMode: 'richText', textStyle: { fontSize: 14 } },
          dataset: {
            source: days.map((day) => ({
              ...day,
              label: day.day === partial?.day ? partial.label : dayLabel(day.day),
            })),
          },
          xAxis: {
            type: 'category',
            boundaryGap: false,
            axisLabel: { color: '#3c3c3c', fontSize: 13, hideOverlap: true },
            axisLine: { lineStyle: { color: '#6b6b6b' } },
          },
          yAxis: {
            type: 'value',
            minInterval: 1,
            axisLabel: { color: '#3c3c3c', fontSize: 13 },
            splitLine: { lineStyle: { color: '#e3e3e3' } },
          },
          series: SERIES.map((series, index) => ({
            // The first series carries the mark of today's unfinished day
            ...(index === 0 && partial
              ? {
                  markLine: {
                    silent: true,
                    symbol: 'none',
                    lineStyle: { type: 'dashed', color: '#6b6b6b', width: 1.5 },
                    label: { formatter: '未结束', color: '#3c3c3c', fontSize: 13, position: 'insideEndTop' },
                    data: [{ xAxis: partial.label }],
                  },
                }
              : {}),
            type: 'line',
            name: series.name,
            encode: { x: 'label', y: series.key },
            color: series.color,
            symbol: series.symbol,
            showSymbol: !many,
            symbolSize: 7,
            lineStyle: { width: 2.5, type: series.type },
          })),
        })
        const resize = new ResizeObserver(() => chart.resize())
        resize.observe(element)
        dispose = () => {
          resize.disconnect()
          chart.dispose()
        }
      })
      .catch(() => {
        if (!disposed) setFailed(true)
      })
    return () => {
      disposed = true
      dispose()
    }
  }, [days, partial])

  if (failed) return <p className='alert error'>趋势图没有加载成功，请刷新页面；下方的逐日数据表不受影响。</p>
  return <div ref={box} className='chart' aria-hidden='true' />
}
