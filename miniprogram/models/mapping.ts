/**
 * SDK objects → frozen view objects. The SDK keeps mutating its own Message and Conversation
 * instances after handing them out, so nothing from the SDK may reach a store by reference.
 */
import type {
  Conversation,
  CustomPayload,
  ImagePayload,
  LastMessage,
  Message,
  MessageStatus,
  Profile,
  TextPayload,
} from 'tim-wx-sdk'
import {
  formatPreview,
  formatRelativeTime,
  formatUnread,
  isRevocable,
  PREVIEW_LABELS,
} from './format'
import type {
  CardView,
  ConversationView,
  MediaView,
  MessageSendStatus,
  MessageType,
  MessageView,
  MyProfileView,
  ReplyView,
  UserView,
} from './types'

const C2C_PREFIX = 'C2C'

export function c2cConversationID(peerID: string): string {
  return `${C2C_PREFIX}${peerID}`
}

export function peerIDOf(conversationID: string): string {
  return conversationID.startsWith(C2C_PREFIX) ? conversationID.slice(C2C_PREFIX.length) : ''
}

export function isC2CConversationID(conversationID: string): boolean {
  return conversationID.startsWith(C2C_PREFIX) && conversationID.length > C2C_PREFIX.length
}

const ELEMENT_TYPES: Record<string, MessageType> = {
  TIMTextElem: 'text',
  TIMImageElem: 'image',
  TIMSoundElem: 'sound',
  TIMVideoFileElem: 'video',
  TIMFileElem: 'file',
  TIMCustomElem: 'custom',
  TIMFaceElem: 'face',
}

/** The `businessID` in a custom message's data that makes it a profile card. */
export const CARD_BUSINESS_ID = 'user_card'

/** A card from a custom message's data, or undefined for any other custom message (never throws). */
export function cardOf(payload: unknown): CardView | undefined {
  try {
    const data: unknown = JSON.parse((payload as CustomPayload | null)?.data ?? '')
    const card = data as Partial<Record<string, unknown>> | null
    if (card?.businessID !== CARD_BUSINESS_ID || typeof card.userID !== 'string' || !card.userID) {
      return undefined
    }
    const text = (value: unknown) => (typeof value === 'string' ? value : '')
    return Object.freeze({ userID: card.userID, nick: text(card.nick), avatar: text(card.avatar) })
  } catch (_notJson) {
    return undefined
  }
}

/** The quote protocol version TUIKit writes and the newest it reads (`kMessageReplyVersion`). */
export const REPLY_VERSION = 1
/** TUIKit's `messageType` in a quote: the V2TIMElemType numbers (1 text, 2 custom, 3 image…). */
export const REPLY_ELEMENT_TYPES: Readonly<Record<string, number>> = {
  text: 1,
  custom: 2,
  card: 2,
  image: 3,
  sound: 4,
  video: 5,
  file: 6,
  face: 8,
}
const REPLY_TYPE_KINDS = ['', '', 'custom', 'image', 'sound', 'video', 'file', '', 'face']

/**
 * The quote a message carries in its cloudCustomData (`{"messageReply": {...}}`, TUIKit's shape), or undefined
 * when there is none or it is malformed or of a newer version (never throws).
 */
export function replyOf(cloudCustomData: unknown): ReplyView | undefined {
  try {
    const data = JSON.parse(typeof cloudCustomData === 'string' ? cloudCustomData : '') as {
      messageReply?: Partial<Record<string, unknown>> | null
    } | null
    const reply = data?.messageReply
    const id = reply?.messageID
    if (!reply || typeof id !== 'string' || !id) return undefined
    if (typeof reply.version === 'number' && reply.version > REPLY_VERSION) return undefined
    const text = (value: unknown) => (typeof value === 'string' ? value : '')
    const label = PREVIEW_LABELS[REPLY_TYPE_KINDS[Number(reply.messageType)] ?? ''] ?? '[消息]'
    return Object.freeze({
      messageID: id,
      sender: text(reply.messageSender),
      abstract: text(reply.messageAbstract) || label,
    })
  } catch (_notJson) {
    return undefined
  }
}

/** The app's kind of a message: its element type, and a card for custom messages that carry one. */
export function messageTypeOf(elementType: string, payload?: unknown): MessageType {
  const type = ELEMENT_TYPES[elementType] ?? 'unknown'
  return type === 'custom' && cardOf(payload) ? 'card' : type
}

/** Voice, video and file payloads as the SDK gives them (sound `url`, video `videoUrl`, file `fileUrl`). */
function mediaOf(type: MessageType, payload: unknown): MediaView | undefined {
  const p = (payload ?? {}) as Record<string, unknown>
  const num = (value: unknown) => (typeof value === 'number' && value > 0 ? value : 0)
  const str = (value: unknown) => (typeof value === 'string' ? value : '')
  if (type === 'sound') {
    return { url: str(p.url), size: num(p.size), seconds: num(p.second), name: '', thumbUrl: '' }
  }
  if (type === 'video') {
    return {
      url: str(p.videoUrl),
      size: num(p.videoSize),
      seconds: num(p.videoSecond),
      name: '',
      thumbUrl: str(p.snapshotUrl),
    }
  }
  if (type === 'file') {
    return {
      url: str(p.fileUrl),
      size: num(p.fileSize),
      seconds: 0,
      name: str(p.fileName),
      thumbUrl: '',
    }
  }
  return undefined
}

const SEND_STATUSES: Record<MessageStatus, MessageSendStatus> = {
  unSend: 'sending',
  success: 'sent',
  fail: 'failed',
}

/** SDK times are whole seconds; views use milliseconds like everything else in JS. */
function secondsToMs(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0
}

/** The picture to show in the bubble: the big rendition when there is one, else the original. */
function pickImage(payload: ImagePayload | null): {
  imageUrl?: string
  imageWidth?: number
  imageHeight?: number
} {
  const infos = (payload?.imageInfoArray ?? []).filter((info) => Boolean(info.url))
  const chosen = infos.find((info) => info.type === 1) ?? infos[0]
  if (!chosen) return {}
  return { imageUrl: chosen.url, imageWidth: chosen.width, imageHeight: chosen.height }
}

export function toMessageView(message: Message, now: number): MessageView {
  const type = messageTypeOf(message.type, message.payload)
  const status = SEND_STATUSES[message.status] ?? 'sent'
  const flow = message.flow === 'out' ? 'out' : 'in'
  const time = secondsToMs(message.time)
  const text =
    type === 'text'
      ? ((message.payload as TextPayload | null)?.text ?? '')
      : formatPreview({ type, isRevoked: false, isOwn: flow === 'out' })
  const image = type === 'image' ? pickImage(message.payload as ImagePayload) : {}
  const media = mediaOf(type, message.payload)
  const card = type === 'card' ? cardOf(message.payload) : undefined
  const reply = message.cloudCustomData ? replyOf(message.cloudCustomData) : undefined
  return Object.freeze({
    id: message.ID,
    conversationID: message.conversationID,
    flow,
    from: message.from,
    type,
    text,
    ...image,
    ...(media ? { media: Object.freeze(media) } : {}),
    ...(card ? { card } : {}),
    ...(reply ? { reply } : {}),
    time,
    status,
    isRead: flow === 'out' && Boolean(message.isPeerRead),
    isRevoked: Boolean(message.isRevoked),
    revocable: isRevocable(flow, status, Boolean(message.isRevoked), time, now),
  })
}

function previewOfLastMessage(lastMessage: LastMessage | undefined, myUserID: string): string {
  if (!lastMessage || !lastMessage.type) return ''
  const type = messageTypeOf(lastMessage.type, lastMessage.payload)
  const payload = lastMessage.payload
  return formatPreview({
    type,
    text: type === 'text' ? ((payload as TextPayload | null)?.text ?? '') : undefined,
    isRevoked: Boolean(lastMessage.isRevoked),
    isOwn: lastMessage.fromAccount === myUserID,
  })
}

/** Null for conversations this app does not show (groups, system). */
export function toConversationView(
  conversation: Conversation,
  myUserID: string,
  now: number,
): ConversationView | null {
  if (conversation.type !== 'C2C' || !isC2CConversationID(conversation.conversationID)) return null
  const peerID = peerIDOf(conversation.conversationID)
  const lastTime = secondsToMs(Number(conversation.lastMessage?.lastTime ?? 0))
  const unread = Math.max(0, conversation.unreadCount || 0)
  return Object.freeze({
    conversationID: conversation.conversationID,
    peerID,
    nick: conversation.userProfile?.nick || peerID,
    avatar: conversation.userProfile?.avatar || '',
    preview: previewOfLastMessage(conversation.lastMessage, myUserID),
    lastTime,
    timeText: formatRelativeTime(lastTime, now),
    unread,
    unreadText: formatUnread(unread),
    pinned: Boolean(conversation.isPinned),
  })
}

/** Pinned first, then the most recent; ties keep a stable order by ID. */
export function compareConversations(a: ConversationView, b: ConversationView): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1
  if (a.lastTime !== b.lastTime) return b.lastTime - a.lastTime
  return a.conversationID < b.conversationID ? -1 : a.conversationID > b.conversationID ? 1 : 0
}

export function toUserView(profile: Pick<Profile, 'userID' | 'nick' | 'avatar'>): UserView {
  return Object.freeze({
    userID: profile.userID,
    nick: profile.nick || profile.userID,
    avatar: profile.avatar || '',
  })
}

export function toMyProfileView(profile: Profile): MyProfileView {
  return Object.freeze({
    userID: profile.userID,
    nick: profile.nick || profile.userID,
    avatar: profile.avatar || '',
    signature: profile.selfSignature || '',
  })
}
