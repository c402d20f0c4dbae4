/**
 * Client-side request budget per REST API: at most `perSecond` calls in any 1,000 ms span as Tencent counts
 * them. Tencent counts a call when it arrives, which is somewhere between our send and its answer; a slow
 * network or a busy machine can bunch calls sent a window apart into one window there. So a call holds its
 * slot while it is in flight and for one window after its answer: no window on Tencent's side, fixed or
 * sliding, can see more than `perSecond`. Callers queue for a slot in arrival order instead of failing, up to a
 * bound.
 */

/** A granted call: `done()` when its answer (or failure) is back. */
export interface RateSlot {
  done(): void
}

export class SlidingWindowLimiter {
  /** When each of the last `perSecond` calls was answered; undefined while it is still in flight. */
  readonly #slots: { answeredAt: number | undefined }[] = []
  #queue: Promise<unknown> = Promise.resolve()
  /** Wakes a caller waiting for an in-flight call to be answered. */
  #answered: (() => void) | undefined

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 1000,
  ) {
    if (!Number.isInteger(perSecond) || perSecond < 1) {
      throw new RangeError('perSecond must be a positive integer')
    }
  }

  /** Milliseconds until a call may be granted: 0 now, Infinity while every slot is in flight. */
  #waitMs(): number {
    if (this.#slots.length < this.perSecond) return 0
    const answered = this.#slots.flatMap((slot) =>
      slot.answeredAt === undefined ? [] : [slot.answeredAt],
    )
    if (answered.length === 0) return Infinity
    return Math.max(0, Math.min(...answered) + this.windowMs - this.now())
  }

  #grant(): RateSlot {
    const now = this.now()
    // A slot whose window is over is given to the new call.
    const freed = this.#slots.findIndex(
      (slot) => slot.answeredAt !== undefined && slot.answeredAt + this.windowMs <= now,
    )
    if (freed >= 0) this.#slots.splice(freed, 1)
    const slot: { answeredAt: number | undefined } = { answeredAt: undefined }
    this.#slots.push(slot)
    return {
      done: () => {
        if (slot.answeredAt !== undefined) return
        slot.answeredAt = this.now()
        this.#answered?.()
      },
    }
  }

  #untilAnswered(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(finish, ms) : undefined
      function finish(): void {
        if (timer) clearTimeout(timer)
        resolve()
      }
      this.#answered = finish
    })
  }

  /**
   * Resolves with the slot once the call may go, or null when it would have to wait longer than `maxWaitMs`
   * (the caller's own deadline), so a flood cannot pile up unbounded latency.
   */
  acquire(maxWaitMs: number): Promise<RateSlot | null> {
    const turn = this.#queue.then(async () => {
      const deadline = this.now() + maxWaitMs
      for (;;) {
        const wait = this.#waitMs()
        if (wait === 0) return this.#grant()
        const left = deadline - this.now()
        // With every slot in flight, the soonest one frees is a window after an answer that could come now.
        if ((Number.isFinite(wait) ? wait : this.windowMs) > left) return null
        await this.#untilAnswered(Number.isFinite(wait) ? wait : left - this.windowMs)
      }
    })
    this.#queue = turn.catch(() => undefined)
    return turn
  }
}
