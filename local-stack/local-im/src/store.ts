/** Where the model keeps its records: in memory, or LevelDB with group commit (durable() says when). */
import { ClassicLevel } from 'classic-level'

/**
 * Where the model's records live between runs. The model keeps its working set in memory and
 * hands every change to the store. `durable()` says when the changes made so far are on disk:
 * the wire surfaces wait for it before anything that reflects those changes leaves the process.
 */
export interface RecordStore {
  put(key: string, value: unknown): void
  del(key: string): void
  putFile(key: string, data: Buffer): void
  getFile(key: string): Promise<Buffer | undefined>
  /** Every record under a key prefix, in key order. */
  scan(prefix: string): AsyncIterable<[string, unknown]>
  /**
   * Resolves once every change made so far is on disk; undefined when nothing is waiting to be
   * written (always, for a store that keeps nothing), so callers can answer synchronously.
   */
  durable(): Promise<void> | undefined
  flush(): Promise<void>
  close(): Promise<void>
}

export class MemoryStore implements RecordStore {
  private readonly files = new Map<string, Buffer>()
  put(_key: string, _value: unknown): void {}
  del(_key: string): void {}
  putFile(key: string, data: Buffer): void {
    this.files.set(key, data)
  }
  getFile(key: string): Promise<Buffer | undefined> {
    return Promise.resolve(this.files.get(key))
  }
  async *scan(_prefix: string): AsyncIterable<[string, unknown]> {}
  durable(): undefined {
    return undefined
  }
  flush(): Promise<void> {
    return Promise.resolve()
  }
  close(): Promise<void> {
    this.files.clear()
    return Promise.resolve()
  }
}

type PendingOp =
  | { type: 'put'; key: string; value: unknown }
  | { type: 'del'; key: string }
  | { type: 'file'; key: string; value: Buffer }

interface Deferred {
  promise: Promise<void>
  resolve(): void
  reject(error: unknown): void
}

function deferred(): Deferred {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok
    reject = fail
  })
  // A batch nobody waited for must not surface as an unhandled rejection; the failure is kept.
  promise.catch((_failureKeptInStore) => undefined)
  return { promise, resolve, reject }
}

/**
 * LevelDB through classic-level with group commit: changes made while a batch is being written
 * are collected (a later change to the same key replaces the earlier one) and written as the next
 * batch, each with `sync: true` (fsync). A busy server does one fsync per burst, not per change.
 */
export class LevelStore implements RecordStore {
  private readonly db: ClassicLevel<string, unknown>
  private readonly files
  private pending = new Map<string, PendingOp>()
  /** Settles when the changes now in `pending` are on disk. */
  private pendingDone: Deferred | undefined
  private writing: Promise<void> | undefined
  /** Settles when the batch being written is on disk. */
  private inFlight: Deferred | undefined
  private scheduled = false
  private failure: unknown

  private constructor(location: string) {
    this.db = new ClassicLevel<string, unknown>(location, { valueEncoding: 'json' })
    this.files = this.db.sublevel<string, Buffer>('files', { valueEncoding: 'buffer' })
  }

  static async open(location: string): Promise<LevelStore> {
    const store = new LevelStore(location)
    await store.db.open()
    return store
  }

  put(key: string, value: unknown): void {
    this.enqueue(`r${key}`, { type: 'put', key, value })
  }

  del(key: string): void {
    this.enqueue(`r${key}`, { type: 'del', key })
  }

  putFile(key: string, data: Buffer): void {
    this.enqueue(`f${key}`, { type: 'file', key, value: data })
  }

  async getFile(key: string): Promise<Buffer | undefined> {
    const op = this.pending.get(`f${key}`)
    if (op?.type === 'file') return op.value
    return (await this.files.get(key)) ?? undefined
  }

  async *scan(prefix: string): AsyncIterable<[string, unknown]> {
    for await (const entry of this.db.iterator({ gte: prefix, lt: `${prefix}\uffff` })) {
      yield entry
    }
  }

  durable(): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    if (this.pending.size > 0) return this.pendingDone?.promise
    return this.inFlight?.promise
  }

  private enqueue(slot: string, op: PendingOp): void {
    // Delete first so the map keeps the order of the latest change (irrelevant for one atomic
    // batch, but it keeps the batch readable in a debugger).
    this.pending.delete(slot)
    this.pending.set(slot, op)
    this.pendingDone ??= deferred()
    if (this.writing || this.scheduled) return
    this.scheduled = true
    // Collect everything this tick changes into the first batch.
    setImmediate(() => {
      this.scheduled = false
      this.writeNext()
    })
  }

  private writeNext(): void {
    if (this.writing || this.pending.size === 0) return
    const ops = this.pending
    const done = this.pendingDone as Deferred
    this.pending = new Map()
    this.pendingDone = undefined
    this.inFlight = done
    const batch = this.db.batch()
    for (const op of ops.values()) {
      if (op.type === 'put') batch.put(op.key, op.value)
      else if (op.type === 'del') batch.del(op.key)
      else batch.put(op.key, op.value, { sublevel: this.files })
    }
    this.writing = batch.write({ sync: true }).then(
      () => {
        this.writing = undefined
        this.inFlight = undefined
        done.resolve()
        this.writeNext()
      },
      (error: unknown) => {
        this.writing = undefined
        this.inFlight = undefined
        this.failure = error
        done.reject(error)
        this.pendingDone?.reject(error)
      },
    )
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0 || this.writing) {
      if (this.failure !== undefined) throw this.failure
      if (!this.writing) this.writeNext()
      await this.writing
    }
    if (this.failure !== undefined) throw this.failure
  }

  async close(): Promise<void> {
    try {
      await this.flush()
    } finally {
      await this.db.close()
    }
  }
}
