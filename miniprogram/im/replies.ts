/**
 * Profile cards, quote-replies and forwards: messages made from what the user picked or long-pressed, sent
 * through messages.ts's `send`. Cards are custom messages (`user_card` JSON, see models/mapping.ts cardOf);
 * a quote rides in the text's cloudCustomData in TUIKit's `messageReply` shape, so apps built on Tencent's
 * UIKits show it too; a forward is the SDK's copy of the message to another peer.
 */
import type { ChatSDK, Message, TextPayload } from 'tim-wx-sdk'
import { PREVIEW_LABELS } from '../models/format'
import {
  CARD_BUSINESS_ID,
  messageTypeOf,
  REPLY_ELEMENT_TYPES,
  REPLY_VERSION,
} from '../models/mapping'
import { isTextTooLong, TEXT_TOO_LONG_MESSAGE } from '../models/text'
import type { CardView, MessageView } from '../models/types'
import { AppErrorCode, ErrorCode, ImError } from './errors'
import { requirePeer } from './messages'
import type { QuoteTarget } from './types'

/** A quoted text keeps this many characters: enough for the bubble's two lines, small on the wire. */
export const QUOTE_ABSTRACT_MAX = 100

export interface RepliesContext {
  send(make: (tim: ChatSDK) => Message): Promise<MessageView>
  sdkMessage(messageID: string): Message
}

/** TUIKit's `messageReply` for `message`, field for field as its 引用 writes it (README: Quote-reply). */
export function quoteOf(message: Message, sender: string): Record<string, unknown> {
  const type = messageTypeOf(message.type, message.payload)
  const abstract =
    type === 'text'
      ? Array.from((message.payload as TextPayload).text ?? '')
          .slice(0, QUOTE_ABSTRACT_MAX)
          .join('')
      : (PREVIEW_LABELS[type] ?? '')
  return {
    messageAbstract: abstract,
    messageSender: sender,
    messageID: message.ID,
    messageType: REPLY_ELEMENT_TYPES[type] ?? 0,
    messageTime: message.time,
    messageSequence: message.sequence,
    version: REPLY_VERSION,
  }
}

/** A forwarded copy does not quote: the quoted message is not in the other chat (WeChat drops it too). */
function withoutQuote(cloudCustomData: string): string | undefined {
  try {
    const data = JSON.parse(cloudCustomData) as Record<string, unknown> | null
    if (!data || typeof data !== 'object' || !('messageReply' in data)) return undefined
    delete data.messageReply
    return JSON.stringify(data)
  } catch (_notJson) {
    return undefined
  }
}

export function createReplies(context: RepliesContext) {
  return {
    /** A friend's profile card as a custom message; other apps show `description` ([名片] and the name). */
    async sendCard(peerID: string, card: CardView): Promise<MessageView> {
      const to = requirePeer(peerID)
      if (!card || typeof card.userID !== 'string' || card.userID.trim() === '') {
        throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'card', '请选择要推荐的好友')
      }
      const userID = card.userID.trim()
      const nick = card.nick || userID
      const data = JSON.stringify({
        businessID: CARD_BUSINESS_ID,
        version: 1,
        userID,
        nick,
        avatar: card.avatar || '',
      })
      return context.send((tim) =>
        tim.createCustomMessage({
          to,
          conversationType: 'C2C',
          payload: { data, description: `${PREVIEW_LABELS.card} ${nick}`, extension: '' },
        }),
      )
    },

    /** A text that quotes `quote` (any kind of message the app has). */
    async sendReply(peerID: string, text: string, quote: QuoteTarget): Promise<MessageView> {
      const to = requirePeer(peerID)
      if (typeof text !== 'string' || text.trim() === '') {
        throw new ImError(AppErrorCode.INVALID_ARGUMENT, 'text', '不能发送空白消息')
      }
      if (isTextTooLong(text)) {
        throw new ImError(ErrorCode.BODY_SIZE_LIMIT, 'text', TEXT_TOO_LONG_MESSAGE)
      }
      const quoted = context.sdkMessage(quote?.messageID)
      const cloudCustomData = JSON.stringify({ messageReply: quoteOf(quoted, quote.sender) })
      return context.send((tim) =>
        tim.createTextMessage({ to, conversationType: 'C2C', payload: { text }, cloudCustomData }),
      )
    },

    /** The message (any kind) as a new message to `peerID`; it shows in that chat. */
    async forward(messageID: string, peerID: string): Promise<MessageView> {
      const to = requirePeer(peerID)
      const original = context.sdkMessage(messageID)
      if (original.isRevoked || original.status !== 'success') {
        throw new ImError(AppErrorCode.INVALID_ARGUMENT, messageID, '这条消息不能转发')
      }
      const cloudCustomData = withoutQuote(original.cloudCustomData)
      return context.send((tim) =>
        tim.createForwardMessage({
          to,
          conversationType: 'C2C',
          payload: original,
          ...(cloudCustomData !== undefined ? { cloudCustomData } : {}),
        }),
      )
    },
  }
}
