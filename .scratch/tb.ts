import { Value } from '@sinclair/typebox/value'
import { WarningFrontMatter } from '/work/main/src/model/warning'
const v = { id: 'Bad Id', title: 'x', status: 'published', publishedAt: '2024-1-1', summary: 12, sources: [], level: 'severe', region: 'js', whatToDo: ['a'], channel: 'complaint', extra: 1 }
for (const e of Value.Errors(WarningFrontMatter, v)) console.log(e.type, e.path, JSON.stringify(e.value), e.message, e.errors.length, Object.keys(e.schema))
