/**
 * The IM domain: accounts, friends, C2C messages, conversations and delivery, each in its own
 * part. Both wire surfaces (SDK frames and REST) call into it; it tells the listener what to push.
 */
import { randomBytes } from 'node:crypto'
import { AccountBook } from './accounts'
import { BlacklistBook } from './blacklist'
import { ConversationBook } from './conversations'
import { DeliveryTracker } from './delivery'
import { FriendBook } from './friends'
import { MessageLog } from './messages'
import {
  ImError,
  ImFailure,
  conversationKey,
  nowSeconds,
  storeKey,
  type A2Session,
  type Account,
  type BlacklistEntry,
  type ChatMessage,
  type ConversationState,
  type Counters,
  type FriendLink,
  type ModelListener,
  type NewMessage,
  type SendOrigin,
} from './model-types'
import type { RecordStore } from './store'

export * from './model-types'
export { ProfileTag, isKnownProfileTag } from './accounts'

const randomUint32 = (): number => randomBytes(4).readUInt32BE(0)

/** A message with its identity fixed (MsgSeq, MsgRandom, time): what a callback sees is what is stored. */
export type StampedMessage = NewMessage & { msgSeq: number; msgRandom: number; time: number }

/** Fills in what the sender left out: a MsgSeq, a MsgRandom, and the server time. */
export function stampMessage(input: NewMessage): StampedMessage {
  return {
    ...input,
    msgSeq: input.msgSeq ?? randomUint32() % 2147483647,
    msgRandom: input.msgRandom ?? randomUint32(),
    time: input.time ?? nowSeconds(),
  }
}

/** Tencent's MsgKey: what REST revokes and the before-send callback identify a message by. */
export const messageKey = (m: { msgSeq: number; msgRandom: number; time: number }): string =>
  `${m.msgSeq}_${m.msgRandom}_${m.time}`

export class ImModel {
  readonly accounts: AccountBook
  readonly friends: FriendBook
  readonly blacklist: BlacklistBook
  readonly messages: MessageLog
  readonly conversations: ConversationBook
  readonly delivery: DeliveryTracker
  private readonly counters: Counters = { nextTinyID: 1, globalSeq: 0 }
  private listener: ModelListener | undefined

  constructor(
    readonly store: RecordStore,
    readonly sdkAppID: number,
  ) {
    const listener = () => this.listener
    this.messages = new MessageLog(store)
    this.conversations = new ConversationBook(store, this.messages, listener)
    this.accounts = new AccountBook(store, this.counters, {
      listener,
      saveCounters: () => this.saveCounters(),
      friendsOf: (userID) => this.friends.friendIDs(userID),
      accountDeleted: (userID) => {
        this.friends.forget(userID)
        this.blacklist.forget(userID)
        this.delivery.forgetAccount(userID)
      },
    })
    this.friends = new FriendBook(store, {
      listener,
      accountExists: (userID) => this.accounts.has(userID),
      requireAccount: (userID) => void this.accounts.require(userID),
      blockedBetween: (owner, friend) => {
        if (this.blacklist.isBlocked(owner, friend)) return ImError.friendInOwnBlacklist
        if (this.blacklist.isBlocked(friend, owner)) return ImError.friendInPeerBlacklist
        return 0
      },
    })
    this.blacklist = new BlacklistBook(store, {
      listener,
      accountExists: (userID) => this.accounts.has(userID),
      unfriend: (owner, peer) => {
        this.friends.remove(owner, peer, true)
      },
    })
    this.delivery = new DeliveryTracker(store, {
      inbox: (userID) => this.messages.inbox(userID),
      isVisibleTo: (userID, message) => this.conversations.isVisibleTo(userID, message),
    })
  }

  setListener(listener: ModelListener): void {
    this.listener = listener
  }

  /** Rebuilds the working set from the store (a restart with --data). */
  async load(): Promise<void> {
    for await (const [, value] of this.store.scan(storeKey.counters)) {
      Object.assign(this.counters, value as Counters)
    }
    const legacyMarks = new Map<string, number>()
    for await (const [, value] of this.store.scan('acct!')) {
      const account = value as Account & { syncedUpTo?: number }
      this.accounts.load(account)
      if (account.syncedUpTo) legacyMarks.set(account.userID, account.syncedUpTo)
    }
    for await (const [, value] of this.store.scan('msg!')) this.messages.load(value as ChatMessage)
    this.messages.finishLoad()
    for await (const [, value] of this.store.scan('conv!')) {
      this.conversations.load(value as ConversationState)
    }
    for await (const [, value] of this.store.scan('friend!')) this.friends.load(value as FriendLink)
    for await (const [, value] of this.store.scan('black!')) {
      this.blacklist.load(value as BlacklistEntry)
    }
    for await (const [, value] of this.store.scan('blackseq!')) {
      this.blacklist.loadSequence(value as { owner: string; sequence: number })
    }
    const now = nowSeconds()
    for await (const [, value] of this.store.scan('a2!')) {
      this.accounts.loadSession(value as A2Session, now)
    }
    for await (const [key, value] of this.store.scan('dlv!')) {
      const record = value as { a2Key?: string; userID: string; mark: number; above: number[] }
      if (key.startsWith('dlv!a!')) this.delivery.loadAccount(record.userID, record)
      else if (record.a2Key && this.accounts.session(record.a2Key)) {
        this.delivery.loadSession(record.a2Key, record.userID, record)
      } else this.store.del(key)
    }
    // Data written before exact tracking kept one high-water mark (a global arrival number).
    for (const [userID, syncedUpTo] of legacyMarks) {
      const inbox = this.messages.inbox(userID)
      let mark = 0
      while (mark < inbox.length && (inbox[mark]?.globalSeq ?? Infinity) <= syncedUpTo) mark++
      this.delivery.loadAccount(userID, { mark, above: [] })
    }
  }

  /**
   * Stores a C2C message (or finds the one a retry already stored) and tells the listener.
   * The body must have passed validation (see message-validation.ts).
   */
  sendMessage(input: NewMessage, origin: SendOrigin): { message: ChatMessage; duplicate: boolean } {
    const sender = this.requireParticipants(input.from, input.to)
    const { msgSeq, msgRandom, time } = stampMessage(input)
    const existing = this.messages.findRetry({ from: input.from, to: input.to, msgRandom, msgSeq })
    if (existing) return { message: existing, duplicate: true }

    const next = this.messages.nextSeqs(input.from, input.to)
    const message: ChatMessage = {
      from: input.from,
      to: input.to,
      seq: next.seq,
      globalSeq: 0,
      inboxSeq: 0,
      msgSeq,
      msgRandom,
      time,
      clientTime: input.clientTime ?? time,
      body: input.body,
      cloudCustomData: input.cloudCustomData ?? '',
      nick: input.nick ?? this.accounts.nickOf(input.from),
      avatar: input.avatar ?? this.accounts.avatarOf(input.from),
      senderTinyID: sender.tinyID,
      needReadReceipt: input.needReadReceipt ?? false,
      peerRead: false,
      revoked: false,
      noUnread: input.noUnread ?? false,
      noLastMsg: input.noLastMsg ?? false,
      hiddenFromSender: input.hiddenFromSender ?? false,
      key: messageKey({ msgSeq, msgRandom, time }),
    }
    if (origin.onlineOnly) {
      message.onlineOnly = true
      this.listener?.messageStored(message, origin)
      return { message, duplicate: false }
    }
    message.globalSeq = ++this.counters.globalSeq
    message.inboxSeq = next.inboxSeq
    this.saveCounters()
    this.messages.add(message)
    this.conversations.touch(message.to, message.from)
    if (!message.hiddenFromSender) this.conversations.touch(message.from, message.to)
    this.listener?.messageStored(message, origin)
    return { message, duplicate: false }
  }

  /** The sender's account; both sides must be imported (20003 otherwise). */
  requireParticipants(from: string, to: string): Account {
    const sender = this.accounts.get(from)
    if (!sender) {
      throw new ImFailure(ImError.toAccountInvalid, `From_Account ${from} is not imported`)
    }
    if (!this.accounts.has(to)) {
      throw new ImFailure(ImError.toAccountInvalid, `To_Account ${to} is not imported`)
    }
    return sender
  }

  /** A message the owner may act on: one of theirs, by MsgSeq and MsgRandom. */
  findMessage(from: string, to: string, msgSeq: number, msgRandom: number) {
    return this.messages.findRetry({ from, to, msgSeq, msgRandom })
  }

  revokeMessage(message: ChatMessage, revoker: string): void {
    if (message.revoked) return
    message.revoked = true
    message.revoker = revoker
    this.messages.save(message)
    this.listener?.messageRevoked(message)
  }

  /** Per-message read receipts: the reader acknowledges messages the peer sent with receipts. */
  sendReadReceipts(reader: string, peer: string, items: { msgSeq: number; msgRandom: number }[]) {
    const acknowledged: ChatMessage[] = []
    for (const item of items) {
      const message = this.findMessage(peer, reader, item.msgSeq, item.msgRandom)
      if (!message || message.peerRead) continue
      message.peerRead = true
      this.messages.save(message)
      acknowledged.push(message)
    }
    if (acknowledged.length > 0) this.listener?.messagesPeerRead(reader, peer, acknowledged)
    return acknowledged
  }

  /** Ends a login session and the delivery state that belonged to it. */
  endSession(a2Key: string): void {
    if (this.accounts.endSession(a2Key)) this.delivery.endSession(a2Key)
  }

  private saveCounters(): void {
    this.store.put(storeKey.counters, { ...this.counters })
  }
}

export { conversationKey }
