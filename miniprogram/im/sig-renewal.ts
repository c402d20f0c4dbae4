/**
 * Asks for a renewed UserSig before the current one expires (seed 002's onTokenWillExpire, which Easemob fires
 * at 80% of the token's lifetime): at the configured margin before expiry, or once 80% of the lifetime has
 * passed if that is earlier; asked again once, half-way through what is left, when no renewal came.
 */
import type { Credentials } from '../models/types'
import type { Timers } from './types'

const MIN_DELAY_MS = 500
/** A failed renewal is not retried sooner than this (the app server limits UserSig requests per user). */
const MIN_RETRY_MS = 5_000
const WILL_EXPIRE_AT = 0.8

export interface SigRenewal {
  schedule(): void
  cancel(): void
}

export function createSigRenewal(context: {
  credentials(): Credentials | null
  receivedAt(): number
  marginMs(): number
  now(): number
  timers: Timers
  willExpire(userID: string, expireAt: number): void
}): SigRenewal {
  let timer: unknown = null

  function cancel(): void {
    if (timer !== null) context.timers.clearTimeout(timer)
    timer = null
  }

  function arm(wait: number, expireAt: number): void {
    cancel()
    timer = context.timers.setTimeout(() => {
      timer = null
      const current = context.credentials()
      const remaining = expireAt - context.now()
      if (!current || current.expireAt !== expireAt || remaining <= 0) return
      context.willExpire(current.userID, expireAt)
      // Still the same sig later (the renewal failed): ask again while it has time left.
      if (remaining / 2 >= MIN_RETRY_MS) arm(remaining / 2, expireAt)
    }, wait)
  }

  return {
    schedule() {
      const current = context.credentials()
      if (!current) {
        cancel()
        return
      }
      const lifetime = Math.max(0, current.expireAt - context.receivedAt())
      const margin = Math.min(context.marginMs(), lifetime * (1 - WILL_EXPIRE_AT))
      arm(Math.max(MIN_DELAY_MS, current.expireAt - margin - context.now()), current.expireAt)
    },
    cancel,
  }
}
