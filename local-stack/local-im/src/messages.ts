/** The C2C message log: every stored message, by conversation, by recipient inbox, by retry key. */
import { conversationKey, storeKey, type ChatMessage } from './model-types'
import type { RecordStore } from './store'

export class MessageLog {
  private readonly byConversation = new Map<string, ChatMessage[]>()
  private readonly byRetryKey = new Map<string, ChatMessage>()
  /** Messages to each user in arrival order: `inbox[inboxSeq - 1]`. */
  private readonly inboxes = new Map<string, ChatMessage[]>()

  constructor(private readonly store: RecordStore) {}

  /** Indexes a stored message during load; `finishLoad` puts the indexes in order. */
  load(message: ChatMessage): void {
    this.index(message)
  }

  finishLoad(): void {
    for (const list of this.byConversation.values()) list.sort((a, b) => a.seq - b.seq)
    for (const inbox of this.inboxes.values()) {
      // Records written before inboxes were numbered carry no inboxSeq: arrival order decides.
      inbox.sort((a, b) => (a.inboxSeq || 0) - (b.inboxSeq || 0) || a.globalSeq - b.globalSeq)
      inbox.forEach((message, index) => {
        if (message.inboxSeq === index + 1) return
        message.inboxSeq = index + 1
        this.save(message)
      })
    }
  }

  private index(message: ChatMessage): void {
    const conv = conversationKey(message.from, message.to)
    let list = this.byConversation.get(conv)
    if (!list) {
      list = []
      this.byConversation.set(conv, list)
    }
    list.push(message)
    this.byRetryKey.set(retryKey(message), message)
    let inbox = this.inboxes.get(message.to)
    if (!inbox) {
      inbox = []
      this.inboxes.set(message.to, inbox)
    }
    inbox.push(message)
  }

  /** The next conversation seq and inbox seq a new message between these users gets. */
  nextSeqs(from: string, to: string): { seq: number; inboxSeq: number } {
    const list = this.byConversation.get(conversationKey(from, to))
    return {
      seq: (list?.[list.length - 1]?.seq ?? 0) + 1,
      inboxSeq: (this.inboxes.get(to)?.length ?? 0) + 1,
    }
  }

  add(message: ChatMessage): void {
    this.index(message)
    this.save(message)
  }

  save(message: ChatMessage): void {
    this.store.put(
      storeKey.message(conversationKey(message.from, message.to), message.seq),
      message,
    )
  }

  /** A message stored earlier under the same retry key (sender, peer, MsgRandom, MsgSeq). */
  findRetry(m: { from: string; to: string; msgRandom: number; msgSeq: number }) {
    return this.byRetryKey.get(retryKey(m))
  }

  findByKey(a: string, b: string, msgKey: string): ChatMessage | undefined {
    return this.byConversation.get(conversationKey(a, b))?.find((m) => m.key === msgKey)
  }

  /** Every message between two users, oldest first. */
  conversation(a: string, b: string): readonly ChatMessage[] {
    return this.byConversation.get(conversationKey(a, b)) ?? []
  }

  /** Every message to a user, in inbox order. */
  inbox(userID: string): readonly ChatMessage[] {
    return this.inboxes.get(userID) ?? []
  }

  /** Users who have received at least one message. */
  recipients(): string[] {
    return [...this.inboxes.keys()]
  }
}

function retryKey(m: { from: string; to: string; msgRandom: number; msgSeq: number }): string {
  return `${m.from}\u0001${m.to}\u0001${m.msgRandom}\u0001${m.msgSeq}`
}
