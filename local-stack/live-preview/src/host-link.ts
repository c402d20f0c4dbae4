// One WebSocket to a headless host: JSON-RPC calls with replies matched by id, and the host's `Host.changed`
// frames after `Host.watch`.
import { EventEmitter } from 'node:events'
import WebSocket from 'ws'

/** What the host pushes for the current page (local-stack/headless-host/src/automator/live.ts LiveFrame). */
export interface LiveFrame {
  pageId: number
  route: string
  document: string
  scrollTop: number
  fields: Record<string, string>
  /** The phone's system theme and the theme the app is drawn in (it follows the system with darkmode: true). */
  theme: 'light' | 'dark'
  appTheme: 'light' | 'dark'
}

interface Reply {
  id?: number
  method?: string
  params?: unknown
  result?: unknown
  error?: { message?: string }
}

export class HostLink extends EventEmitter<{ frame: [LiveFrame]; closed: [] }> {
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >()

  private constructor(private readonly socket: WebSocket) {
    super()
    socket.on('message', (raw) => this.receive(raw.toString()))
    socket.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('the host went away'))
      this.pending.clear()
      this.emit('closed')
    })
  }

  static async connect(wsEndpoint: string): Promise<HostLink> {
    const socket = new WebSocket(wsEndpoint)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    socket.on('error', () => undefined)
    return new HostLink(socket)
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (this.socket.readyState !== WebSocket.OPEN)
      return Promise.reject(new Error('the host is not connected'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.socket.send(JSON.stringify({ id, method, params }))
    })
  }

  close(): void {
    this.socket.close()
  }

  private receive(raw: string): void {
    let message: Reply
    try {
      message = JSON.parse(raw) as Reply
    } catch (_error) {
      return
    }
    if (message.method === 'Host.changed') {
      this.emit('frame', message.params as LiveFrame)
      return
    }
    const waiting = message.id === undefined ? undefined : this.pending.get(message.id)
    if (!waiting || message.id === undefined) return
    this.pending.delete(message.id)
    if (message.error) waiting.reject(new Error(message.error.message ?? 'the host failed'))
    else waiting.resolve(message.result)
  }
}
