/**
 * The conversation list as it last was, kept on the phone per account, so a launch with a saved session paints
 * the whole list at once, as WeChat does, while the SDK logs in. (The SDK's own cache holds only its 20 most
 * recent conversations; the rest would appear only once the server answered.) The live list replaces it as soon
 * as the IM door has it; nothing is kept once the session ends.
 */
import type { Credentials, ConversationView } from '../models/types'
import { formatRelativeTime, formatUnread } from '../models/format'
import { readJson, remove, writeJson } from '../services/storage'
import { conversationStore } from '../stores/conversations'
import { reaction } from '../stores/mobx'

/** More than a screen or two; beyond this the list waits for the server. */
const KEPT = 100
/** The list changes in bursts (a new message moves a row, then its unread count): one write per burst. */
const WRITE_DELAY_MS = 1_000

type Kept = Pick<
  ConversationView,
  'conversationID' | 'peerID' | 'nick' | 'avatar' | 'preview' | 'lastTime' | 'unread' | 'pinned'
>

function keyOf(account: Pick<Credentials, 'sdkAppID' | 'userID'>): string {
  return `tim-c2c:conversations:${account.sdkAppID}:${account.userID}`
}

function isKept(value: unknown): value is Kept {
  const v = value as Partial<Record<keyof Kept, unknown>> | null
  return (
    typeof v?.conversationID === 'string' &&
    typeof v.peerID === 'string' &&
    typeof v.nick === 'string' &&
    typeof v.avatar === 'string' &&
    typeof v.preview === 'string' &&
    typeof v.lastTime === 'number' &&
    typeof v.unread === 'number' &&
    typeof v.pinned === 'boolean'
  )
}

function isKeptList(value: unknown): value is Kept[] {
  return Array.isArray(value) && value.every(isKept)
}

let stopWatching: (() => void) | null = null
let pendingWrite: ReturnType<typeof setTimeout> | undefined

export const conversationCache = {
  /** At launch, before the IM door resumes: the account's last list, if the store has none yet. */
  restore(account: Credentials): void {
    if (conversationStore.list.length > 0) return
    const kept = readJson(keyOf(account), isKeptList)
    if (!kept || kept.length === 0) return
    const now = Date.now()
    conversationStore.setAll(
      kept.map((item) =>
        Object.freeze({
          ...item,
          timeText: formatRelativeTime(item.lastTime, now),
          unreadText: formatUnread(item.unread),
        }),
      ),
    )
  },

  /** Keeps the account's list as it changes, until `forget`. */
  watch(account: Credentials): void {
    this.stop()
    const key = keyOf(account)
    stopWatching = reaction(
      () => conversationStore.list,
      (list) => {
        if (pendingWrite) clearTimeout(pendingWrite)
        pendingWrite = setTimeout(() => {
          pendingWrite = undefined
          const kept: Kept[] = list.slice(0, KEPT).map((item) => ({
            conversationID: item.conversationID,
            peerID: item.peerID,
            nick: item.nick,
            avatar: item.avatar,
            preview: item.preview,
            lastTime: item.lastTime,
            unread: item.unread,
            pinned: item.pinned,
          }))
          if (kept.length > 0) writeJson(key, kept)
        }, WRITE_DELAY_MS)
      },
    )
  },

  stop(): void {
    stopWatching?.()
    stopWatching = null
    if (pendingWrite) clearTimeout(pendingWrite)
    pendingWrite = undefined
  },

  /** The session is over: the list goes with it. */
  forget(account: Pick<Credentials, 'sdkAppID' | 'userID'>): void {
    this.stop()
    remove(keyOf(account))
  },
}
