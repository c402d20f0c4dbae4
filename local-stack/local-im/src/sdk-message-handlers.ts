/** C2C messaging servcmds: send, login sync, push acks, history, reads, revoke, uploads. */
import { createHash } from 'node:crypto'
import { kindOfFileType } from './file-kinds'
import type { SendReceipt } from './message-sender'
import { checkMessage } from './message-validation'
import { ImError, ImFailure, type A2Session } from './model'
import type { Frame, GatewayContext, Handler } from './sdk-context'
import { asArray, asNumber, asRecord, asString, messageToWire, stringList } from './wire'

/** Tencent lets a user revoke their own C2C message for 2 minutes. */
const REVOKE_WINDOW_SECONDS = 120
const SYNC_PAGE_SIZE = 100

/** Sync cookies name their session, so a cookie is only ever read by the session it came from. */
function cookieTag(session: A2Session): string {
  return createHash('sha256').update(session.a2Key).digest('base64url').slice(0, 8)
}

export function registerMessageHandlers(
  on: (servcmd: string, handler: Handler) => void,
  ctx: GatewayContext,
): void {
  const { model } = ctx

  on('openim.sendmsg', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const problem = checkMessage(body.MsgBody, body.CloudCustomData)
    if (problem) throw new ImFailure(ImError.requestInvalid, problem.reason)
    const control = stringList(body.SendMsgControl)
    const receipt = ctx.options.sender.send({
      input: {
        from: userID,
        to: asString(body.To_Account) ?? '',
        msgSeq: asNumber(body.MsgSeq),
        msgRandom: asNumber(body.MsgRandom),
        clientTime: asNumber(body.MsgClientTime),
        body: body.MsgBody as unknown[],
        cloudCustomData: asString(body.CloudCustomData),
        nick: asString(body.From_AccountNick),
        avatar: asString(body.From_AccountHeadurl),
        needReadReceipt: asNumber(body.IsNeedReadReceipt) === 1,
        noUnread: control.includes('NoUnread'),
        noLastMsg: control.includes('NoLastMsg'),
      },
      origin: {
        connectionID: connection.id,
        syncToSender: true,
        onlineOnly: asNumber(body.MsgLifeTime) === 0,
      },
      caller: { clientIP: connection.ip, platform: 'Web' },
      checkBlacklist: true,
      useCallback: true,
    })
    const answer = (r: SendReceipt): Frame => ({ MsgTime: r.time, MsgSeq: r.msgSeq })
    return receipt instanceof Promise ? receipt.then(answer) : answer(receipt)
  })

  // Login sync. The cookie of each page names the last inbox number it covers; the SDK sends
  // the cookie of the last page it received, which proves those messages arrived.
  on('openim.getmsg', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const session = ctx.sessionOf(connection)
    const tag = cookieTag(session)
    const [cookieSession, cookieSeq] = (asString(body.Cookie) ?? '').split('.')
    const presented = Number(cookieSeq)
    if (cookieSession === tag && Number.isInteger(presented) && presented > 0) {
      model.delivery.cookiePresented(session.a2Key, userID, presented)
    }
    const owed = model.delivery.undelivered(session.a2Key, userID, connection.id, SYNC_PAGE_SIZE)
    const page = owed.slice(0, SYNC_PAGE_SIZE)
    const complete = owed.length <= SYNC_PAGE_SIZE
    model.delivery.sent(
      session.a2Key,
      userID,
      connection.id,
      page.map((m) => m.inboxSeq),
    )
    const covered = complete ? model.delivery.inboxHead(userID) : (page.at(-1)?.inboxSeq ?? 0)
    // From here on new messages reach this connection as pushes, after this page.
    if (complete) connection.live = true
    const reply: Frame = {
      Cookie: `${tag}.${covered}`,
      SyncFlag: complete ? 2 : 1,
      MsgList: page.map((m) => messageToWire(m)),
      EventArray: [],
    }
    if (complete) {
      reply.C2CPairUnreadCount = model.conversations
        .list(userID)
        .filter((item) => item.unread > 0)
        .map((item) => ({ From_Account: item.peer, UnreadCount: item.unread }))
    }
    return reply
  })

  on('openim.ws_msg_push_ack', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const inboxSeq = asNumber(body.SessionData)
    if (inboxSeq !== undefined && Number.isInteger(inboxSeq) && inboxSeq > 0) {
      model.delivery.acked(ctx.sessionOf(connection).a2Key, userID, inboxSeq)
    }
    return {}
  })

  on('openim.getroammsg', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const peer = asString(body.Peer_Account) ?? ''
    const older = (asNumber(body.GetDirection) ?? 0) === 0
    const { messages, complete } = model.conversations.history(userID, peer, {
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
    const userID = ctx.requireUser(connection, head)
    for (const item of asArray(asRecord(body.C2CMsgReaded).C2CMsgReadedItem)) {
      const record = asRecord(item)
      const peer = asString(record.To_Account)
      if (!peer) continue
      const time = asNumber(record.LastedMsgTime) ?? Math.floor(Date.now() / 1000)
      const receipt = asNumber(record.Receipt) !== 0
      model.conversations.reportRead(userID, peer, time, receipt, connection.id)
    }
    return {}
  })

  on('openim.read_all_unread_msg', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const readC2C = asNumber(body.C2CReadAllMsg) === 1
    if (readC2C) model.conversations.readAll(userID, connection.id)
    // The SDK clears its local C2C unread counts only when the reply echoes the flag.
    return { C2CReadAllMsg: readC2C ? 1 : 0, GroupReadInfoArray: [] }
  })

  on('openim.get_peer_read_time', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const peers = stringList(body.To_Account)
    return { ReadTime: peers.map((peer) => model.conversations.peerReadTime(userID, peer)) }
  })

  on('openim.c2c_msg_read_receipt', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const items = asArray(body.C2CMsgInfo).map((item) => {
      const record = asRecord(item)
      return { msgSeq: asNumber(record.MsgSeq) ?? -1, msgRandom: asNumber(record.MsgRandom) ?? -1 }
    })
    model.sendReadReceipts(userID, asString(body.Peer_Account) ?? '', items)
    return {}
  })

  on('openim.msgwithdraw', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const info = asRecord(body.MsgInfo)
    const message = model.findMessage(
      asString(info.From_Account) ?? '',
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
    model.revokeMessage(message, userID)
    return {}
  })

  on('openim.delete_c2c_msg_ramble', (connection, body, head) => {
    const userID = ctx.requireUser(connection, head)
    const peer = asString(body.To_Account) ?? ''
    model.conversations.deleteMessagesFor(userID, peer, stringList(body.MsgKeyList))
    return {}
  })

  // The plugin's upload slot. The kind (file_type: 1 image, 2 video, 3 audio, 255 file) sets the
  // size limit and the content check the upload must pass. No snapshot_url is handed out for
  // videos: the local IM makes no video covers (see the README).
  on('im_cos_msg.pre_sig', (connection, body, head) => {
    ctx.requireUser(connection, head)
    const seconds = asNumber(body.Duration) ?? 900
    const kind = kindOfFileType(asNumber(body.file_type))
    const slot = ctx.options.issueUpload(asString(body.file_name) ?? 'file', seconds, kind)
    const base = ctx.options.httpBaseUrl()
    return {
      request_id: slot.key,
      expired_time: slot.expiresAt,
      upload_url: `${base}/upload/${encodeURIComponent(slot.key)}`,
      download_url: `${base}/files/${encodeURIComponent(slot.key)}`,
    }
  })
}
