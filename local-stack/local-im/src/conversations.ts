/** Each user's view of their C2C conversations: visibility, cleared history, reads, unread. */
import type { MessageLog } from './messages'
import {
  storeKey,
  type ChatMessage,
  type ConversationState,
  type ModelListener,
} from './model-types'
import type { RecordStore } from './store'

export interface HistoryQuery {
  count: number
  anchorKey?: string
  anchorTime?: number
  older: boolean
}

export class ConversationBook {
  private readonly states = new Map<string, Map<string, ConversationState>>()

  constructor(
    private readonly store: RecordStore,
    private readonly messages: MessageLog,
    private readonly listener: () => ModelListener | undefined,
  ) {}

  load(state: ConversationState): void {
    this.statesOf(state.owner).set(state.peer, state)
  }

  private statesOf(owner: string): Map<string, ConversationState> {
    let map = this.states.get(owner)
    if (!map) {
      map = new Map()
      this.states.set(owner, map)
    }
    return map
  }

  private state(owner: string, peer: string): ConversationState {
    const map = this.statesOf(owner)
    let state = map.get(peer)
    if (!state) {
      state = { owner, peer, readSeq: 0, readTime: 0, clearedSeq: 0, visible: true }
      map.set(peer, state)
    }
    return state
  }

  private save(state: ConversationState): void {
    this.store.put(storeKey.conversation(state.owner, state.peer), state)
  }

  /** A new message makes the conversation show up in the owner's list again. */
  touch(owner: string, peer: string): void {
    const known = this.states.get(owner)?.get(peer)
    if (known?.visible) return
    const state = known ?? this.state(owner, peer)
    state.visible = true
    this.save(state)
  }

  /** Whether the owner still sees the message (not cleared, deleted or kept from them). */
  isVisibleTo(owner: string, message: ChatMessage): boolean {
    if (message.hiddenFromSender && message.from === owner) return false
    if (message.deletedFor?.includes(owner)) return false
    const peer = message.from === owner ? message.to : message.from
    return message.seq > (this.states.get(owner)?.get(peer)?.clearedSeq ?? 0)
  }

  /** The owner's view of a conversation's messages, oldest first. */
  visibleMessages(owner: string, peer: string): ChatMessage[] {
    return this.messages.conversation(owner, peer).filter((m) => this.isVisibleTo(owner, m))
  }

  /**
   * One page of roaming history, as openim.getroammsg pages it: `older` walks back from the
   * anchor (exclusive), otherwise forward. Pages are returned oldest first; `complete` says the
   * page reaches the end of the conversation in that direction.
   */
  history(owner: string, peer: string, query: HistoryQuery) {
    const list = this.visibleMessages(owner, peer)
    const count = Math.max(1, Math.min(query.count, 100))
    const anchorIndex = findAnchor(list, query)
    if (query.older) {
      const start = Math.max(0, anchorIndex - count)
      return { messages: list.slice(start, anchorIndex), complete: start === 0 }
    }
    const end = Math.min(list.length, anchorIndex + 1 + count)
    return { messages: list.slice(anchorIndex + 1, end), complete: end >= list.length }
  }

  /** Deletes messages (by MsgKey) from the owner's history only; the peer keeps them. */
  deleteMessagesFor(owner: string, peer: string, keys: string[]): number {
    let deleted = 0
    for (const message of this.messages.conversation(owner, peer)) {
      if (!keys.includes(message.key) || message.deletedFor?.includes(owner)) continue
      message.deletedFor = [...(message.deletedFor ?? []), owner]
      this.messages.save(message)
      deleted++
    }
    return deleted
  }

  /** Clears the owner's history of a conversation (recentcontact.clear_msg). */
  clearHistory(owner: string, peer: string): void {
    const state = this.state(owner, peer)
    const lastSeq = this.messages.conversation(owner, peer).at(-1)?.seq ?? 0
    state.clearedSeq = lastSeq
    state.readSeq = Math.max(state.readSeq, lastSeq)
    this.save(state)
  }

  deleteConversation(owner: string, peer: string, clearHistory: boolean): void {
    const state = this.state(owner, peer)
    const lastSeq = this.messages.conversation(owner, peer).at(-1)?.seq ?? 0
    state.visible = false
    state.readSeq = Math.max(state.readSeq, lastSeq)
    if (clearHistory) state.clearedSeq = lastSeq
    this.save(state)
  }

  unreadCount(owner: string, peer: string): number {
    const list = this.messages.conversation(owner, peer)
    const state = this.states.get(owner)?.get(peer)
    const floor = Math.max(state?.readSeq ?? 0, state?.clearedSeq ?? 0)
    let unread = 0
    for (let index = list.length - 1; index >= 0; index--) {
      const message = list[index]
      if (!message || message.seq <= floor) break
      if (message.from === peer && !message.noUnread && !message.revoked) {
        if (!message.deletedFor?.includes(owner)) unread++
      }
    }
    return unread
  }

  lastMessage(owner: string, peer: string): ChatMessage | undefined {
    const list = this.visibleMessages(owner, peer)
    for (let index = list.length - 1; index >= 0; index--) {
      const message = list[index]
      if (message && !message.noLastMsg) return message
    }
    return undefined
  }

  /** The owner's visible conversations, most recent first. */
  list(owner: string) {
    const result: {
      peer: string
      last: ChatMessage | undefined
      unread: number
      peerReadTime: number
    }[] = []
    for (const state of this.statesOf(owner).values()) {
      if (!state.visible) continue
      result.push({
        peer: state.peer,
        last: this.lastMessage(owner, state.peer),
        unread: this.unreadCount(owner, state.peer),
        peerReadTime: this.peerReadTime(owner, state.peer),
      })
    }
    return result
      .filter((item) => item.last !== undefined)
      .sort((a, b) => (b.last?.globalSeq ?? 0) - (a.last?.globalSeq ?? 0))
  }

  /**
   * The owner read the conversation up to `readTime` (whole seconds, as the SDK reports). The
   * position is taken by message order at report time, so a message arriving later in the same
   * second stays unread.
   */
  reportRead(owner: string, peer: string, readTime: number, receipt: boolean, connID?: string) {
    const list = this.messages.conversation(owner, peer)
    const state = this.state(owner, peer)
    for (let index = list.length - 1; index >= 0; index--) {
      const message = list[index]
      if (message && message.time <= readTime) {
        state.readSeq = Math.max(state.readSeq, message.seq)
        break
      }
    }
    state.readTime = Math.max(state.readTime, readTime)
    this.save(state)
    this.listener()?.readReported(owner, peer, state.readTime, receipt, connID)
  }

  /** Marks every conversation read (read_all_unread_msg). */
  readAll(owner: string, connectionID?: string): void {
    for (const state of this.statesOf(owner).values()) {
      if (this.unreadCount(owner, state.peer) === 0) continue
      const last = this.messages.conversation(owner, state.peer).at(-1)
      if (last) this.reportRead(owner, state.peer, last.time, true, connectionID)
    }
  }

  /** When the peer last read my messages in our conversation. */
  peerReadTime(owner: string, peer: string): number {
    return this.states.get(peer)?.get(owner)?.readTime ?? 0
  }
}

/** The index the page is anchored at (exclusive); past either end when there is no anchor. */
function findAnchor(list: ChatMessage[], query: HistoryQuery): number {
  const { older } = query
  if (query.anchorKey) {
    const index = list.findIndex((m) => m.key === query.anchorKey)
    if (index >= 0) return index
    // The anchor is gone (deleted history): fall back to its time.
    if (query.anchorTime) return timeAnchor(list, query.anchorTime, older, false)
    return older ? list.length : -1
  }
  // Time-anchored (getMessageListHopping): the anchor second itself is included.
  if (query.anchorTime) return timeAnchor(list, query.anchorTime, older, true)
  return older ? list.length : -1
}

function timeAnchor(list: ChatMessage[], t: number, older: boolean, inclusive: boolean): number {
  if (older) {
    if (inclusive) {
      let index = list.length
      while (index > 0 && (list[index - 1]?.time ?? 0) > t) index--
      return index
    }
    const index = list.findIndex((m) => m.time >= t)
    return index < 0 ? list.length : index
  }
  if (inclusive) {
    const index = list.findIndex((m) => m.time >= t) - 1
    return index < -1 ? list.length - 1 : index
  }
  let anchor = -1
  list.forEach((m, index) => {
    if (m.time <= t) anchor = index
  })
  return anchor
}
