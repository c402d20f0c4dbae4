/** The local IM's domain records, error codes and store keys, shared by the model's parts. */

/** Error codes Tencent IM answers with, shared by the SDK and REST surfaces. */
export const ImError = {
  accountNotFound: 70107,
  toAccountInvalid: 20003,
  /** 请求包非法: the SDK-facing code for a message body that breaks the message format. */
  requestInvalid: 20001,
  messageNotFound: 20004,
  revokeTimeLimit: 20016,
  friendExists: 30015,
  notFriend: 31707,
  invalidParameter: 90001,
  /** ERR_SVR_MSG_PUSH_DENY: the app's before-send callback refused the message (ErrorCode 1). */
  pushDenied: 20006,
  /** ERR_SVR_MSG_IN_PEER_BLACKLIST: the recipient has blocked the sender. */
  inPeerBlacklist: 20007,
  /** friend_add: the peer is in the adder's own blacklist. */
  friendInOwnBlacklist: 30515,
  /** friend_add: the adder is in the peer's blacklist. */
  friendInPeerBlacklist: 30525,
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
export type ProfileItem = { Tag: string; Value: ProfileValue }

export interface Account {
  userID: string
  tinyID: string
  createdAt: number
  profile: Record<string, ProfileValue>
  /** UserSigs issued before this time (seconds) are refused: set by a REST kick. */
  sigsValidFrom: number
  /** Digests of the exact UserSigs a REST kick revoked (those issued in the kick's second). */
  revokedSigs?: string[]
}

export interface ChatMessage {
  from: string
  to: string
  /** Server-assigned order inside the conversation. */
  seq: number
  /** Server-global arrival number (orders the conversation list). */
  globalSeq: number
  /** Position in the recipient's inbox (1, 2, …): what delivery is tracked by. */
  inboxSeq: number
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
  /** An online-only message (never stored): pushed with MsgLifeTime 0. */
  onlineOnly?: boolean
}

/** One entry of a user's blacklist: `owner` blocked `peer`. */
export interface BlacklistEntry {
  owner: string
  peer: string
  /** When it was added (seconds): the AddBlackTimeStamp Tencent reports. */
  addTime: number
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
  /** The message's time (seconds), when it was fixed before storing (the before-send callback saw it). */
  time?: number
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
  /** Connection that sent it: it gets the reply, not a push. */
  connectionID?: string
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
    connectionID?: string,
  ): void
  messagesPeerRead(reader: string, sender: string, messages: ChatMessage[]): void
  profileChanged(userID: string, items: ProfileItem[], audience: string[]): void
  friendsChanged(owner: string, added: string[], deleted: string[]): void
  blacklistChanged(owner: string, added: string[], deleted: string[]): void
  accountKicked(userID: string, kickType: number): void
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

export function conversationKey(a: string, b: string): string {
  return a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`
}

const pad = (n: number): string => n.toString().padStart(12, '0')

/** Keys of the record store; one record per entity so a change writes only that entity. */
export const storeKey = {
  account: (userID: string) => `acct!${userID}`,
  message: (conv: string, seq: number) => `msg!${conv}!${pad(seq)}`,
  conversation: (owner: string, peer: string) => `conv!${owner}\u0001${peer}`,
  friend: (owner: string, friend: string) => `friend!${owner}\u0001${friend}`,
  blacklist: (owner: string, peer: string) => `black!${owner}\u0001${peer}`,
  blacklistSequence: (owner: string) => `blackseq!${owner}`,
  a2: (a2Key: string) => `a2!${a2Key}`,
  /** Delivery state of one login session (A2Key), and of an account. */
  sessionDelivery: (a2Key: string) => `dlv!s!${a2Key}`,
  accountDelivery: (userID: string) => `dlv!a!${userID}`,
  counters: 'meta!counters',
}

/** Counters that must survive restarts; kept in one record. */
export interface Counters {
  nextTinyID: number
  globalSeq: number
}
