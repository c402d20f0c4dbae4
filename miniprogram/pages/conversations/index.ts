/**
 * The recent-conversation tab: renders conversationStore (with the chats' unsent drafts) live, mirrors the
 * total unread count on the tab bar badge, and forwards open / pin / delete / refresh to the IM door. While it
 * is on screen its own message-notify callback is the current one: it never marks anything read. Its root view
 * follows the system theme (themeBehavior).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { themeBehavior } from '../../components/behaviors/theme'
import { im, type Restore } from '../../im/index'
import { formatUnread } from '../../models/format'
import type { ConversationRow, ConversationView } from '../../models/types'
import { confirm, reLaunch, showToast } from '../../services/ui'
import { conversationStore } from '../../stores/conversations'
import { draftStore } from '../../stores/drafts'
import { sessionStore } from '../../stores/session'
import { chatPageUrl, LOGIN_PAGE, messageOf } from '../navigation'

const TAB_INDEX = 0

type ConversationDataset = { conversationId: string; peerId: string }

/** The badge can fail when the page is not the current tab; it is refreshed on the next show anyway. */
function showTabBadge(total: number): void {
  const text = formatUnread(total)
  if (text) wx.setTabBarBadge({ index: TAB_INDEX, text, fail: () => undefined })
  else wx.removeTabBarBadge({ index: TAB_INDEX, fail: () => undefined })
}

/** Per page instance: the restore function of its notify callback while it is shown. */
const restores = new WeakMap<object, Restore>()

function restoreNotify(page: object): void {
  restores.get(page)?.()
  restores.delete(page)
}

ComponentWithStore({
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior] },
  storeBindings: [
    {
      store: conversationStore,
      fields: { conversations: 'rows', totalUnread: 'totalUnread' },
      actions: [],
    },
    { store: draftStore, fields: ['drafts'] as const, actions: [] },
  ],
  data: {
    conversations: [] as readonly ConversationRow[],
    totalUnread: 0,
    drafts: {} as Readonly<Record<string, string>>,
  },
  observers: {
    totalUnread(total: number) {
      showTabBadge(total)
    },
  },
  methods: {
    onLoad() {
      // The app opens on this tab, so a saved session shows its cached list at once; with none, the login
      // page replaces it (on the next turn: navigating while the first page is still being set up is unreliable).
      if (sessionStore.status !== 'loggedOut') return
      setTimeout(() => {
        reLaunch(LOGIN_PAGE).catch((error: unknown) =>
          showToast(messageOf(error, '无法打开登录页')),
        )
      }, 0)
    },

    onShow() {
      conversationStore.refreshTimeTexts(Date.now())
      showTabBadge(conversationStore.totalUnread)
      restoreNotify(this)
      // New messages reach the list through the store; what the list does with them is keep 刚刚 / HH:mm fresh.
      restores.set(
        this,
        im.setMessageNotify(() => conversationStore.refreshTimeTexts(Date.now())),
      )
    },

    onHide() {
      restoreNotify(this)
    },

    onUnload() {
      restoreNotify(this)
    },

    async onPullDownRefresh() {
      try {
        await im.refreshConversations()
      } catch (error) {
        showToast(messageOf(error, '刷新失败'))
      } finally {
        wx.stopPullDownRefresh()
      }
    },

    onTapConversation(event: WechatMiniprogram.TouchEvent<object, object, ConversationDataset>) {
      const { peerId, conversationId } = event.currentTarget.dataset
      const conversation = conversationStore.byID(conversationId)
      wx.navigateTo({ url: chatPageUrl(peerId, conversation?.nick) })
    },

    onLongPressConversation(
      event: WechatMiniprogram.TouchEvent<object, object, ConversationDataset>,
    ) {
      const conversation = conversationStore.byID(event.currentTarget.dataset.conversationId)
      if (!conversation) return
      const pinLabel = conversation.pinned ? '取消置顶' : '置顶聊天'
      wx.showActionSheet({
        itemList: [pinLabel, '删除聊天'],
        success: (result) => {
          if (result.tapIndex === 0) void this.togglePin(conversation)
          else if (result.tapIndex === 1) void this.deleteConversation(conversation)
        },
      })
    },

    async togglePin(conversation: ConversationView) {
      try {
        await im.pinConversation(conversation.conversationID, !conversation.pinned)
      } catch (error) {
        showToast(messageOf(error, '操作失败'))
      }
    },

    async deleteConversation(conversation: ConversationView) {
      const name = conversation.nick || conversation.peerID
      if (!(await confirm('删除聊天', `删除与 ${name} 的聊天？聊天记录也会一并删除。`))) return
      try {
        await im.deleteConversation(conversation.conversationID)
      } catch (error) {
        showToast(messageOf(error, '删除失败'))
      }
    },
  },
})
