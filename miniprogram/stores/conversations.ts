import type { ConversationRow, ConversationView, UserView } from '../models/types'
import { compareConversations } from '../models/mapping'
import { formatRelativeTime } from '../models/format'
import { contactStore } from './contacts'
import { comparer, computed, makeAutoObservable, observable } from './mobx'

function sameView(a: ConversationView, b: ConversationView | undefined): boolean {
  if (!b) return false
  return (Object.keys(a) as (keyof ConversationView)[]).every((key) => a[key] === b[key])
}

/** Rows already made, per conversation view: a row keeps its identity while its conversation and name do. */
const rowCache = new WeakMap<ConversationView, ConversationRow>()

function rowOf(conversation: ConversationView, name: string): ConversationRow {
  const cached = rowCache.get(conversation)
  if (cached?.name === name) return cached
  const row = Object.freeze({ ...conversation, name })
  rowCache.set(conversation, row)
  return row
}

class ConversationStore {
  /** Pinned first, then by last message time. Replaced as a whole on every change. */
  list: readonly ConversationView[] = []

  constructor() {
    // Rows compared element by element: a contacts refresh that renames nobody does not re-render the list.
    makeAutoObservable(this, { list: observable.ref, rows: computed({ equals: comparer.shallow }) })
  }

  /** The list as shown: each row with its peer's name (my remark, else nickname, else user ID). */
  get rows(): readonly ConversationRow[] {
    return Object.freeze(
      this.list.map((conversation) =>
        rowOf(
          conversation,
          contactStore.nameOf({ userID: conversation.peerID, nick: conversation.nick }),
        ),
      ),
    )
  }

  get totalUnread(): number {
    return this.list.reduce((sum, conversation) => sum + conversation.unread, 0)
  }

  byID(conversationID: string): ConversationView | undefined {
    return this.list.find((conversation) => conversation.conversationID === conversationID)
  }

  /**
   * The SDK always reports the complete list, so this replaces rather than merges. A list equal to the one
   * shown (the SDK reports the same list again after its sync) changes nothing, so pages do not re-render it.
   */
  setAll(conversations: readonly ConversationView[]): void {
    const unique = new Map<string, ConversationView>()
    for (const conversation of conversations) unique.set(conversation.conversationID, conversation)
    const next = [...unique.values()].sort(compareConversations)
    if (next.length === this.list.length && next.every((item, i) => sameView(item, this.list[i]))) {
      return
    }
    this.list = Object.freeze(next)
  }

  upsert(conversation: ConversationView): void {
    const others = this.list.filter((item) => item.conversationID !== conversation.conversationID)
    this.list = Object.freeze([...others, conversation].sort(compareConversations))
  }

  remove(conversationID: string): void {
    if (!this.byID(conversationID)) return
    this.list = Object.freeze(this.list.filter((item) => item.conversationID !== conversationID))
  }

  /** Clears the badge at once when the user opens a chat, before the SDK confirms. */
  markRead(conversationID: string): void {
    const current = this.byID(conversationID)
    if (!current || current.unread === 0) return
    this.upsert(Object.freeze({ ...current, unread: 0, unreadText: '' }))
  }

  /** A peer changed their nickname or avatar: their conversation shows it at once. */
  applyPeerProfiles(profiles: readonly UserView[]): void {
    const byPeer = new Map(profiles.map((profile) => [profile.userID, profile]))
    let changed = false
    const next = this.list.map((conversation) => {
      const profile = byPeer.get(conversation.peerID)
      if (!profile) return conversation
      if (profile.nick === conversation.nick && profile.avatar === conversation.avatar) {
        return conversation
      }
      changed = true
      return Object.freeze({ ...conversation, nick: profile.nick, avatar: profile.avatar })
    })
    if (changed) this.list = Object.freeze(next)
  }

  /** Re-renders 刚刚 / HH:mm / 昨天 as time passes (call on page show). */
  refreshTimeTexts(now: number): void {
    let changed = false
    const next = this.list.map((conversation) => {
      const timeText = formatRelativeTime(conversation.lastTime, now)
      if (timeText === conversation.timeText) return conversation
      changed = true
      return Object.freeze({ ...conversation, timeText })
    })
    if (changed) this.list = Object.freeze(next)
  }

  reset(): void {
    this.list = []
  }
}

export const conversationStore = new ConversationStore()
export type { ConversationStore }
