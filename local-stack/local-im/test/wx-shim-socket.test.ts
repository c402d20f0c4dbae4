/** The harness's wx.connectSocket hands each socket message, and the close after them, to the SDK as an event of its own. */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { LocalIm } from '../src/index'
import { createSdkUser, createWxShim, destroyAllSdkUsers, restCall } from '../testing'
import { startCoalescingProxy, type CoalescingProxy } from './coalescing-proxy'
import { startTestIm, textOf } from './helpers'

describe('with the real SDK and the local IM', () => {
  let im: LocalIm
  let proxy: CoalescingProxy

  beforeEach(async () => {
    im = await startTestIm()
    proxy = await startCoalescingProxy(im.port)
  })

  afterEach(async () => {
    await destroyAllSdkUsers()
    await proxy.close()
    await im.close()
  })

  const sendFromAlice = async (text: string) => {
    const reply = await restCall(im, 'openim/sendmsg', {
      From_Account: 'alice',
      To_Account: 'bob',
      MsgRandom: Math.floor(Math.random() * 2 ** 31),
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
    })
    expect(reply.ErrorCode).toBe(0)
  }

  const isSyncReplyWith = (text: string) => (frame: string) =>
    frame.includes('"openim.getmsg"') && frame.includes(text)
  const isPushOf = (text: string) => (frame: string) =>
    frame.includes('"im_open_push.msg_push"') && frame.includes(text)

  test('a sync reply and a push read in one TCP chunk: the older message is reported first', async () => {
    await restCall(im, 'im_open_login_svc/account_import', { UserID: 'alice' })
    // Bob reaches the IM through the proxy, which can make two frames travel in one TCP write.
    const bob = await createSdkUser({
      localIm: { ...im, wsUrl: proxy.wsUrl, genUserSig: im.genUserSig },
      userID: 'bob',
    })
    bob.wx.setOnline(false)
    await bob.waitFor(() => !im.isOnline('bob'), undefined, 'bob offline')
    await sendFromAlice('older, waiting for the sync')

    // Back online, bob's reconnect sync returns the older message; the proxy holds that reply
    // until the IM pushes the next message right behind it, then writes both at once.
    const together = proxy.coalesce(
      isSyncReplyWith('older, waiting for the sync'),
      isPushOf('newer, pushed'),
    )
    bob.wx.setOnline(true)
    await together.held
    await sendFromAlice('newer, pushed')
    await together.written

    const received = () =>
      bob.events
        .filter((event) => event.name === bob.TIM.EVENT.MESSAGE_RECEIVED)
        .flatMap((event) => (event.data as { payload: { text?: string } }[]).map(textOf))
    await bob.waitFor(() => received().length >= 2, undefined, 'both messages')
    expect(received()).toEqual(['older, waiting for the sync', 'newer, pushed'])
  })
})

describe('against a WebSocket server that writes several frames at once', () => {
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

  /** A server that writes its handshake and `frames` in one TCP write. */
  async function serverWriting(frames: Buffer[]): Promise<string> {
    server = createServer()
    server.on('upgrade', (request, socket: Socket) => {
      upgraded.add(socket)
      const accept = createHash('sha1')
        .update(`${request.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64')
      const handshake =
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`
      socket.write(Buffer.concat([Buffer.from(handshake), ...frames]))
      // The only thing these clients send is a close frame: end the connection then.
      socket.on('data', () => socket.end())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/binfo`
  }

  type Task = {
    onMessage(listener: (message: { data: string }) => void): void
    onError(listener: () => void): void
    onClose(listener: () => void): void
  }

  test('each message is handled, promise callbacks included, before the next one', async () => {
    const url = await serverWriting([textFrame('sync reply'), textFrame('push')])
    const shim = createWxShim()
    const task = (shim.wx.connectSocket as (request: { url: string }) => Task)({ url })
    const handled: string[] = []
    const bothHandled = new Promise<void>((resolve) => {
      task.onMessage(({ data }) => {
        if (data === 'sync reply') {
          void Promise.resolve()
            .then(() => undefined)
            .then(() => handled.push(data))
        } else {
          // A push is handled at once.
          handled.push(data)
          resolve()
        }
      })
    })
    await bothHandled
    shim.shutdown()
    expect(handled).toEqual(['sync reply', 'push'])
  })

  test('an error and the close read right after messages come after them', async () => {
    // A frame with RSV1 set and no extension agreed: the client must fail the connection.
    const broken = Buffer.from([0xc1, 0x01, 0x78])
    const url = await serverWriting([textFrame('one'), textFrame('two'), broken])
    const shim = createWxShim()
    const task = (shim.wx.connectSocket as (request: { url: string }) => Task)({ url })
    const seen: string[] = []
    task.onMessage(({ data }) => seen.push(data))
    task.onError(() => seen.push('error'))
    await new Promise<void>((resolve) =>
      task.onClose(() => {
        seen.push('close')
        resolve()
      }),
    )
    expect(seen).toEqual(['one', 'two', 'error', 'close'])
    expect(shim.openSocketCount()).toBe(0)
  })
})
