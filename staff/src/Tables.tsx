// The figures as real tables (caption, th with scope), each in a scrolling region that the keyboard can reach on a
// narrow screen. The order is the server's (items by 传播力指数, regions by rank).
import { useState, type ReactNode } from 'react'
import { COLLECTION_LABELS } from '../../src/model/labels'
import { count, indexValue, percent, perOne } from './format'
import { dayLabel } from './period'
import type { Day, ItemRow, RegionRow } from './types'

const label = (collection: string) => (COLLECTION_LABELS as Record<string, string>)[collection] ?? collection

function Scroll({ label: name, children, narrow }: { label: string; children: ReactNode; narrow?: boolean }) {
  return (
    <>
      <p className='swipe-hint' aria-hidden='true'>
        表格可左右滑动
      </p>
      <div className={narrow ? 'scroll narrow' : 'scroll'} role='region' aria-label={name} tabIndex={0}>
        {children}
      </div>
    </>
  )
}

const SHOWN_AT_FIRST = 50

export function ItemsTable({
  items,
  regionName,
}: {
  items: ItemRow[]
  regionName: (id: string) => string | undefined
}) {
  const [all, setAll] = useState(false)
  if (items.length === 0) return <p>所选条件下没有单条内容的记录（可能只有首页浏览、搜索或热线拨打）。</p>
  const shown = all ? items : items.slice(0, SHOWN_AT_FIRST)
  return (
    <>
      <Scroll label='内容传播力排行（可横向滚动）'>
        <table className='data'>
          <caption>
            按传播力指数从高到低，共 {items.length} 条{shown.length < items.length ? `，显示前 ${shown.length} 条` : ''}
          </caption>
          <thead>
            <tr>
              <th scope='col'>序号</th>
              <th scope='col' className='text'>
                标题
              </th>
              <th scope='col'>传播力指数</th>
              <th scope='col'>浏览</th>
              <th scope='col'>访客</th>
              <th scope='col'>转发</th>
              <th scope='col'>转发打开</th>
              <th scope='col'>每次转发带来的打开</th>
              <th scope='col'>传播深度</th>
              <th scope='col'>视频完播率</th>
              <th scope='col'>单日最多访客</th>
              <th scope='col' className='text'>
                栏目
              </th>
              <th scope='col' className='text'>
                发布单位
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item, position) => (
              <tr key={`${item.collection}/${item.itemId}`}>
                <td>{position + 1}</td>
                <th scope='row' className='text title'>
                  {item.title ?? item.itemId}
                </th>
                <td className='strong'>{indexValue(item.index)}</td>
                <td>{count(item.views)}</td>
                <td>{count(item.visitors)}</td>
                <td>{count(item.shares)}</td>
                <td>{count(item.shareOpens)}</td>
                <td>{perOne(item.opensPerShare)}</td>
                <td>{count(item.shareDepth)}</td>
                <td>{percent(item.completionRate)}</td>
                <td>
                  {item.peak ? (
                    <>
                      {count(item.peak.visitors)}
                      <span className='day'>（{dayLabel(item.peak.day)}）</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className='text'>{label(item.collection)}</td>
                <td className='text'>{item.publisher ? (regionName(item.publisher) ?? item.publisher) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {shown.length < items.length && (
        <button type='button' onClick={() => setAll(true)}>
          显示全部 {items.length} 条
        </button>
      )}
    </>
  )
}

export function RegionsTable({ regions }: { regions: RegionRow[] }) {
  if (regions.length === 0) return <p>没有可以显示的单位。</p>
  return (
    <Scroll label='各单位考评（可横向滚动）'>
      <table className='data'>
        <caption>按传播力指数排名（指数相同，名次相同）</caption>
        <thead>
          <tr>
            <th scope='col'>名次</th>
            <th scope='col' className='text'>
              单位
            </th>
            <th scope='col'>传播力指数</th>
            <th scope='col'>有记录的内容</th>
            <th scope='col'>浏览</th>
            <th scope='col'>访客</th>
            <th scope='col'>转发</th>
            <th scope='col'>转发打开</th>
            <th scope='col'>每次转发带来的打开</th>
            <th scope='col'>传播深度</th>
            <th scope='col'>视频完播率</th>
          </tr>
        </thead>
        <tbody>
          {regions.map((region) => (
            <tr key={region.id}>
              <td>{region.rank ?? '—'}</td>
              <th scope='row' className='text'>
                {region.name}
              </th>
              <td className='strong'>{indexValue(region.index)}</td>
              <td>{count(region.items)}</td>
              <td>{count(region.views)}</td>
              <td>{count(region.visitors)}</td>
              <td>{count(region.shares)}</td>
              <td>{count(region.shareOpens)}</td>
              <td>{perOne(region.opensPerShare)}</td>
              <td>{count(region.shareDepth)}</td>
              <td>{percent(region.completionRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  )
}

export function SearchesTable({ searches }: { searches: { q: string; count: number }[] }) {
  return (
    <Scroll label='没有结果的搜索词' narrow>
      <table className='data'>
        <caption>搜不到结果的搜索词，按次数从多到少（最多 50 个）</caption>
        <thead>
          <tr>
            <th scope='col' className='text'>
              搜索词
            </th>
            <th scope='col'>次数</th>
          </tr>
        </thead>
        <tbody>
          {searches.map((search) => (
            <tr key={search.q}>
              <th scope='row' className='text'>
                {search.q}
              </th>
              <td>{count(search.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  )
}

export function DaysTable({ days, partial }: { days: Day[]; partial?: { day: string; label: string } }) {
  return (
    <Scroll label='逐日数据表'>
      <table className='data'>
        <caption>逐日数字（与上方趋势图相同）</caption>
        <thead>
          <tr>
            <th scope='col' className='text'>
              日期
            </th>
            <th scope='col'>浏览</th>
            <th scope='col'>访客</th>
            <th scope='col'>转发</th>
            <th scope='col'>转发打开</th>
            <th scope='col'>热线拨打</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <th scope='row' className='text'>
                {day.day === partial?.day ? `${dayLabel(day.day, true)} ${partial.label}` : dayLabel(day.day, true)}
              </th>
              <td>{count(day.views)}</td>
              <td>{count(day.visitors)}</td>
              <td>{count(day.shares)}</td>
              <td>{count(day.shareOpens)}</td>
              <td>{count(day.hotlineTaps)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  )
}
