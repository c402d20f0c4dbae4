/** Exact delivery over raw frames: lost pushes, mid-login pushes, multi-instance sessions. */
import type { LocalIm } from '../src/index'
import { restCall } from '../testing'
import { startTestIm } from './helpers'
import { RawClient } from './raw-client'

let im: LocalIm
const clients: RawClient[] = []

beforeEach(async () => {
  im = await startTestIm()
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await im.close()
})

async function connect(): Promise<RawClient> {
  const client = await RawClient.open(im.wsUrl, im.sdkAppID)
  clients.push(client)
  return client
}

const send = async (text: string) => {
  const reply = await restCall(im, 'openim/sendmsg', {
    From_Account: 'alice',
    To_Account: 'bob',
    MsgRandom: Math.floor(Math.random() * 2 ** 31),
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
  })
  expect(reply.ErrorCode).toBe(0)
}

const pushOf = (text: string) => (frame: { head: { servcmd: string }; body: unknown }) =>
  frame.head.servcmd === 'im_open_push.msg_push' && JSON.stringify(frame.body).includes(text)

test('a push lost on a dying socket is replayed even though a later message was acked', async () => {
  const dying = await connect()
  await dying.login({ userID: 'bob', userSig: im.genUserSig('bob') })
  await dying.sync()
  await send('M1')
  await dying.next(pushOf('M1'))
  // The socket dies before the phone read M1: no ack ever comes for it.
  dying.close()

  const phone = await connect()
  await phone.login({ a2Key: dying.a2Key })
  await send('M2')
  phone.ackPushes()
  await phone.sync()
  await send('M3')
  await phone.next(pushOf('M3'))
  expect(phone.ackPushes()).toBe(1)
  // Every message exactly once, in order, live or by sync.
  expect(phone.received).toEqual(['M1', 'M2', 'M3'])

  // The M3 ack proves M1 and M2 too (the same socket carried them first): nothing is owed.
  const later = await connect()
  await later.login({ a2Key: dying.a2Key })
  await later.sync()
  expect(later.received).toEqual([])
})

test('a message sent between wslogin and getmsg arrives once, after the offline ones', async () => {
  await send('offline 1')
  await send('offline 2')
  const phone = await connect()
  await phone.login({ userID: 'bob', userSig: im.genUserSig('bob') })
  await send('mid-login')
  phone.ackPushes()
  const last = await phone.sync()
  expect(phone.received).toEqual(['offline 1', 'offline 2', 'mid-login'])
  expect(last.C2CPairUnreadCount).toEqual([{ From_Account: 'alice', UnreadCount: 3 }])
})

test('a push that went out before the login sync is not repeated by the sync', async () => {
  const phone = await connect()
  await phone.login({ userID: 'bob', userSig: im.genUserSig('bob') })
  await send('early')
  await phone.next(pushOf('early'))
  // The phone syncs before it got round to acking the push.
  await phone.sync()
  expect(phone.received).toEqual(['early'])
})

test('each session of a multi-instance account gets every message, acked by the other or not', async () => {
  await im.close()
  im = await startTestIm({ multiInstance: true })
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  const phone = await connect()
  const tablet = await connect()
  for (const device of [phone, tablet]) {
    await device.login({ userID: 'bob', userSig: im.genUserSig('bob') })
    await device.sync()
  }
  tablet.close()
  await send('to both')
  await phone.next(pushOf('to both'))
  phone.ackPushes()
  const back = await connect()
  await back.login({ a2Key: tablet.a2Key })
  await back.sync()
  expect(back.received).toEqual(['to both'])
})
