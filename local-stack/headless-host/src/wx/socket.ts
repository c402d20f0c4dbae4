// wx.connectSocket's SocketTask on a `ws` client; the host drops them all when the network is switched off.
import WebSocket from 'ws'
import { failure } from '../core/errors'
import type { WxOptions } from './host'

type Callback = (result: unknown) => void

export interface SocketTask {
  send(options: WxOptions): void
  close(options?: WxOptions): void
  onOpen(fn: Callback): void
  onClose(fn: Callback): void
  onError(fn: Callback): void
  onMessage(fn: Callback): void
  readonly readyState: number
  /** The network went away: the peer sees the connection vanish, the mini-program an abnormal close. */
  drop(): void
}

export function createSocketTask(
  url: string,
  header: Record<string, string>,
  protocols: string[] | undefined,
  onDispose: (task: SocketTask) => void,
  report: (fn: unknown, result: unknown) => void,
): SocketTask {
  const socket = new WebSocket(url, protocols, { headers: header })
  const handlers = {
    open: [] as Callback[],
    close: [] as Callback[],
    error: [] as Callback[],
    message: [] as Callback[],
  }
  const fire = (kind: keyof typeof handlers, result: unknown): void => {
    for (const fn of handlers[kind]) report(fn, result)
  }
  let closedReported = false
  const reportClose = (code: number, reason: string): void => {
    if (closedReported) return
    closedReported = true
    fire('close', { code, reason })
    onDispose(task)
  }
  // WeChat, like a browser, dispatches every received message, and the error or close after it, as a task of
  // its own; `ws` emits all frames of one TCP read in one turn. Each event is queued (setImmediate keeps the
  // order), so what one message's handler started (its promise callbacks) runs before the next message.
  const inOrder = (event: () => void): void => void setImmediate(event)
  socket.on('open', () => inOrder(() => fire('open', { header: {}, profile: {} })))
  socket.on('message', (raw: Buffer, isBinary: boolean) => {
    const data = isBinary
      ? raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)
      : raw.toString('utf8')
    inOrder(() => fire('message', { data }))
  })
  socket.on('error', (error: Error) => inOrder(() => fire('error', { errMsg: error.message })))
  socket.on('close', (code: number, reason: Buffer) =>
    inOrder(() => reportClose(code, reason.toString())),
  )
  const task: SocketTask = {
    get readyState() {
      return socket.readyState
    },
    send(options) {
      if (socket.readyState !== WebSocket.OPEN) {
        const error = failure('sendSocketMessage', 'WebSocket is not connected')
        report(options.fail, error)
        report(options.complete, error)
        return
      }
      const data =
        options.data instanceof ArrayBuffer ? Buffer.from(options.data) : String(options.data)
      socket.send(data, (error?: Error) => {
        const result = error
          ? failure('sendSocketMessage', error.message)
          : { errMsg: 'sendSocketMessage:ok' }
        report(error ? options.fail : options.success, result)
        report(options.complete, result)
      })
    },
    close(options = {}) {
      const code = Number(options.code ?? 1000)
      try {
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate()
        else socket.close(code, String(options.reason ?? ''))
        report(options.success, { errMsg: 'closeSocket:ok' })
      } catch (error) {
        report(options.fail, failure('closeSocket', (error as Error).message))
      }
      report(options.complete, {})
    },
    onOpen: (fn) => void handlers.open.push(fn),
    onClose: (fn) => void handlers.close.push(fn),
    onError: (fn) => void handlers.error.push(fn),
    onMessage: (fn) => void handlers.message.push(fn),
    drop() {
      socket.terminate()
      // After the messages that arrived before the network went.
      inOrder(() => {
        fire('error', { errMsg: 'network is offline (switched off by the host)' })
        reportClose(1006, 'network is offline')
      })
    },
  }
  return task
}
