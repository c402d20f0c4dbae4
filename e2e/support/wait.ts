/**
 * Every wait in the e2e specs is on a condition: the probe runs again (after a short poll interval, so a busy
 * two-core machine is not flooded with automator requests) until it returns something other than
 * undefined/false, or the generous bound passes and the error says what never happened and what was seen last.
 */
const POLL_INTERVAL_MS = 100
export const DEFAULT_WAIT_MS = 30_000

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = DEFAULT_WAIT_MS,
  describeLast?: () => Promise<unknown> | unknown,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined && value !== false) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))
  }
  let seen = ''
  if (describeLast) {
    try {
      seen = `; last seen: ${JSON.stringify(await describeLast())}`
    } catch (error) {
      seen = `; could not read the state: ${String(error)}`
    }
  }
  const cause = lastError ? `; last error: ${String(lastError)}` : ''
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}${cause}`)
}
