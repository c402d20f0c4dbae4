/**
 * The conversation list as it last was, kept on the phone per account, so a launch with a saved session paints
 * the whole list at once, as WeChat does, while the SDK logs in. (The SDK's own cache holds only its 20 most
 * recent conversations; the rest would appear only once the server answered.) The live list replaces it as soon
 * as the IM door has it; nothing is kept once the session ends.
 */
import type { ConversationView } from '../models/types'
import { formatRelativeTime, formatUnread } from '../models/format'
import { conversationStore } from '../stores/conversations'
import { accountCache } from './account-cache'

/** More than a screen or two; beyond this the list waits for the server. */
const KEPT = 100

type Kept = Pick<
  ConversationView,
  'conversationID' | 'peerID' | 'nick' | 'avatar' | 'preview' | 'lastTime' | 'unread' | 'pinned'
>

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

export const conversationCache = accountCache<Kept[]>({
  name: 'conversations',
  isValid: (value): value is Kept[] => Array.isArray(value) && value.every(isKept),
  snapshot: () => {
    const list = conversationStore.list
    if (list.length === 0) return null
    return list.slice(0, KEPT).map((item) => ({
      conversationID: item.conversationID,
      peerID: item.peerID,
      nick: item.nick,
      avatar: item.avatar,
      preview: item.preview,
      lastTime: item.lastTime,
      unread: item.unread,
      pinned: item.pinned,
    }))
  },
  // Never over a list the store already has (the live one is newer).
  apply: (kept) => {
    if (conversationStore.list.length > 0 || kept.length === 0) return
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
  // The list changes in bursts (a new message moves a row, then its unread count): one write per burst.
  writeDelayMs: 1_000,
})
