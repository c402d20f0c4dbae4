// Deferred work of the mini-program the host waits for before it answers a command: nextTick batches (MobX
// bindings), onReady and late `ready` timers, layouts being read from Chromium.

export class Scheduler {
  private pending = 0

  constructor(private readonly report: (error: unknown, context: string) => void) {}

  nextTick(fn: () => void): void {
    const release = this.hold()
    setTimeout(() => {
      release()
      try {
        fn()
      } catch (error) {
        this.report(error, 'nextTick')
      }
    }, 0)
  }

  /** Counts one piece of work until the returned function is called (once; later calls do nothing). */
  hold(): () => void {
    this.pending++
    let released = false
    return () => {
      if (released) return
      released = true
      this.pending--
    }
  }

  trackAsync<T>(work: Promise<T>): Promise<T> {
    const release = this.hold()
    return work.finally(release)
  }

  /**
   * Lets deferred work land before a command is answered, bounded so an app that keeps scheduling ticks
   * cannot stall the protocol.
   */
  async settle(): Promise<void> {
    const deadline = Date.now() + 5000
    do {
      await new Promise((resolve) => setTimeout(resolve, 0))
      await new Promise((resolve) => setImmediate(resolve))
    } while (this.pending > 0 && Date.now() < deadline)
  }
}
