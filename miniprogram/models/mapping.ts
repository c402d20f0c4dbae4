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
import { formatPreview, formatRelativeTime, formatUnread, isRevocable } from './format'
import type {
  ConversationView,
  MessageSendStatus,
  MessageType,
  MessageView,
  MyProfileView,
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
  TIMCustomElem: 'custom',
  TIMFaceElem: 'face',
}

export function messageTypeOf(elementType: string): MessageType {
  return ELEMENT_TYPES[elementType] ?? 'unknown'
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

function textOf(type: MessageType, payload: unknown): string {
  if (type === 'text') return (payload as TextPayload | null)?.text ?? ''
  if (type === 'custom') {
    const custom = payload as CustomPayload | null
    return custom?.description || ''
  }
  return ''
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
  const type = messageTypeOf(message.type)
  const status = SEND_STATUSES[message.status] ?? 'sent'
  const flow = message.flow === 'out' ? 'out' : 'in'
  const time = secondsToMs(message.time)
  const text =
    type === 'text' || type === 'custom'
      ? textOf(type, message.payload)
      : formatPreview({ type, isRevoked: false, isOwn: flow === 'out' })
  const image = type === 'image' ? pickImage(message.payload as ImagePayload) : {}
  return Object.freeze({
    id: message.ID,
    conversationID: message.conversationID,
    flow,
    from: message.from,
    type,
    text,
    ...image,
    time,
    status,
    isRead: flow === 'out' && Boolean(message.isPeerRead),
    isRevoked: Boolean(message.isRevoked),
    revocable: isRevocable(flow, status, Boolean(message.isRevoked), time, now),
  })
}

function previewOfLastMessage(lastMessage: LastMessage | undefined, myUserID: string): string {
  if (!lastMessage || !lastMessage.type) return ''
  const type = messageTypeOf(lastMessage.type)
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
