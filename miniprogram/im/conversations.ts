/**
 * Conversations: the list (from the SDK's cache before the network answers, then live), read reports (coalesced,
 * read-receipts.ts), pin and delete.
 */
import type { ChatSDK, Conversation } from 'tim-wx-sdk'
import { toConversationView } from '../models/mapping'
import type { ConversationView, Credentials } from '../models/types'
import { createReadReceipts } from './read-receipts'
import type { ImStores, Logger, SdkCall, Timers } from './types'

export interface ConversationsContext {
  call: SdkCall
  userID(): string
  stores: Pick<ImStores, 'conversations' | 'chat' | 'batch'>
  readSdkCache(key: string): unknown
  readReceiptIntervalMs(): number
  now(): number
  timers: Timers
  log: Logger
}

/**
 * tim-wx-sdk 2.27.6 keeps the 20 newest conversations (no unread counts) under this key, but reads it only
 * after a successful login; before that — offline at launch — it is read here, in the SDK's own format.
 */
export function sdkConversationCacheKey(sdkAppID: number, userID: string): string {
  return `TIM_${sdkAppID}_${userID}_conversationMap`
}

function isCachedConversation(value: unknown): value is Conversation {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.conversationID === 'string' && typeof record.type === 'string'
}

export function createConversations(context: ConversationsContext) {
  const { stores, call } = context

  function viewsOf(conversations: readonly Conversation[], myUserID: string): ConversationView[] {
    const now = context.now()
    return conversations
      .map((conversation) => toConversationView(conversation, myUserID, now))
      .filter((view): view is ConversationView => view !== null)
  }

  /** The SDK reports the list several times in one turn while it syncs: only the last one is shown. */
  let pendingList: { timer: unknown; conversations: readonly Conversation[] } | null = null

  function showSoon(conversations: readonly Conversation[]): void {
    if (pendingList) {
      pendingList.conversations = conversations
      return
    }
    pendingList = {
      conversations,
      timer: context.timers.setTimeout(() => {
        const latest = pendingList?.conversations
        pendingList = null
        if (latest) showList(latest)
      }, 0),
    }
  }

  function showList(conversations: readonly Conversation[]): void {
    if (pendingList) {
      context.timers.clearTimeout(pendingList.timer)
      pendingList = null
    }
    const views = viewsOf(conversations, context.userID())
    stores.batch(() => {
      stores.conversations.setAll(views)
      for (const { conversationID, peerReadTime } of conversations) {
        if (peerReadTime > 0) stores.chat.setPeerReadTime(conversationID, peerReadTime * 1000)
      }
    })
  }

  const readReceipts = createReadReceipts({
    intervalMs: context.readReceiptIntervalMs,
    now: context.now,
    timers: context.timers,
    log: context.log,
    report: async (conversationID) => {
      await call((tim) => tim.setMessageRead({ conversationID }))
    },
  })

  async function refreshConversations(): Promise<void> {
    showList((await call((tim) => tim.getConversationList())).data.conversationList)
  }

  /** Clears the badge at once; the report to the server is coalesced (leading and trailing). */
  function markConversationRead(conversationID: string): Promise<void> {
    stores.conversations.markRead(conversationID)
    return readReceipts.request(conversationID)
  }

  async function deleteConversation(conversationID: string): Promise<void> {
    await call((tim) => tim.deleteConversation(conversationID))
    stores.batch(() => {
      stores.conversations.remove(conversationID)
      stores.chat.clearConversation(conversationID)
    })
  }

  async function pinConversation(conversationID: string, pinned: boolean): Promise<void> {
    await call((tim) => tim.pinConversation({ conversationID, isPinned: pinned }))
    const current = stores.conversations.byID(conversationID)
    if (current && current.pinned !== pinned) {
      stores.conversations.upsert(Object.freeze({ ...current, pinned }))
    }
  }

  return {
    /** The part of the IM door's public API this module provides. */
    api: { refreshConversations, markConversationRead, deleteConversation, pinConversation },
    sdkHandlers: {
      onConversationListUpdated: showSoon,
    },

    /** Before the network answers: the list the SDK cached last time, when there is one and nothing newer. */
    showCached(credentials: Credentials): void {
      if (stores.conversations.list.length > 0) return
      const cached = context.readSdkCache(
        sdkConversationCacheKey(credentials.sdkAppID, credentials.userID),
      )
      if (!Array.isArray(cached)) return
      const views = viewsOf(cached.filter(isCachedConversation), credentials.userID)
      if (views.length > 0) stores.conversations.setAll(views)
    },

    async loadAfterReady(tim: ChatSDK): Promise<void> {
      try {
        showList((await tim.getConversationList()).data.conversationList)
      } catch (error) {
        context.log.warn('conversation list after SDK_READY failed', error)
      }
    },

    refresh: refreshConversations,
    forget(reason: unknown): void {
      if (pendingList) context.timers.clearTimeout(pendingList.timer)
      pendingList = null
      readReceipts.cancelAll(reason)
    },
    pendingReadReports: () => readReceipts.pendingCount(),
  }
}
