import { ClassicLevel } from 'classic-level'

/**
 * Where the model's records live between runs. The model keeps its working set in memory and
 * hands every change to the store; the LevelDB store batches them (one write per tick), so a
 * busy server does one LevelDB batch per burst instead of one write per record.
 */
export interface RecordStore {
  put(key: string, value: unknown): void
  del(key: string): void
  putFile(key: string, data: Buffer): void
  getFile(key: string): Promise<Buffer | undefined>
  /** Every record under a key prefix, in key order. */
  scan(prefix: string): AsyncIterable<[string, unknown]>
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

export class LevelStore implements RecordStore {
  private readonly db: ClassicLevel<string, unknown>
  private readonly files
  private pending: PendingOp[] = []
  private writing: Promise<void> = Promise.resolve()
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
    this.enqueue({ type: 'put', key, value })
  }

  del(key: string): void {
    this.enqueue({ type: 'del', key })
  }

  putFile(key: string, data: Buffer): void {
    this.enqueue({ type: 'file', key, value: data })
  }

  async getFile(key: string): Promise<Buffer | undefined> {
    for (let index = this.pending.length - 1; index >= 0; index--) {
      const op = this.pending[index]
      if (op?.type === 'file' && op.key === key) return op.value
    }
    return (await this.files.get(key)) ?? undefined
  }

  async *scan(prefix: string): AsyncIterable<[string, unknown]> {
    for await (const entry of this.db.iterator({ gte: prefix, lt: `${prefix}\uffff` })) {
      yield entry
    }
  }

  private enqueue(op: PendingOp): void {
    this.pending.push(op)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.writePending()
    })
  }

  private writePending(): Promise<void> {
    if (this.pending.length === 0) return this.writing
    const ops = this.pending
    this.pending = []
    const batch = this.db.batch()
    for (const op of ops) {
      if (op.type === 'put') batch.put(op.key, op.value)
      else if (op.type === 'del') batch.del(op.key)
      else batch.put(op.key, op.value, { sublevel: this.files })
    }
    this.writing = this.writing
      .then(() => batch.write())
      .catch((error: unknown) => {
        this.failure = error
      })
    return this.writing
  }

  async flush(): Promise<void> {
    await this.writePending()
    await this.writing
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
