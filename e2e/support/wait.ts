/**
 * The e2e specs' wait: test-support's `waitUntil` with this suite's habits. The probe runs again after a 100 ms
 * pause (so a busy two-core machine is not flooded with automator requests) until it returns something other
 * than undefined/false, or the bound passes and the error says what never happened and what was seen last. The
 * bound is the timeout policy's `slowCondition` unless a spec names another; either is scaled by
 * `TEST_TIME_SCALE`.
 */
import { BASE_TIMEOUTS, waitUntil as waitForCondition } from '@tim-c2c/test-support'

const POLL_INTERVAL_MS = 100
export const DEFAULT_WAIT_MS = BASE_TIMEOUTS.slowCondition

export function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number = DEFAULT_WAIT_MS,
  describeLast?: () => Promise<unknown> | unknown,
): Promise<T> {
  return waitForCondition(what, probe, { timeoutMs, pollMs: POLL_INTERVAL_MS, describeLast })
}
