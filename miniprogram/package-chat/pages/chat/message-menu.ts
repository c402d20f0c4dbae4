/**
 * What a finger does to one message, as chat page methods: a long press opens WeChat's action sheet (复制, 引用,
 * 转发, 删除, 撤回 within two minutes, 举报 on the peer's), a tap on a failed message's mark resends it, a tap on
 * the peer's avatar opens their profile. `peerOf` gives the page's peer (undefined before onLoad).
 */
import { im } from '../../../im/index'
import { isRevocable } from '../../../models/format'
import { profilePageUrl, reportPageUrl } from '../../../pages/navigation'
import { showToast } from '../../../services/ui'
import { chatStore } from '../../../stores/chat'
import { messageOf } from './composer'
import { quoteSheetActions, type QuotePage, type SheetAction } from './quote-actions'

type MessageTap = WechatMiniprogram.TouchEvent<object, object, { messageId: string }>

function copyAction(text: string): SheetAction {
  return {
    label: '复制',
    run: () =>
      new Promise((resolve, reject) =>
        wx.setClipboardData({ data: text, success: resolve, fail: reject }),
      ),
  }
}

export function messageMenuMethods(peerOf: (page: object) => string | undefined) {
  return {
    onTapStatus(event: MessageTap) {
      const messageID = event.currentTarget.dataset.messageId
      const message = chatStore.findMessage(messageID)
      if (!message || message.status !== 'failed') return
      im.resend(messageID).catch((error: unknown) => showToast(messageOf(error, '重发失败')))
    },

    /** WeChat's way to a peer's profile card: tap their avatar in the chat. */
    onTapAvatar(
      this: object,
      event: WechatMiniprogram.TouchEvent<object, object, { flow: string }>,
    ) {
      const peerID = peerOf(this)
      if (event.currentTarget.dataset.flow === 'in' && peerID) {
        wx.navigateTo({ url: profilePageUrl(peerID) })
      }
    },

    onLongPressMessage(this: QuotePage, event: MessageTap) {
      const message = chatStore.findMessage(event.currentTarget.dataset.messageId)
      if (!message || message.isRevoked) return
      const actions: SheetAction[] = []
      if (message.type === 'text') actions.push(copyAction(message.text))
      actions.push(...quoteSheetActions(this, message))
      actions.push({ label: '删除', run: () => im.deleteMessage(message.id) })
      if (isRevocable(message.flow, message.status, message.isRevoked, message.time, Date.now())) {
        actions.push({ label: '撤回', run: () => im.revoke(message.id) })
      }
      const peerID = peerOf(this)
      if (message.flow === 'in' && peerID) {
        actions.push({
          label: '举报',
          run: async () => void wx.navigateTo({ url: reportPageUrl(peerID, message.id) }),
        })
      }
      wx.showActionSheet({
        itemList: actions.map((action) => action.label),
        success: (result) => {
          const action = actions[result.tapIndex]
          action?.run().catch((error: unknown) => showToast(messageOf(error, '操作失败')))
        },
      })
    },
  }
}
