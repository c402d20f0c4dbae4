/**
 * The friends tab: friends come from our app server (which keeps them in IM both ways); adding one goes
 * through the server too. Tapping a friend opens the chat. Its root view follows the system theme (themeBehavior).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { themeBehavior } from '../../components/behaviors/theme'
import type { FriendView } from '../../models/types'
import { contacts } from '../../flows/contacts'
import { showToast } from '../../services/ui'
import { contactStore } from '../../stores/contacts'
import { sessionStore } from '../../stores/session'
import { chatPageUrl, profilePageUrl, messageOf } from '../navigation'

ComponentWithStore({
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior] },
  storeBindings: {
    store: contactStore,
    fields: ['friends', 'loading'] as const,
    actions: [],
  },
  data: {
    friends: [] as readonly FriendView[],
    loading: false,
    addFriendID: '',
    addFriendError: '',
    adding: false,
    loadError: '',
  },
  methods: {
    onShow() {
      void this.loadFriends()
    },

    async onPullDownRefresh() {
      await this.loadFriends()
      wx.stopPullDownRefresh()
    },

    async loadFriends() {
      if (contactStore.loading) return
      try {
        await contacts.refresh()
        if (this.data.loadError) this.setData({ loadError: '' })
      } catch (error) {
        this.setData({ loadError: messageOf(error, '好友列表加载失败') })
      }
    },

    onAddFriendInput(event: WechatMiniprogram.Input) {
      this.setData({ addFriendID: event.detail.value, addFriendError: '' })
    },

    async onTapAddFriend() {
      const userID = this.data.addFriendID.trim()
      if (this.data.adding) return
      if (userID === '') {
        this.setData({ addFriendError: '请输入对方的用户 ID' })
        return
      }
      if (userID === sessionStore.userID) {
        this.setData({ addFriendError: '不能添加自己为好友' })
        return
      }
      if (contactStore.friends.some((friend) => friend.userID === userID)) {
        this.setData({ addFriendError: `${userID} 已经是你的好友` })
        return
      }
      this.setData({ adding: true, addFriendError: '' })
      try {
        const { alreadyFriends } = await contacts.add(userID)
        this.setData({ addFriendID: '' })
        showToast(alreadyFriends ? `${userID} 已经是你的好友` : `已添加 ${userID}`)
      } catch (error) {
        this.setData({ addFriendError: messageOf(error, '添加失败，请重试') })
      } finally {
        this.setData({ adding: false })
      }
    },

    onTapFriend(
      event: WechatMiniprogram.TouchEvent<object, object, { userId: string; nick: string }>,
    ) {
      const { userId, nick } = event.currentTarget.dataset
      wx.navigateTo({ url: chatPageUrl(userId, nick) })
    },

    /** The avatar opens the friend's profile (发消息, 拉黑, 举报); the rest of the row opens the chat. */
    onTapFriendAvatar(event: WechatMiniprogram.TouchEvent<object, object, { userId: string }>) {
      wx.navigateTo({ url: profilePageUrl(event.currentTarget.dataset.userId) })
    },
  },
})
