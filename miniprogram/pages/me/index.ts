/** The "me" tab: avatar, nickname (saved through the IM profile API), user ID, and log out. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { im } from '../../im/index'
import type { MyProfileView, UserView } from '../../models/types'
import { auth } from '../../flows/auth'
import { showToast } from '../../services/ui'
import { profileStore } from '../../stores/profile'
import { sessionStore } from '../../stores/session'
import { LOGIN_PAGE, messageOf } from '../navigation'

export const NICK_MAX_LENGTH = 20

ComponentWithStore({
  storeBindings: [
    { store: profileStore, fields: ['me'] as const, actions: [] },
    { store: sessionStore, fields: ['user'] as const, actions: [] },
  ],
  data: {
    me: null as MyProfileView | null,
    user: null as UserView | null,
    editing: false,
    nickDraft: '',
    saving: false,
    nickError: '',
    loggingOut: false,
  },
  methods: {
    onTapEditNick() {
      const current = profileStore.me?.nick || sessionStore.user?.nick || ''
      this.setData({ editing: true, nickDraft: current, nickError: '' })
    },

    onNickInput(event: WechatMiniprogram.Input) {
      this.setData({ nickDraft: event.detail.value, nickError: '' })
    },

    onTapCancelNick() {
      this.setData({ editing: false, nickError: '' })
    },

    async onTapSaveNick() {
      const nick = this.data.nickDraft.trim()
      if (nick === '') {
        this.setData({ nickError: '昵称不能为空' })
        return
      }
      if (nick.length > NICK_MAX_LENGTH) {
        this.setData({ nickError: `昵称最多 ${NICK_MAX_LENGTH} 个字` })
        return
      }
      this.setData({ saving: true })
      try {
        await im.updateMyProfile({ nick })
        this.setData({ editing: false })
        showToast('昵称已更新')
      } catch (error) {
        this.setData({ nickError: messageOf(error, '保存失败，请重试') })
      } finally {
        this.setData({ saving: false })
      }
    },

    async onTapLogout() {
      if (this.data.loggingOut) return
      this.setData({ loggingOut: true })
      try {
        await auth.logout()
      } catch (error) {
        // Whatever the SDK says, the local session is gone: go back to the login page.
        console.warn('logout failed', error)
      }
      wx.reLaunch({ url: LOGIN_PAGE })
    },
  },
})
