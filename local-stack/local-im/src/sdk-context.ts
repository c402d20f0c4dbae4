/** What the SDK gateway's servcmd handlers and pushes share: connections, errors, the context. */
import type { WebSocket } from 'ws'
import type { FileKind } from './file-kinds'
import type { Logger } from './logger'
import type { MessageSender } from './message-sender'
import type { A2Session, ImModel } from './model'

/** Codes the SDK reacts to. */
export const SdkError = {
  kicked: 1002,
  sigExpired: 70001,
  notLoggedIn: 6014,
  badSdkAppID: 60006,
  malformed: 60002,
  missingHead: 60008,
} as const

export interface Connection {
  id: string
  socket: WebSocket
  binary: boolean
  instanceID: string
  /** The client's address (the before-send callback's ClientIP). */
  ip: string
  userID?: string
  a2Key?: string
  instID: number
  /**
   * New messages are pushed live. A connection that logs in while its session has messages it
   * has not received waits for its login sync (getmsg) first, so messages arrive in order.
   */
  live: boolean
}

export type Frame = Record<string, unknown>

/** A servcmd handler; a promise when the answer waits on something (the before-send callback). */
export type Handler = (connection: Connection, body: Frame, head: Frame) => Frame | Promise<Frame>

export interface UploadSlot {
  key: string
  expiresAt: number
  kind: FileKind
}

export interface GatewayOptions {
  model: ImModel
  sender: MessageSender
  secretKey: string
  logger: Logger
  httpBaseUrl: () => string
  issueUpload: (fileName: string, seconds: number, kind: FileKind) => UploadSlot
  /** Let one account be logged in on several instances at once (no KickType 1). */
  multiInstance?: boolean
  /** Seconds between the SDK's wshello keep-alives (told to the SDK at login). */
  helloIntervalSeconds?: number
  /** When the local IM is done with a failing store (exits, in the CLI). */
  onStoreFailure?: (error: unknown) => void
  /** The clock (epoch ms) UserSigs and A2 sessions expire by. */
  sigClock: () => number
}

/** The second UserSigs and A2 sessions are checked at. */
export const sigSeconds = (options: Pick<GatewayOptions, 'sigClock'>): number =>
  Math.floor(options.sigClock() / 1000)

/** The gateway as its handlers see it. */
export interface GatewayContext {
  readonly model: ImModel
  readonly options: GatewayOptions
  /** The logged-in user of a request, or the error Tencent answers with. */
  requireUser(connection: Connection, head: Frame): string
  /** The request's A2 session (after requireUser). */
  sessionOf(connection: Connection): A2Session
  bind(connection: Connection, session: A2Session): void
  unbind(connection: Connection): void
  connectionsOf(userID: string): Iterable<Connection>
  allConnections(): Iterable<Connection>
  push(connection: Connection, servcmd: string, body: Frame): boolean
  pushKick(a2Key: string, kickType: number): void
}

export class SessionFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Frame = {},
  ) {
    super(message)
  }
}
