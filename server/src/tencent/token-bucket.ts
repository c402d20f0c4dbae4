/**
 * A token bucket per REST API, so the client never exceeds Tencent's per-API request rate.
 * Callers wait for a token rather than failing, up to `maxWaitMs`.
 */
export class TokenBucket {
  #tokens: number
  #updatedAt: number
  #queue: Promise<void> = Promise.resolve()

  constructor(
    readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = ratePerSecond
    this.#updatedAt = now()
  }

  #refill(): void {
    const now = this.now()
    const elapsed = Math.max(0, now - this.#updatedAt)
    this.#tokens = Math.min(
      this.ratePerSecond,
      this.#tokens + (elapsed * this.ratePerSecond) / 1000,
    )
    this.#updatedAt = now
  }

  /** Takes one token without waiting; false when the bucket is empty. */
  tryTake(): boolean {
    this.#refill()
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** Milliseconds until one token will be available. */
  #waitMs(): number {
    this.#refill()
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / this.ratePerSecond)
  }

  /**
   * Resolves when a token was taken, in arrival order. Rejects with `false` semantics (returns
   * false) when the wait would exceed `maxWaitMs`, so a flood cannot pile up unbounded latency.
   */
  take(maxWaitMs: number): Promise<boolean> {
    const turn = this.#queue.then(async () => {
      let wait = this.#waitMs()
      if (wait > maxWaitMs) return false
      while (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait))
        wait = this.#waitMs()
      }
      this.#tokens -= 1
      return true
    })
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    )
    return turn
  }
}
