/** Plain view objects the stores hold and the pages render. Always frozen: never mutate one, replace it. */

export type MessageType =
  'text' | 'image' | 'sound' | 'video' | 'file' | 'card' | 'custom' | 'face' | 'unknown'
export type MessageSendStatus = 'sending' | 'sent' | 'failed'

export interface MessageView {
  readonly id: string
  readonly conversationID: string
  readonly flow: 'in' | 'out'
  readonly from: string
  readonly type: MessageType
  /** The text, or the preview for non-text messages ([图片], [自定义消息]). */
  readonly text: string
  readonly imageUrl?: string
  readonly imageWidth?: number
  readonly imageHeight?: number
  /** Voice, video or file: where it downloads and what the bubble shows of it. */
  readonly media?: MediaView
  /** A shared profile card (a custom message whose data names businessID `user_card`). */
  readonly card?: CardView
  /** The message this one quotes (cloudCustomData `messageReply`, TUIKit's shape). */
  readonly reply?: ReplyView
  /** Milliseconds since the epoch. */
  readonly time: number
  readonly status: MessageSendStatus
  /** For own messages: the peer has read it. */
  readonly isRead: boolean
  readonly isRevoked: boolean
  /** Own, sent and younger than two minutes when the view was made. */
  readonly revocable: boolean
}

export interface MediaView {
  readonly url: string
  /** Bytes. */
  readonly size: number
  /** Whole seconds (voice, video); 0 for files. */
  readonly seconds: number
  /** File name (files); '' otherwise. */
  readonly name: string
  /** Video cover; '' when the server made none. */
  readonly thumbUrl: string
}

export interface CardView {
  readonly userID: string
  readonly nick: string
  readonly avatar: string
}

/** A quoted message as the reply carries it: enough to show it and to find the original. */
export interface ReplyView {
  readonly messageID: string
  /** Display name of the quoted message's sender, as the replier saw it. */
  readonly sender: string
  /** Its text, or its kind's label ([图片], [名片]…). */
  readonly abstract: string
}

export interface ConversationView {
  readonly conversationID: string
  readonly peerID: string
  readonly nick: string
  readonly avatar: string
  readonly preview: string
  /** Milliseconds since the epoch; 0 when the conversation has no message. */
  readonly lastTime: number
  readonly timeText: string
  readonly unread: number
  /** '' | '3' | '99+' */
  readonly unreadText: string
  readonly pinned: boolean
}

export interface UserView {
  readonly userID: string
  readonly nick: string
  readonly avatar: string
}

/** A friend as the contact list shows them: the IM profile, my remark for them and the name to show. */
export interface FriendView extends UserView {
  /** My remark (备注) for this friend; '' when none is set. */
  readonly remark: string
  /** What every page shows for them (displayName: remark, else nickname, else user ID). */
  readonly name: string
}

/** A conversation-list row: the conversation with the name to show for its peer. */
export interface ConversationRow extends ConversationView {
  readonly name: string
}

export interface MyProfileView extends UserView {
  readonly signature: string
}

/** What the app server hands out at login; kept in storage for auto-login. */
export interface Credentials {
  readonly token: string
  readonly userID: string
  readonly userSig: string
  readonly sdkAppID: number
  /** Milliseconds since the epoch at which the UserSig stops working. */
  readonly expireAt: number
}

export type ChatChangeKind = 'append' | 'prepend' | 'update' | 'remove' | 'reset'

/** One change to a conversation's message list, so a page can setData by path. */
export interface ChatChange {
  readonly kind: ChatChangeKind
  /** append/prepend: the new messages; update/remove: the one message; reset: the whole list. */
  readonly messages: readonly MessageView[]
  /** append: index of the first new message; update/remove: its index (before removal). */
  readonly index?: number
}
