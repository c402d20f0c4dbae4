/**
 * Exact delivery tracking. Every message to a user has an inbox number; each login session
 * (A2Key) and each account keeps a contiguous mark ("everything up to here arrived") plus the set
 * of numbers that arrived above it. A message counts as arrived only on proof from the client:
 * its push ack, a later push ack on the same socket (a socket delivers in order), or a login
 * sync cookie that covers it. Pushes and sync pages on a socket that dies unacknowledged are
 * simply not proven, so the next sync returns them.
 */
import { storeKey, type ChatMessage } from './model-types'
import type { RecordStore } from './store'

interface DeliveredRecord {
  mark: number
  above: number[]
}

/** A contiguous mark plus the numbers received above it. */
export class DeliveredSet {
  private mark: number
  private readonly above: Set<number>

  constructor(record: DeliveredRecord = { mark: 0, above: [] }) {
    this.mark = record.mark
    this.above = new Set(record.above.filter((seq) => seq > record.mark))
  }

  has(seq: number): boolean {
    return seq <= this.mark || this.above.has(seq)
  }

  get contiguous(): number {
    return this.mark
  }

  /** Adds one number; returns whether anything changed. */
  add(seq: number): boolean {
    if (this.has(seq)) return false
    this.above.add(seq)
    this.advance()
    return true
  }

  /** Adds every number up to `seq`. */
  addThrough(seq: number): boolean {
    if (seq <= this.mark) return false
    this.mark = seq
    for (const value of this.above) if (value <= seq) this.above.delete(value)
    this.advance()
    return true
  }

  private advance(): void {
    while (this.above.delete(this.mark + 1)) this.mark++
  }

  toRecord(): DeliveredRecord {
    return { mark: this.mark, above: [...this.above].sort((a, b) => a - b) }
  }
}

interface SessionState {
  a2Key: string
  userID: string
  delivered: DeliveredSet
  /** Inbox numbers sent and not yet proven, per connection, in the order they were sent. */
  inFlight: Map<string, number[]>
}

/** What the tracker needs to know about messages. */
export interface InboxView {
  inbox(userID: string): readonly ChatMessage[]
  /** Whether a message still shows for its recipient (not cleared or deleted by them). */
  isVisibleTo(userID: string, message: ChatMessage): boolean
}

export class DeliveryTracker {
  private readonly sessions = new Map<string, SessionState>()
  private readonly accounts = new Map<string, DeliveredSet>()

  constructor(
    private readonly store: RecordStore,
    private readonly inboxes: InboxView,
  ) {}

  loadAccount(userID: string, record: DeliveredRecord): void {
    this.accounts.set(userID, new DeliveredSet(record))
  }

  loadSession(a2Key: string, userID: string, record: DeliveredRecord): void {
    this.sessions.set(a2Key, {
      a2Key,
      userID,
      delivered: new DeliveredSet(record),
      inFlight: new Map(),
    })
  }

  /** The session's state; a new session starts from what its account has received. */
  private session(a2Key: string, userID: string): SessionState {
    let state = this.sessions.get(a2Key)
    if (!state) {
      const start = this.accounts.get(userID)?.toRecord()
      state = { a2Key, userID, delivered: new DeliveredSet(start), inFlight: new Map() }
      this.sessions.set(a2Key, state)
      this.saveSession(state)
    }
    return state
  }

  endSession(a2Key: string): void {
    if (this.sessions.delete(a2Key)) this.store.del(storeKey.sessionDelivery(a2Key))
  }

  forgetAccount(userID: string): void {
    if (this.accounts.delete(userID)) this.store.del(storeKey.accountDelivery(userID))
  }

  /**
   * Inbox messages the session has not been proven to have, oldest first, leaving out those
   * in flight on `connectionID` (that socket delivers them before anything sent after them).
   */
  undelivered(a2Key: string, userID: string, connectionID: string, limit = Infinity) {
    const state = this.session(a2Key, userID)
    const pending = new Set(state.inFlight.get(connectionID) ?? [])
    const inbox = this.inboxes.inbox(userID)
    const result: ChatMessage[] = []
    for (let index = state.delivered.contiguous; index < inbox.length; index++) {
      const message = inbox[index] as ChatMessage
      if (state.delivered.has(message.inboxSeq) || pending.has(message.inboxSeq)) continue
      if (!this.inboxes.isVisibleTo(userID, message)) continue
      result.push(message)
      if (result.length > limit) break
    }
    return result
  }

  hasUndelivered(a2Key: string, userID: string, connectionID: string): boolean {
    return this.undelivered(a2Key, userID, connectionID, 0).length > 0
  }

  /** Highest inbox number the user has so far. */
  inboxHead(userID: string): number {
    return this.inboxes.inbox(userID).length
  }

  /** Records that these inbox numbers were just written to the connection. */
  sent(a2Key: string, userID: string, connectionID: string, seqs: number[]): void {
    const state = this.session(a2Key, userID)
    for (const list of state.inFlight.values()) {
      // Sent again on this connection: the earlier copy no longer matters.
      for (const seq of seqs) {
        const at = list.indexOf(seq)
        if (at >= 0) list.splice(at, 1)
      }
    }
    let list = state.inFlight.get(connectionID)
    if (!list) {
      list = []
      state.inFlight.set(connectionID, list)
    }
    list.push(...seqs)
  }

  /** The client acked a push: it has it, and everything sent before it on the same socket. */
  acked(a2Key: string, userID: string, seq: number): void {
    // An ack for a message that does not exist yet proves nothing.
    if (seq > this.inboxHead(userID)) return
    const state = this.session(a2Key, userID)
    const proven = [seq]
    for (const list of state.inFlight.values()) {
      const at = list.indexOf(seq)
      if (at < 0) continue
      proven.push(...list.splice(0, at + 1))
      break
    }
    this.prove(state, (set) => proven.map((value) => set.add(value)).some(Boolean))
  }

  /** A sync cookie: every message up to `seq` reached the client through sync pages. */
  cookiePresented(a2Key: string, userID: string, seq: number): void {
    const state = this.session(a2Key, userID)
    const head = this.inboxHead(userID)
    const through = Math.min(seq, head)
    for (const list of state.inFlight.values()) {
      for (let at = list.length - 1; at >= 0; at--)
        if ((list[at] ?? 0) <= through) list.splice(at, 1)
    }
    this.prove(state, (set) => set.addThrough(through))
  }

  /** The connection is gone: what it carried unproven is undelivered again. */
  connectionClosed(a2Key: string | undefined, connectionID: string): void {
    if (a2Key) this.sessions.get(a2Key)?.inFlight.delete(connectionID)
  }

  private prove(state: SessionState, change: (set: DeliveredSet) => boolean): void {
    if (change(state.delivered)) this.saveSession(state)
    let account = this.accounts.get(state.userID)
    if (!account) {
      account = new DeliveredSet()
      this.accounts.set(state.userID, account)
    }
    if (change(account)) {
      this.store.put(storeKey.accountDelivery(state.userID), {
        userID: state.userID,
        ...account.toRecord(),
      })
    }
  }

  private saveSession(state: SessionState): void {
    this.store.put(storeKey.sessionDelivery(state.a2Key), {
      a2Key: state.a2Key,
      userID: state.userID,
      ...state.delivered.toRecord(),
    })
  }
}
