/**
 * Conversations: the list (from the SDK's cache before the network answers, then live), read reports (coalesced,
 * read-receipts.ts), pin and delete.
 */
import type { ChatSDK, Conversation } from 'tim-wx-sdk'
import { toConversationView } from '../models/mapping'
import type { ConversationView, Credentials } from '../models/types'
import { toImError } from './errors'
import { createReadReceipts } from './read-receipts'
import type { ImStores, Logger, Timers } from './types'

export interface ConversationsContext {
  readySdk(): Promise<ChatSDK>
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
  const { stores } = context

  function showList(conversations: readonly Conversation[]): void {
    const myUserID = context.userID()
    const now = context.now()
    const views = conversations
      .map((conversation) => toConversationView(conversation, myUserID, now))
      .filter((view): view is ConversationView => view !== null)
    stores.batch(() => {
      stores.conversations.setAll(views)
      for (const conversation of conversations) {
        if (conversation.peerReadTime > 0) {
          stores.chat.setPeerReadTime(conversation.conversationID, conversation.peerReadTime * 1000)
        }
      }
    })
  }

  const readReceipts = createReadReceipts({
    intervalMs: context.readReceiptIntervalMs,
    now: context.now,
    timers: context.timers,
    log: context.log,
    report: async (conversationID) => {
      const tim = await context.readySdk()
      try {
        await tim.setMessageRead({ conversationID })
      } catch (error) {
        throw toImError(error)
      }
    },
  })

  async function refresh(): Promise<void> {
    const tim = await context.readySdk()
    try {
      showList((await tim.getConversationList()).data.conversationList)
    } catch (error) {
      throw toImError(error)
    }
  }

  return {
    sdkHandlers: {
      onConversationListUpdated: (conversations: Conversation[]) => showList(conversations),
    },

    /** Before the network answers: the list the SDK cached last time, when there is one and nothing newer. */
    showCached(credentials: Credentials): void {
      if (stores.conversations.list.length > 0) return
      const cached = context.readSdkCache(
        sdkConversationCacheKey(credentials.sdkAppID, credentials.userID),
      )
      if (!Array.isArray(cached)) return
      const conversations = cached.filter(isCachedConversation)
      const now = context.now()
      const views = conversations
        .map((conversation) => toConversationView(conversation, credentials.userID, now))
        .filter((view): view is ConversationView => view !== null)
      if (views.length > 0) stores.conversations.setAll(views)
    },

    async loadAfterReady(tim: ChatSDK): Promise<void> {
      try {
        showList((await tim.getConversationList()).data.conversationList)
      } catch (error) {
        context.log.warn('loading the conversation list after SDK_READY failed', error)
      }
    },

    refresh,

    /** Clears the badge at once; the report to the server is coalesced (leading and trailing). */
    markRead(conversationID: string): Promise<void> {
      stores.conversations.markRead(conversationID)
      return readReceipts.request(conversationID)
    },

    async remove(conversationID: string): Promise<void> {
      const tim = await context.readySdk()
      try {
        await tim.deleteConversation(conversationID)
      } catch (error) {
        throw toImError(error)
      }
      stores.batch(() => {
        stores.conversations.remove(conversationID)
        stores.chat.clearConversation(conversationID)
      })
    },

    async pin(conversationID: string, pinned: boolean): Promise<void> {
      const tim = await context.readySdk()
      try {
        await tim.pinConversation({ conversationID, isPinned: pinned })
      } catch (error) {
        throw toImError(error)
      }
      const current = stores.conversations.byID(conversationID)
      if (current && current.pinned !== pinned) {
        stores.conversations.upsert(Object.freeze({ ...current, pinned }))
      }
    },

    forget(reason: unknown): void {
      readReceipts.cancelAll(reason)
    },
  }
}

export type Conversations = ReturnType<typeof createConversations>
