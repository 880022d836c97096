import { spawnSync } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

describe('the first news item, converted from the source document', () => {
  it('matches what scripts/convert-source.mjs makes of the original (pinyin notes removed, simplified)', () => {
    const run = spawnSync(process.execPath, ['scripts/convert-source.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' })
    expect(run.status).toBe(0)
  })

  it('the conversion itself: 監(jiān)管 becomes 监管 and no pinyin note is left', () => {
    const run = spawnSync(process.execPath, ['scripts/convert-source.mjs'], { cwd: ROOT, encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('江苏省市场监管局在常熟召开全系统政务新媒体工作座谈会')
    expect(run.stdout).not.toMatch(/\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)/)
    expect(run.stdout).not.toMatch(/[監網絡會議]/)
  })
})
