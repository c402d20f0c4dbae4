/**
 * Durable before visible: every frame the SDK gateway writes (replies and pushes) waits until the
 * changes made before it are on disk, and frames keep their order. With an in-memory store nothing
 * waits and frames go out at once.
 */
interface Group {
  wait: Promise<void> | undefined
  settled: boolean
  failed: boolean
  actions: (() => void)[]
}

export class OutputGate {
  private readonly queue: Group[] = []

  constructor(
    private readonly durable: () => Promise<void> | undefined,
    private readonly onFailure: (error: unknown, dropped: number) => void,
  ) {}

  /** Runs `action` (a write to a socket) once everything changed so far is on disk. */
  send(action: () => void): void {
    const wait = this.durable()
    if (!wait && this.queue.length === 0) {
      action()
      return
    }
    const last = this.queue[this.queue.length - 1]
    if (last && last.wait === wait) {
      last.actions.push(action)
      return
    }
    const group: Group = { wait, settled: !wait, failed: false, actions: [action] }
    this.queue.push(group)
    wait?.then(
      () => {
        group.settled = true
        this.pump()
      },
      (error: unknown) => {
        group.settled = true
        group.failed = true
        this.onFailure(error, group.actions.length)
        this.pump()
      },
    )
  }

  private pump(): void {
    while (this.queue[0]?.settled) {
      const group = this.queue.shift() as Group
      // What a failed write would have acknowledged never leaves the process.
      if (!group.failed) for (const action of group.actions) action()
    }
  }
}
