// wx.request, for real: every request goes to the API under test, by path (the origin the build baked in is
// ignored), and is recorded in `requests`; settle() waits while any is in flight.
import http from 'node:http'
import https from 'node:https'
import type { Runtime } from './runtime'
import type { RequestRecord } from './types'
import type { WxCalls } from './wx-calls'

/** Installs the network APIs on `wx`; returns what stops the requests still in flight. */
export function installNetwork(
  wx: Record<string, unknown>,
  runtime: Runtime,
  { callbacks, sync }: WxCalls,
  apiOrigin: string,
): { stop: () => void } {
  const { requests, ctxJSON, guard } = runtime
  const liveRequests = new Set<http.ClientRequest>()
  wx.request = (opts: Record<string, unknown>) => {
    const method = String(opts.method ?? 'GET').toUpperCase()
    const given = String(opts.url ?? '')
    let target: URL
    try {
      const parsed = new URL(given, apiOrigin)
      target = new URL(parsed.pathname + parsed.search, apiOrigin)
    } catch {
      callbacks('request', opts, { errMsg: `request:fail invalid url "${given}"` })
      return { abort: () => undefined, onHeadersReceived: () => undefined, offHeadersReceived: () => undefined }
    }
    const header: Record<string, string> = {}
    for (const [k, v] of Object.entries((opts.header as Record<string, unknown>) ?? {})) header[k] = String(v)
    let body: string | undefined
    if (opts.data !== undefined && opts.data !== null) {
      if (method === 'GET') {
        // WeChat turns an object `data` into query parameters for GET.
        if (typeof opts.data === 'object') {
          for (const [k, v] of Object.entries(opts.data as Record<string, unknown>))
            target.searchParams.append(k, String(v))
        } else target.search += (target.search ? '&' : '?') + String(opts.data)
      } else {
        body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data)
        if (!Object.keys(header).some((k) => k.toLowerCase() === 'content-type'))
          header['content-type'] = 'application/json'
      }
    }
    const entry: RequestRecord = { method, url: given, routedTo: target.href, header, done: false }
    requests.push(entry)
    runtime.inflight++
    const started = Date.now()
    let finished = false
    const finish = (result: Record<string, unknown>) => {
      if (finished) return
      finished = true
      runtime.inflight--
      entry.done = true
      entry.ms = Date.now() - started
      entry.statusCode = result.statusCode as number | undefined
      entry.errMsg = String(result.errMsg)
      if (runtime.destroyed) return
      // The result is made in the context's realm: data parsed by the context's JSON.
      const res: Record<string, unknown> = { ...result }
      if (typeof result.data === 'string' && (opts.dataType ?? 'json') === 'json') {
        try {
          res.data = ctxJSON.parse(result.data)
        } catch {
          // Not JSON: WeChat hands the string over as it is.
        }
      }
      const ctxRes = ctxJSON.parse(JSON.stringify({ ...res, data: null }))
      ctxRes.data = res.data
      const ok = !/:fail/.test(String(result.errMsg))
      guard('wx.request callback', () => {
        const fn = ok ? opts.success : opts.fail
        if (typeof fn === 'function') fn(ctxRes)
        if (typeof opts.complete === 'function') opts.complete(ctxRes)
      })
    }
    const client = target.protocol === 'https:' ? https : http
    const req = client.request(target, { method, headers: header }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        liveRequests.delete(req)
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(response.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
        finish({
          data: Buffer.concat(chunks).toString('utf8'),
          statusCode: response.statusCode,
          header: headers,
          cookies: [],
          errMsg: 'request:ok',
        })
      })
      response.on('error', (error) => finish({ errMsg: `request:fail ${error.message}` }))
    })
    liveRequests.add(req)
    const timeout = Number(opts.timeout ?? 60000)
    req.setTimeout(timeout, () => {
      req.destroy()
      finish({ errMsg: 'request:fail timeout' })
    })
    req.on('error', (error) => {
      liveRequests.delete(req)
      finish({ errMsg: `request:fail ${error.message}` })
    })
    if (body !== undefined) req.write(body)
    req.end()
    return {
      abort: () => {
        req.destroy()
        finish({ errMsg: 'request:fail abort' })
      },
      onHeadersReceived: () => undefined,
      offHeadersReceived: () => undefined,
      onChunkReceived: () => undefined,
      offChunkReceived: () => undefined,
    }
  }
  wx.getNetworkType = (opts: Record<string, unknown>) =>
    callbacks('getNetworkType', opts, { networkType: 'wifi', errMsg: 'getNetworkType:ok' })
  for (const name of [
    'onNetworkStatusChange',
    'offNetworkStatusChange',
    'onNetworkWeakChange',
    'offNetworkWeakChange',
  ]) {
    wx[name] = sync(name, () => undefined)
  }

  return {
    stop: () => {
      for (const req of liveRequests) req.destroy()
      liveRequests.clear()
    },
  }
}
