// wx.uploadFile and wx.downloadFile with their tasks: progress from the bytes really sent (a multipart body
// written in chunks over node:http) or received (the response body as it streams in, against its
// Content-Length), headers received, and abort.
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import { failure } from '../core/errors'
import { mimeOf } from '../core/files'
import type { DefineAsync } from './define'
import type { WxHost, WxOptions } from './host'

type TransferHost = Pick<WxHost, 'device' | 'files' | 'reporter'>
type Listener = (result: unknown) => void

const CHUNK = 16 * 1024

export const stringRecord = (value: unknown): Record<string, string> => {
  const result: Record<string, string> = {}
  if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) result[key] = String(item)
  return result
}

function headerObject(headers: Headers | http.IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {}
  if (headers instanceof Headers) headers.forEach((value, key) => (result[key] = value))
  else
    for (const [key, value] of Object.entries(headers))
      if (value !== undefined) result[key] = Array.isArray(value) ? value.join(', ') : value
  return result
}

/** A task's progress and headers listeners (on… / off…), called safely. */
function taskEvents(host: TransferHost) {
  const progress = new Set<Listener>()
  const headers = new Set<Listener>()
  const pair = (set: Set<Listener>) => ({
    on: (fn: Listener) => void (typeof fn === 'function' && set.add(fn)),
    off: (fn?: Listener) => (fn ? void set.delete(fn) : set.clear()),
  })
  const call = (set: Set<Listener>, result: unknown) =>
    [...set].forEach((fn) => host.reporter.callSafely(fn, result))
  return {
    progress: (written: number, expected: number) =>
      call(progress, {
        progress: expected > 0 ? Math.min(100, Math.floor((written * 100) / expected)) : 0,
        totalBytesWritten: written,
        totalBytesExpectedToWrite: expected,
      }),
    headers: (header: Record<string, string>) => call(headers, { header }),
    progressPair: pair(progress),
    headersPair: pair(headers),
  }
}

export function installTransfer(define: DefineAsync, host: TransferHost): void {
  const requireOnline = (api: string): void => {
    if (!host.device.network.online)
      throw failure(api, 'network is offline (switched off by the host)')
  }

  define(
    'uploadFile',
    (options: WxOptions) => {
      requireOnline('uploadFile')
      if (typeof options.url !== 'string')
        throw failure('uploadFile', 'parameter.url should be a string')
      if (typeof options.filePath !== 'string')
        throw failure('uploadFile', 'parameter.filePath should be a string')
      const url = new URL(options.url)
      const filePath = options.filePath
      const events = taskEvents(host)
      let request: http.ClientRequest | undefined
      let aborted = false
      const done = (async () => {
        const bytes = await host.files.read(filePath).catch((error: unknown) => {
          throw failure('uploadFile', `file not found: ${filePath} (${(error as Error).message})`)
        })
        const form = new FormData()
        for (const [key, value] of Object.entries(stringRecord(options.formData)))
          form.append(key, value)
        form.append(
          String(options.name ?? 'file'),
          new Blob([new Uint8Array(bytes)], { type: mimeOf(filePath) }),
          path.basename(filePath),
        )
        // The multipart body as fetch would send it, written here in chunks so progress is real.
        const encoded = new Request('http://127.0.0.1/', { method: 'POST', body: form })
        const body = Buffer.from(await encoded.arrayBuffer())
        if (aborted) throw failure('uploadFile', 'abort')
        return new Promise<Record<string, unknown>>((resolve, reject) => {
          const client = url.protocol === 'https:' ? https : http
          request = client.request(url, {
            method: 'POST',
            headers: {
              ...stringRecord(options.header),
              'content-type': encoded.headers.get('content-type') ?? 'multipart/form-data',
              'content-length': String(body.length),
            },
          })
          request.on('error', (error) =>
            reject(failure('uploadFile', aborted ? 'abort' : error.message)),
          )
          request.on('response', (response) => {
            events.headers(headerObject(response.headers))
            const chunks: Buffer[] = []
            response.on('data', (chunk: Buffer) => chunks.push(chunk))
            response.on('error', (error) => reject(failure('uploadFile', error.message)))
            response.on('end', () =>
              resolve({
                data: Buffer.concat(chunks).toString('utf8'),
                statusCode: response.statusCode ?? 0,
                header: headerObject(response.headers),
              }),
            )
          })
          let offset = 0
          const writeNext = (): void => {
            if (aborted || !request) return
            if (offset >= body.length) return void request.end()
            const chunk = body.subarray(offset, offset + CHUNK)
            offset += chunk.length
            request.write(chunk, () => {
              events.progress(offset, body.length)
              writeNext()
            })
          }
          writeNext()
        })
      })()
      const task = {
        abort: () => {
          aborted = true
          request?.destroy()
        },
        onProgressUpdate: events.progressPair.on,
        offProgressUpdate: events.progressPair.off,
        onHeadersReceived: events.headersPair.on,
        offHeadersReceived: events.headersPair.off,
      }
      return { task, done }
    },
    true,
  )

  define(
    'downloadFile',
    (options: WxOptions) => {
      requireOnline('downloadFile')
      if (typeof options.url !== 'string')
        throw failure('downloadFile', 'parameter.url should be a string')
      const url = options.url
      const controller = new AbortController()
      const events = taskEvents(host)
      const done = (async () => {
        try {
          const response = await fetch(url, {
            headers: stringRecord(options.header),
            signal: controller.signal,
          })
          events.headers(headerObject(response.headers))
          const expected = Number(response.headers.get('content-length') ?? 0) || 0
          const chunks: Buffer[] = []
          let written = 0
          const reader = response.body?.getReader()
          for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
            chunks.push(Buffer.from(read.value))
            written += read.value.byteLength
            events.progress(written, expected)
          }
          const bytes = Buffer.concat(chunks)
          if (options.filePath) {
            const local = host.files.localPath(String(options.filePath))
            if (!local) throw failure('downloadFile', 'filePath must be a local path')
            fs.writeFileSync(local, bytes)
            return { filePath: options.filePath, statusCode: response.status }
          }
          const extension = path.extname(new URL(url).pathname)
          return {
            tempFilePath: host.files.storeTemp(bytes, extension),
            statusCode: response.status,
          }
        } catch (error) {
          if (controller.signal.aborted) throw failure('downloadFile', 'abort')
          const cause = (error as Error).cause
          throw failure('downloadFile', cause ? String(cause) : (error as Error).message)
        }
      })()
      const task = {
        abort: () => controller.abort(),
        onProgressUpdate: events.progressPair.on,
        offProgressUpdate: events.progressPair.off,
        onHeadersReceived: events.headersPair.on,
        offHeadersReceived: events.headersPair.off,
      }
      return { task, done }
    },
    true,
  )
}
