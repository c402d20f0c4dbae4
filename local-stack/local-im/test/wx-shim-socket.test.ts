/** The harness's wx.connectSocket hands over messages one event at a time, as WeChat does. */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createWxShim } from '../testing'

let server: Server
const upgraded = new Set<Socket>()

afterEach(async () => {
  // Upgraded sockets no longer belong to the HTTP server: end them here.
  for (const socket of upgraded) socket.destroy()
  upgraded.clear()
  await new Promise((resolve) => server.close(resolve))
})

/** An unmasked server-to-client text frame (payloads under 126 bytes). */
const textFrame = (text: string) =>
  Buffer.concat([Buffer.from([0x81, Buffer.byteLength(text)]), Buffer.from(text)])

/** A WebSocket server that writes its handshake and `frames` in one TCP write. */
async function serverSendingTogether(frames: string[]): Promise<string> {
  server = createServer()
  server.on('upgrade', (request, socket: Socket) => {
    upgraded.add(socket)
    const accept = createHash('sha1')
      .update(`${request.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64')
    const handshake =
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`
    socket.write(Buffer.concat([Buffer.from(handshake), ...frames.map(textFrame)]))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/binfo`
}

test('two frames read together: the first one is handled, promise callbacks included, before the second', async () => {
  const url = await serverSendingTogether(['sync reply', 'push'])
  const shim = createWxShim()
  const connect = shim.wx.connectSocket as (request: { url: string }) => {
    onMessage(listener: (message: { data: string }) => void): void
  }
  const handled: string[] = []
  const bothHandled = new Promise<void>((resolve) => {
    // The SDK's pattern: a reply settles a request promise, whose callbacks run later; a push is
    // handled at once.
    connect({ url }).onMessage(({ data }) => {
      if (data === 'sync reply') {
        void Promise.resolve()
          .then(() => undefined)
          .then(() => handled.push('sync reply'))
      } else {
        handled.push(data)
        resolve()
      }
    })
  })
  await bothHandled
  shim.shutdown()
  expect(handled).toEqual(['sync reply', 'push'])
})
