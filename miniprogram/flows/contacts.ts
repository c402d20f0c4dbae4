/** The friends list: who from the app server, names and avatars from the IM profiles. */
import { im } from '../im/index'
import { api } from '../services/api'
import { contactStore } from '../stores/index'

export const contacts = {
  async refresh(): Promise<void> {
    contactStore.setLoading(true)
    try {
      const userIDs = await api.listFriends()
      const friends = await im.fetchUserProfiles(userIDs)
      contactStore.setFriends(friends)
    } finally {
      contactStore.setLoading(false)
    }
  },

  /** Adds the friend both ways through the server, then reloads the list. */
  async add(userID: string): Promise<{ alreadyFriends: boolean }> {
    const result = await api.addFriend(userID)
    await contacts.refresh()
    return result
  },
}
