/**
 * A WebSocket relay between the app's SDK and the local IM, standing in for a slow network path: while held,
 * the SDK's frames wait in the relay; on release they go on and the IM's answers come back. Nothing is changed.
 */
import { WebSocket, WebSocketServer, type RawData } from 'ws'

export interface Relay {
  /** The address to give the app as its IM (proxyServer). */
  url: string
  hold(): void
  release(): void
  /** The path to the IM is cut: open connections drop, new ones are refused (503) until accept(). */
  refuse(): void
  accept(): void
  /** Connection attempts refused since the last refuse(). */
  readonly refusedAttempts: number
  /** Answers from the IM delivered to the SDK after the last release. */
  readonly forwardedReplies: number
  readonly openConnections: number
  close(): Promise<void>
}

export async function startRelay(upstream: string): Promise<Relay> {
  let refusing = false
  let refused = 0
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (_info, answer) => {
      if (refusing) refused += 1
      answer(!refusing, 503)
    },
  })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('relay has no port')
  let held = false
  let replies = 0
  const flushers = new Set<() => void>()
  const clients = new Set<WebSocket>()

  server.on('connection', (client, request) => {
    clients.add(client)
    const target = new WebSocket(`${upstream}${request.url ?? ''}`)
    const toTarget: { data: RawData; binary: boolean }[] = []
    const flush = (): void => {
      if (held || target.readyState !== WebSocket.OPEN) return
      for (const frame of toTarget.splice(0)) target.send(frame.data, { binary: frame.binary })
    }
    flushers.add(flush)
    client.on('message', (data, binary) => {
      toTarget.push({ data, binary })
      flush()
    })
    target.on('open', flush)
    target.on('message', (data, binary) => {
      if (client.readyState !== WebSocket.OPEN) return
      replies += 1
      client.send(data, { binary })
    })
    const closeBoth = (): void => {
      flushers.delete(flush)
      clients.delete(client)
      if (client.readyState <= WebSocket.OPEN) client.terminate()
      if (target.readyState <= WebSocket.OPEN) target.terminate()
    }
    client.on('close', closeBoth)
    client.on('error', closeBoth)
    target.on('close', closeBoth)
    target.on('error', closeBoth)
  })

  return {
    url: `ws://127.0.0.1:${address.port}`,
    hold() {
      held = true
    },
    release() {
      held = false
      replies = 0
      for (const flush of [...flushers]) flush()
    },
    refuse() {
      refusing = true
      refused = 0
      for (const client of [...clients]) client.terminate()
    },
    accept() {
      refusing = false
    },
    get refusedAttempts() {
      return refused
    },
    get forwardedReplies() {
      return replies
    },
    get openConnections() {
      return clients.size
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.terminate()
        server.close(() => resolve())
      }),
  }
}
