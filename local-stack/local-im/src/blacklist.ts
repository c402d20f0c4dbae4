/** Each user's blacklist (拉黑): whom they blocked and when, and the sequence the SDK syncs by. */
import { nowSeconds, storeKey, type BlacklistEntry, type ModelListener } from './model-types'
import type { RecordStore } from './store'

/** Tencent caps a blacklist at 1,000 users, and each request at 1,000 IDs. */
export const BLACKLIST_LIMIT = 1000

/** Per-item result codes of the blacklist APIs (see the README for which are confirmed). */
export const BlacklistCode = {
  ok: 0,
  invalidParameter: 30001,
  accountNotFound: 30003,
  full: 30013,
  alreadyBlocked: 31307,
} as const

export interface BlacklistItemResult {
  To_Account: string
  ResultCode: number
  ResultInfo: string
}

export type BlacklistRelation =
  | 'BlackCheckResult_Type_BothWay'
  | 'BlackCheckResult_Type_AWithB'
  | 'BlackCheckResult_Type_BWithA'
  | 'BlackCheckResult_Type_NO'

/** The parts of the model a blacklist reaches into. */
export interface BlacklistHooks {
  listener(): ModelListener | undefined
  accountExists(userID: string): boolean
  /** Blocking ends a friendship in both directions (Tencent's default block configuration). */
  unfriend(owner: string, peer: string): void
}

const result = (peer: string, code: number, info = ''): BlacklistItemResult => ({
  To_Account: peer,
  ResultCode: code,
  ResultInfo: info,
})

export class BlacklistBook {
  private readonly lists = new Map<string, Map<string, BlacklistEntry>>()
  private readonly sequences = new Map<string, number>()

  constructor(
    private readonly store: RecordStore,
    private readonly hooks: BlacklistHooks,
  ) {}

  load(entry: BlacklistEntry): void {
    this.listOf(entry.owner).set(entry.peer, entry)
  }

  loadSequence(record: { owner: string; sequence: number }): void {
    this.sequences.set(record.owner, record.sequence)
  }

  private listOf(owner: string): Map<string, BlacklistEntry> {
    let list = this.lists.get(owner)
    if (!list) {
      list = new Map()
      this.lists.set(owner, list)
    }
    return list
  }

  /** Whether `owner` has blocked `peer`. */
  isBlocked(owner: string, peer: string): boolean {
    return this.lists.get(owner)?.has(peer) ?? false
  }

  /** The sequence of the owner's blacklist: it grows with every change. */
  sequence(owner: string): number {
    return this.sequences.get(owner) ?? 0
  }

  private bumpSequence(owner: string): void {
    const sequence = this.sequence(owner) + 1
    this.sequences.set(owner, sequence)
    this.store.put(storeKey.blacklistSequence(owner), { owner, sequence })
  }

  /** Blocks each peer; one result per requested ID, in order. */
  add(owner: string, peers: string[]): BlacklistItemResult[] {
    const list = this.listOf(owner)
    const added: string[] = []
    const results = peers.map((peer) => {
      if (peer === owner)
        return result(peer, BlacklistCode.invalidParameter, 'cannot block yourself')
      if (!this.hooks.accountExists(peer)) {
        return result(peer, BlacklistCode.accountNotFound, 'account not imported')
      }
      if (list.has(peer)) {
        return result(peer, BlacklistCode.alreadyBlocked, 'Err_SNS_BlackListAdd_Already_Exist')
      }
      if (list.size >= BLACKLIST_LIMIT) {
        return result(peer, BlacklistCode.full, 'the blacklist is full (1000)')
      }
      const entry: BlacklistEntry = { owner, peer, addTime: nowSeconds() }
      list.set(peer, entry)
      this.store.put(storeKey.blacklist(owner, peer), entry)
      this.hooks.unfriend(owner, peer)
      added.push(peer)
      return result(peer, BlacklistCode.ok)
    })
    if (added.length > 0) {
      this.bumpSequence(owner)
      this.hooks.listener()?.blacklistChanged(owner, added, [])
    }
    return results
  }

  /**
   * Unblocks each peer. Removing someone who is not blocked counts as done (the code Tencent
   * answers for it could not be confirmed).
   */
  remove(owner: string, peers: string[]): BlacklistItemResult[] {
    const list = this.lists.get(owner)
    const deleted: string[] = []
    const results = peers.map((peer) => {
      if (list?.delete(peer)) {
        this.store.del(storeKey.blacklist(owner, peer))
        deleted.push(peer)
      }
      return result(peer, BlacklistCode.ok)
    })
    if (deleted.length > 0) {
      this.bumpSequence(owner)
      this.hooks.listener()?.blacklistChanged(owner, [], deleted)
    }
    return results
  }

  /** The owner's blacklist, oldest first. */
  entries(owner: string): BlacklistEntry[] {
    return [...(this.lists.get(owner)?.values() ?? [])].sort((a, b) => a.addTime - b.addTime)
  }

  /** One page of the owner's blacklist; `next` is where the following page starts, 0 at the end. */
  page(owner: string, start: number, max: number): { entries: BlacklistEntry[]; next: number } {
    const all = this.entries(owner)
    const entries = all.slice(start, start + max)
    const end = start + entries.length
    return { entries, next: end < all.length ? end : 0 }
  }

  /** Tencent's black_list_check relation between `owner` (A) and `other` (B). */
  relation(owner: string, other: string, bothWays: boolean): BlacklistRelation {
    const mine = this.isBlocked(owner, other)
    const theirs = bothWays && this.isBlocked(other, owner)
    if (mine && theirs) return 'BlackCheckResult_Type_BothWay'
    if (mine) return 'BlackCheckResult_Type_AWithB'
    if (theirs) return 'BlackCheckResult_Type_BWithA'
    return 'BlackCheckResult_Type_NO'
  }

  /** Drops every entry from and to a deleted account. */
  forget(userID: string): void {
    for (const peer of this.lists.get(userID)?.keys() ?? []) {
      this.store.del(storeKey.blacklist(userID, peer))
    }
    this.lists.delete(userID)
    if (this.sequences.delete(userID)) this.store.del(storeKey.blacklistSequence(userID))
    for (const [owner, list] of this.lists) {
      if (list.delete(userID)) this.store.del(storeKey.blacklist(owner, userID))
    }
  }
}
