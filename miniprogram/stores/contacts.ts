import type { UserView } from '../models/types'
import { makeAutoObservable, observable } from './mobx'

class ContactStore {
  friends: readonly UserView[] = []
  loading = false

  constructor() {
    makeAutoObservable(this, { friends: observable.ref })
  }

  setLoading(loading: boolean): void {
    this.loading = loading
  }

  /** Sorted by nickname so the list does not jump between refreshes. */
  setFriends(friends: readonly UserView[]): void {
    const unique = new Map<string, UserView>()
    for (const friend of friends) unique.set(friend.userID, Object.freeze({ ...friend }))
    const sorted = [...unique.values()].sort((a, b) =>
      a.nick === b.nick ? a.userID.localeCompare(b.userID) : a.nick.localeCompare(b.nick),
    )
    this.friends = Object.freeze(sorted)
  }

  /** A friend changed their nickname or avatar (PROFILE_UPDATED): the list shows it at once. */
  applyProfiles(profiles: readonly UserView[]): void {
    const byID = new Map(profiles.map((profile) => [profile.userID, profile]))
    if (!this.friends.some((friend) => byID.has(friend.userID))) return
    this.setFriends(this.friends.map((friend) => byID.get(friend.userID) ?? friend))
  }

  reset(): void {
    this.friends = []
    this.loading = false
  }
}

export const contactStore = new ContactStore()
export type { ContactStore }
