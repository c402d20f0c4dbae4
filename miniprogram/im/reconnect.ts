/**
 * The reconnect limits (Easemob's autoReconnectNumMax, NetEase's reconnectionAttempts): while the phone has a
 * network, count failed (re)connect attempts and time spent disconnected; past either limit, give up. While the
 * phone has no network nothing counts: the app waits for the network instead.
 */
import type { Timers } from './types'

export interface ReconnectLimits {
  maxFailedReconnects: number
  maxDisconnectedMs: number
}

export interface ReconnectPolicy {
  /** Connected again: counters back to zero. */
  connected(): void
  /** The connection is down (the phone has a network): the disconnected clock starts if it was not running. */
  disconnected(): void
  /** One attempt failed. */
  attemptFailed(): void
  /** The phone lost its network: nothing counts until it is back. */
  pause(): void
  readonly failedAttempts: number
}

export function createReconnectPolicy(context: {
  limits: () => ReconnectLimits
  now: () => number
  timers: Timers
  giveUp: () => void
}): ReconnectPolicy {
  let failed = 0
  let since = 0
  let timer: unknown = null

  const stopClock = (): void => {
    if (timer !== null) context.timers.clearTimeout(timer)
    timer = null
    since = 0
  }
  const reset = (): void => {
    failed = 0
    stopClock()
  }
  const exhausted = (): void => {
    reset()
    context.giveUp()
  }
  const startClock = (): void => {
    if (since !== 0) return
    since = context.now()
    timer = context.timers.setTimeout(exhausted, context.limits().maxDisconnectedMs)
  }

  return {
    get failedAttempts() {
      return failed
    },
    connected: reset,
    pause: reset,
    disconnected: startClock,
    attemptFailed() {
      startClock()
      failed += 1
      if (failed >= context.limits().maxFailedReconnects) exhausted()
    },
  }
}
