/** The upload endpoint tim-upload-plugin posts to, and the file downloads that follow. */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname } from 'node:path'
import busboy from 'busboy'
import type { UploadSlot } from './sdk-context'
import type { RecordStore } from './store'

const MAX_UPLOAD_BYTES = 28 * 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
}

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

export class FileService {
  private readonly uploads = new Map<string, UploadSlot>()

  constructor(private readonly store: RecordStore) {}

  /** A one-time upload URL key (what `im_cos_msg.pre_sig` hands out). */
  issueUpload(fileName: string, seconds: number): UploadSlot {
    const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(-64) || 'file'
    const slot = {
      key: `${randomBytes(12).toString('hex')}-${safeName}`,
      expiresAt: Math.floor(Date.now() / 1000) + Math.max(60, Math.min(seconds, 86400)),
    }
    this.uploads.set(slot.key, slot)
    return slot
  }

  async download(key: string, request: IncomingMessage, response: ServerResponse) {
    const data = await this.store.getFile(key)
    if (!data) {
      sendJson(response, 404, { error: 'no such file' })
      return
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(key).toLowerCase()] ?? 'application/octet-stream',
      'content-length': data.length,
    })
    response.end(request.method === 'HEAD' ? undefined : data)
  }

  /** Accepts tim-upload-plugin's multipart POST once per issued key; 200 once it is stored. */
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
          limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 },
        })
      } catch (_notMultipart) {
        request.resume()
        sendJson(response, 400, { error: 'expected multipart/form-data' })
        resolve()
        return
      }
      let stored = false
      let failure: string | undefined
      parser.on('file', (_name, stream) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('limit', () => {
          failure = 'file too large'
        })
        stream.on('end', () => {
          if (failure) return
          this.store.putFile(key, Buffer.concat(chunks))
          stored = true
        })
      })
      parser.on('error', () => {
        failure = 'malformed multipart body'
      })
      parser.on('close', () => {
        if (!stored || failure) {
          sendJson(response, 400, { error: failure ?? 'no file part in the upload' })
          resolve()
          return
        }
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
        failure = 'upload aborted'
        resolve()
      })
      request.pipe(parser)
    })
  }
}
