// wx.request (Node's fetch), connectSocket (a `ws` client) and the network status, which the host's setNetwork
// control switches; uploads and downloads are in transfer.ts.
import { failure } from '../core/errors'
import type { DefineAsync } from './define'
import { listenerPair } from './define'
import type { WxHost, WxObject, WxOptions } from './host'
import { createSocketTask } from './socket'
import { installTransfer, stringRecord } from './transfer'

type NetworkHost = Pick<WxHost, 'device' | 'files' | 'reporter' | 'events' | 'sockets'>

function headerObject(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {}
  headers.forEach((value, key) => {
    result[key] = value
  })
  return result
}

function withQuery(url: string, data: unknown): string {
  if (!data || typeof data !== 'object')
    return data === undefined || data === null
      ? url
      : `${url}${url.includes('?') ? '&' : '?'}${String(data)}`
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(data)) {
    params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
  }
  const query = params.toString()
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url
}

export function installNetwork(wx: WxObject, define: DefineAsync, host: NetworkHost): void {
  const requireOnline = (api: string): void => {
    if (!host.device.network.online)
      throw failure(api, 'network is offline (switched off by the host)')
  }

  define(
    'request',
    (options) => {
      requireOnline('request')
      if (typeof options.url !== 'string')
        throw failure('request', 'parameter.url should be a string')
      const method = String(options.method ?? 'GET').toUpperCase()
      const header: Record<string, string> = {}
      for (const [key, value] of Object.entries(stringRecord(options.header)))
        header[key.toLowerCase()] = value
      let url = options.url
      let body: BodyInit | undefined
      if (method === 'GET' || method === 'HEAD') url = withQuery(url, options.data)
      else if (options.data instanceof ArrayBuffer) body = Buffer.from(options.data)
      else if (typeof options.data === 'string') body = options.data
      else if (options.data !== undefined) {
        const type = header['content-type'] ?? 'application/json'
        header['content-type'] = type
        body = type.includes('application/x-www-form-urlencoded')
          ? new URLSearchParams(stringRecord(options.data)).toString()
          : JSON.stringify(options.data)
      }
      const controller = new AbortController()
      const timer = setTimeout(
        () => controller.abort(new Error('timeout')),
        Number(options.timeout ?? 60000),
      )
      timer.unref()
      const done = (async () => {
        try {
          const response = await fetch(url, {
            method,
            headers: header,
            body,
            signal: controller.signal,
          })
          const raw = Buffer.from(await response.arrayBuffer())
          let data: unknown
          if (options.responseType === 'arraybuffer')
            data = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)
          else {
            const text = raw.toString('utf8')
            data = text
            if ((options.dataType ?? 'json') === 'json') {
              try {
                data = JSON.parse(text)
              } catch (_notJson) {
                data = text
              }
            }
          }
          return {
            data,
            statusCode: response.status,
            header: headerObject(response.headers),
            cookies: response.headers.getSetCookie(),
          }
        } catch (error) {
          if (controller.signal.aborted) {
            const reason: unknown = controller.signal.reason
            throw failure(
              'request',
              reason instanceof Error && reason.message === 'timeout' ? 'timeout' : 'abort',
            )
          }
          const cause = (error as Error).cause
          throw failure('request', cause ? String(cause) : (error as Error).message)
        } finally {
          clearTimeout(timer)
        }
      })()
      const task = {
        abort: () => controller.abort(new Error('abort')),
        onHeadersReceived: () => undefined,
        offHeadersReceived: () => undefined,
        onChunkReceived: () => undefined,
        offChunkReceived: () => undefined,
      }
      return { task, done }
    },
    true,
  )

  installTransfer(define, host)

  define(
    'connectSocket',
    (options: WxOptions) => {
      requireOnline('connectSocket')
      if (typeof options.url !== 'string' || !/^wss?:\/\//.test(options.url)) {
        throw failure('connectSocket', `invalid url "${String(options.url)}"`)
      }
      const protocols = Array.isArray(options.protocols) ? options.protocols.map(String) : undefined
      const task = createSocketTask(
        options.url,
        stringRecord(options.header),
        protocols,
        (closed) => host.sockets.delete(closed),
        (fn, result) => host.reporter.callSafely(fn, result),
      )
      host.sockets.add(task)
      return { task, done: Promise.resolve({}) }
    },
    true,
  )

  define('getNetworkType', () => ({
    networkType: host.device.network.online ? host.device.network.type : 'none',
  }))
  const status = listenerPair<(result: unknown) => void>()
  host.events.on('network', (state) =>
    status.set.forEach((fn) => host.reporter.callSafely(fn, state)),
  )
  wx.onNetworkStatusChange = status.on
  wx.offNetworkStatusChange = status.off
}
