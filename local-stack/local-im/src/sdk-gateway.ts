/**
 * The SDK-facing side: WebSocket frames on /binfo (binary) and /info (text), dispatch of the
 * servcmds tim-wx-sdk 2.27.6 sends to the handler modules, connection bookkeeping, and every
 * frame written through the output gate (durable before visible).
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { ImFailure, type A2Session, type ImModel } from './model'
import { OutputGate } from './output-gate'
import {
  SdkError,
  SessionFailure,
  sigSeconds,
  type Connection,
  type Frame,
  type GatewayContext,
  type GatewayOptions,
  type Handler,
} from './sdk-context'
import { registerBlacklistHandlers } from './sdk-blacklist-handlers'
import { registerMessageHandlers } from './sdk-message-handlers'
import { SdkPushes } from './sdk-pushes'
import { GENERIC_WITH_BODY, registerSessionHandlers } from './sdk-session-handlers'
import { registerSocialHandlers } from './sdk-social-handlers'
import { asNumber, asRecord, asString, fail, ok } from './wire'

export type { GatewayOptions, UploadSlot } from './sdk-context'

export const MAX_FRAME_BYTES = 1024 * 1024

export class SdkGateway implements GatewayContext {
  private readonly wss: WebSocketServer
  private readonly connections = new Map<string, Connection>()
  private readonly byUser = new Map<string, Set<Connection>>()
  private readonly handlers = new Map<string, Handler>()
  private readonly loggedGeneric = new Set<string>()
  private readonly gate: OutputGate
  private pushSeq = 0
  /** The model listener: turns model changes into pushes. */
  readonly pushes: SdkPushes

  constructor(readonly options: GatewayOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
    this.gate = new OutputGate(
      () => options.model.store.durable(),
      (error, dropped) => {
        options.logger.error(`store write failed; ${dropped} frames withheld`, error)
        options.onStoreFailure?.(error)
      },
    )
    const on = (servcmd: string, handler: Handler) => this.handlers.set(servcmd, handler)
    registerSessionHandlers(on, this)
    registerMessageHandlers(on, this)
    registerSocialHandlers(on, this)
    registerBlacklistHandlers(on, this)
    this.pushes = new SdkPushes(this)
  }

  get model(): ImModel {
    return this.options.model
  }

  /** The servcmds with a real implementation (the drift check compares them with the SDK). */
  implementedServcmds(): string[] {
    return [...this.handlers.keys()]
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname !== '/binfo' && url.pathname !== '/info') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const sdkAppID = Number(url.searchParams.get('sdkappid'))
      if (url.searchParams.has('sdkappid') && sdkAppID !== this.model.sdkAppID) {
        ws.close(4006, `sdkappid ${url.searchParams.get('sdkappid')} is not this local IM's`)
        return
      }
      const ip = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '')
      this.accept(ws, url.pathname === '/binfo', url.searchParams.get('instanceid') ?? '', ip)
    })
  }

  private accept(socket: WebSocket, binary: boolean, instanceID: string, ip: string): void {
    const connection: Connection = {
      id: randomBytes(8).toString('hex'),
      socket,
      binary,
      instanceID,
      ip,
      instID: randomBytes(4).readUInt32BE(0) >>> 1,
      live: false,
    }
    this.connections.set(connection.id, connection)
    socket.on('message', (data) => this.onFrame(connection, data))
    socket.on('error', (error) => this.options.logger.debug('socket error', error.message))
    socket.on('close', () => this.detach(connection))
  }

  private detach(connection: Connection): void {
    this.connections.delete(connection.id)
    this.unbind(connection)
  }

  bind(connection: Connection, session: A2Session): void {
    if (connection.a2Key !== session.a2Key) this.unbind(connection)
    connection.userID = session.userID
    connection.a2Key = session.a2Key
    // Live at once only when nothing is owed to this session; otherwise after its login sync.
    connection.live = !this.model.delivery.hasUndelivered(
      session.a2Key,
      session.userID,
      connection.id,
    )
    let set = this.byUser.get(session.userID)
    if (!set) {
      set = new Set()
      this.byUser.set(session.userID, set)
    }
    set.add(connection)
  }

  unbind(connection: Connection): void {
    if (connection.userID) this.byUser.get(connection.userID)?.delete(connection)
    this.model.delivery.connectionClosed(connection.a2Key, connection.id)
    connection.userID = undefined
    connection.a2Key = undefined
    connection.live = false
  }

  connectionsOf(userID: string): Iterable<Connection> {
    return this.byUser.get(userID) ?? []
  }

  allConnections(): Iterable<Connection> {
    return this.connections.values()
  }

  isOnline(userID: string): boolean {
    return (this.byUser.get(userID)?.size ?? 0) > 0
  }

  /** Closes every client socket abruptly (reconnect tests). */
  dropAllConnections(): void {
    for (const connection of this.connections.values()) connection.socket.terminate()
  }

  async close(): Promise<void> {
    for (const connection of this.connections.values()) connection.socket.close(1001, 'shutdown')
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    for (const connection of this.connections.values()) connection.socket.terminate()
  }

  // ------------------------------------------------------------------ framing

  private write(connection: Connection, frame: unknown): void {
    this.gate.send(() => {
      if (connection.socket.readyState !== connection.socket.OPEN) return
      const text = JSON.stringify(frame)
      connection.socket.send(connection.binary ? Buffer.from(text) : text, {
        binary: connection.binary,
      })
    })
  }

  private reply(connection: Connection, head: Frame, body: Frame): void {
    this.write(connection, { head: { servcmd: head.servcmd, seq: head.seq }, body })
  }

  push(connection: Connection, servcmd: string, body: Frame): boolean {
    if (connection.socket.readyState !== connection.socket.OPEN) return false
    this.pushSeq = (this.pushSeq % 2_000_000_000) + 1
    this.write(connection, { head: { servcmd, seq: this.pushSeq }, body })
    return true
  }

  private parse(data: RawData): { head: Frame; body: Frame } | string {
    let text: string
    if (Buffer.isBuffer(data)) text = data.toString('utf8')
    else if (Array.isArray(data)) text = Buffer.concat(data).toString('utf8')
    else text = Buffer.from(data).toString('utf8')
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (_notJson) {
      return 'frame is not JSON'
    }
    const frame = asRecord(parsed)
    if (frame.head == null || typeof frame.head !== 'object') return 'frame has no head'
    const head = asRecord(frame.head)
    if (typeof head.servcmd !== 'string' || head.servcmd === '') return 'head has no servcmd'
    if (head.seq === undefined) return 'head has no seq'
    return { head, body: asRecord(frame.body) }
  }

  private onFrame(connection: Connection, data: RawData): void {
    const frame = this.parse(data)
    if (typeof frame === 'string') {
      const code = frame.includes('not JSON') ? SdkError.malformed : SdkError.missingHead
      this.write(connection, { head: { servcmd: '', seq: 0 }, body: fail(code, frame) })
      return
    }
    const { head, body } = frame
    const servcmd = head.servcmd as string
    try {
      const headAppID = asNumber(head.sdkappid)
      if (headAppID !== undefined && headAppID !== this.model.sdkAppID) {
        this.reply(connection, head, fail(SdkError.badSdkAppID, 'sdkappid mismatch'))
        return
      }
      const handler = this.handlers.get(servcmd)
      if (!handler) {
        this.replyGeneric(connection, head)
        return
      }
      const answer = handler(connection, body, head)
      if (answer instanceof Promise) {
        answer.then(
          (frame) => this.reply(connection, head, { ...ok(), ...frame }),
          (error: unknown) => this.replyFailure(connection, head, error),
        )
      } else {
        this.reply(connection, head, { ...ok(), ...answer })
      }
    } catch (error) {
      this.replyFailure(connection, head, error)
    }
  }

  private replyFailure(connection: Connection, head: Frame, error: unknown): void {
    if (error instanceof SessionFailure) {
      this.reply(connection, head, { ...fail(error.code, error.message), ...error.extra })
    } else if (error instanceof ImFailure) {
      this.reply(connection, head, fail(error.code, error.message))
    } else {
      this.options.logger.error(`servcmd ${String(head.servcmd)} failed`, error)
      this.reply(connection, head, fail(70500, 'internal error of the local IM'))
    }
  }

  private replyGeneric(connection: Connection, head: Frame): void {
    const servcmd = String(head.servcmd)
    if (!this.loggedGeneric.has(servcmd)) {
      this.loggedGeneric.add(servcmd)
      this.options.logger.debug(`servcmd ${servcmd} answered with a generic OK`)
    }
    this.reply(connection, head, { ...ok(), ...(GENERIC_WITH_BODY[servcmd] ?? {}) })
  }

  // ------------------------------------------------------------------ sessions

  requireUser(connection: Connection, head: Frame): string {
    // Tencent authenticates every request by its A2Key, so a request on a socket that has not
    // (re)sent wslogin yet is still served when its A2Key is valid.
    const a2Key = connection.a2Key ?? asString(head.a2)
    if (!a2Key) throw new SessionFailure(SdkError.notLoggedIn, 'not logged in')
    const session = this.model.accounts.session(a2Key)
    if (!session) throw new SessionFailure(SdkError.notLoggedIn, 'session ended')
    if (session.kickedWith !== undefined) {
      throw new SessionFailure(SdkError.kicked, 'kicked out', {
        KickType: session.kickedWith,
        NewInstInfo: {},
      })
    }
    if (sigSeconds(this.options) >= session.expiresAt) {
      throw new SessionFailure(SdkError.sigExpired, 'UserSig expired')
    }
    if (!connection.a2Key) this.bind(connection, session)
    return session.userID
  }

  sessionOf(connection: Connection): A2Session {
    const session = connection.a2Key ? this.model.accounts.session(connection.a2Key) : undefined
    if (!session) throw new SessionFailure(SdkError.notLoggedIn, 'not logged in')
    return session
  }

  pushKick(a2Key: string, kickType: number): void {
    for (const connection of this.connections.values()) {
      if (connection.a2Key !== a2Key) continue
      this.push(connection, 'im_open_status.stat_forceoffline', {
        EventArray: [
          {
            Event: 9,
            C2cNotifyMsgArray: [{ KickoutMsgNotify: { KickType: kickType, NewInstInfo: {} } }],
          },
        ],
      })
      this.unbind(connection)
    }
  }
}
