/** Friend links (the friendship build's relation chain). */
import { ImError, nowSeconds, storeKey, type FriendLink, type ModelListener } from './model-types'
import type { RecordStore } from './store'

/** The parts of the model a friend book reaches into. */
export interface FriendHooks {
  listener(): ModelListener | undefined
  accountExists(userID: string): boolean
  /** Throws 70107 for an account that is not imported. */
  requireAccount(userID: string): void
  /** The friend_add code when a blacklist stands between the two, else 0. */
  blockedBetween(owner: string, friend: string): number
}

export class FriendBook {
  private readonly friends = new Map<string, Map<string, FriendLink>>()

  constructor(
    private readonly store: RecordStore,
    private readonly hooks: FriendHooks,
  ) {}

  load(link: FriendLink): void {
    this.linksOf(link.owner).set(link.friend, link)
  }

  private linksOf(owner: string): Map<string, FriendLink> {
    let links = this.friends.get(owner)
    if (!links) {
      links = new Map()
      this.friends.set(owner, links)
    }
    return links
  }

  friendIDs(owner: string): string[] {
    return [...(this.friends.get(owner)?.keys() ?? [])]
  }

  private addLink(owner: string, friend: string, details: Partial<FriendLink>): boolean {
    const links = this.linksOf(owner)
    if (links.has(friend)) return false
    const link: FriendLink = {
      owner,
      friend,
      addTime: nowSeconds(),
      remark: details.remark ?? '',
      group: details.group ?? '',
      addSource: details.addSource ?? '',
      addWording: details.addWording ?? '',
    }
    links.set(friend, link)
    this.store.put(storeKey.friend(owner, friend), link)
    return true
  }

  private removeLink(owner: string, friend: string): boolean {
    if (!this.friends.get(owner)?.delete(friend)) return false
    this.store.del(storeKey.friend(owner, friend))
    return true
  }

  /** Drops every link from and to a deleted account. */
  forget(userID: string): void {
    for (const friend of this.friendIDs(userID)) this.removeLink(userID, friend)
    for (const [owner, links] of this.friends) {
      if (links.has(userID)) this.removeLink(owner, userID)
    }
  }

  /** Adds a friend; `both` adds the reverse link too. Returns the per-item result code. */
  add(owner: string, friend: string, both: boolean, details: Partial<FriendLink> = {}): number {
    this.hooks.requireAccount(owner)
    if (!this.hooks.accountExists(friend)) return ImError.accountNotFound
    if (owner === friend) return 30524
    const blocked = this.hooks.blockedBetween(owner, friend)
    if (blocked !== 0) return blocked
    const added = this.addLink(owner, friend, details)
    if (added) this.hooks.listener()?.friendsChanged(owner, [friend], [])
    if (both && this.addLink(friend, owner, { addSource: details.addSource })) {
      this.hooks.listener()?.friendsChanged(friend, [owner], [])
    }
    return added ? 0 : ImError.friendExists
  }

  remove(owner: string, friend: string, both: boolean): number {
    this.hooks.requireAccount(owner)
    if (!this.hooks.accountExists(friend)) return ImError.accountNotFound
    const removed = this.removeLink(owner, friend)
    if (removed) this.hooks.listener()?.friendsChanged(owner, [], [friend])
    if (both && this.removeLink(friend, owner)) {
      this.hooks.listener()?.friendsChanged(friend, [], [owner])
    }
    return removed ? 0 : ImError.notFriend
  }

  list(owner: string): FriendLink[] {
    this.hooks.requireAccount(owner)
    return [...this.linksOf(owner).values()].sort((a, b) => a.addTime - b.addTime)
  }

  /**
   * Sets the owner's remark on an existing friend link ('' clears it); false when `friend` is not
   * the owner's friend. The caller has validated the value.
   */
  setRemark(owner: string, friend: string, remark: string): boolean {
    const link = this.friends.get(owner)?.get(friend)
    if (!link) return false
    const next: FriendLink = { ...link, remark }
    this.linksOf(owner).set(friend, next)
    this.store.put(storeKey.friend(owner, friend), next)
    return true
  }

  get(owner: string, friend: string): FriendLink | undefined {
    return this.friends.get(owner)?.get(friend)
  }

  /** Tencent's friend_check relation for (owner, other). */
  check(owner: string, other: string): string {
    const mine = this.friends.get(owner)?.has(other) ?? false
    const theirs = this.friends.get(other)?.has(owner) ?? false
    if (mine && theirs) return 'CheckResult_Type_BothWay'
    if (mine) return 'CheckResult_Type_AWithB'
    if (theirs) return 'CheckResult_Type_BWithA'
    return 'CheckResult_Type_NoRelation'
  }
}
