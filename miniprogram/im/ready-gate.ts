/** Open while the SDK is ready; calls made before that wait (bounded) instead of failing at once. */
import { AppErrorCode, ImError } from './errors'
import type { Timers } from './types'

interface Waiter {
  resolve(): void
  reject(error: ImError): void
}

export interface ReadyGate {
  readonly isOpen: boolean
  open(): void
  close(): void
  /** Resolves when the gate opens; rejects with READY_TIMEOUT after `timeoutMs`, or with `fail`'s error. */
  wait(timeoutMs: number): Promise<void>
  /** Rejects every current waiter (logout, a login that gave up). */
  fail(error: ImError): void
}

export function createReadyGate(timers: Timers): ReadyGate {
  let open = false
  const waiters = new Set<Waiter>()
  return {
    get isOpen() {
      return open
    },
    open() {
      open = true
      for (const waiter of [...waiters]) waiter.resolve()
    },
    close() {
      open = false
    },
    wait(timeoutMs) {
      if (open) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve: () => settle(() => resolve()),
          reject: (error) => settle(() => reject(error)),
        }
        const timer = timers.setTimeout(
          () => waiter.reject(new ImError(AppErrorCode.READY_TIMEOUT)),
          timeoutMs,
        )
        function settle(done: () => void): void {
          if (!waiters.delete(waiter)) return
          timers.clearTimeout(timer)
          done()
        }
        waiters.add(waiter)
      })
    },
    fail(error) {
      for (const waiter of [...waiters]) waiter.reject(error)
    },
  }
}
