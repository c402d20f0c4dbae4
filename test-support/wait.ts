/**
 * The one wait helper of every test suite: waits for a condition, never for time. The probe runs again after a
 * short interval (or at once when `wakeOn` says something changed) until it returns something other than
 * undefined or false, or the bound passes; the error then says what never happened and what was seen last.
 * The bound is scaled by the timeout policy (timeouts.ts), whoever chose it.
 */
import { BASE_TIMEOUTS, scaled } from './timeouts'

export interface WaitOptions {
  /** The bound before scaling (default: the policy's `condition`). */
  timeoutMs?: number
  /** Pause between two probes (default 10 ms; the e2e specs poll the automator less often). */
  pollMs?: number
  /** What the state was when the bound passed, for the error message. */
  describeLast?: () => unknown
  /** Probe again at once whenever this calls back (e.g. on every SDK event); returns how to unsubscribe. */
  wakeOn?: (wake: () => void) => () => void
  /** Aborting ends the wait with the signal's reason. */
  signal?: AbortSignal
  /**
   * A probe that throws ends the wait with that error at once. Off by default: the probe is tried again until
   * the bound, and the last error goes into the timeout message.
   */
  failOnError?: boolean
  /** Put in front of the timeout message (e.g. the user or phone that waited). */
  prefix?: string
}

export type Probe<T> = () => T | undefined | false | Promise<T | undefined | false>

/** Resolves with the probe's first value that is not undefined or false. */
export async function waitUntil<T>(
  what: string,
  probe: Probe<T>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = scaled(options.timeoutMs ?? BASE_TIMEOUTS.condition)
  const pollMs = options.pollMs ?? 10
  const deadline = Date.now() + timeoutMs
  const { signal } = options
  let wakeUp: (() => void) | undefined
  let woken = false
  const unsubscribe = options.wakeOn?.(() => {
    woken = true
    wakeUp?.()
  })
  let lastError: unknown
  try {
    for (;;) {
      signal?.throwIfAborted()
      woken = false
      try {
        const value = await probe()
        if (value !== undefined && value !== false) return value
      } catch (error) {
        if (options.failOnError) throw error
        lastError = error
      }
      signal?.throwIfAborted()
      if (Date.now() > deadline) break
      if (!woken) await pause(pollMs, signal, (wake) => (wakeUp = wake))
      wakeUp = undefined
    }
  } finally {
    unsubscribe?.()
  }
  let seen = ''
  if (options.describeLast) {
    try {
      seen = `; last seen: ${JSON.stringify(await options.describeLast())}`
    } catch (error) {
      seen = `; could not read the state: ${String(error)}`
    }
  }
  const cause = lastError ? `; last error: ${String(lastError)}` : ''
  const prefix = options.prefix ? `${options.prefix}: ` : ''
  throw new Error(`${prefix}timed out after ${timeoutMs} ms waiting for ${what}${seen}${cause}`)
}

/** Waits `ms`, or less when woken or aborted (an abort is reported by the caller's next check). */
function pause(
  ms: number,
  signal: AbortSignal | undefined,
  onWake: (wake: () => void) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done)
    onWake(done)
  })
}
