/**
 * 引用 and 转发 on a long-pressed message, and the way back from a reply to what it quotes. 引用 puts a quote bar
 * over the input (sender and abstract, ✕ drops it); the next text goes out as a reply. 转发 opens the friend
 * picker and sends a copy there. Tapping a reply's quote shows the original, loading older history pages until
 * it is found or the history ends (原消息已不存在).
 */
import { im } from '../../../im/index'
import type { MessageView, ReplyView } from '../../../models/types'
import { PREVIEW_LABELS } from '../../../models/format'
import { showToast } from '../../../services/ui'
import { chatStore } from '../../../stores/chat'
import { openFriendPicker } from '../pick-friend/open'
import { messageOf } from './composer'

/** A quote's abstract in the input's bar and in the reply's bubble: one short line. */
const BAR_ABSTRACT_MAX = 40

export interface QuotePage {
  data: { quote: ReplyView | null; peerName: string; myName: string }
  setData(patch: Record<string, unknown>): void
  /** Renders the window around the message and scrolls to it; false when it is not loaded. */
  revealMessage(messageID: string): boolean
}

export interface SheetAction {
  label: string
  run: () => Promise<unknown>
}

/** The quote bar's content for `message`, named as the chat shows its sender. */
export function quoteOfMessage(message: MessageView, senderName: string): ReplyView {
  const text =
    message.type === 'text' ? message.text : (PREVIEW_LABELS[message.type] ?? message.text)
  const chars = Array.from(text)
  const abstract =
    chars.length > BAR_ABSTRACT_MAX ? `${chars.slice(0, BAR_ABSTRACT_MAX).join('')}…` : text
  return Object.freeze({ messageID: message.id, sender: senderName, abstract })
}

/** 引用 and 转发 for the long-press sheet (only for messages that reached the server). */
export function quoteSheetActions(page: QuotePage, message: MessageView): SheetAction[] {
  if (message.status !== 'sent' || message.isRevoked) return []
  const sender = message.flow === 'out' ? page.data.myName : page.data.peerName
  return [
    {
      label: '引用',
      run: async () => page.setData({ quote: quoteOfMessage(message, sender) }),
    },
    {
      label: '转发',
      run: async () =>
        openFriendPicker({ title: '转发给' }, (friend) => {
          im.forward(message.id, friend.userID)
            .then(() => showToast('已转发'))
            .catch((error: unknown) => showToast(messageOf(error, '转发失败')))
        }),
    },
  ]
}

/** Shows `messageID`, loading older pages of `conversationID` until it is there or the history ends. */
export async function jumpToMessage(
  page: QuotePage,
  conversationID: string,
  messageID: string,
): Promise<void> {
  for (;;) {
    if (page.revealMessage(messageID)) return
    if (chatStore.stateOf(conversationID).isCompleted) {
      showToast('原消息已不存在')
      return
    }
    await im.loadMoreMessages(conversationID)
  }
}

export const quoteMethods = {
  onCancelQuote(this: QuotePage) {
    this.setData({ quote: null })
  },

  onTapQuote(
    this: QuotePage,
    event: WechatMiniprogram.TouchEvent<object, object, { messageId: string }>,
  ) {
    const reply = chatStore.findMessage(event.currentTarget.dataset.messageId)
    if (!reply?.reply) return
    jumpToMessage(this, reply.conversationID, reply.reply.messageID).catch((error: unknown) =>
      showToast(messageOf(error, '加载更早的消息失败')),
    )
  },
}
