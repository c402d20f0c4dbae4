/**
 * A friend's profile, reached from the contact list and from the peer's avatar in a chat: the name shown (my
 * remark, else the nickname) with the nickname below when a remark hides it, 备注 (opens the remark editor),
 * 发消息, 拉黑 / 取消拉黑 (the app server's blocks, enforced by the IM) and 举报.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { themeBehavior } from '../../../components/behaviors/theme'
import type { UserView } from '../../../models/types'
import { chatPageUrl, messageOf } from '../../../pages/navigation'
import { confirm, showToast } from '../../../services/ui'
import { safety } from '../../flows/safety'
import { contactStore } from '../../../stores/contacts'
import { safetyStore } from '../../stores/safety'

ComponentWithStore({
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior] },
  storeBindings: [
    { store: safetyStore, fields: ['viewed', 'blockedIDs'] as const, actions: [] },
    { store: contactStore, fields: ['remarks'] as const, actions: [] },
  ],
  data: {
    userID: '',
    viewed: null as UserView | null,
    blockedIDs: [] as readonly string[],
    remarks: {} as Readonly<Record<string, string>>,
    name: '',
    remark: '',
    blocked: false,
    busy: false,
    errorText: '',
  },
  observers: {
    'userID, blockedIDs'(userID: string, blockedIDs: readonly string[]) {
      this.setData({ blocked: blockedIDs.includes(userID) })
    },
    'userID, viewed, remarks'(userID: string, viewed: UserView | null) {
      const nick = viewed?.userID === userID ? viewed.nick : ''
      this.setData({
        name: contactStore.nameOf({ userID, nick }),
        remark: contactStore.remarkOf(userID),
      })
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const userID = decodeURIComponent(query.userID ?? '')
      this.setData({ userID })
      safetyStore.reset()
      safety.openProfile(userID).catch((error: unknown) => {
        this.setData({ errorText: messageOf(error, '资料加载失败') })
      })
    },

    /** Back to the chat when it is the page below, so the stack does not grow chat → profile → chat. */
    onTapSendMessage() {
      const pages = getCurrentPages()
      const below = pages[pages.length - 2] as { options?: { peerID?: string } } | undefined
      if (below?.options?.peerID === this.data.userID) {
        wx.navigateBack({ delta: 1 })
        return
      }
      wx.navigateTo({ url: chatPageUrl(this.data.userID, this.data.viewed?.nick ?? '') })
    },

    async onTapBlock() {
      const { userID, viewed, blocked, busy } = this.data
      if (busy) return
      if (!blocked && !(await confirm('加入黑名单', '加入黑名单后，你将不再收到对方的消息'))) return
      this.setData({ busy: true, errorText: '' })
      try {
        if (blocked) await safety.unblock(userID)
        else await safety.block(viewed ?? { userID, nick: '', avatar: '' })
        showToast(blocked ? '已移出黑名单' : '已加入黑名单')
      } catch (error) {
        this.setData({ errorText: messageOf(error, '操作失败，请重试') })
      } finally {
        this.setData({ busy: false })
      }
    },

    onTapRemark() {
      wx.navigateTo({ url: `../remark/index?userID=${encodeURIComponent(this.data.userID)}` })
    },

    onTapReport() {
      wx.navigateTo({ url: `../report/index?userID=${encodeURIComponent(this.data.userID)}` })
    },
  },
})
