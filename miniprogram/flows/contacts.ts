/** The friends list: who and my remarks from the app server, names and avatars from the IM profiles. */
import { im } from '../im/index'
import { api } from '../services/api'
import { contactStore } from '../stores/index'

export const contacts = {
  async refresh(): Promise<void> {
    contactStore.setLoading(true)
    try {
      const entries = await api.listFriends()
      const friends = await im.fetchUserProfiles(entries.map((entry) => entry.userID))
      const remarks: Record<string, string> = {}
      for (const { userID, remark } of entries) remarks[userID] = remark
      contactStore.setFriends(friends, remarks)
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
