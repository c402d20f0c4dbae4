/** Starts the local Tencent IM: the SDK WebSocket gateway and the REST/file HTTP server on one port. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CallbackConfig } from './before-send-callback'
import { FileService, fileKey, sendJson } from './http-files'
import { createLogger, type LogLevel, type Logger } from './logger'
import { MessageSender } from './message-sender'
import { ImModel } from './model'
import { RestApi } from './rest-api'
import { SdkGateway } from './sdk-gateway'
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
  /** Seconds between the SDK's wshello keep-alives, told to it at login (default 120). */
  helloIntervalSeconds?: number
  /**
   * The app's callback URL: every C2C message goes through its before-send callback
   * (C2C.CallbackBeforeSendMsg) before it is stored, as with Tencent's console callback setting.
   */
  callbackUrl?: string
  /** The console's callback authentication token: requests carry RequestTime and Sign. */
  callbackToken?: string
  /**
   * The console's 黑名单检查 "发送消息后展示发送成功" (Tencent's default): a blocked sender is told
   * the message was sent. Off by default here, so a blocked sender gets 20007.
   */
  blockedSendsAppearSent?: boolean
  /** Called when the store can no longer write (the CLI exits: nothing unsaved is acknowledged). */
  onStoreFailure?: (error: unknown) => void
  logLevel?: LogLevel
  /**
   * The clock (epoch milliseconds) UserSigs and the sessions they opened are checked against
   * (default `Date.now`). Tests move it forward to let a UserSig run out without waiting for it.
   */
  sigClock?: () => number
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
  /** Sets or clears the callback URL and token, as editing them in Tencent's console would. */
  configureCallback(config: CallbackConfig | undefined): void
  /** Stops the server and flushes the store. */
  close(): Promise<void>
}

const MAX_REST_BODY = 1024 * 1024

export async function startLocalIm(options: LocalImOptions): Promise<LocalIm> {
  if (!Number.isInteger(options.sdkAppID) || options.sdkAppID <= 0) {
    throw new Error('sdkAppID must be a positive integer')
  }
  if (!options.secretKey) throw new Error('secretKey is required')
  let callback = callbackConfig(options.callbackUrl, options.callbackToken)
  const logger = createLogger(options.logLevel ?? 'warn')
  const host = options.host ?? '127.0.0.1'
  const admin = options.admin ?? 'administrator'
  const store: RecordStore = options.dataDir
    ? await LevelStore.open(options.dataDir)
    : new MemoryStore()
  const model = new ImModel(store, options.sdkAppID)
  await model.load()
  model.accounts.importAccount(admin)
  const sender = new MessageSender({
    model,
    logger,
    callback: () => callback,
    blockedSendsAppearSent: options.blockedSendsAppearSent ?? false,
  })

  const files = new FileService(store)
  let baseUrl = ''
  const gateway = new SdkGateway({
    model,
    sender,
    secretKey: options.secretKey,
    logger,
    httpBaseUrl: () => baseUrl,
    multiInstance: options.multiInstance ?? false,
    helloIntervalSeconds: options.helloIntervalSeconds,
    onStoreFailure: options.onStoreFailure,
    sigClock: options.sigClock ?? Date.now,
    issueUpload: (fileName, seconds, kind) => files.issueUpload(fileName, seconds, kind),
  })
  model.setListener(gateway.pushes)
  const rest = new RestApi({
    model,
    sender,
    secretKey: options.secretKey,
    admin,
    rateLimitPerSecond: options.restRateLimitPerSecond ?? 200,
    sigClock: options.sigClock ?? Date.now,
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
      const clientIP = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '')
      const reply = await rest.handle(url.pathname, url.searchParams, body, clientIP)
      // Durable before acknowledged: the answer waits until what it reports is on disk.
      await store.durable()
      sendJson(response, reply.status, reply.body)
      return
    }
    const uploading = url.pathname.startsWith('/upload/') && request.method === 'POST'
    const downloading =
      url.pathname.startsWith('/files/') && (request.method === 'GET' || request.method === 'HEAD')
    if (uploading || downloading) {
      const key = fileKey(url.pathname, uploading ? '/upload/' : '/files/')
      if (key === undefined) {
        request.resume()
        sendJson(response, 400, { error: 'malformed percent-encoding in the file name' })
      } else if (uploading) await files.upload(key, request, response)
      else await files.download(key, request, response)
      return
    }
    sendJson(response, 404, { error: `nothing at ${request.method} ${url.pathname}` })
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
    configureCallback: (config) => {
      callback = config && callbackConfig(config.url, config.token)
    },
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

/** The callback settings, checked: an http(s) URL, and a token of 1 to 128 characters. */
function callbackConfig(url: string | undefined, token: string | undefined) {
  if (url === undefined) {
    if (token !== undefined) throw new Error('a callback token needs a callback URL')
    return undefined
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (_notAUrl) {
    throw new Error(`callback URL ${url} is not a URL`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error('the callback URL must start with http:// or https://')
  }
  if (token !== undefined && (token.length < 1 || token.length > 128)) {
    throw new Error('the callback token must have 1 to 128 characters')
  }
  return { url, token }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
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
export type { CallbackConfig } from './before-send-callback'
export { callbackSign } from './before-send-callback'
