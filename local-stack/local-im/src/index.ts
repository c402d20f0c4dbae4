import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname } from 'node:path'
import busboy from 'busboy'
import { createLogger, type LogLevel, type Logger } from './logger'
import { ImModel } from './model'
import { RestApi } from './rest-api'
import { SdkGateway, type UploadSlot } from './sdk-gateway'
import { LevelStore, MemoryStore, type RecordStore } from './store'
import { genUserSig } from './usersig'

export { genUserSig, verifyUserSig, UserSigError, type UserSigCheck } from './usersig'
export type { LogLevel } from './logger'
export { MAX_FRAME_BYTES } from './sdk-gateway'

export interface LocalImOptions {
  port?: number
  host?: string
  sdkAppID: number
  secretKey: string
  /** The REST admin identifier (default `administrator`). */
  admin?: string
  /** Persist everything in a LevelDB store under this folder. */
  dataDir?: string
  /** Per-API REST limit (Tencent's default is 200/s). */
  restRateLimitPerSecond?: number
  /**
   * Allow several logged-in instances per account (multi-device); by default a new login kicks
   * the others with KickType 1, as Tencent does for one platform.
   */
  multiInstance?: boolean
  logLevel?: LogLevel
}

export interface LocalIm {
  port: number
  host: string
  wsUrl: string
  httpUrl: string
  sdkAppID: number
  admin: string
  /** Servcmds with a real implementation (for the protocol drift check). */
  implementedServcmds: string[]
  restCommands: string[]
  isOnline(userID: string): boolean
  /** A UserSig for this local IM's app (tests and local tools; the secret never leaves the server side). */
  genUserSig(userID: string, expireSeconds?: number): string
  /** Closes every client socket abruptly, as a network drop would. */
  dropAllConnections(): void
  /** Stops the server and flushes the store. */
  close(): Promise<void>
}

const MAX_REST_BODY = 1024 * 1024
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

export async function startLocalIm(options: LocalImOptions): Promise<LocalIm> {
  if (!Number.isInteger(options.sdkAppID) || options.sdkAppID <= 0) {
    throw new Error('sdkAppID must be a positive integer')
  }
  if (!options.secretKey) throw new Error('secretKey is required')
  const logger = createLogger(options.logLevel ?? 'warn')
  const host = options.host ?? '127.0.0.1'
  const admin = options.admin ?? 'administrator'
  const store: RecordStore = options.dataDir
    ? await LevelStore.open(options.dataDir)
    : new MemoryStore()
  const model = new ImModel(store, options.sdkAppID)
  await model.load()
  model.importAccount(admin)

  const uploads = new Map<string, UploadSlot>()
  let baseUrl = ''
  const gateway = new SdkGateway({
    model,
    secretKey: options.secretKey,
    logger,
    httpBaseUrl: () => baseUrl,
    multiInstance: options.multiInstance ?? false,
    issueUpload: (fileName, seconds) => {
      const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(-64) || 'file'
      const slot = {
        key: `${randomBytes(12).toString('hex')}-${safeName}`,
        expiresAt: Math.floor(Date.now() / 1000) + Math.max(60, Math.min(seconds, 86400)),
      }
      uploads.set(slot.key, slot)
      return slot
    },
  })
  model.setListener(gateway)
  const rest = new RestApi({
    model,
    secretKey: options.secretKey,
    admin,
    rateLimitPerSecond: options.restRateLimitPerSecond ?? 200,
    logger,
    isOnline: (userID) => gateway.isOnline(userID),
  })

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      logger.error('HTTP handler failed', error)
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' })
      else response.destroy()
    })
  })

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/v4/')) {
      if (request.method !== 'POST') {
        sendJson(response, 405, { ActionStatus: 'FAIL', ErrorCode: 60008, ErrorInfo: 'POST only' })
        return
      }
      const body = await readBody(request, MAX_REST_BODY)
      const reply = rest.handle(url.pathname, url.searchParams, body)
      sendJson(response, reply.status, reply.body)
      return
    }
    if (url.pathname.startsWith('/upload/') && request.method === 'POST') {
      await receiveUpload(
        decodeURIComponent(url.pathname.slice('/upload/'.length)),
        request,
        response,
      )
      return
    }
    if (
      url.pathname.startsWith('/files/') &&
      (request.method === 'GET' || request.method === 'HEAD')
    ) {
      const key = decodeURIComponent(url.pathname.slice('/files/'.length))
      const data = await store.getFile(key)
      if (!data) {
        sendJson(response, 404, { error: 'no such file' })
        return
      }
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(key).toLowerCase()] ?? 'application/octet-stream',
        'content-length': data.length,
      })
      response.end(request.method === 'HEAD' ? undefined : data)
      return
    }
    sendJson(response, 404, { error: `nothing at ${request.method} ${url.pathname}` })
  }

  function receiveUpload(key: string, request: IncomingMessage, response: ServerResponse) {
    const slot = uploads.get(key)
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
      } catch (_error) {
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
          store.putFile(key, Buffer.concat(chunks))
          stored = true
        })
      })
      parser.on('error', () => {
        failure = 'malformed multipart body'
      })
      parser.on('close', () => {
        if (stored && !failure) {
          uploads.delete(key)
          response.writeHead(200, { 'content-type': 'text/plain' })
          response.end('')
        } else {
          sendJson(response, 400, { error: failure ?? 'no file part in the upload' })
        }
        resolve()
      })
      request.on('error', () => {
        failure = 'upload aborted'
        resolve()
      })
      request.pipe(parser)
    })
  }

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy())
    gateway.handleUpgrade(request, socket, head)
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host
  baseUrl = `http://${urlHost}:${port}`
  let closing: Promise<void> | undefined

  return {
    port,
    host,
    wsUrl: `ws://${urlHost}:${port}`,
    httpUrl: baseUrl,
    sdkAppID: options.sdkAppID,
    admin,
    implementedServcmds: gateway.implementedServcmds(),
    restCommands: rest.commandNames(),
    isOnline: (userID) => gateway.isOnline(userID),
    genUserSig: (userID, expireSeconds = 86400) =>
      genUserSig(options.sdkAppID, options.secretKey, userID, expireSeconds),
    dropAllConnections: () => gateway.dropAllConnections(),
    close: () => {
      closing ??= (async () => {
        await gateway.close()
        server.closeAllConnections()
        await closeServer(server)
        await store.close()
      })()
      return closing
    },
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  response.end(text)
}

/** The body as text, or undefined when it is over the limit (the rest is drained). */
function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      else chunks.push(chunk)
    })
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

export type { Logger }
