/**
 * The baseline for the benchmark: a bare `ws` relay that speaks just enough of the same frames
 * (login by identifier, forward sendmsg bodies as pushes) with no auth, storage or bookkeeping.
 */
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
const byUser = new Map<string, WebSocket>()
let pushSeq = 0

server.on('connection', (socket) => {
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as {
      head: { servcmd: string; seq: number; identifier?: string }
      body: Record<string, unknown>
    }
    if (frame.head.servcmd === 'im_open_status.wslogin' && frame.head.identifier) {
      byUser.set(frame.head.identifier, socket)
    } else if (frame.head.servcmd === 'openim.sendmsg') {
      const target = byUser.get(String(frame.body.To_Account))
      target?.send(
        Buffer.from(
          JSON.stringify({
            head: { servcmd: 'im_open_push.msg_push', seq: ++pushSeq },
            body: { EventArray: [{ Event: 1, C2cMsgArray: [frame.body] }] },
          }),
        ),
      )
    }
    socket.send(
      Buffer.from(JSON.stringify({ head: frame.head, body: { ActionStatus: 'OK', ErrorCode: 0 } })),
    )
  })
})

server.on('listening', () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`relay listening ws://127.0.0.1:${port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
