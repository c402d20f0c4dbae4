/**
 * The app around the IM door for core specs: its session flows wired as at launch, a way back to a clean
 * phone between specs, and a record of the SDK instances TIM.create hands out (to tell a fresh one from a reused
 * one). Everything runs on the real SDK, stores and flows.
 */
import type { ChatSDK, TimStatic } from 'tim-wx-sdk'
import { auth } from '../../flows/auth'
import { conversationCache } from '../../flows/conversation-cache'
import { draftCache } from '../../flows/draft-cache'
import { im } from '../../im/index'
import { loadTimSdk } from '../../im/sdk'
import { resetAllStores } from '../../stores/index'
import { reLaunchCalls, wxShim } from './stack'

let unwatch: (() => void) | null = null

/** Wires the session flows to the IM door, as App.onLaunch does (once per spec file). */
export function watchSession(): void {
  unwatch ??= auth.watchSession()
}

/** Logs out, forgets everything stored, and puts the network back: a clean phone for the next spec. */
export async function resetPhone(): Promise<void> {
  await im.logout()
  wxShim().setOnline(true)
  wxShim().storage.clear()
  reLaunchCalls().splice(0)
  resetAllStores()
}

/**
 * The phone restarts: the app's memory is gone, storage (the saved session, the SDK's own cache) stays.
 * The SDK instance goes the way a killed process's does, after the SDK flushed its cache.
 */
export async function restartApp(): Promise<void> {
  // A killed process keeps nothing watching: what it kept on the phone stays as it was.
  conversationCache.stop()
  draftCache.stop()
  await im.logout()
  resetAllStores()
}

export interface SdkInstanceLog {
  readonly created: ChatSDK[]
  /** tim.login calls on those instances, in order. */
  readonly logins: string[]
  stop(): void
}

/** Records every instance the real TIM.create returns (the SDK's module object, observed in place). */
export function recordSdkInstances(): SdkInstanceLog {
  const TIM = loadTimSdk() as TimStatic & { create: TimStatic['create'] }
  const realCreate = TIM.create
  const created: ChatSDK[] = []
  const logins: string[] = []
  TIM.create = (options) => {
    const tim = realCreate(options)
    if (!created.includes(tim)) {
      const realLogin = tim.login.bind(tim)
      tim.login = (account) => {
        logins.push(account.userID)
        return realLogin(account)
      }
    }
    created.push(tim)
    return tim
  }
  return {
    created,
    logins,
    stop: () => {
      TIM.create = realCreate
    },
  }
}
