// page and pageSize from a validated querystring. Ajv lets `Infinity` through integer limits, so it is caught here.
import { PAGE_SIZE_DEFAULT } from '../../src/model/labels'
import { badParameter } from './api-error'
import { parameterRule } from './query-schemas'

export function pagingOf(query: { page?: number; pageSize?: number }): { page: number; pageSize: number } {
  const page = query.page ?? 1
  const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT
  if (!Number.isFinite(page)) throw badParameter(parameterRule('page') as string)
  if (!Number.isFinite(pageSize)) throw badParameter(parameterRule('pageSize') as string)
  return { page, pageSize }
}
