/** The friends list: who from the app server, names and avatars from the IM profiles. */
import { im } from '../im/index'
import { contactStore } from '../stores/index'
import { runInAction } from '../stores/mobx'
import { api } from './api'

export const contacts = {
  async refresh(): Promise<void> {
    runInAction(() => contactStore.setLoading(true))
    try {
      const userIDs = await api.listFriends()
      const friends = await im.fetchUserProfiles(userIDs)
      runInAction(() => contactStore.setFriends(friends))
    } finally {
      runInAction(() => contactStore.setLoading(false))
    }
  },

  /** Adds the friend both ways through the server, then reloads the list. */
  async add(userID: string): Promise<{ alreadyFriends: boolean }> {
    const result = await api.addFriend(userID)
    await contacts.refresh()
    return result
  },
}
