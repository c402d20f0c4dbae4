import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, restCall } from '../testing'
import { startTestIm, textOf } from './helpers'

const started: LocalIm[] = []

afterEach(async () => {
  await destroyAllSdkUsers()
  await Promise.all(started.splice(0).map((im) => im.close()))
})

test('with a data folder a restart loses nothing: accounts, profiles, messages, unread, friends, files', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-data-'))
  const first = await startTestIm({ dataDir })
  started.push(first)
  await restCall(first, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  await restCall(first, 'sns/friend_add', {
    From_Account: 'alice',
    AddFriendItem: [{ To_Account: 'bob' }],
    AddType: 'Add_Type_Both',
    ForceAddFlags: 1,
  })
  const alice = await createSdkUser({ localIm: first, userID: 'alice' })
  await alice.tim.updateMyProfile({ nick: 'Alice' })
  for (const text of ['one', 'two', 'three']) {
    await alice.tim.sendMessage(
      alice.tim.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text } }),
    )
  }
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEklEQVR4nGP4z8AARAwM/xkYAEGoA/0kiw3SAAAAAElFTkSuQmCC',
    'base64',
  )
  // chooseMedia's temp file, as WeChat names it.
  const path = alice.wx.createTempFile(png, 'png')
  await alice.tim.sendMessage(
    alice.tim.createImageMessage({
      to: 'bob',
      conversationType: 'C2C',
      payload: { file: { tempFilePaths: [path], tempFiles: [{ path, size: png.length }] } },
    }),
  )
  await alice.destroy()
  await first.close()

  const second = await startTestIm({ dataDir })
  started.push(second)
  const bob = await createSdkUser({
    localIm: second,
    userID: 'bob',
    build: 'friendship',
    importAccount: false,
  })
  const { data } = await bob.tim.getConversationList()
  expect(data.conversationList[0]).toMatchObject({ conversationID: 'C2Calice', unreadCount: 4 })
  expect(data.conversationList[0].userProfile.nick).toBe('Alice')
  const list = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(list.data.messageList.map(textOf)).toEqual(['one', 'two', 'three', undefined])
  const imageUrl = new URL(list.data.messageList[3].payload.imageInfoArray[0].url as string)
  const download = await fetch(`${second.httpUrl}${imageUrl.pathname}`)
  expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true)
  const friends = await bob.tim.getFriendList()
  expect(friends.data.map((f: { userID: string }) => f.userID)).toEqual(['alice'])
})

test('SDK users ride through a restart on the same port: A2Keys persist, delivery resumes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-restart-'))
  const first = await startTestIm({ dataDir })
  started.push(first)
  const alice = await createSdkUser({ localIm: first, userID: 'alice' })
  const bob = await createSdkUser({ localIm: first, userID: 'bob' })
  const port = first.port
  // Let the SDKs' post-login requests be answered before the IM goes away.
  await Promise.all([alice.waitForIdle(), bob.waitForIdle()])
  await first.close()
  await bob.waitFor(() => bob.events.some((e) => e.name === bob.TIM.EVENT.NET_STATE_CHANGE))

  const second = await startTestIm({ dataDir, port })
  started.push(second)
  await bob.waitFor(() => second.isOnline('bob') && second.isOnline('alice'), 40000, 'reconnect')
  const message = alice.tim.createTextMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: { text: 'after the restart' },
  })
  await alice.tim.sendMessage(message)
  await bob.waitFor(() =>
    bob.events.some(
      (e) =>
        e.name === bob.TIM.EVENT.MESSAGE_RECEIVED &&
        (e.data as { payload: { text?: string } }[]).some((m) => textOf(m) === 'after the restart'),
    ),
  )
  expect(bob.events.some((e) => e.name === bob.TIM.EVENT.KICKED_OUT)).toBe(false)
})

test('a send that failed while the IM was down is delivered exactly once by resendMessage', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-im-resend-'))
  const first = await startTestIm({ dataDir })
  started.push(first)
  const alice = await createSdkUser({ localIm: first, userID: 'alice' })
  const bob = await createSdkUser({ localIm: first, userID: 'bob' })
  const port = first.port
  // Let the SDKs' post-login requests be answered before the IM goes away.
  await Promise.all([alice.waitForIdle(), bob.waitForIdle()])
  await first.close()
  const message = alice.tim.createTextMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: { text: 'resent' },
  })
  // The SDK gives up after its 15 s request timeout (2801) while nothing answers.
  const failure = (await alice.tim.sendMessage(message).then(
    () => undefined,
    (error: { code?: number }) => error,
  )) as { code?: number } | undefined
  expect(failure?.code).toBe(2801)
  const second = await startTestIm({ dataDir, port })
  started.push(second)
  await alice.waitFor(() => second.isOnline('alice') && second.isOnline('bob'), 40000, 'reconnect')
  const resent = await alice.tim.resendMessage(message)
  expect(resent.code).toBe(0)
  const received = () =>
    bob.events
      .filter((e) => e.name === bob.TIM.EVENT.MESSAGE_RECEIVED)
      .flatMap((e) => e.data as { payload: { text?: string } }[])
      .filter((m) => textOf(m) === 'resent')
  await bob.waitFor(() => received().length > 0)
  const history = await restCall(second, 'openim/admin_getroammsg', {
    Operator_Account: 'alice',
    Peer_Account: 'bob',
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 10,
  })
  expect(history.MsgCnt).toBe(1)
  expect(received()).toHaveLength(1)
})
