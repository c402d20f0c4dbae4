import { chatStore } from './chat'
import { contactStore } from './contacts'
import { conversationStore } from './conversations'
import { draftStore } from './drafts'
import { networkStore } from './network'
import { profileStore } from './profile'
import { sessionStore } from './session'
import { runInAction } from './mobx'

export {
  chatStore,
  contactStore,
  conversationStore,
  draftStore,
  networkStore,
  profileStore,
  sessionStore,
}

/** Empties every store so nothing of one account survives into the next login. */
export function resetAllStores(logoutReason = ''): void {
  runInAction(() => {
    chatStore.reset()
    contactStore.reset()
    conversationStore.reset()
    draftStore.reset()
    networkStore.reset()
    profileStore.reset()
    sessionStore.reset(logoutReason)
  })
}
