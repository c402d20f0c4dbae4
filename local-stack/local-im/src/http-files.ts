/** The upload endpoint tim-upload-plugin posts to, and the file downloads that follow. */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import busboy from 'busboy'
import parseRange from 'range-parser'
import { UPLOAD_LIMITS, contentTypeOf, typeProblem, type FileKind } from './file-kinds'
import type { UploadSlot } from './sdk-context'
import type { RecordStore } from './store'

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  response.end(text)
}

/** The key in `/files/<key>` or `/upload/<key>`, or undefined when its %-encoding is broken. */
export function fileKey(pathname: string, prefix: string): string | undefined {
  try {
    return decodeURIComponent(pathname.slice(prefix.length))
  } catch (_malformedEscape) {
    return undefined
  }
}

/** A stored file never changes (keys are never reused), so its key names its version. */
const etagOf = (key: string) =>
  `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`

export class FileService {
  private readonly uploads = new Map<string, UploadSlot>()

  constructor(private readonly store: RecordStore) {}

  /** A one-time upload URL key (what `im_cos_msg.pre_sig` hands out) for a file of this kind. */
  issueUpload(fileName: string, seconds: number, kind: FileKind = 'file'): UploadSlot {
    const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(-64) || 'file'
    const slot = {
      key: `${randomBytes(12).toString('hex')}-${safeName}`,
      expiresAt: Math.floor(Date.now() / 1000) + Math.max(60, Math.min(seconds, 86400)),
      kind,
    }
    this.uploads.set(slot.key, slot)
    return slot
  }

  /**
   * GET and HEAD with the length up front (so a client can show progress), one byte range when
   * asked (`<video>` and audio players seek with them; iOS plays video only from servers that
   * honour them), and caching by ETag.
   */
  async download(key: string, request: IncomingMessage, response: ServerResponse) {
    const data = await this.store.getFile(key)
    if (!data) {
      sendJson(response, 404, { error: 'no such file' })
      return
    }
    const etag = etagOf(key)
    const headers: Record<string, string | number> = {
      'content-type': contentTypeOf(key),
      'accept-ranges': 'bytes',
      etag,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    }
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers)
      response.end()
      return
    }
    let body = data
    let status = 200
    const rangeHeader = request.headers.range
    const ifRange = request.headers['if-range']
    if (rangeHeader && (ifRange === undefined || ifRange === etag)) {
      const ranges = parseRange(data.length, rangeHeader, { combine: true })
      if (ranges === -1) {
        response.writeHead(416, { ...headers, 'content-range': `bytes */${data.length}` })
        response.end()
        return
      }
      // One range is served; several (rare, and no WeChat player asks for them) get the whole file.
      const range = Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined
      if (range && ranges !== -2) {
        status = 206
        body = data.subarray(range.start, range.end + 1)
        headers['content-range'] = `bytes ${range.start}-${range.end}/${data.length}`
      }
    }
    headers['content-length'] = body.length
    response.writeHead(status, headers)
    response.end(request.method === 'HEAD' ? undefined : body)
  }

  /**
   * Accepts tim-upload-plugin's multipart POST once per issued key: within its kind's size limit,
   * of its kind's type by extension and bytes; answered 200 only once the file is stored.
   */
  upload(key: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const slot = this.uploads.get(key)
    if (!slot || slot.expiresAt < Math.floor(Date.now() / 1000)) {
      request.resume()
      sendJson(response, 403, { error: 'upload URL unknown or expired (ask pre_sig again)' })
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => {
      let parser: busboy.Busboy
      try {
        parser = busboy({
          headers: request.headers,
          limits: { fileSize: UPLOAD_LIMITS[slot.kind], files: 1 },
        })
      } catch (_notMultipart) {
        request.resume()
        sendJson(response, 400, { error: 'expected multipart/form-data' })
        resolve()
        return
      }
      let data: Buffer | undefined
      let failure: { status: number; error: string } | undefined
      parser.on('file', (_name, stream) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('limit', () => {
          const limit = UPLOAD_LIMITS[slot.kind] / (1024 * 1024)
          failure = { status: 413, error: `a ${slot.kind} may be at most ${limit} MB` }
        })
        stream.on('end', () => {
          if (!failure) data = Buffer.concat(chunks)
        })
      })
      parser.on('error', () => {
        failure = { status: 400, error: 'malformed multipart body' }
      })
      parser.on('close', () => {
        if (data?.length === 0) failure ??= { status: 400, error: 'the file is empty' }
        const problem = data && !failure ? typeProblem(slot.kind, key, data) : undefined
        if (problem) failure = { status: 415, error: problem }
        if (!data || failure) {
          sendJson(response, failure?.status ?? 400, {
            error: failure?.error ?? 'no file part in the upload',
          })
          resolve()
          return
        }
        this.store.putFile(key, data)
        this.uploads.delete(key)
        // The uploader hears "stored" only once the file is on disk.
        Promise.resolve(this.store.durable()).then(
          () => {
            response.writeHead(200, { 'content-type': 'text/plain' })
            response.end('')
            resolve()
          },
          (_storeFailed: unknown) => {
            sendJson(response, 500, { error: 'the file could not be stored' })
            resolve()
          },
        )
      })
      request.on('error', () => {
        failure = { status: 400, error: 'upload aborted' }
        resolve()
      })
      request.pipe(parser)
    })
  }
}
