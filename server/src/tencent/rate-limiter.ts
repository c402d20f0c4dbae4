/**
 * Client-side request budget per REST API: at most `perSecond` calls in any 1,000 ms span
 * (a sliding window), so neither a fixed-window nor a sliding-window limit on Tencent's side
 * can be exceeded. Callers queue for a slot in arrival order instead of failing, up to a bound.
 */
export class SlidingWindowLimiter {
  /** Grant times of the last `perSecond` calls, oldest first. */
  readonly #grants: number[] = []
  #queue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 1000,
  ) {
    if (!Number.isInteger(perSecond) || perSecond < 1) {
      throw new RangeError('perSecond must be a positive integer')
    }
  }

  /** Milliseconds until a call may be granted (0 when it may go now). */
  #waitMs(): number {
    if (this.#grants.length < this.perSecond) return 0
    const oldest = this.#grants[0] ?? 0
    return Math.max(0, oldest + this.windowMs - this.now())
  }

  #grant(): void {
    this.#grants.push(this.now())
    if (this.#grants.length > this.perSecond) this.#grants.shift()
  }

  /**
   * Resolves true once the call may go, or false when it would have to wait longer than
   * `maxWaitMs` (the caller's own deadline), so a flood cannot pile up unbounded latency.
   */
  acquire(maxWaitMs: number): Promise<boolean> {
    const turn = this.#queue.then(async () => {
      let wait = this.#waitMs()
      if (wait > maxWaitMs) return false
      while (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait))
        wait = this.#waitMs()
      }
      this.#grant()
      return true
    })
    this.#queue = turn.catch(() => undefined)
    return turn
  }
}
