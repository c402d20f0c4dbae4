import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Logger } from './logger'
import {
  ImError,
  ImFailure,
  type A2Session,
  type ChatMessage,
  type ImModel,
  type ModelListener,
  type ProfileValue,
  type SendOrigin,
} from './model'
import { verifyUserSig } from './usersig'
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  fail,
  messageToWire,
  ok,
  profileItems,
  stringList,
} from './wire'

export const MAX_FRAME_BYTES = 1024 * 1024
const HELLO_INTERVAL_SECONDS = 120
/** Tencent lets a user revoke their own C2C message for 2 minutes. */
const REVOKE_WINDOW_SECONDS = 120
const SYNC_PAGE_SIZE = 100

/** Codes the SDK reacts to. */
const SdkError = {
  kicked: 1002,
  sigExpired: 70001,
  notLoggedIn: 6014,
  badSdkAppID: 60006,
  malformed: 60002,
  missingHead: 60008,
} as const

interface Connection {
  id: string
  socket: WebSocket
  binary: boolean
  instanceID: string
  userID?: string
  a2Key?: string
  instID: number
}

interface Frame {
  head: Record<string, unknown>
  body: Record<string, unknown>
}

type Handler = (
  connection: Connection,
  body: Record<string, unknown>,
  head: Record<string, unknown>,
) => Record<string, unknown> | Promise<Record<string, unknown>>

export interface UploadSlot {
  key: string
  expiresAt: number
}

export interface GatewayOptions {
  model: ImModel
  secretKey: string
  logger: Logger
  httpBaseUrl: () => string
  issueUpload: (fileName: string, seconds: number) => UploadSlot
  /** Let one account be logged in on several instances at once (no KickType 1). */
  multiInstance?: boolean
}

/** servcmds answered with a plain OK: the SDK needs nothing more from them for C2C chat. */
const GENERIC_WITH_BODY: Record<string, Record<string, unknown>> = {
  'openim.authkey': { AuthKey: 'local-im', ExpireTime: 0 },
  'sns.black_list_get': { BlackListItem: [], StartIndex: 0, CurruentSequence: 0 },
  'sns.group_get': { ResultItem: [], CurrentSequence: 0 },
  'sns.pendency_get': {
    PendencyItem: [],
    UnreadPendencyCount: 0,
    StartTime: 0,
    MaxLimited: 0,
    LastSequence: 0,
  },
  'recentcontact.get_contact_group': { GroupItem: [] },
  'openim.get_c2c_peer_mute_notifications': { MuteNotificationsList: [] },
  'group_open_http_svc.get_joined_group_list': { TotalCount: 0, GroupIdList: [] },
  'million_group_open_http_svc.get_joined_group_list': { TotalCount: 0, GroupIdList: [] },
}

/**
 * The SDK-facing side: WebSocket frames on /binfo (binary) and /info (text), the servcmds
 * tim-wx-sdk 2.27.6 sends, and the pushes it understands.
 */
export class SdkGateway implements ModelListener {
  private readonly wss: WebSocketServer
  private readonly connections = new Map<string, Connection>()
  private readonly byUser = new Map<string, Set<Connection>>()
  private readonly handlers = new Map<string, Handler>()
  private readonly loggedGeneric = new Set<string>()
  private pushSeq = 0

  constructor(private readonly options: GatewayOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
    this.registerHandlers()
  }

  private get model(): ImModel {
    return this.options.model
  }

  /** The servcmds with a real implementation (the drift check compares them with the SDK). */
  implementedServcmds(): string[] {
    return [...this.handlers.keys()]
  }

  genericServcmds(): string[] {
    return Object.keys(GENERIC_WITH_BODY)
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
      this.accept(ws, url.pathname === '/binfo', url.searchParams.get('instanceid') ?? '')
    })
  }

  private accept(socket: WebSocket, binary: boolean, instanceID: string): void {
    const connection: Connection = {
      id: randomBytes(8).toString('hex'),
      socket,
      binary,
      instanceID,
      instID: randomBytes(4).readUInt32BE(0) >>> 1,
    }
    this.connections.set(connection.id, connection)
    socket.on('message', (data, isBinary) => {
      void this.onFrame(connection, data, isBinary)
    })
    socket.on('error', (error) => this.options.logger.debug('socket error', error.message))
    socket.on('close', () => this.detach(connection))
  }

  private detach(connection: Connection): void {
    this.connections.delete(connection.id)
    if (connection.userID) this.byUser.get(connection.userID)?.delete(connection)
  }

  private bind(connection: Connection, session: A2Session): void {
    if (connection.userID && connection.userID !== session.userID) {
      this.byUser.get(connection.userID)?.delete(connection)
    }
    connection.userID = session.userID
    connection.a2Key = session.a2Key
    let set = this.byUser.get(session.userID)
    if (!set) {
      set = new Set()
      this.byUser.set(session.userID, set)
    }
    set.add(connection)
  }

  private unbind(connection: Connection): void {
    if (connection.userID) this.byUser.get(connection.userID)?.delete(connection)
    connection.userID = undefined
    connection.a2Key = undefined
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

  private send(connection: Connection, frame: unknown): void {
    if (connection.socket.readyState !== connection.socket.OPEN) return
    const text = JSON.stringify(frame)
    connection.socket.send(connection.binary ? Buffer.from(text) : text, {
      binary: connection.binary,
    })
  }

  private reply(
    connection: Connection,
    head: Record<string, unknown>,
    body: Record<string, unknown>,
  ) {
    this.send(connection, { head: { servcmd: head.servcmd, seq: head.seq }, body })
  }

  private parse(data: RawData): Frame | string {
    let text: string
    if (Buffer.isBuffer(data)) text = data.toString('utf8')
    else if (Array.isArray(data)) text = Buffer.concat(data).toString('utf8')
    else text = Buffer.from(data).toString('utf8')
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (_error) {
      return 'frame is not JSON'
    }
    const frame = asRecord(parsed)
    if (frame.head == null || typeof frame.head !== 'object') return 'frame has no head'
    const head = asRecord(frame.head)
    if (typeof head.servcmd !== 'string' || head.servcmd === '') return 'head has no servcmd'
    if (head.seq === undefined) return 'head has no seq'
    return { head, body: asRecord(frame.body) }
  }

  private async onFrame(connection: Connection, data: RawData, _isBinary: boolean) {
    const frame = this.parse(data)
    if (typeof frame === 'string') {
      const code = frame.includes('not JSON') ? SdkError.malformed : SdkError.missingHead
      this.send(connection, { head: { servcmd: '', seq: 0 }, body: fail(code, frame) })
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
      const result = await handler(connection, body, head)
      this.reply(connection, head, { ...ok(), ...result })
    } catch (error) {
      if (error instanceof SessionFailure) {
        this.reply(connection, head, { ...fail(error.code, error.message), ...error.extra })
      } else if (error instanceof ImFailure) {
        this.reply(connection, head, fail(error.code, error.message))
      } else {
        this.options.logger.error(`servcmd ${servcmd} failed`, error)
        this.reply(connection, head, fail(70500, 'internal error of the local IM'))
      }
    }
  }

  private replyGeneric(connection: Connection, head: Record<string, unknown>): void {
    const servcmd = String(head.servcmd)
    if (!this.loggedGeneric.has(servcmd)) {
      this.loggedGeneric.add(servcmd)
      this.options.logger.debug(`servcmd ${servcmd} answered with a generic OK`)
    }
    this.reply(connection, head, { ...ok(), ...(GENERIC_WITH_BODY[servcmd] ?? {}) })
  }

  // ------------------------------------------------------------------ sessions

  /** The logged-in user of a request, or the error Tencent answers with. */
  private requireUser(connection: Connection, head: Record<string, unknown>): string {
    // Tencent authenticates every request by its A2Key, so a request on a socket that has not
    // (re)sent wslogin yet is still served when its A2Key is valid.
    const headA2 = asString(head.a2)
    const a2Key = connection.a2Key ?? headA2
    if (!a2Key) throw new SessionFailure(SdkError.notLoggedIn, 'not logged in')
    const session = this.model.getA2Session(a2Key)
    if (!session) throw new SessionFailure(SdkError.notLoggedIn, 'session ended')
    if (session.kickedWith !== undefined) {
      throw new SessionFailure(SdkError.kicked, 'kicked out', {
        KickType: session.kickedWith,
        NewInstInfo: {},
      })
    }
    if (Math.floor(Date.now() / 1000) >= session.expiresAt) {
      throw new SessionFailure(SdkError.sigExpired, 'UserSig expired')
    }
    if (!connection.a2Key) this.bind(connection, session)
    return session.userID
  }

  private login(connection: Connection, head: Record<string, unknown>): Record<string, unknown> {
    const a2 = asString(head.a2)
    const identifier = asString(head.identifier)
    const userSig = asString(head.usersig)
    let session: A2Session
    if (identifier && userSig) {
      const check = verifyUserSig(userSig, {
        sdkAppID: this.model.sdkAppID,
        secretKey: this.options.secretKey,
        userID: identifier,
      })
      if (!check.ok) throw new SessionFailure(check.code, check.reason)
      const account = this.model.getAccount(identifier)
      if (!account) {
        throw new SessionFailure(ImError.accountNotFound, `account ${identifier} is not imported`)
      }
      if (this.model.isSigRevoked(identifier, userSig, check.sig.issuedAt)) {
        throw new SessionFailure(SdkError.sigExpired, 'UserSig was invalidated by a kick')
      }
      session = this.model.createA2Session(
        identifier,
        check.expiresAt,
        connection.instanceID,
        userSig,
      )
      if (!this.options.multiInstance) {
        // One login per account: the other instances are kicked (KickType 1).
        for (const kicked of this.model.kickA2Sessions(identifier, 1, session.a2Key)) {
          this.pushKick(kicked.a2Key, 1)
        }
      }
    } else if (a2) {
      const known = this.model.getA2Session(a2)
      if (!known) throw new SessionFailure(SdkError.sigExpired, 'A2Key unknown or ended')
      if (known.kickedWith !== undefined) {
        throw new SessionFailure(SdkError.kicked, 'kicked out', {
          KickType: known.kickedWith,
          NewInstInfo: {},
        })
      }
      if (Math.floor(Date.now() / 1000) >= known.expiresAt) {
        throw new SessionFailure(SdkError.sigExpired, 'UserSig expired')
      }
      session = known
      // A reconnect replaces the stale socket of the same session.
      for (const other of this.byUser.get(known.userID) ?? []) {
        if (other !== connection && other.a2Key === known.a2Key) {
          this.unbind(other)
          other.socket.close(4001, 'replaced by a reconnect')
        }
      }
    } else {
      throw new SessionFailure(SdkError.missingHead, 'wslogin needs identifier+usersig or a2')
    }
    this.bind(connection, session)
    const account = this.model.requireAccount(session.userID)
    return {
      A2Key: session.a2Key,
      TinyId: account.tinyID,
      InstId: connection.instID,
      HelloInterval: HELLO_INTERVAL_SECONDS,
      TimeStamp: Math.floor(Date.now() / 1000),
    }
  }

  private pushKick(a2Key: string, kickType: number): void {
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

  // ------------------------------------------------------------------ pushes

  private push(connection: Connection, servcmd: string, body: Record<string, unknown>): boolean {
    if (connection.socket.readyState !== connection.socket.OPEN) return false
    this.pushSeq = (this.pushSeq % 2_000_000_000) + 1
    this.send(connection, { head: { servcmd, seq: this.pushSeq }, body })
    return true
  }

  private pushToUser(
    userID: string,
    event: Record<string, unknown>,
    except?: string,
    extra: Record<string, unknown> = {},
  ): number {
    let delivered = 0
    for (const connection of this.byUser.get(userID) ?? []) {
      if (connection.id === except) continue
      if (this.push(connection, 'im_open_push.msg_push', { ...extra, EventArray: [event] })) {
        delivered++
      }
    }
    return delivered
  }

  messageStored(message: ChatMessage, origin: SendOrigin): void {
    // Stored messages ask for an ack: only an acked push stops the message from being replayed by
    // the next login sync, so a socket that died silently loses nothing.
    const ack = message.globalSeq > 0 ? { NeedAck: 1, SessionData: String(message.globalSeq) } : {}
    this.pushToUser(
      message.to,
      { Event: 1, C2cMsgArray: [messageToWire(message, { IsSyncMsg: 0 })] },
      undefined,
      ack,
    )
    if (origin.syncToSender && message.from !== message.to) {
      // The SDK swaps From/To of a sync message back, so it is sent from the peer's side.
      const synced = messageToWire(message, {
        From_Account: message.to,
        To_Account: message.from,
        IsSyncMsg: 1,
      })
      this.pushToUser(message.from, { Event: 1, C2cMsgArray: [synced] }, origin.sessionID)
    }
  }

  messageRevoked(message: ChatMessage): void {
    const event = {
      Event: 9,
      C2cNotifyMsgArray: [
        {
          WithdrawC2cMsgNotify: {
            C2cWithdrawInfoArray: [
              {
                From_Account: message.from,
                To_Account: message.to,
                MsgSeq: message.msgSeq,
                MsgRandom: message.msgRandom,
                MsgTimeStamp: message.time,
                RevokerInfo: { Revoker_Account: message.revoker ?? message.from },
              },
            ],
          },
        },
      ],
    }
    this.pushToUser(message.to, event)
    this.pushToUser(message.from, event)
  }

  readReported(owner: string, peer: string, readTime: number, receipt: boolean, except?: string) {
    if (receipt) {
      this.pushToUser(peer, {
        Event: 9,
        C2cNotifyMsgArray: [
          {
            C2cReadedReceipt: { To_Account: owner, UinPairReadArray: [{ LastReadTime: readTime }] },
          },
        ],
      })
    }
    this.pushToUser(
      owner,
      {
        Event: 9,
        C2cNotifyMsgArray: [
          {
            ReadC2cMsgNotify: {
              UinPairReadArray: [{ From_Account: peer, LastReadTime: readTime }],
            },
          },
        ],
      },
      except,
    )
  }

  messagesPeerRead(reader: string, sender: string, messages: ChatMessage[]): void {
    this.pushToUser(sender, {
      Event: 16,
      Peer_Account: reader,
      C2cMsgInfo: messages.map((m) => ({
        TinyId: m.senderTinyID,
        MsgClientTime: m.clientTime,
        MsgRandom: m.msgRandom,
        MsgSeq: m.msgSeq,
        MsgTime: m.time,
      })),
    })
  }

  profileChanged(
    userID: string,
    items: { Tag: string; Value: ProfileValue }[],
    audience: string[],
  ) {
    const event = {
      Event: 4,
      ProfileDataMod: [{ Profile_Account: userID, ProfileList: profileItems(items) }],
    }
    for (const target of new Set(audience)) this.pushToUser(target, event)
  }

  friendsChanged(owner: string, added: string[], deleted: string[]): void {
    const mods: Record<string, unknown>[] = []
    if (added.length > 0) mods.push({ PushType: 1, FriendAdd_Account: added })
    if (deleted.length > 0) mods.push({ PushType: 2, FriendDel_Account: deleted })
    if (mods.length > 0) this.pushToUser(owner, { Event: 3, FriendListMod: mods })
  }

  accountKicked(userID: string, kickType: number): void {
    for (const connection of [...(this.byUser.get(userID) ?? [])]) {
      if (connection.a2Key) this.pushKick(connection.a2Key, kickType)
    }
  }

  // ------------------------------------------------------------------ servcmds

  private registerHandlers(): void {
    const on = (servcmd: string, handler: Handler) => this.handlers.set(servcmd, handler)

    on('im_open_status.wslogin', (connection, _body, head) => this.login(connection, head))
    on('im_open_status.wslogout', (connection, _body, head) => {
      const a2Key = connection.a2Key ?? asString(head.a2)
      if (a2Key) this.model.endA2Session(a2Key)
      this.unbind(connection)
      return {}
    })
    on('im_open_status.wshello', (connection, _body, head) => {
      this.requireUser(connection, head)
      return {}
    })
    on('openim.ws_msg_push_ack', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const globalSeq = asNumber(body.SessionData)
      if (globalSeq !== undefined) this.model.markDelivered(userID, globalSeq)
      return {}
    })
    on('heartbeat.alive', (connection, _body, head) => {
      // Before login it is a plain keep-alive; after it, an expired or kicked session says so.
      if (connection.a2Key) this.requireUser(connection, head)
      return {}
    })

    on('profile.portrait_get_all', (connection, body, head) => {
      this.requireUser(connection, head)
      const items = asArray(body.UserItem)
      const tags = stringList(body.TagList)
      return {
        UserProfileItem: items.map((item) => {
          const userID = asString(asRecord(item).To_Account) ?? ''
          const account = this.model.getAccount(userID)
          return account
            ? {
                To_Account: userID,
                ProfileItem: profileItems(this.model.getProfile(userID, tags)),
                ResultCode: 0,
                ResultInfo: '',
              }
            : {
                To_Account: userID,
                ProfileItem: [],
                ResultCode: ImError.accountNotFound,
                ResultInfo: 'account not imported',
              }
        }),
      }
    })
    on('profile.portrait_set', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const items = asArray(body.ProfileItem).map((item) => {
        const record = asRecord(item)
        return { Tag: String(record.Tag), Value: record.Value as ProfileValue }
      })
      this.model.setProfile(userID, items)
      return {}
    })

    on('openim.sendmsg', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const to = asString(body.To_Account) ?? ''
      const control = stringList(body.SendMsgControl)
      const { message } = this.model.sendMessage(
        {
          from: userID,
          to,
          msgSeq: asNumber(body.MsgSeq),
          msgRandom: asNumber(body.MsgRandom),
          clientTime: asNumber(body.MsgClientTime),
          body: asArray(body.MsgBody),
          cloudCustomData: asString(body.CloudCustomData),
          nick: asString(body.From_AccountNick),
          avatar: asString(body.From_AccountHeadurl),
          needReadReceipt: asNumber(body.IsNeedReadReceipt) === 1,
          noUnread: control.includes('NoUnread'),
          noLastMsg: control.includes('NoLastMsg'),
        },
        {
          sessionID: connection.id,
          syncToSender: true,
          onlineOnly: asNumber(body.MsgLifeTime) === 0,
        },
      )
      return { MsgTime: message.time, MsgSeq: message.msgSeq }
    })

    on('openim.getmsg', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const cookie = asNumber(body.Cookie)
      const page = this.model.offlineMessages(userID, cookie, SYNC_PAGE_SIZE)
      if (page.messages.length > 0) this.model.markDelivered(userID, page.cursor)
      const reply: Record<string, unknown> = {
        Cookie: String(page.cursor),
        SyncFlag: page.complete ? 2 : 1,
        MsgList: page.messages.map((m) => messageToWire(m)),
        EventArray: [],
      }
      if (page.complete) {
        reply.C2CPairUnreadCount = this.model
          .listConversations(userID)
          .filter((item) => item.unread > 0)
          .map((item) => ({ From_Account: item.peer, UnreadCount: item.unread }))
      }
      return reply
    })

    on('openim.getroammsg', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const peer = asString(body.Peer_Account) ?? ''
      const older = (asNumber(body.GetDirection) ?? 0) === 0
      const { messages, complete } = this.model.history(userID, peer, {
        count: asNumber(body.MaxCnt) ?? 15,
        anchorKey: asString(body.MsgKey) || undefined,
        anchorTime: asNumber(body.LastMsgTime) || undefined,
        older,
      })
      const withRecalled = (asNumber(body.WithRecalledMsg) ?? 0) === 1
      const listed = withRecalled ? messages : messages.filter((m) => !m.revoked)
      const boundary = older ? messages[0] : messages[messages.length - 1]
      return {
        Complete: complete ? 1 : 0,
        MsgCnt: listed.length,
        LastMsgTime: boundary?.time ?? 0,
        MsgKey: boundary?.key ?? '',
        MsgList: listed.map((m) => messageToWire(m)),
      }
    })

    on('openim.msgreaded', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const items = asArray(asRecord(body.C2CMsgReaded).C2CMsgReadedItem)
      for (const item of items) {
        const record = asRecord(item)
        const peer = asString(record.To_Account)
        if (!peer) continue
        const time = asNumber(record.LastedMsgTime) ?? Math.floor(Date.now() / 1000)
        this.model.reportRead(userID, peer, time, asNumber(record.Receipt) !== 0, connection.id)
      }
      return {}
    })

    on('openim.read_all_unread_msg', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const readC2C = asNumber(body.C2CReadAllMsg) === 1
      if (readC2C) this.model.readAll(userID, connection.id)
      // The SDK clears its local C2C unread counts only when the reply echoes the flag.
      return { C2CReadAllMsg: readC2C ? 1 : 0, GroupReadInfoArray: [] }
    })

    on('openim.get_peer_read_time', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      return {
        ReadTime: stringList(body.To_Account).map((peer) => this.model.peerReadTime(userID, peer)),
      }
    })

    on('openim.c2c_msg_read_receipt', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const peer = asString(body.Peer_Account) ?? ''
      const items = asArray(body.C2CMsgInfo).map((item) => {
        const record = asRecord(item)
        return {
          msgSeq: asNumber(record.MsgSeq) ?? -1,
          msgRandom: asNumber(record.MsgRandom) ?? -1,
        }
      })
      this.model.sendReadReceipts(userID, peer, items)
      return {}
    })

    on('openim.msgwithdraw', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const info = asRecord(body.MsgInfo)
      const from = asString(info.From_Account) ?? ''
      const message = this.model.findMessage(
        from,
        asString(info.To_Account) ?? '',
        asNumber(info.MsgSeq) ?? -1,
        asNumber(info.MsgRandom) ?? -1,
      )
      if (!message || message.from !== userID) {
        throw new ImFailure(ImError.messageNotFound, 'no such message of yours to revoke')
      }
      if (Math.floor(Date.now() / 1000) - message.time > REVOKE_WINDOW_SECONDS) {
        throw new ImFailure(ImError.revokeTimeLimit, 'the revoke time limit has passed')
      }
      this.model.revokeMessage(message, userID)
      return {}
    })

    on('recentcontact.page_get', (connection, _body, head) => {
      const userID = this.requireUser(connection, head)
      const conversations = this.model.listConversations(userID)
      return {
        CompleteFlag: 1,
        SessionItem: conversations.map((item) => ({
          Type: 1,
          To_Account: item.peer,
          MsgTime: item.last?.time ?? 0,
          MsgSeq: item.last?.msgSeq ?? 0,
          MsgRandom: item.last?.msgRandom ?? 0,
          LastC2CMsgFromAccount: item.last?.from ?? '',
          MsgShow: '',
          LastMsg: {
            MsgBody: item.last?.body ?? [],
            CloudCustomData: item.last?.cloudCustomData ?? '',
          },
          C2cNick: this.model.nickOf(item.peer),
          C2cImage: this.model.avatarOf(item.peer),
          C2cPeerReadTime: item.peerReadTime,
          UnreadMsgCount: item.unread,
        })),
        TimeStamp: Math.floor(Date.now() / 1000),
        StartIndex: conversations.length,
        TopTimeStamp: 0,
        TopStartIndex: 0,
      }
    })

    on('openim.delete_c2c_msg_ramble', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const peer = asString(body.To_Account) ?? ''
      this.model.deleteMessagesFor(userID, peer, stringList(body.MsgKeyList))
      return {}
    })

    on('recentcontact.clear_msg', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const peer = asString(body.To_Account)
      if (asNumber(body.Type) !== 1 || !peer) {
        throw new ImFailure(ImError.invalidParameter, 'only C2C history can be cleared')
      }
      this.model.clearHistory(userID, peer)
      return {}
    })

    on('recentcontact.batch_delete', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const clear = asNumber(body.ClearRamble) === 1
      const results = asArray(body.ContactItem).map((item) => {
        const record = asRecord(item)
        const peer = asString(record.To_Account)
        if (asNumber(record.Type) === 1 && peer) {
          this.model.deleteConversation(userID, peer, clear)
          return { Type: 1, To_Account: peer, ResultCode: 0, ResultInfo: '' }
        }
        return { ...record, ResultCode: ImError.invalidParameter, ResultInfo: 'C2C only' }
      })
      return { ResultItem: results }
    })

    on('sns.friend_add', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const both = asString(body.AddType) !== 'Add_Type_Single'
      const results = asArray(body.AddFriendItem).map((item) => {
        const record = asRecord(item)
        const friend = asString(record.To_Account) ?? ''
        const allowType = this.model.getAccount(friend)?.profile['Tag_Profile_IM_AllowType']
        let code: number
        if (allowType === 'AllowType_Type_DenyAny') code = 30516
        else if (allowType === 'AllowType_Type_NeedConfirm') code = 30539
        else {
          code = this.model.addFriend(userID, friend, both, {
            remark: asString(record.Remark),
            group: asString(record.GroupName),
            addSource: asString(record.AddSource),
            addWording: asString(record.AddWording),
          })
        }
        return { To_Account: friend, ResultCode: code, ResultInfo: '' }
      })
      return {
        ResultItem: results,
        Fail_Account: results.filter((r) => r.ResultCode !== 0).map((r) => r.To_Account),
      }
    })

    on('sns.friend_get', (connection, _body, head) => {
      const userID = this.requireUser(connection, head)
      const friends = this.model.listFriends(userID)
      return {
        UserDataItem: friends.map((link) => ({
          To_Account: link.friend,
          ValueItem: friendTags(link),
        })),
        FriendNum: friends.length,
        CompleteFlag: 1,
        NextStartIndex: 0,
        StandardSequence: 0,
        CustomSequence: 0,
      }
    })

    on('sns.friend_get_specified', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      return {
        InfoItem: stringList(body.To_Account).map((friend) => {
          const link = this.model.getFriend(userID, friend)
          return link
            ? { To_Account: friend, ResultCode: 0, SnsProfileItem: friendTags(link) }
            : { To_Account: friend, ResultCode: ImError.notFriend, SnsProfileItem: [] }
        }),
      }
    })

    on('sns.friend_check', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      return {
        InfoItem: stringList(body.To_Account).map((other) => ({
          To_Account: other,
          Relation: this.model.checkFriend(userID, other),
          ResultCode: 0,
          ResultInfo: '',
        })),
      }
    })

    on('sns.friend_delete', (connection, body, head) => {
      const userID = this.requireUser(connection, head)
      const both = asString(body.DeleteType) === 'Delete_Type_Both'
      return {
        ResultItem: stringList(body.To_Account).map((friend) => ({
          To_Account: friend,
          ResultCode: this.model.deleteFriend(userID, friend, both),
          ResultInfo: '',
        })),
      }
    })

    on('im_cos_msg.pre_sig', (connection, body, head) => {
      this.requireUser(connection, head)
      const seconds = asNumber(body.Duration) ?? 900
      const slot = this.options.issueUpload(asString(body.file_name) ?? 'file', seconds)
      const base = this.options.httpBaseUrl()
      return {
        request_id: slot.key,
        expired_time: slot.expiresAt,
        upload_url: `${base}/upload/${encodeURIComponent(slot.key)}`,
        download_url: `${base}/files/${encodeURIComponent(slot.key)}`,
      }
    })
  }
}

function friendTags(link: {
  addTime: number
  remark: string
  group: string
  addSource: string
  addWording: string
}) {
  return [
    { Tag: 'Tag_SNS_IM_AddTime', Value: link.addTime },
    { Tag: 'Tag_SNS_IM_Remark', Value: link.remark },
    { Tag: 'Tag_SNS_IM_Group', Value: link.group ? [link.group] : [] },
    { Tag: 'Tag_SNS_IM_AddSource', Value: link.addSource },
    { Tag: 'Tag_SNS_IM_AddWording', Value: link.addWording },
  ]
}

class SessionFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}
