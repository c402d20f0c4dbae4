/**
 * The "me" tab, as WeChat's own settings look (WeUI cells): avatar (chooseAvatar → upload → profile), nickname
 * (the editor page), user ID (copy), 黑名单, 隐私与协议, 关于 (the version), 退出登录.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { privacyBehavior, type PrivacyMethods } from '../../components/behaviors/privacy'
import { themeBehavior } from '../../components/behaviors/theme'
import { auth } from '../../flows/auth'
import { profileFlow } from '../../flows/profile'
import type { MyProfileView, UserView } from '../../models/types'
import { showToast } from '../../services/ui'
import { profileStore } from '../../stores/profile'
import { sessionStore } from '../../stores/session'
import { LOGIN_PAGE, ME_PAGES, messageOf } from '../navigation'

/** 关于: the released version, or which kind of build this is (develop and trial builds have none). */
function versionText(): string {
  const { version, envVersion } = wx.getAccountInfoSync().miniProgram
  if (version) return version
  return envVersion === 'trial' ? '体验版' : '开发版'
}

ComponentWithStore({
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior, privacyBehavior] },
  storeBindings: [
    { store: profileStore, fields: ['me'] as const, actions: [] },
    { store: sessionStore, fields: ['user'] as const, actions: [] },
  ],
  data: {
    me: null as MyProfileView | null,
    user: null as UserView | null,
    version: '',
    avatarBusy: false,
    errorText: '',
    loggingOut: false,
  },
  lifetimes: {
    attached() {
      this.setData({ version: versionText() })
    },
  },
  methods: {
    onShow() {
      ;(this as unknown as PrivacyMethods).watchPrivacy()
    },

    async onChooseAvatar(event: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      if (this.data.avatarBusy || !event.detail.avatarUrl) return
      this.setData({ avatarBusy: true, errorText: '' })
      try {
        await profileFlow.changeAvatar(event.detail.avatarUrl)
        showToast('头像已更新')
      } catch (error) {
        this.setData({ errorText: messageOf(error, '头像更新失败，请重试') })
      } finally {
        this.setData({ avatarBusy: false })
      }
    },

    onTapPage(event: WechatMiniprogram.TouchEvent<object, object, { page: string }>) {
      wx.navigateTo({ url: `${ME_PAGES}${event.currentTarget.dataset.page}/index` })
    },

    onTapUserID() {
      const userID = sessionStore.user?.userID
      if (userID) wx.setClipboardData({ data: userID })
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
