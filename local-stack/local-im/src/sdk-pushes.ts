/** Model changes turned into the pushes tim-wx-sdk understands (the model's listener). */
import type { ChatMessage, ModelListener, ProfileItem, SendOrigin } from './model'
import type { Frame, GatewayContext } from './sdk-context'
import { messageToWire, profileItems } from './wire'

export class SdkPushes implements ModelListener {
  constructor(private readonly ctx: GatewayContext) {}

  private pushToUser(userID: string, event: Frame, exceptConnection?: string): void {
    for (const connection of this.ctx.connectionsOf(userID)) {
      if (connection.id === exceptConnection) continue
      this.ctx.push(connection, 'im_open_push.msg_push', { EventArray: [event] })
    }
  }

  messageStored(message: ChatMessage, origin: SendOrigin): void {
    const { model } = this.ctx
    const event = { Event: 1, C2cMsgArray: [messageToWire(message, { IsSyncMsg: 0 })] }
    for (const connection of [...this.ctx.connectionsOf(message.to)]) {
      if (message.inboxSeq === 0) {
        // Online-only: pushed to whoever is there, never tracked.
        this.ctx.push(connection, 'im_open_push.msg_push', { EventArray: [event] })
        continue
      }
      // A connection still catching up gets the message from its login sync, in order.
      if (!connection.live || !connection.a2Key) continue
      // The ack names the inbox number: only an acked push proves the message arrived.
      const pushed = this.ctx.push(connection, 'im_open_push.msg_push', {
        NeedAck: 1,
        SessionData: String(message.inboxSeq),
        EventArray: [event],
      })
      if (pushed) {
        model.delivery.sent(connection.a2Key, message.to, connection.id, [message.inboxSeq])
      }
    }
    if (origin.syncToSender && message.from !== message.to) {
      // The SDK swaps From/To of a sync message back, so it is sent from the peer's side.
      const synced = messageToWire(message, {
        From_Account: message.to,
        To_Account: message.from,
        IsSyncMsg: 1,
      })
      this.pushToUser(message.from, { Event: 1, C2cMsgArray: [synced] }, origin.connectionID)
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

  profileChanged(userID: string, items: ProfileItem[], audience: string[]) {
    const event = {
      Event: 4,
      ProfileDataMod: [{ Profile_Account: userID, ProfileList: profileItems(items) }],
    }
    for (const target of new Set(audience)) this.pushToUser(target, event)
  }

  friendsChanged(owner: string, added: string[], deleted: string[]): void {
    const mods: Frame[] = []
    if (added.length > 0) mods.push({ PushType: 1, FriendAdd_Account: added })
    if (deleted.length > 0) mods.push({ PushType: 2, FriendDel_Account: deleted })
    if (mods.length > 0) this.pushToUser(owner, { Event: 3, FriendListMod: mods })
  }

  /**
   * Relation-chain pushes (PushType 5 added, 6 deleted) go to every session of the owner, the
   * requesting one included: tim-wx-sdk updates its blacklist on addToBlacklist from this push, not
   * from the reply. The blocked user is told nothing.
   */
  blacklistChanged(owner: string, added: string[], deleted: string[]): void {
    const mods: Frame[] = []
    if (added.length > 0) mods.push({ PushType: 5, BlackListAdd_Account: added })
    if (deleted.length > 0) mods.push({ PushType: 6, BlackListDel_Account: deleted })
    if (mods.length > 0) this.pushToUser(owner, { Event: 3, FriendListMod: mods })
  }

  accountKicked(userID: string, kickType: number): void {
    for (const connection of [...this.ctx.connectionsOf(userID)]) {
      if (connection.a2Key) this.ctx.pushKick(connection.a2Key, kickType)
    }
  }
}
