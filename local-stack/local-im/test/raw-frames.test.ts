import WebSocket from 'ws'
import type { LocalIm } from '../src/index'
import { restCall } from '../testing'
import { SDK_APP_ID, startTestIm } from './helpers'

let im: LocalIm
const sockets: WebSocket[] = []

beforeEach(async () => {
  im = await startTestIm()
  await restCall(im, 'im_open_login_svc/account_import', { UserID: 'alice' })
})

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate()
  await im.close()
})

interface Reply {
  head: { servcmd: string; seq: number }
  body: Record<string, unknown>
}

function open(path: string, query = `sdkappid=${SDK_APP_ID}&instanceid=test`) {
  const socket = new WebSocket(`${im.wsUrl}${path}?${query}`)
  sockets.push(socket)
  const frames: { data: Reply; binary: boolean }[] = []
  const waiters: (() => void)[] = []
  socket.on('message', (data: Buffer, binary) => {
    frames.push({ data: JSON.parse(data.toString()) as Reply, binary })
    waiters.splice(0).forEach((wake) => wake())
  })
  const next = (predicate: (reply: Reply) => boolean) =>
    new Promise<{ data: Reply; binary: boolean }>((resolve) => {
      const check = () => {
        const found = frames.find((f) => predicate(f.data))
        if (found) resolve(found)
        else waiters.push(check)
      }
      check()
    })
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()))
  return { socket, next, opened }
}

function frame(servcmd: string, seq: number, head: Record<string, unknown> = {}, body = {}) {
  return JSON.stringify({ head: { servcmd, seq, sdkappid: SDK_APP_ID, ...head }, body })
}

test('/info speaks text frames and /binfo binary frames', async () => {
  const text = open('/info')
  await text.opened
  text.socket.send(frame('heartbeat.alive', 1))
  const reply = await text.next((r) => r.head.seq === 1)
  expect(reply.binary).toBe(false)
  expect(reply.data.body.ErrorCode).toBe(0)
  const binary = open('/binfo')
  await binary.opened
  binary.socket.send(Buffer.from(frame('heartbeat.alive', 2)))
  const binaryReply = await binary.next((r) => r.head.seq === 2)
  expect(binaryReply.binary).toBe(true)
})

test('malformed frames, missing fields and unknown servcmds get clear replies; the socket lives', async () => {
  const client = open('/binfo')
  await client.opened
  client.socket.send(Buffer.from('{this is not json'))
  expect((await client.next((r) => r.body.ErrorCode === 60002)).data.body.ErrorInfo).toMatch(/JSON/)
  client.socket.send(Buffer.from(JSON.stringify({ body: {} })))
  expect((await client.next((r) => r.body.ErrorCode === 60008)).data.body.ErrorInfo).toMatch(/head/)
  client.socket.send(Buffer.from(frame('some_service.brand_new_cmd', 3)))
  expect((await client.next((r) => r.head.seq === 3)).data.body).toMatchObject({
    ActionStatus: 'OK',
  })
  client.socket.send(Buffer.from(frame('openim.sendmsg', 4, {}, { To_Account: 'alice' })))
  expect((await client.next((r) => r.head.seq === 4)).data.body.ErrorCode).toBe(6014)
  client.socket.send(Buffer.from(frame('heartbeat.alive', 5, { sdkappid: 42 })))
  expect((await client.next((r) => r.head.seq === 5)).data.body.ErrorCode).toBe(60006)
  client.socket.send(
    Buffer.from(frame('im_open_status.wslogin', 6, { identifier: 'alice', usersig: 'forged' })),
  )
  expect((await client.next((r) => r.head.seq === 6)).data.body.ErrorCode).toBe(70003)
  client.socket.send(
    Buffer.from(
      frame('im_open_status.wslogin', 7, { identifier: 'alice', usersig: im.genUserSig('alice') }),
    ),
  )
  const login = await client.next((r) => r.head.seq === 7)
  expect(login.data.body).toMatchObject({ ErrorCode: 0, HelloInterval: 120 })
  expect(typeof login.data.body.A2Key).toBe('string')
  expect(typeof login.data.body.TinyId).toBe('string')
})

test('an oversized frame closes the socket with a reason; the server keeps serving', async () => {
  const client = open('/binfo')
  await client.opened
  const closed = new Promise<number>((resolve) =>
    client.socket.once('close', (code) => resolve(code)),
  )
  client.socket.send(Buffer.alloc(1024 * 1024 + 1, 0x20))
  expect(await closed).toBe(1009)
  const again = open('/binfo')
  await again.opened
  again.socket.send(frame('heartbeat.alive', 1))
  expect((await again.next((r) => r.head.seq === 1)).data.body.ErrorCode).toBe(0)
})

test('a connection for another SDKAppID is closed with a reason', async () => {
  const client = open('/binfo', 'sdkappid=1234&instanceid=x')
  const [code, reason] = await new Promise<[number, string]>((resolve) =>
    client.socket.once('close', (c, r) => resolve([c, r.toString()])),
  )
  expect(code).toBe(4006)
  expect(reason).toMatch(/sdkappid/)
})

test('a push that was never acked is replayed by the next login sync; an acked one is not', async () => {
  await restCall(im, 'im_open_login_svc/account_import', { UserID: 'bob' })
  const login = async (seq: number) => {
    const client = open('/binfo')
    await client.opened
    client.socket.send(
      frame('im_open_status.wslogin', seq, { identifier: 'bob', usersig: im.genUserSig('bob') }),
    )
    await client.next((r) => r.head.seq === seq)
    return client
  }
  const send = (text: string) =>
    restCall(im, 'openim/sendmsg', {
      From_Account: 'alice',
      To_Account: 'bob',
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
    })
  const textsOf = (reply: Reply) =>
    (reply.body.MsgList as { MsgBody: { MsgContent: { Text: string } }[] }[]).map(
      (m) => m.MsgBody[0]?.MsgContent.Text,
    )

  const silent = await login(1)
  await send('never acked')
  const push = await silent.next((r) => r.head.servcmd === 'im_open_push.msg_push')
  expect(push.data.body).toMatchObject({ NeedAck: 1 })
  const next = await login(2)
  next.socket.send(frame('openim.getmsg', 3, {}, { Cookie: '', SyncFlag: 0 }))
  expect(textsOf((await next.next((r) => r.head.seq === 3)).data)).toEqual(['never acked'])

  await send('acked')
  const acked = await next.next(
    (r) => r.head.servcmd === 'im_open_push.msg_push' && JSON.stringify(r.body).includes('acked"'),
  )
  next.socket.send(
    frame('openim.ws_msg_push_ack', 4, {}, { SessionData: acked.data.body.SessionData }),
  )
  await next.next((r) => r.head.seq === 4)
  const last = await login(5)
  last.socket.send(frame('openim.getmsg', 6, {}, { Cookie: '', SyncFlag: 0 }))
  expect(textsOf((await last.next((r) => r.head.seq === 6)).data)).toEqual([])
})
