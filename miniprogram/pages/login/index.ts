/**
 * Login. Local mode: pick a test user. Production: wx.login through our server. Both take the nickname input and
 * avatar chooser WeChat allows since 2022 (the chosen temp file is uploaded before the IM login); production asks
 * for the privacy agreement those components need up front, local mode when the platform asks. Moves to the conversation tab as soon as the app holds a session: at once for a
 * session saved from last time (resuming, even offline), at SDK_READY for a login started here.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { getConfig } from '../../config/index'
import { auth } from '../../flows/auth'
import { privacyBehavior, type PrivacyMethods } from '../../components/behaviors/privacy'
import { themeBehavior } from '../../components/behaviors/theme'
import { sessionStore } from '../../stores/session'
import { CONVERSATIONS_PAGE } from '../navigation'

const DEV_USERS = ['alice', 'bob', 'carol'] as const

interface LoginPageState {
  entering?: boolean
}

/** Per-instance state that must not go through setData. */
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
  // ComponentWithStore passes behaviors on at run time, but its option type leaves them out.
  ...{ behaviors: [themeBehavior, privacyBehavior] },
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
    /** chooseAvatar's temp file (`wxfile://tmp_…`, `http://tmp/…`): shown here, uploaded at login. */
    avatarPath: '',
    nick: '',
  },
  observers: {
    status(status: string) {
      if (status === 'ready' || status === 'resuming') this.enterApp()
    },
  },
  lifetimes: {
    attached() {
      const mode = getConfig().mode
      this.setData({ mode })
      // Only the production form uses privacy-protected components (nickname input, chooseAvatar).
      if (mode === 'production') (this as unknown as PrivacyMethods).checkPrivacySetting()
    },
    detached() {
      pageState.delete(this)
    },
  },
  methods: {
    onShow() {
      ;(this as unknown as PrivacyMethods).watchPrivacy()
    },

    enterApp() {
      const state = stateOf(this)
      if (state.entering) return
      state.entering = true
      // The status can turn while this page is still being set up (a session resumed from another page's
      // reLaunch): navigating in the middle of that is unreliable, so the tab switch waits for the next turn.
      setTimeout(() => {
        wx.switchTab({
          url: CONVERSATIONS_PAGE,
          complete: () => {
            state.entering = false
          },
        })
      }, 0)
    },

    async onTapDevUser(event: WechatMiniprogram.TouchEvent<object, object, { userId: string }>) {
      const userID = event.currentTarget.dataset.userId
      if (!userID || this.data.busyUserID) return
      this.setData({ busyUserID: userID, errorText: '' })
      sessionStore.clearLogoutReason()
      try {
        await auth.loginAsDevUser(userID, this.profileChoice(this.data.nick))
      } catch (error) {
        this.setData({ errorText: errorText(error) })
      } finally {
        this.setData({ busyUserID: '' })
      }
    },

    onChooseAvatar(event: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      this.setData({ avatarPath: event.detail.avatarUrl, errorText: '' })
    },

    onNickInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ nick: event.detail.value })
    },

    profileChoice(nick: string) {
      return { nick: nick.trim() || undefined, avatarPath: this.data.avatarPath || undefined }
    },

    /** Read from the form: the platform may clear a nickname that fails its content check on blur. */
    async onSubmitWeChatLogin(event: WechatMiniprogram.FormSubmit<{ nick?: string }>) {
      if (this.data.busyUserID) return
      const nick = (event.detail.value.nick ?? '').trim()
      this.setData({ busyUserID: 'wechat', errorText: '', nick })
      sessionStore.clearLogoutReason()
      try {
        await auth.loginWithWeChat(this.profileChoice(nick))
      } catch (error) {
        this.setData({ errorText: errorText(error) })
      } finally {
        this.setData({ busyUserID: '' })
      }
    },
  },
})
