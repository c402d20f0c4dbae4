/** The app's one IM door (createIm with the real SDK, stores, config, network and logger), and its public types. */
import { getConfig } from '../config/index'
import { createLogger } from '../services/log'
import { createNetworkWatch } from '../services/network'
import { readRaw } from '../services/storage'
import {
  chatStore,
  contactStore,
  conversationStore,
  networkStore,
  profileStore,
  resetAllStores,
  sessionStore,
} from '../stores/index'
import { runInAction } from '../stores/mobx'
import { createIm } from './create'
import { loadTimSdk } from './sdk'
import type { ImDeps } from './types'

export function defaultImDeps(): ImDeps {
  return {
    loadSdk: loadTimSdk,
    config: getConfig,
    network: createNetworkWatch(),
    log: createLogger('im'),
    stores: {
      session: sessionStore,
      network: networkStore,
      conversations: conversationStore,
      chat: chatStore,
      profile: profileStore,
      contacts: contactStore,
      resetAll: resetAllStores,
      batch: (change) => runInAction(change),
    },
    readSdkCache: readRaw,
    now: () => Date.now(),
    timers: {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  }
}

export const im = createIm(defaultImDeps())

export type {
  Im,
  ImDeps,
  ImEventMap,
  MessageNotifyCallback,
  RecordedVoice,
  Restore,
  SessionEndReason,
  Unsubscribe,
} from './types'
