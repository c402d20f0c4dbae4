/** Sign-in flows built on the app server and the IM facade. */
import { im } from '../im/index'
import type { Credentials } from '../models/types'
import { sessionStore } from '../stores/index'
import { api } from './api'
import { clearCredentials, loadCredentials, saveCredentials } from './credentials'
import { wxLoginCode } from './ui'

/** Refresh the UserSig this long before it expires rather than fail the first login. */
const SIG_REFRESH_MARGIN_MS = 5 * 60 * 1000

async function signIn(credentials: Credentials): Promise<void> {
  saveCredentials(credentials)
  try {
    await im.login(credentials)
  } catch (error) {
    clearCredentials()
    throw error
  }
}

export const auth = {
  /** Local mode: log in as a test user the server creates on demand. */
  async loginAsDevUser(userID: string, nick?: string): Promise<void> {
    const trimmed = userID.trim()
    if (trimmed === '') throw new Error('请输入用户 ID')
    await signIn(await api.devLogin(trimmed, nick))
  },

  /** Production: wx.login's one-time code goes to our server, which talks to WeChat. */
  async loginWithWeChat(profile: { nick?: string; avatarUrl?: string } = {}): Promise<void> {
    const code = await wxLoginCode()
    await signIn(await api.wxLogin(code, profile.nick, profile.avatarUrl))
  },

  async logout(): Promise<void> {
    clearCredentials()
    await im.logout()
  },

  /** App launch: log in again from the stored session. Resolves false when there is none or it fails. */
  async restore(now: number = Date.now()): Promise<boolean> {
    const stored = loadCredentials()
    if (!stored) return false
    try {
      let credentials = stored
      if (stored.expireAt - SIG_REFRESH_MARGIN_MS <= now) {
        const fresh = await api.refreshUserSig()
        credentials = Object.freeze({ ...stored, ...fresh })
      }
      await signIn(credentials)
      return true
    } catch (error) {
      console.warn('restoring the stored session failed', error)
      clearCredentials()
      return false
    }
  },

  get isLoggedIn(): boolean {
    return sessionStore.status !== 'loggedOut'
  },
}
