/**
 * Login. Local mode: pick a test user. Production: wx.login through our server, with the nickname input and
 * avatar chooser WeChat allows since 2022, behind the privacy agreement those components need.
 * Moves to the conversation tab as soon as the session is ready (this also covers auto-login at launch).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { getConfig } from '../../config/index'
import { auth } from '../../services/auth'
import { sessionStore } from '../../stores/session'
import { CONVERSATIONS_PAGE } from '../navigation'

const DEV_USERS = ['alice', 'bob', 'carol'] as const

type PrivacyResolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void

interface LoginPageState {
  privacyResolve?: PrivacyResolve
  privacyListener?: WechatMiniprogram.OnNeedPrivacyAuthorizationCallback
  entering?: boolean
}

/** Per-instance state that must not go through setData (functions, flags). */
const pageState = new WeakMap<object, LoginPageState>()
function stateOf(page: object): LoginPageState {
  let state = pageState.get(page)
  if (!state) {
    state = {}
    pageState.set(page, state)
  }
  return state
}

function errorText(error: unknown): string {
  return error instanceof Error && error.message ? error.message : '登录失败，请重试'
}

ComponentWithStore({
  storeBindings: {
    store: sessionStore,
    fields: ['status', 'lastLogoutReason'] as const,
    actions: [],
  },
  data: {
    status: 'loggedOut',
    lastLogoutReason: '',
    mode: 'local' as 'local' | 'production',
    devUsers: DEV_USERS as readonly string[],
    busyUserID: '',
    errorText: '',
    needPrivacy: false,
    privacyContractName: '《用户隐私保护指引》',
    avatarUrl: '',
    nick: '',
  },
  observers: {
    status(status: string) {
      if (status === 'ready') this.enterApp()
    },
  },
  lifetimes: {
    attached() {
      this.setData({ mode: getConfig().mode })
      this.watchPrivacy()
    },
    detached() {
      pageState.delete(this)
    },
  },
  methods: {
    /**
     * Privacy-protected components (chooseAvatar, nickname input) ask through onNeedPrivacyAuthorization; we
     * show our agreement panel and answer the platform once the user taps the agree button.
     */
    watchPrivacy() {
      if (typeof wx.onNeedPrivacyAuthorization !== 'function') return
      const state = stateOf(this)
      state.privacyListener = (resolve) => {
        // miniprogram-api-typings types the first argument as a result object; it is the resolve function.
        state.privacyResolve = resolve as unknown as PrivacyResolve
        this.setData({ needPrivacy: true })
      }
      wx.onNeedPrivacyAuthorization(state.privacyListener)
      if (typeof wx.getPrivacySetting === 'function') {
        wx.getPrivacySetting({
          success: (setting) => {
            this.setData({
              needPrivacy: setting.needAuthorization,
              privacyContractName: setting.privacyContractName || this.data.privacyContractName,
            })
          },
        })
      }
    },

    enterApp() {
      const state = stateOf(this)
      if (state.entering) return
      state.entering = true
      wx.switchTab({
        url: CONVERSATIONS_PAGE,
        complete: () => {
          state.entering = false
        },
      })
    },

    async onTapDevUser(event: WechatMiniprogram.TouchEvent<object, object, { userId: string }>) {
      const userID = event.currentTarget.dataset.userId
      if (!userID || this.data.busyUserID) return
      this.setData({ busyUserID: userID, errorText: '' })
      sessionStore.clearLogoutReason()
      try {
        await auth.loginAsDevUser(userID)
      } catch (error) {
        this.setData({ errorText: errorText(error) })
      } finally {
        this.setData({ busyUserID: '' })
      }
    },

    onAgreePrivacy() {
      const state = stateOf(this)
      state.privacyResolve?.({ event: 'agree', buttonId: 'agree-privacy-button' })
      state.privacyResolve = undefined
      this.setData({ needPrivacy: false })
    },

    onTapDisagreePrivacy() {
      const state = stateOf(this)
      state.privacyResolve?.({ event: 'disagree' })
      state.privacyResolve = undefined
      this.setData({ needPrivacy: false, errorText: '需要同意隐私保护指引后才能设置头像和昵称' })
    },

    onChooseAvatar(event: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      this.setData({ avatarUrl: event.detail.avatarUrl })
    },

    /** Read from the form: the platform may clear a nickname that fails its content check on blur. */
    async onSubmitWeChatLogin(event: WechatMiniprogram.FormSubmit<{ nick?: string }>) {
      if (this.data.busyUserID) return
      const nick = (event.detail.value.nick ?? '').trim()
      this.setData({ busyUserID: 'wechat', errorText: '', nick })
      sessionStore.clearLogoutReason()
      try {
        await auth.loginWithWeChat({ nick, avatarUrl: this.data.avatarUrl || undefined })
      } catch (error) {
        this.setData({ errorText: errorText(error) })
      } finally {
        this.setData({ busyUserID: '' })
      }
    },
  },
})
