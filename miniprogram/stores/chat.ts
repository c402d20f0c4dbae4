import type { ChatChange, MessageView } from '../models/types'
import { makeAutoObservable, observable } from './mobx'

export interface ChatState {
  readonly messages: readonly MessageView[]
  /** Cursor for the next (older) history page; '' before the first page. */
  readonly nextReqMessageID: string
  readonly isCompleted: boolean
  /** Milliseconds: the peer has read everything up to this time. */
  readonly peerReadTime: number
}

export type ChatChangeListener = (change: ChatChange) => void

const EMPTY_MESSAGES: readonly MessageView[] = Object.freeze([])
const EMPTY_CHAT: ChatState = Object.freeze({
  messages: EMPTY_MESSAGES,
  nextReqMessageID: '',
  isCompleted: false,
  peerReadTime: 0,
})

/** Index of the message with this ID, searching from the newest end where updates usually land. */
function indexOfID(messages: readonly MessageView[], id: string): number {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index]?.id === id) return index
  }
  return -1
}

/** Where a message of this time goes: after every message at the same time or earlier. */
function insertionIndex(messages: readonly MessageView[], time: number): number {
  let index = messages.length
  while (index > 0 && (messages[index - 1]?.time ?? 0) > time) index -= 1
  return index
}

class ChatStore {
  chats: Readonly<Record<string, ChatState>> = {}
  /** The conversation the chat page has open ('' when none): its incoming messages count as read. */
  activeConversationID = ''
  /** Conversations whose peer is typing now (online-only signals; never messages). */
  typing: Readonly<Record<string, true>> = {}
  private readonly listeners = new Map<string, Set<ChatChangeListener>>()

  constructor() {
    makeAutoObservable<ChatStore, 'listeners' | 'emit'>(this, {
      chats: observable.ref,
      typing: observable.ref,
      listeners: false,
      emit: false,
    })
  }

  stateOf(conversationID: string): ChatState {
    return this.chats[conversationID] ?? EMPTY_CHAT
  }

  messagesOf(conversationID: string): readonly MessageView[] {
    return this.stateOf(conversationID).messages
  }

  findMessage(messageID: string): MessageView | undefined {
    for (const state of Object.values(this.chats)) {
      const index = indexOfID(state.messages, messageID)
      if (index >= 0) return state.messages[index]
    }
    return undefined
  }

  /** Path-update feed for one conversation; returns the unsubscribe. */
  onChange(conversationID: string, listener: ChatChangeListener): () => void {
    let set = this.listeners.get(conversationID)
    if (!set) {
      set = new Set()
      this.listeners.set(conversationID, set)
    }
    set.add(listener)
    return () => {
      const current = this.listeners.get(conversationID)
      current?.delete(listener)
      if (current && current.size === 0) this.listeners.delete(conversationID)
    }
  }

  setActiveConversation(conversationID: string): void {
    this.activeConversationID = conversationID
  }

  /**
   * Adds new messages and replaces known ones (same ID), whatever order they come in.
   * A message delivered twice (push and sync, or REST echo) therefore shows once.
   */
  upsertMessages(conversationID: string, views: readonly MessageView[]): void {
    if (views.length === 0) return
    const state = this.stateOf(conversationID)
    const messages = state.messages.slice()
    const changes: ChatChange[] = []
    const appended: MessageView[] = []
    let appendStart = -1
    let reordered = false
    for (const view of views) {
      const existing = indexOfID(messages, view.id)
      if (existing >= 0) {
        if (messages[existing] === view) continue
        messages[existing] = view
        changes.push({ kind: 'update', messages: [view], index: existing })
        continue
      }
      const at = insertionIndex(messages, view.time)
      if (at === messages.length) {
        if (appendStart < 0) appendStart = at
        appended.push(view)
        messages.push(view)
      } else {
        reordered = true
        messages.splice(at, 0, view)
      }
    }
    if (!reordered && changes.length === 0 && appended.length === 0) return
    Object.freeze(messages)
    this.setState(conversationID, { ...state, messages })
    if (reordered) {
      this.emit(conversationID, { kind: 'reset', messages })
      return
    }
    for (const change of changes) this.emit(conversationID, change)
    if (appended.length > 0) {
      this.emit(conversationID, { kind: 'append', messages: appended, index: appendStart })
    }
  }

  /** An older history page: goes in front, skipping anything already shown. */
  prependHistory(
    conversationID: string,
    views: readonly MessageView[],
    nextReqMessageID: string,
    isCompleted: boolean,
  ): void {
    const state = this.stateOf(conversationID)
    const known = new Set(state.messages.map((message) => message.id))
    const seen = new Set<string>()
    const older = views.filter((view) => {
      if (known.has(view.id) || seen.has(view.id)) return false
      seen.add(view.id)
      return true
    })
    const messages = Object.freeze([...older, ...state.messages])
    this.setState(conversationID, { ...state, messages, nextReqMessageID, isCompleted })
    if (older.length > 0) this.emit(conversationID, { kind: 'prepend', messages: older, index: 0 })
  }

  removeMessage(conversationID: string, messageID: string): void {
    const state = this.stateOf(conversationID)
    const index = indexOfID(state.messages, messageID)
    if (index < 0) return
    const removed = state.messages[index] as MessageView
    const messages = Object.freeze(state.messages.filter((message) => message.id !== messageID))
    this.setState(conversationID, { ...state, messages })
    this.emit(conversationID, { kind: 'remove', messages: [removed], index })
  }

  setPeerReadTime(conversationID: string, peerReadTime: number): void {
    const state = this.stateOf(conversationID)
    if (peerReadTime <= state.peerReadTime) return
    this.setState(conversationID, { ...state, peerReadTime })
  }

  /** Forget one conversation (deleted, or history to be fetched again). */
  clearConversation(conversationID: string): void {
    if (!(conversationID in this.chats)) return
    const next = { ...this.chats }
    delete next[conversationID]
    this.chats = Object.freeze(next)
    this.emit(conversationID, { kind: 'reset', messages: EMPTY_MESSAGES })
  }

  setPeerTyping(conversationID: string, isTyping: boolean): void {
    if (Boolean(this.typing[conversationID]) === isTyping) return
    const next = { ...this.typing }
    if (isTyping) next[conversationID] = true
    else delete next[conversationID]
    this.typing = Object.freeze(next)
  }

  reset(): void {
    const open = Object.keys(this.chats)
    this.chats = {}
    this.typing = {}
    this.activeConversationID = ''
    for (const conversationID of open) {
      this.emit(conversationID, { kind: 'reset', messages: EMPTY_MESSAGES })
    }
  }

  private setState(conversationID: string, state: ChatState): void {
    this.chats = Object.freeze({ ...this.chats, [conversationID]: Object.freeze(state) })
  }

  private emit(conversationID: string, change: ChatChange): void {
    const set = this.listeners.get(conversationID)
    if (!set) return
    for (const listener of [...set]) {
      try {
        listener(change)
      } catch (error) {
        // One broken page must not stop the store or the other listeners.
        console.error('chatStore listener failed', error)
      }
    }
  }
}

export const chatStore = new ChatStore()
export type { ChatStore }
