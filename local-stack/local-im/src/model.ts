import { createHash, randomBytes } from 'node:crypto'
import type { RecordStore } from './store'

/** Error codes Tencent IM answers with, shared by the SDK and REST surfaces. */
export const ImError = {
  accountNotFound: 70107,
  toAccountInvalid: 20003,
  msgBodyInvalid: 20001,
  messageNotFound: 20004,
  revokeTimeLimit: 20016,
  friendExists: 30015,
  notFriend: 31707,
  invalidParameter: 90001,
} as const

export class ImFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

export type ProfileValue = string | number

export interface Account {
  userID: string
  tinyID: string
  createdAt: number
  profile: Record<string, ProfileValue>
  /** UserSigs issued before this time (seconds) are refused: set by a REST kick. */
  sigsValidFrom: number
  /** Digests of the exact UserSigs a REST kick revoked (those issued in the kick's second). */
  revokedSigs?: string[]
  /** Highest global message number this user has received (pushed or synced). */
  syncedUpTo: number
}

export interface ChatMessage {
  from: string
  to: string
  /** Server-assigned order inside the conversation. */
  seq: number
  /** Server-global arrival number, the basis of the login sync cookie. */
  globalSeq: number
  msgSeq: number
  msgRandom: number
  time: number
  clientTime: number
  body: unknown[]
  cloudCustomData: string
  nick: string
  avatar: string
  senderTinyID: string
  needReadReceipt: boolean
  peerRead: boolean
  revoked: boolean
  revoker?: string
  noUnread: boolean
  noLastMsg: boolean
  /** Not kept in the sender's roaming history (REST SyncOtherMachine 2). */
  hiddenFromSender: boolean
  /** Users who deleted this message from their own history. */
  deletedFor?: string[]
  key: string
}

export interface ConversationState {
  owner: string
  peer: string
  /** Highest conversation seq the owner has read. */
  readSeq: number
  /** Time the owner reported with the read (the SDK works in whole seconds). */
  readTime: number
  /** Messages up to this seq are gone for the owner (conversation deleted with its history). */
  clearedSeq: number
  visible: boolean
}

export interface FriendLink {
  owner: string
  friend: string
  addTime: number
  remark: string
  group: string
  addSource: string
  addWording: string
}

export interface A2Session {
  a2Key: string
  userID: string
  /** The UserSig's expiry (seconds): requests after it are answered 70001. */
  expiresAt: number
  instanceID: string
  /** Digest of the UserSig that opened the session. */
  sigDigest: string
  kickedWith?: number
}

export interface NewMessage {
  from: string
  to: string
  msgSeq?: number
  msgRandom?: number
  clientTime?: number
  body: unknown[]
  cloudCustomData?: string
  nick?: string
  avatar?: string
  needReadReceipt?: boolean
  noUnread?: boolean
  noLastMsg?: boolean
  hiddenFromSender?: boolean
}

export interface SendOrigin {
  /** Session that sent it: it gets the reply, not a push. */
  sessionID?: string
  /** Push to the sender's other sessions with IsSyncMsg. */
  syncToSender: boolean
  /** Online-only message: pushed, never stored. */
  onlineOnly?: boolean
}

/** What the wire surfaces react to (pushes). */
export interface ModelListener {
  messageStored(message: ChatMessage, origin: SendOrigin): void
  messageRevoked(message: ChatMessage): void
  readReported(
    owner: string,
    peer: string,
    readTime: number,
    receipt: boolean,
    sessionID?: string,
  ): void
  messagesPeerRead(reader: string, sender: string, messages: ChatMessage[]): void
  profileChanged(
    userID: string,
    items: { Tag: string; Value: ProfileValue }[],
    audience: string[],
  ): void
  friendsChanged(owner: string, added: string[], deleted: string[]): void
  accountKicked(userID: string, kickType: number): void
}

export const ProfileTag = {
  nick: 'Tag_Profile_IM_Nick',
  image: 'Tag_Profile_IM_Image',
} as const

const STANDARD_PROFILE_TAGS = new Set([
  'Tag_Profile_IM_Nick',
  'Tag_Profile_IM_Gender',
  'Tag_Profile_IM_BirthDay',
  'Tag_Profile_IM_Location',
  'Tag_Profile_IM_SelfSignature',
  'Tag_Profile_IM_AllowType',
  'Tag_Profile_IM_Language',
  'Tag_Profile_IM_Image',
  'Tag_Profile_IM_MsgSettings',
  'Tag_Profile_IM_AdminForbidType',
  'Tag_Profile_IM_Level',
  'Tag_Profile_IM_Role',
])

export function isKnownProfileTag(tag: string): boolean {
  return STANDARD_PROFILE_TAGS.has(tag) || tag.startsWith('Tag_Profile_Custom_')
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000)
const randomUint32 = (): number => randomBytes(4).readUInt32BE(0)

function sigDigest(userSig: string): string {
  return createHash('sha256').update(userSig).digest('base64url')
}

export function conversationKey(a: string, b: string): string {
  return a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`
}

const pad = (n: number): string => n.toString().padStart(12, '0')

/** Keys of the record store; one record per entity so a change writes only that entity. */
const key = {
  account: (userID: string) => `acct!${userID}`,
  message: (conv: string, seq: number) => `msg!${conv}!${pad(seq)}`,
  conversation: (owner: string, peer: string) => `conv!${owner}\u0001${peer}`,
  friend: (owner: string, friend: string) => `friend!${owner}\u0001${friend}`,
  a2: (a2Key: string) => `a2!${a2Key}`,
  counters: 'meta!counters',
}

/** Tencent's TinyIDs are 64-bit numbers carried as strings. */
const TINY_ID_BASE = 144115000000000000n

interface Counters {
  nextTinyID: number
  globalSeq: number
}

/**
 * The IM domain: accounts, profiles, friends, C2C conversations, messages and read positions.
 * Both wire surfaces (SDK frames and REST) call into it; it tells the listener what to push.
 */
export class ImModel {
  private readonly accounts = new Map<string, Account>()
  private readonly messagesByConversation = new Map<string, ChatMessage[]>()
  private readonly dedupe = new Map<string, ChatMessage>()
  private readonly incoming = new Map<string, ChatMessage[]>()
  private readonly conversations = new Map<string, Map<string, ConversationState>>()
  private readonly friends = new Map<string, Map<string, FriendLink>>()
  private readonly a2Sessions = new Map<string, A2Session>()
  private counters: Counters = { nextTinyID: 1, globalSeq: 0 }
  private listener: ModelListener | undefined

  constructor(
    private readonly store: RecordStore,
    readonly sdkAppID: number,
  ) {}

  setListener(listener: ModelListener): void {
    this.listener = listener
  }

  /** Rebuilds the working set from the store (a restart with --data). */
  async load(): Promise<void> {
    for await (const [, value] of this.store.scan('meta!counters'))
      this.counters = value as Counters
    for await (const [, value] of this.store.scan('acct!')) {
      const account = value as Account
      this.accounts.set(account.userID, account)
    }
    for await (const [, value] of this.store.scan('msg!')) this.indexMessage(value as ChatMessage)
    for await (const [, value] of this.store.scan('conv!')) {
      const state = value as ConversationState
      this.conversationsOf(state.owner).set(state.peer, state)
    }
    for await (const [, value] of this.store.scan('friend!')) {
      const link = value as FriendLink
      this.friendsOf(link.owner).set(link.friend, link)
    }
    const now = nowSeconds()
    for await (const [, value] of this.store.scan('a2!')) {
      const session = value as A2Session
      // Sessions past their UserSig's expiry can only answer 70001, which an unknown A2Key does too.
      if (session.expiresAt <= now) this.store.del(key.a2(session.a2Key))
      else this.a2Sessions.set(session.a2Key, session)
    }
  }

  // ---------------------------------------------------------------- accounts and sessions

  importAccount(userID: string, nick?: string, faceUrl?: string): Account {
    let account = this.accounts.get(userID)
    if (!account) {
      account = {
        userID,
        tinyID: (TINY_ID_BASE + BigInt(this.counters.nextTinyID++)).toString(),
        createdAt: nowSeconds(),
        profile: {},
        sigsValidFrom: 0,
        syncedUpTo: this.counters.globalSeq,
      }
      this.accounts.set(userID, account)
      this.saveCounters()
    }
    if (nick !== undefined) account.profile[ProfileTag.nick] = nick
    if (faceUrl !== undefined) account.profile[ProfileTag.image] = faceUrl
    this.saveAccount(account)
    return account
  }

  getAccount(userID: string): Account | undefined {
    return this.accounts.get(userID)
  }

  requireAccount(userID: string): Account {
    const account = this.accounts.get(userID)
    if (!account) throw new ImFailure(ImError.accountNotFound, `account ${userID} is not imported`)
    return account
  }

  deleteAccount(userID: string): boolean {
    const account = this.accounts.get(userID)
    if (!account) return false
    this.kick(userID, 3)
    this.accounts.delete(userID)
    this.store.del(key.account(userID))
    for (const friend of [...this.friendsOf(userID).keys()]) this.removeFriendLink(userID, friend)
    for (const [owner, links] of this.friends) {
      if (links.has(userID)) this.removeFriendLink(owner, userID)
    }
    return true
  }

  listAccounts(): Account[] {
    return [...this.accounts.values()]
  }

  createA2Session(
    userID: string,
    expiresAt: number,
    instanceID: string,
    userSig: string,
  ): A2Session {
    const session: A2Session = {
      a2Key: randomBytes(24).toString('hex'),
      userID,
      expiresAt,
      instanceID,
      sigDigest: sigDigest(userSig),
    }
    this.a2Sessions.set(session.a2Key, session)
    this.store.put(key.a2(session.a2Key), session)
    return session
  }

  getA2Session(a2Key: string): A2Session | undefined {
    return this.a2Sessions.get(a2Key)
  }

  endA2Session(a2Key: string): void {
    if (this.a2Sessions.delete(a2Key)) this.store.del(key.a2(a2Key))
  }

  /** Marks every A2Key of the user (except one) as kicked; the kicked ones answer 1002. */
  kickA2Sessions(userID: string, kickType: number, exceptA2Key?: string): A2Session[] {
    const kicked: A2Session[] = []
    for (const session of this.a2Sessions.values()) {
      if (session.userID !== userID || session.a2Key === exceptA2Key) continue
      if (session.kickedWith !== undefined) continue
      session.kickedWith = kickType
      this.store.put(key.a2(session.a2Key), session)
      kicked.push(session)
    }
    return kicked
  }

  /** REST kick: the user's sessions end and the UserSigs issued so far stop working. */
  kick(userID: string, kickType: number): void {
    const account = this.accounts.get(userID)
    const kicked = this.kickA2Sessions(userID, kickType)
    if (account) {
      // Whole seconds: sigs from earlier seconds are refused outright, and the exact sigs of the
      // kicked sessions too, so a sig freshly generated in the kick's second still logs in.
      account.sigsValidFrom = nowSeconds()
      const revoked = new Set([...(account.revokedSigs ?? []), ...kicked.map((s) => s.sigDigest)])
      account.revokedSigs = [...revoked].slice(-32)
      this.saveAccount(account)
    }
    this.listener?.accountKicked(userID, kickType)
  }

  /** Whether a verified UserSig was revoked by a REST kick. */
  isSigRevoked(userID: string, userSig: string, issuedAt: number): boolean {
    const account = this.accounts.get(userID)
    if (!account) return false
    return (
      issuedAt < account.sigsValidFrom || (account.revokedSigs ?? []).includes(sigDigest(userSig))
    )
  }

  // ---------------------------------------------------------------- profiles

  getProfile(userID: string, tags?: string[]): { Tag: string; Value: ProfileValue }[] {
    const account = this.requireAccount(userID)
    const wanted = tags && tags.length > 0 ? tags : undefined
    const items: { Tag: string; Value: ProfileValue }[] = []
    const base: Record<string, ProfileValue> = {
      [ProfileTag.nick]: '',
      [ProfileTag.image]: '',
      ...account.profile,
    }
    for (const [tag, value] of Object.entries(base)) {
      if (!wanted || wanted.includes(tag)) items.push({ Tag: tag, Value: value })
    }
    if (wanted) {
      for (const tag of wanted) {
        if (!(tag in base) && isKnownProfileTag(tag)) items.push({ Tag: tag, Value: '' })
      }
    }
    return items
  }

  nickOf(userID: string): string {
    return String(this.accounts.get(userID)?.profile[ProfileTag.nick] ?? '')
  }

  avatarOf(userID: string): string {
    return String(this.accounts.get(userID)?.profile[ProfileTag.image] ?? '')
  }

  setProfile(userID: string, items: { Tag: string; Value: ProfileValue }[]): void {
    const account = this.requireAccount(userID)
    for (const item of items) {
      if (typeof item?.Tag !== 'string' || !isKnownProfileTag(item.Tag)) {
        throw new ImFailure(40001, `unknown profile tag ${String(item?.Tag)}`)
      }
      if (typeof item.Value !== 'string' && typeof item.Value !== 'number') {
        throw new ImFailure(40001, `profile value of ${item.Tag} must be a string or number`)
      }
    }
    for (const item of items) account.profile[item.Tag] = item.Value
    this.saveAccount(account)
    const audience = [userID, ...this.friendsOf(userID).keys()]
    this.listener?.profileChanged(userID, items, audience)
  }

  // ---------------------------------------------------------------- friends

  private friendsOf(owner: string): Map<string, FriendLink> {
    let links = this.friends.get(owner)
    if (!links) {
      links = new Map()
      this.friends.set(owner, links)
    }
    return links
  }

  private addFriendLink(owner: string, friend: string, details: Partial<FriendLink>): boolean {
    const links = this.friendsOf(owner)
    if (links.has(friend)) return false
    const link: FriendLink = {
      owner,
      friend,
      addTime: nowSeconds(),
      remark: details.remark ?? '',
      group: details.group ?? '',
      addSource: details.addSource ?? '',
      addWording: details.addWording ?? '',
    }
    links.set(friend, link)
    this.store.put(key.friend(owner, friend), link)
    return true
  }

  private removeFriendLink(owner: string, friend: string): boolean {
    const links = this.friendsOf(owner)
    if (!links.delete(friend)) return false
    this.store.del(key.friend(owner, friend))
    return true
  }

  /** Adds a friend; `both` adds the reverse link too. Returns the per-item result code. */
  addFriend(
    owner: string,
    friend: string,
    both: boolean,
    details: Partial<FriendLink> = {},
  ): number {
    this.requireAccount(owner)
    if (!this.accounts.has(friend)) return ImError.accountNotFound
    if (owner === friend) return 30524
    const added = this.addFriendLink(owner, friend, details)
    if (added) this.listener?.friendsChanged(owner, [friend], [])
    if (both && this.addFriendLink(friend, owner, { addSource: details.addSource })) {
      this.listener?.friendsChanged(friend, [owner], [])
    }
    return added ? 0 : ImError.friendExists
  }

  deleteFriend(owner: string, friend: string, both: boolean): number {
    this.requireAccount(owner)
    if (!this.accounts.has(friend)) return ImError.accountNotFound
    const removed = this.removeFriendLink(owner, friend)
    if (removed) this.listener?.friendsChanged(owner, [], [friend])
    if (both && this.removeFriendLink(friend, owner)) {
      this.listener?.friendsChanged(friend, [], [owner])
    }
    return removed ? 0 : ImError.notFriend
  }

  listFriends(owner: string): FriendLink[] {
    this.requireAccount(owner)
    return [...this.friendsOf(owner).values()].sort((a, b) => a.addTime - b.addTime)
  }

  getFriend(owner: string, friend: string): FriendLink | undefined {
    return this.friends.get(owner)?.get(friend)
  }

  /** Tencent's friend_check relation for (owner, other). */
  checkFriend(owner: string, other: string): string {
    const mine = this.friends.get(owner)?.has(other) ?? false
    const theirs = this.friends.get(other)?.has(owner) ?? false
    if (mine && theirs) return 'CheckResult_Type_BothWay'
    if (mine) return 'CheckResult_Type_AWithB'
    if (theirs) return 'CheckResult_Type_BWithA'
    return 'CheckResult_Type_NoRelation'
  }

  // ---------------------------------------------------------------- messages

  private indexMessage(message: ChatMessage): void {
    const conv = conversationKey(message.from, message.to)
    let list = this.messagesByConversation.get(conv)
    if (!list) {
      list = []
      this.messagesByConversation.set(conv, list)
    }
    list.push(message)
    this.dedupe.set(this.dedupeKey(message), message)
    let inbox = this.incoming.get(message.to)
    if (!inbox) {
      inbox = []
      this.incoming.set(message.to, inbox)
    }
    inbox.push(message)
  }

  private dedupeKey(m: { from: string; to: string; msgRandom: number; msgSeq: number }): string {
    return `${m.from}\u0001${m.to}\u0001${m.msgRandom}\u0001${m.msgSeq}`
  }

  /**
   * Stores a C2C message (or finds the one a retry already stored) and tells the listener.
   * Returns the stored message and whether it was a duplicate.
   */
  sendMessage(input: NewMessage, origin: SendOrigin): { message: ChatMessage; duplicate: boolean } {
    const sender = this.accounts.get(input.from)
    if (!sender) {
      throw new ImFailure(ImError.toAccountInvalid, `From_Account ${input.from} is not imported`)
    }
    if (!this.accounts.has(input.to)) {
      throw new ImFailure(ImError.toAccountInvalid, `To_Account ${input.to} is not imported`)
    }
    if (!Array.isArray(input.body) || input.body.length === 0) {
      throw new ImFailure(ImError.msgBodyInvalid, 'MsgBody must be a non-empty array')
    }
    for (const element of input.body) {
      const type = (element as { MsgType?: unknown } | null)?.MsgType
      if (typeof type !== 'string' || !type.startsWith('TIM')) {
        throw new ImFailure(ImError.msgBodyInvalid, 'every MsgBody element needs a TIM* MsgType')
      }
    }
    const msgSeq = input.msgSeq ?? randomUint32() % 2147483647
    const msgRandom = input.msgRandom ?? randomUint32()
    const existing = this.dedupe.get(
      this.dedupeKey({ from: input.from, to: input.to, msgRandom, msgSeq }),
    )
    if (existing) return { message: existing, duplicate: true }

    const conv = conversationKey(input.from, input.to)
    const list = this.messagesByConversation.get(conv)
    const time = nowSeconds()
    const message: ChatMessage = {
      from: input.from,
      to: input.to,
      seq: (list?.[list.length - 1]?.seq ?? 0) + 1,
      globalSeq: 0,
      msgSeq,
      msgRandom,
      time,
      clientTime: input.clientTime ?? time,
      body: input.body,
      cloudCustomData: input.cloudCustomData ?? '',
      nick: input.nick ?? this.nickOf(input.from),
      avatar: input.avatar ?? this.avatarOf(input.from),
      senderTinyID: sender.tinyID,
      needReadReceipt: input.needReadReceipt ?? false,
      peerRead: false,
      revoked: false,
      noUnread: input.noUnread ?? false,
      noLastMsg: input.noLastMsg ?? false,
      hiddenFromSender: input.hiddenFromSender ?? false,
      key: `${msgSeq}_${msgRandom}_${time}`,
    }
    if (origin.onlineOnly) {
      this.listener?.messageStored(message, origin)
      return { message, duplicate: false }
    }
    message.globalSeq = ++this.counters.globalSeq
    this.saveCounters()
    this.indexMessage(message)
    this.store.put(key.message(conv, message.seq), message)
    this.touchConversation(message.to, message.from)
    if (!message.hiddenFromSender) this.touchConversation(message.from, message.to)
    this.listener?.messageStored(message, origin)
    return { message, duplicate: false }
  }

  /** The recipient got the message pushed live: it is not an offline message any more. */
  markDelivered(userID: string, globalSeq: number): void {
    const account = this.accounts.get(userID)
    if (!account || globalSeq <= account.syncedUpTo) return
    account.syncedUpTo = globalSeq
    this.saveAccount(account)
  }

  /** Offline messages for the login sync: received after `after` (a cookie), oldest first. */
  offlineMessages(userID: string, after: number | undefined, limit: number) {
    const account = this.requireAccount(userID)
    // Live pushes advance syncedUpTo, so a stale cookie never replays what was pushed already.
    const from = Math.max(after ?? 0, account.syncedUpTo)
    const inbox = this.incoming.get(userID) ?? []
    const result: ChatMessage[] = []
    let index = inbox.length
    while (index > 0 && (inbox[index - 1]?.globalSeq ?? 0) > from) index--
    for (; index < inbox.length && result.length < limit; index++) {
      const message = inbox[index]
      if (message && !this.isCleared(userID, message) && !this.isHiddenFor(userID, message)) {
        result.push(message)
      }
    }
    const last = inbox[index - 1]
    const cursor = result.length > 0 && last ? last.globalSeq : Math.max(from, 0)
    return { messages: result, cursor, complete: index >= inbox.length }
  }

  private isCleared(owner: string, message: ChatMessage): boolean {
    const peer = message.from === owner ? message.to : message.from
    const state = this.conversations.get(owner)?.get(peer)
    return state !== undefined && message.seq <= state.clearedSeq
  }

  findMessage(
    from: string,
    to: string,
    msgSeq: number,
    msgRandom: number,
  ): ChatMessage | undefined {
    return this.dedupe.get(this.dedupeKey({ from, to, msgSeq, msgRandom }))
  }

  findMessageByKey(a: string, b: string, msgKey: string): ChatMessage | undefined {
    return this.messagesByConversation.get(conversationKey(a, b))?.find((m) => m.key === msgKey)
  }

  revokeMessage(message: ChatMessage, revoker: string): void {
    if (message.revoked) return
    message.revoked = true
    message.revoker = revoker
    this.store.put(key.message(conversationKey(message.from, message.to), message.seq), message)
    this.listener?.messageRevoked(message)
  }

  private isHiddenFor(owner: string, message: ChatMessage): boolean {
    return (
      (message.hiddenFromSender && message.from === owner) ||
      (message.deletedFor?.includes(owner) ?? false)
    )
  }

  /** The owner's view of a conversation's messages, oldest first. */
  private visibleMessages(owner: string, peer: string): ChatMessage[] {
    const list = this.messagesByConversation.get(conversationKey(owner, peer)) ?? []
    const cleared = this.conversations.get(owner)?.get(peer)?.clearedSeq ?? 0
    return list.filter((m) => m.seq > cleared && !this.isHiddenFor(owner, m))
  }

  /** Deletes messages (by MsgKey) from the owner's history only; the peer keeps them. */
  deleteMessagesFor(owner: string, peer: string, keys: string[]): number {
    const list = this.messagesByConversation.get(conversationKey(owner, peer)) ?? []
    let deleted = 0
    for (const message of list) {
      if (!keys.includes(message.key) || message.deletedFor?.includes(owner)) continue
      message.deletedFor = [...(message.deletedFor ?? []), owner]
      this.store.put(key.message(conversationKey(owner, peer), message.seq), message)
      deleted++
    }
    return deleted
  }

  /** Clears the owner's history of a conversation (recentcontact.clear_msg). */
  clearHistory(owner: string, peer: string): void {
    const state = this.conversationState(owner, peer)
    const list = this.messagesByConversation.get(conversationKey(owner, peer))
    const lastSeq = list?.[list.length - 1]?.seq ?? 0
    state.clearedSeq = lastSeq
    state.readSeq = Math.max(state.readSeq, lastSeq)
    this.saveConversation(state)
  }

  /**
   * One page of roaming history, as openim.getroammsg pages it: `older` walks back from the
   * anchor (exclusive), otherwise forward. Pages are returned oldest first.
   */
  history(
    owner: string,
    peer: string,
    options: { count: number; anchorKey?: string; anchorTime?: number; older: boolean },
  ): { messages: ChatMessage[]; complete: boolean } {
    const list = this.visibleMessages(owner, peer)
    const count = Math.max(1, Math.min(options.count, 100))
    let anchorIndex: number
    if (options.anchorKey) {
      anchorIndex = list.findIndex((m) => m.key === options.anchorKey)
      if (anchorIndex < 0 && options.anchorTime) {
        // The anchor is gone (deleted history): fall back to its time.
        const t = options.anchorTime
        if (options.older) {
          anchorIndex = list.findIndex((m) => m.time >= t)
          if (anchorIndex < 0) anchorIndex = list.length
        } else {
          anchorIndex = -1
          list.forEach((m, index) => {
            if (m.time <= t) anchorIndex = index
          })
        }
      } else if (anchorIndex < 0) {
        anchorIndex = options.older ? list.length : -1
      }
    } else if (options.anchorTime) {
      // Time-anchored (getMessageListHopping): the anchor second itself is included.
      const t = options.anchorTime
      if (options.older) {
        anchorIndex = list.length
        while (anchorIndex > 0 && (list[anchorIndex - 1]?.time ?? 0) > t) anchorIndex--
      } else {
        anchorIndex = list.findIndex((m) => m.time >= t) - 1
        if (anchorIndex < -1) anchorIndex = list.length - 1
      }
    } else {
      anchorIndex = options.older ? list.length : -1
    }
    if (options.older) {
      const start = Math.max(0, anchorIndex - count)
      return { messages: list.slice(start, anchorIndex), complete: start === 0 }
    }
    const end = Math.min(list.length, anchorIndex + 1 + count)
    return { messages: list.slice(anchorIndex + 1, end), complete: end >= list.length }
  }

  // ---------------------------------------------------------------- conversations and reads

  private conversationsOf(owner: string): Map<string, ConversationState> {
    let map = this.conversations.get(owner)
    if (!map) {
      map = new Map()
      this.conversations.set(owner, map)
    }
    return map
  }

  private conversationState(owner: string, peer: string): ConversationState {
    const map = this.conversationsOf(owner)
    let state = map.get(peer)
    if (!state) {
      state = { owner, peer, readSeq: 0, readTime: 0, clearedSeq: 0, visible: true }
      map.set(peer, state)
    }
    return state
  }

  private touchConversation(owner: string, peer: string): void {
    const known = this.conversations.get(owner)?.get(peer)
    if (known?.visible) return
    const state = known ?? this.conversationState(owner, peer)
    state.visible = true
    this.saveConversation(state)
  }

  private saveConversation(state: ConversationState): void {
    this.store.put(key.conversation(state.owner, state.peer), state)
  }

  unreadCount(owner: string, peer: string): number {
    const list = this.messagesByConversation.get(conversationKey(owner, peer))
    if (!list) return 0
    const state = this.conversations.get(owner)?.get(peer)
    const floor = Math.max(state?.readSeq ?? 0, state?.clearedSeq ?? 0)
    let unread = 0
    for (let index = list.length - 1; index >= 0; index--) {
      const message = list[index]
      if (!message || message.seq <= floor) break
      if (message.from === peer && !message.noUnread && !message.revoked) {
        if (!message.deletedFor?.includes(owner)) unread++
      }
    }
    return unread
  }

  lastMessage(owner: string, peer: string): ChatMessage | undefined {
    const list = this.visibleMessages(owner, peer)
    for (let index = list.length - 1; index >= 0; index--) {
      const message = list[index]
      if (message && !message.noLastMsg) return message
    }
    return undefined
  }

  /** The owner's visible conversations, most recent first. */
  listConversations(owner: string) {
    const result: {
      peer: string
      last: ChatMessage | undefined
      unread: number
      peerReadTime: number
    }[] = []
    for (const state of this.conversationsOf(owner).values()) {
      if (!state.visible) continue
      result.push({
        peer: state.peer,
        last: this.lastMessage(owner, state.peer),
        unread: this.unreadCount(owner, state.peer),
        peerReadTime: this.peerReadTime(owner, state.peer),
      })
    }
    return result
      .filter((item) => item.last !== undefined)
      .sort((a, b) => (b.last?.globalSeq ?? 0) - (a.last?.globalSeq ?? 0))
  }

  deleteConversation(owner: string, peer: string, clearHistory: boolean): void {
    const state = this.conversationState(owner, peer)
    const list = this.messagesByConversation.get(conversationKey(owner, peer))
    const lastSeq = list?.[list.length - 1]?.seq ?? 0
    state.visible = false
    state.readSeq = Math.max(state.readSeq, lastSeq)
    if (clearHistory) state.clearedSeq = lastSeq
    this.saveConversation(state)
  }

  /**
   * The owner read the conversation up to `readTime` (whole seconds, as the SDK reports). The
   * position is taken by message order at report time, so a message arriving later in the same
   * second stays unread.
   */
  reportRead(owner: string, peer: string, readTime: number, receipt: boolean, sessionID?: string) {
    this.requireAccount(owner)
    const list = this.messagesByConversation.get(conversationKey(owner, peer)) ?? []
    const state = this.conversationState(owner, peer)
    let readSeq = state.readSeq
    for (let index = list.length - 1; index >= 0; index--) {
      const message = list[index]
      if (message && message.time <= readTime) {
        readSeq = Math.max(readSeq, message.seq)
        break
      }
    }
    state.readSeq = readSeq
    state.readTime = Math.max(state.readTime, readTime)
    this.saveConversation(state)
    this.listener?.readReported(owner, peer, state.readTime, receipt, sessionID)
  }

  /** Marks every conversation read (read_all_unread_msg). */
  readAll(owner: string, sessionID?: string): void {
    for (const state of this.conversationsOf(owner).values()) {
      if (this.unreadCount(owner, state.peer) === 0) continue
      const last = this.messagesByConversation.get(conversationKey(owner, state.peer))?.at(-1)
      if (last) this.reportRead(owner, state.peer, last.time, true, sessionID)
    }
  }

  /** When the peer last read my messages in our conversation. */
  peerReadTime(owner: string, peer: string): number {
    return this.conversations.get(peer)?.get(owner)?.readTime ?? 0
  }

  /** Per-message read receipts: the reader acknowledges messages the peer sent with receipts. */
  sendReadReceipts(
    reader: string,
    peer: string,
    items: { msgSeq: number; msgRandom: number }[],
  ): ChatMessage[] {
    const acknowledged: ChatMessage[] = []
    for (const item of items) {
      const message = this.findMessage(peer, reader, item.msgSeq, item.msgRandom)
      if (!message || message.peerRead) continue
      message.peerRead = true
      this.store.put(key.message(conversationKey(peer, reader), message.seq), message)
      acknowledged.push(message)
    }
    if (acknowledged.length > 0) this.listener?.messagesPeerRead(reader, peer, acknowledged)
    return acknowledged
  }

  // ---------------------------------------------------------------- persistence helpers

  private saveAccount(account: Account): void {
    this.store.put(key.account(account.userID), account)
  }

  private saveCounters(): void {
    this.store.put(key.counters, this.counters)
  }
}
