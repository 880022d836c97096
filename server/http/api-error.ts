// Error responses: always `{ error: { code, message } }` (with `params` when the message names details), never a
// 5xx for anything a client sends. `message` is English, for operators; staff read the code's Chinese words
// (src/model/error-messages.ts), which say the params.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FastifySchemaValidationError } from 'fastify/types/schema'
import type { Socket } from 'node:net'
import type { ApiError as ApiErrorBody } from '../../src/model/api'
import type { ErrorParams } from '../../src/model/error-messages'
import { parameterRule } from './query-schemas'
import { addSecurityHeaders, SECURITY_HEADER_LINES } from './security-headers'

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Details the Chinese words of the code say (src/model/error-messages.ts), sent as `error.params` */
    readonly params?: ErrorParams,
  ) {
    super(message)
  }
}

export const badParameter = (message: string) => new ApiError(400, 'BAD_PARAMETER', message)

export const notAllowedValue = (name: string, allowed: readonly string[]) =>
  badParameter(`${name} must be one of ${allowed.join(', ')}`)

export const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message)

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'RANGE_NOT_SATISFIABLE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
}

export function errorBody(code: string, message: string, params?: ErrorParams): string {
  const body: ApiErrorBody = { error: params ? { code, message, params } : { code, message } }
  return JSON.stringify(body)
}

export function sendError(
  reply: FastifyReply,
  statusCode: number,
  code: string,
  message: string,
  params?: ErrorParams,
) {
  reply
    .code(statusCode)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(errorBody(code, message, params))
}

/** `?pageSize=0` → `pageSize must be a whole number from 1 to 50`. */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const error = errors[0]
  const params = (error?.params ?? {}) as Record<string, unknown>
  const name =
    (params.missingProperty as string | undefined) ??
    (params.additionalProperty as string | undefined) ??
    error?.instancePath.replace(/^\//, '').replace(/\//g, '.') ??
    dataVar
  if (error?.keyword === 'required') return badParameter(`${name} is required`)
  const rule = parameterRule(name)
  if (rule) return badParameter(rule)
  if (error?.keyword === 'enum')
    return badParameter(`${name} must be one of ${(params.allowedValues as string[]).join(', ')}`)
  return badParameter(`${name} ${error?.message ?? 'is not valid'}`)
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) return sendError(reply, error.statusCode, error.code, error.message, error.params)
    if (error.validation) return sendError(reply, 400, 'BAD_PARAMETER', error.message)
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) return sendError(reply, status, CODES[status] ?? 'BAD_REQUEST', error.message)
    request.log.error({ err: error }, 'request failed')
    return sendError(reply, 500, 'INTERNAL', 'Something went wrong on our side; please try again')
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    sendError(reply, 404, 'NOT_FOUND', `Nothing is published at ${path.length > 120 ? path.slice(0, 120) + '…' : path}`)
  })
}

/** For Fastify's `frameworkErrors`: a broken %-escape is the client's mistake; an over-long id names nothing. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  addSecurityHeaders(reply)
  reply.header('access-control-allow-origin', '*')
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendError(reply, 404, 'NOT_FOUND', 'No item has an id that long')
  sendError(
    reply,
    400,
    'BAD_REQUEST',
    error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid' : 'The request is not valid',
  )
}

/** For Fastify's `clientErrorHandler`: requests Node cannot even parse still get the error shape. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy(error)
  const [status, text, code] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'REQUEST_TIMEOUT']
        : [400, 'Bad Request', 'BAD_REQUEST']
  const body = errorBody(code, status === 400 ? 'The request could not be read' : text)
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n${SECURITY_HEADER_LINES}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
