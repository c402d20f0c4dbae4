/**
 * Sign-in, sign-out and the saved session: the app server, the IM door and credential storage together. The IM
 * door only reports what happened (session ended, credentials refused, UserSig about to expire); this flow stores
 * and forgets credentials, asks the server for new UserSigs and sends the user to the login page.
 */
import { SIG_EXPIRED_REASON } from '../im/credentials'
import { ImError, isAuthErrorCode } from '../im/errors'
import { im, type Unsubscribe } from '../im/index'
import type { Credentials } from '../models/types'
import { api } from '../services/api'
import { clearCredentials, loadCredentials, saveCredentials } from '../services/credentials'
import { ApiError } from '../services/http'
import { createLogger } from '../services/log'
import { LOGIN_PAGE, reLaunch, wxLoginCode } from '../services/ui'
import { sessionStore } from '../stores/index'
import { conversationCache } from './conversation-cache'
import { draftCache } from './draft-cache'
import { applyProfileChoice, type ProfileChoice } from './profile'

const log = createLogger('auth')

/** What is kept on the phone for the signed-in account besides its credentials. */
const accountCaches = [conversationCache, draftCache]

/** The saved session and everything kept for it on the phone (its conversation list, its drafts) go. */
function forgetSavedSession(): void {
  const saved = loadCredentials()
  clearCredentials()
  if (saved) for (const cache of accountCaches) cache.forget(saved)
}

async function withFreshSig(credentials: Credentials): Promise<Credentials> {
  return Object.freeze({ ...credentials, ...(await api.refreshUserSig(credentials.token)) })
}

/** A login the user asked for; an IM refusal gets one fresh UserSig before the user is told. */
async function signIn(credentials: Credentials): Promise<void> {
  let signedIn = credentials
  try {
    await im.login(credentials)
  } catch (error) {
    if (!(error instanceof ImError) || !isAuthErrorCode(error.code)) throw error
    signedIn = await withFreshSig(credentials)
    await im.login(signedIn)
  }
  saveCredentials(signedIn)
  for (const cache of accountCaches) cache.watch(signedIn)
}

function toLoginPage(): void {
  reLaunch(LOGIN_PAGE).catch((error: unknown) =>
    log.warn('reLaunch to the login page failed', error),
  )
}

/** The session is over for good: nothing of it is kept. */
async function endSession(reason: string): Promise<void> {
  forgetSavedSession()
  await im.logout(reason)
  toLoginPage()
}

/** Asked by the IM door before the UserSig expires, or after it refused one: one server call, then handed over. */
async function renewUserSig(): Promise<void> {
  const current = sessionStore.credentials ?? loadCredentials()
  if (!current) return
  try {
    const fresh = await withFreshSig(current)
    saveCredentials(fresh)
    im.updateCredentials(fresh)
  } catch (error) {
    // Our own session with the app server is over too: there is nothing left to renew with.
    if (error instanceof ApiError && error.status === 401) await endSession(SIG_EXPIRED_REASON)
    else log.warn('renewing the UserSig failed; the IM door asks again', error)
  }
}

export const auth = {
  /** Local mode: log in as a test user the server creates on demand, with the profile chosen on the form. */
  async loginAsDevUser(userID: string, profile: ProfileChoice = {}): Promise<void> {
    const trimmed = userID.trim()
    if (trimmed === '') throw new Error('请输入用户 ID')
    const credentials = await api.devLogin(trimmed)
    await applyProfileChoice(profile, credentials.token)
    await signIn(credentials)
  },

  /**
   * Production: wx.login's one-time code goes to our server, which talks to WeChat. chooseAvatar gives a temp
   * file only this phone can read, and the upload needs the session the login gives: so the server session
   * first, then the avatar upload and the checked profile, and the IM login only once both went through.
   */
  async loginWithWeChat(profile: ProfileChoice = {}): Promise<void> {
    const credentials = await api.wxLogin(await wxLoginCode())
    await applyProfileChoice(profile, credentials.token)
    await signIn(credentials)
  },

  async logout(): Promise<void> {
    forgetSavedSession()
    await im.logout()
  },

  /**
   * App launch: resume the saved session without asking the network first (the IM door shows the cached list,
   * waits for the network and logs in). False when there is none.
   */
  restore(): boolean {
    const stored = loadCredentials()
    if (!stored) return false
    for (const cache of accountCaches) {
      cache.restore(stored)
      cache.watch(stored)
    }
    im.resume(stored)
    return true
  },

  /** Turns the IM door's lifecycle events into storage, server calls and navigation; returns the undo. */
  watchSession(): Unsubscribe {
    const offs = [
      im.on('sessionEnded', ({ reason }) => {
        log.warn('session ended', reason)
        forgetSavedSession()
        toLoginPage()
      }),
      im.on('credentialsRejected', () => void renewUserSig()),
      im.on('sigWillExpire', () => void renewUserSig()),
    ]
    return () => offs.forEach((off) => off())
  },
}
