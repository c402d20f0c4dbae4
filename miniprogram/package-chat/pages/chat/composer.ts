/**
 * The chat's input bar as page methods: the draft (byte limit checked on input), send, the picture button and
 * the emoji panel (insert at the cursor, backspace by whole emoji, recently used). Mixed into the chat page's
 * methods; `peerOf` gives the page's peer (undefined before onLoad).
 */
import { ImError } from '../../../im/errors'
import { im } from '../../../im/index'
import { isTextTooLong, TEXT_TOO_LONG_MESSAGE } from '../../../models/text'
import type { ReplyView } from '../../../models/types'
import { showToast } from '../../../services/ui'
import { withoutLastSymbol } from '../../models/emoji'
import { recentEmojiStore } from '../../stores/recent-emoji'

export interface ComposerData {
  /** The message the next text quotes (quote-actions.ts), or null. */
  quote: ReplyView | null
  draft: string
  draftTooLong: boolean
  emojiPanelShown: boolean
  /** The "+" panel (attachment-actions.ts): one of the two panels at a time. */
  morePanelShown?: boolean
}

interface ComposerPage {
  data: ComposerData
  setData(patch: Partial<ComposerData> & Record<string, unknown>): void
}

/** Where the cursor was in the input (the panel inserts there); per page instance. */
const cursors = new WeakMap<object, number>()

export function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback
}

export function composerMethods(peerOf: (page: object) => string | undefined) {
  return {
    /** The input's maxlength counts characters; the limit is in bytes, so it is checked here. */
    onDraftInput(this: ComposerPage, event: WechatMiniprogram.Input) {
      const draft = event.detail.value
      cursors.set(
        this,
        typeof event.detail.cursor === 'number' ? event.detail.cursor : draft.length,
      )
      this.setData({ draft, draftTooLong: isTextTooLong(draft) })
      const peerID = peerOf(this)
      // The IM door throttles these to one every few seconds.
      if (peerID && draft.trim() !== '') im.sendTyping(peerID)
    },

    onDraftFocus(this: ComposerPage) {
      if (this.data.emojiPanelShown || this.data.morePanelShown) {
        this.setData({ emojiPanelShown: false, morePanelShown: false })
      }
    },

    async onTapSend(this: ComposerPage) {
      const peerID = peerOf(this)
      const typed = this.data.draft
      const text = typed.trim()
      if (!peerID || text === '') return
      if (isTextTooLong(text)) {
        showToast(TEXT_TOO_LONG_MESSAGE)
        return
      }
      cursors.delete(this)
      const quote = this.data.quote
      this.setData({ draft: '', draftTooLong: false, quote: null })
      try {
        await (quote ? im.sendReply(peerID, text, quote) : im.sendText(peerID, text))
      } catch (error) {
        // A message that exists stays in the list as failed (tapping its status resends it). When none was
        // made (not connected, refused before sending), the text (and its quote) goes back into the input,
        // unless the user has typed something new meanwhile.
        const made = error instanceof ImError && error.messageID !== ''
        if (!made && this.data.draft === '') this.setData({ draft: typed, quote })
        showToast(messageOf(error, '发送失败'))
      }
    },

    onTapImageButton(this: ComposerPage) {
      const peerID = peerOf(this)
      if (!peerID) return
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        sizeType: ['compressed'],
        success: (result) => {
          const file = result.tempFiles[0]
          if (!file) return
          im.sendImage(peerID, file.tempFilePath, file.size).catch((error: unknown) =>
            showToast(messageOf(error, '图片发送失败')),
          )
        },
      })
    },

    onTapEmojiButton(this: ComposerPage) {
      // Emoji go into the text input: in voice mode the panel brings the input back.
      this.setData({
        emojiPanelShown: !this.data.emojiPanelShown,
        morePanelShown: false,
        voiceMode: false,
      })
    },

    /** Inserts at the cursor (the end when the input never reported one); refused past the byte limit. */
    onPickEmoji(this: ComposerPage, event: WechatMiniprogram.CustomEvent<{ emoji: string }>) {
      const emoji = event.detail.emoji
      const draft = this.data.draft
      const at = Math.min(cursors.get(this) ?? draft.length, draft.length)
      const next = draft.slice(0, at) + emoji + draft.slice(at)
      if (isTextTooLong(next)) {
        showToast(TEXT_TOO_LONG_MESSAGE)
        return
      }
      cursors.set(this, at + emoji.length)
      recentEmojiStore.use(emoji)
      this.setData({ draft: next, draftTooLong: false })
    },

    onEmojiBackspace(this: ComposerPage) {
      const draft = this.data.draft
      const at = Math.min(cursors.get(this) ?? draft.length, draft.length)
      const before = withoutLastSymbol(draft.slice(0, at))
      cursors.set(this, before.length)
      const next = before + draft.slice(at)
      this.setData({ draft: next, draftTooLong: isTextTooLong(next) })
    },
  }
}
