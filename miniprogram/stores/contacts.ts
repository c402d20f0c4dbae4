import { displayName } from '../models/display-name'
import type { FriendView, UserView } from '../models/types'
import { makeAutoObservable, observable } from './mobx'

type Remarks = Readonly<Record<string, string>>

class ContactStore {
  friends: readonly FriendView[] = []
  /** My remark (备注) per friend's user ID, as the app server reports them. */
  remarks: Remarks = {}
  loading = false

  constructor() {
    makeAutoObservable(this, { friends: observable.ref, remarks: observable.ref })
  }

  setLoading(loading: boolean): void {
    this.loading = loading
  }

  /** Sorted by the name shown so the list does not jump between refreshes. */
  setFriends(friends: readonly UserView[], remarks: Remarks = this.remarks): void {
    this.remarks = Object.freeze({ ...remarks })
    const unique = new Map<string, FriendView>()
    for (const { userID, nick, avatar } of friends) {
      const remark = this.remarks[userID] ?? ''
      const name = displayName({ userID, nick }, remark)
      unique.set(userID, Object.freeze({ userID, nick, avatar, remark, name }))
    }
    const sorted = [...unique.values()].sort((a, b) =>
      a.name === b.name ? a.userID.localeCompare(b.userID) : a.name.localeCompare(b.name),
    )
    this.friends = Object.freeze(sorted)
  }

  /** My remark for one friend changed ('' cleared it): every name shown follows at once. */
  setRemark(userID: string, remark: string): void {
    this.setFriends(this.friends, { ...this.remarks, [userID]: remark })
  }

  remarkOf(userID: string): string {
    return this.remarks[userID] ?? ''
  }

  /** Each friend's nickname as their IM profile gave it to the contact list. */
  get nickByID(): ReadonlyMap<string, string> {
    return new Map(this.friends.map((friend) => [friend.userID, friend.nick]))
  }

  /**
   * The one rule for the name shown for a person: my remark, else their nickname, else their user ID. A nickname
   * that is only the user ID (what a conversation carries before the SDK has the peer's profile) gives way to the
   * one the contact list loaded.
   */
  nameOf(user: { userID: string; nick?: string }): string {
    const given = user.nick && user.nick !== user.userID ? user.nick : ''
    const nick = given || this.nickByID.get(user.userID)
    return displayName({ userID: user.userID, nick }, this.remarkOf(user.userID))
  }

  /** A friend changed their nickname or avatar (PROFILE_UPDATED): the list shows it at once. */
  applyProfiles(profiles: readonly UserView[]): void {
    const byID = new Map(profiles.map((profile) => [profile.userID, profile]))
    if (!this.friends.some((friend) => byID.has(friend.userID))) return
    this.setFriends(this.friends.map((friend) => byID.get(friend.userID) ?? friend))
  }

  reset(): void {
    this.friends = []
    this.remarks = {}
    this.loading = false
  }
}

export const contactStore = new ContactStore()
export type { ContactStore }
