/**
 * Something kept on the phone per account (the conversation list, unsent drafts): put back into its store at
 * launch, before the IM door resumes; written again as the store changes; removed when the session ends, so
 * another account on the same phone never sees it.
 */
import type { Credentials } from '../models/types'
import { readJson, remove, writeJson } from '../services/storage'
import { reaction } from '../stores/mobx'

type Account = Pick<Credentials, 'sdkAppID' | 'userID'>

export interface AccountCache {
  /** At launch: what was kept for the account goes back into the store (each cache decides whether it may). */
  restore(account: Account): void
  /** Keeps the account's state as it changes, until `stop` or `forget`. */
  watch(account: Account): void
  stop(): void
  /** The session is over: what was kept goes with it. */
  forget(account: Account): void
}

export interface AccountCacheOptions<T> {
  /** Part of the storage key, `tim-c2c:<name>:<sdkAppID>:<userID>`. */
  name: string
  /** A stored value is used only when it has the shape this accepts (storage can hold anything). */
  isValid: (value: unknown) => value is T
  /** What the store holds now, as kept; null writes nothing. Read inside a reaction: changes it reads rewrite. */
  snapshot: () => T | null
  /** Puts a kept value back into the store. */
  apply: (kept: T) => void
  /** Changes that come in bursts are written once per burst; 0 writes at once. */
  writeDelayMs: number
}

export function accountCache<T>(options: AccountCacheOptions<T>): AccountCache {
  const keyOf = (account: Account) =>
    `tim-c2c:${options.name}:${account.sdkAppID}:${account.userID}`
  let stopWatching: (() => void) | null = null
  let pendingWrite: ReturnType<typeof setTimeout> | undefined

  const cache: AccountCache = {
    restore(account) {
      const kept = readJson(keyOf(account), options.isValid)
      if (kept !== null) options.apply(kept)
    },

    watch(account) {
      cache.stop()
      const key = keyOf(account)
      stopWatching = reaction(options.snapshot, (kept) => {
        if (pendingWrite) clearTimeout(pendingWrite)
        pendingWrite = undefined
        if (kept === null) return
        if (options.writeDelayMs === 0) {
          writeJson(key, kept)
          return
        }
        pendingWrite = setTimeout(() => {
          pendingWrite = undefined
          writeJson(key, kept)
        }, options.writeDelayMs)
      })
    },

    stop() {
      stopWatching?.()
      stopWatching = null
      if (pendingWrite) clearTimeout(pendingWrite)
      pendingWrite = undefined
    },

    forget(account) {
      cache.stop()
      remove(keyOf(account))
    },
  }
  return cache
}
