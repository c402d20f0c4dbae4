/**
 * Read reports, coalesced per conversation with a leading and a trailing edge: the first request goes out at once
 * (one macrotask later, once the SDK has counted the message that caused it), later ones within the interval
 * wait for one trailing report, so a burst of incoming messages ends with a report that covers the last one,
 * at most one report per interval.
 */
import type { Logger, Timers } from './types'

interface Pending {
  timer: unknown
  waiters: { resolve: () => void; reject: (error: unknown) => void }[]
}

interface ConversationState {
  lastStart: number
  inFlight: Promise<void> | null
  next: Pending | null
}

export interface ReadReceipts {
  /** Resolves when a report that started after this request has finished. */
  request(conversationID: string): Promise<void>
  /** Drops scheduled reports (logout); their callers get `reason`. */
  cancelAll(reason: unknown): void
  /** Conversations with a report scheduled or on its way (diagnostics). */
  pendingCount(): number
}

export function createReadReceipts(context: {
  intervalMs: () => number
  report: (conversationID: string) => Promise<void>
  now: () => number
  timers: Timers
  log: Logger
}): ReadReceipts {
  const states = new Map<string, ConversationState>()

  function stateOf(conversationID: string): ConversationState {
    let state = states.get(conversationID)
    if (!state) {
      state = { lastStart: -Infinity, inFlight: null, next: null }
      states.set(conversationID, state)
    }
    return state
  }

  function run(conversationID: string, state: ConversationState): void {
    const pending = state.next
    state.next = null
    if (!pending) return
    state.lastStart = context.now()
    const reporting = context.report(conversationID)
    state.inFlight = reporting
    reporting.then(
      () => pending.waiters.forEach((waiter) => waiter.resolve()),
      (error: unknown) => {
        context.log.warn('read report failed', conversationID, error)
        pending.waiters.forEach((waiter) => waiter.reject(error))
      },
    )
    reporting
      .catch((_reportedAbove: unknown) => undefined)
      .finally(() => {
        state.inFlight = null
        if (state.next) schedule(conversationID, state)
      })
  }

  function schedule(conversationID: string, state: ConversationState): void {
    const pending = state.next
    if (!pending || pending.timer !== null || state.inFlight) return
    const wait = Math.max(0, state.lastStart + context.intervalMs() - context.now())
    pending.timer = context.timers.setTimeout(() => {
      pending.timer = null
      run(conversationID, state)
    }, wait)
  }

  return {
    request(conversationID) {
      const state = stateOf(conversationID)
      return new Promise<void>((resolve, reject) => {
        state.next ??= { timer: null, waiters: [] }
        state.next.waiters.push({ resolve, reject })
        schedule(conversationID, state)
      })
    },
    pendingCount() {
      let count = 0
      for (const state of states.values()) if (state.next || state.inFlight) count += 1
      return count
    },
    cancelAll(reason) {
      for (const state of states.values()) {
        const pending = state.next
        state.next = null
        if (!pending) continue
        if (pending.timer !== null) context.timers.clearTimeout(pending.timer)
        pending.waiters.forEach((waiter) => waiter.reject(reason))
      }
      states.clear()
    },
  }
}
