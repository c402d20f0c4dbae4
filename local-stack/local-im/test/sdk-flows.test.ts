import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, restCall, type SdkUser } from '../testing'
import { SDK_APP_ID, SECRET_KEY, startTestIm, textOf } from './helpers'
import { genUserSig } from '../src/usersig'

let im: LocalIm

beforeEach(async () => {
  im = await startTestIm()
})

afterEach(async () => {
  await destroyAllSdkUsers()
  await im.close()
})

type Msg = {
  ID: string
  payload: { text?: string; imageInfoArray?: { url: string }[] }
  from: string
  flow: string
  isRevoked: boolean
  isPeerRead: boolean
}

async function sendText(user: SdkUser, to: string, text: string, options?: unknown): Promise<Msg> {
  const message = user.tim.createTextMessage({
    to,
    conversationType: 'C2C',
    payload: { text },
    ...(options ?? {}),
  })
  const result = await user.tim.sendMessage(message)
  return result.data.message as Msg
}

function receivedTexts(user: SdkUser): string[] {
  return user.events
    .filter((e) => e.name === user.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((e) => (e.data as Msg[]).map((m) => textOf(m) ?? ''))
}

test('an image goes through pre_sig, multipart upload and download from the local IM', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEklEQVR4nGP4z8AARAwM/xkYAEGoA/0kiw3SAAAAAElFTkSuQmCC',
    'base64',
  )
  // chooseMedia's temp file, as WeChat names it.
  const path = alice.wx.createTempFile(png, 'png')
  const message = alice.tim.createImageMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: { file: { tempFilePaths: [path], tempFiles: [{ path, size: png.length }] } },
  })
  const result = await alice.tim.sendMessage(message)
  expect(result.code).toBe(0)
  const data = await bob.waitForEvent(bob.TIM.EVENT.MESSAGE_RECEIVED, (list) =>
    (list as { type: string }[]).some((m) => m.type === bob.TIM.TYPES.MSG_IMAGE),
  )
  const image = (data as Msg[])[0]
  const url = image?.payload.imageInfoArray?.[0]?.url ?? ''
  expect(url.startsWith(im.httpUrl)).toBe(true)
  const download = await fetch(url)
  expect(download.status).toBe(200)
  expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true)
})

test('history pages 15 at a time back to the first message, and forward again', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  for (let i = 1; i <= 22; i++) await sendText(alice, 'bob', `m${i}`)
  await bob.waitFor(() => receivedTexts(bob).length === 22)
  await bob.destroy()
  const fresh = await createSdkUser({ localIm: im, userID: 'bob' })
  const page1 = await fresh.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(page1.data.messageList.map(textOf)).toEqual(
    Array.from({ length: 15 }, (_, i) => `m${i + 8}`),
  )
  expect(page1.data.isCompleted).toBe(false)
  const page2 = await fresh.tim.getMessageList({
    conversationID: 'C2Calice',
    nextReqMessageID: page1.data.nextReqMessageID,
  })
  expect(page2.data.messageList.map(textOf)).toEqual(
    Array.from({ length: 7 }, (_, i) => `m${i + 1}`),
  )
  expect(page2.data.isCompleted).toBe(true)
})

test('read reports clear unread, notify the peer and answer get_peer_read_time', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  await sendText(alice, 'bob', 'read me')
  await bob.waitFor(() => receivedTexts(bob).includes('read me'))
  await bob.waitFor(async () => {
    const { data } = await bob.tim.getConversationProfile('C2Calice')
    return data.conversation.unreadCount === 1
  })
  await bob.tim.setMessageRead({ conversationID: 'C2Calice' })
  await alice.waitForEvent(alice.TIM.EVENT.MESSAGE_READ_BY_PEER)
  const { data } = await bob.tim.getConversationProfile('C2Calice')
  expect(data.conversation.unreadCount).toBe(0)
  // A fresh login of alice sees bob's read time through get_peer_read_time/page_get.
  await alice.destroy()
  const again = await createSdkUser({ localIm: im, userID: 'alice' })
  const list = await again.tim.getMessageList({ conversationID: 'C2Cbob' })
  await again.waitFor(() => (list.data.messageList as Msg[]).every((m) => m.isPeerRead))
  // and bob's own fresh login has no unread left
  await bob.destroy()
  const bobAgain = await createSdkUser({ localIm: im, userID: 'bob' })
  const profile = await bobAgain.tim.getConversationProfile('C2Calice')
  expect(profile.data.conversation.unreadCount).toBe(0)
})

test('per-message read receipts reach the sender', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const message = alice.tim.createTextMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: { text: 'receipt please' },
    needReadReceipt: true,
  })
  await alice.tim.sendMessage(message)
  const data = (await bob.waitForEvent(bob.TIM.EVENT.MESSAGE_RECEIVED)) as Msg[]
  await bob.tim.sendMessageReadReceipt(data)
  const receipt = (await alice.waitForEvent(alice.TIM.EVENT.MESSAGE_READ_RECEIPT_RECEIVED)) as {
    messageID: string
  }[]
  expect(receipt[0]?.messageID).toBe(message.ID)
})

test('revoke reaches the peer and shows in history', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const message = alice.tim.createTextMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: { text: 'oops' },
  })
  await alice.tim.sendMessage(message)
  await bob.waitFor(() => receivedTexts(bob).includes('oops'))
  await alice.tim.revokeMessage(message)
  const revoked = (await bob.waitForEvent(bob.TIM.EVENT.MESSAGE_REVOKED)) as Msg[]
  expect(revoked[0]?.ID).toBe(message.ID)
  await bob.destroy()
  const fresh = await createSdkUser({ localIm: im, userID: 'bob' })
  const list = await fresh.tim.getMessageList({ conversationID: 'C2Calice' })
  expect((list.data.messageList as Msg[])[0]?.isRevoked).toBe(true)
})

test('conversation list has last message, peer profile and unread; delete removes it', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  await alice.tim.updateMyProfile({ nick: 'Alice A.', avatar: 'https://example.com/a.png' })
  await restCall(im, 'im_open_login_svc/account_import', { UserID: 'bob' })
  await sendText(alice, 'bob', 'first')
  await sendText(alice, 'bob', 'last one')
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const { data } = await bob.tim.getConversationList()
  const conversation = data.conversationList[0]
  expect(conversation.conversationID).toBe('C2Calice')
  expect(conversation.lastMessage.payload.text).toBe('last one')
  expect(conversation.userProfile.nick).toBe('Alice A.')
  expect(conversation.userProfile.avatar).toBe('https://example.com/a.png')
  expect(conversation.unreadCount).toBe(2)
  await bob.tim.deleteConversation('C2Calice')
  await bob.destroy()
  const fresh = await createSdkUser({ localIm: im, userID: 'bob' })
  const after = await fresh.tim.getConversationList()
  expect(after.data.conversationList).toHaveLength(0)
})

test('profile changes are pushed and friends can be added, listed, checked and deleted', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice', build: 'friendship' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob', build: 'friendship' })
  const added = await bob.tim.addFriend({
    to: 'alice',
    source: 'AddSource_Type_Web',
    type: bob.TIM.TYPES.SNS_ADD_TYPE_BOTH,
  })
  expect(added.data.code).toBe(0)
  await alice.waitFor(async () => {
    const { data } = await alice.tim.getFriendList()
    return data.some((f: { userID: string }) => f.userID === 'bob')
  })
  const check = await alice.tim.checkFriend({
    userIDList: ['bob'],
    type: alice.TIM.TYPES.SNS_CHECK_TYPE_BOTH,
  })
  expect(check.data.successUserIDList[0].relation).toBe(alice.TIM.TYPES.SNS_TYPE_BOTH_WAY)
  await alice.tim.updateMyProfile({
    nick: 'Alice',
    selfSignature: 'hi there',
    gender: alice.TIM.TYPES.GENDER_FEMALE,
  })
  const updated = (await bob.waitForEvent(bob.TIM.EVENT.PROFILE_UPDATED, (list) =>
    (list as { userID: string }[]).some((p) => p.userID === 'alice'),
  )) as { userID: string; nick: string }[]
  expect(updated.find((p) => p.userID === 'alice')?.nick).toBe('Alice')
  const profile = await bob.tim.getUserProfile({ userIDList: ['alice'] })
  expect(profile.data[0]).toMatchObject({ nick: 'Alice', selfSignature: 'hi there' })
  await alice.tim.deleteFriend({ userIDList: ['bob'], type: alice.TIM.TYPES.SNS_DELETE_TYPE_BOTH })
  await bob.waitFor(async () => {
    const { data } = await bob.tim.getFriendList()
    return data.length === 0
  })
})

test('a second login of the same account kicks the first (KickType 1)', async () => {
  const first = await createSdkUser({ localIm: im, userID: 'alice' })
  await createSdkUser({ localIm: im, userID: 'alice' })
  const kicked = (await first.waitForEvent(first.TIM.EVENT.KICKED_OUT)) as { type: string }
  expect(kicked.type).toBe(first.TIM.TYPES.KICKED_OUT_MULT_ACCOUNT)
})

test('a REST kick signs the user out (KickType 3) and invalidates the old UserSig', async () => {
  const sig = genUserSig(SDK_APP_ID, SECRET_KEY, 'alice', 3600, Math.floor(Date.now() / 1000) - 5)
  const alice = await createSdkUser({ localIm: im, userID: 'alice', userSig: sig })
  const reply = await restCall(im, 'im_open_login_svc/kick', { UserID: 'alice' })
  expect(reply.ErrorCode).toBe(0)
  const kicked = (await alice.waitForEvent(alice.TIM.EVENT.KICKED_OUT)) as { type: string }
  expect(kicked.type).toBe(alice.TIM.TYPES.KICKED_OUT_REST_API)
  await expect(createSdkUser({ localIm: im, userID: 'alice', userSig: sig })).rejects.toMatchObject(
    { code: 70001 },
  )
  const fresh = await createSdkUser({
    localIm: im,
    userID: 'alice',
    // A freshly generated sig (same second as the kick is fine) logs in again.
    userSig: genUserSig(SDK_APP_ID, SECRET_KEY, 'alice', 7200),
  })
  expect(im.isOnline('alice')).toBe(true)
  expect(fresh.events.some((e) => e.name === fresh.TIM.EVENT.SDK_READY)).toBe(true)
})

test('an expiring UserSig kicks the session with 70001', async () => {
  // The IM's UserSig clock is moved past the sig's expiry instead of waiting for a short-lived sig
  // to run out: on a busy machine such a sig can run out during its own login.
  let ahead = 0
  await im.close()
  im = await startTestIm({ sigClock: () => Date.now() + ahead })
  const alice = await createSdkUser({
    localIm: im,
    userID: 'alice',
    userSig: genUserSig(SDK_APP_ID, SECRET_KEY, 'alice', 60),
  })
  ahead = 60_000
  await expect(alice.tim.updateMyProfile({ nick: 'after expiry' })).rejects.toMatchObject({
    code: 70001,
  })
  const event = (await alice.waitForEvent(alice.TIM.EVENT.KICKED_OUT)) as { type: string }
  expect(event.type).toBe(alice.TIM.TYPES.KICKED_OUT_USERSIG_EXPIRED)
})

test('forged, foreign and non-imported logins fail with Tencent codes', async () => {
  const forged = genUserSig(SDK_APP_ID, 'not-the-secret', 'alice', 3600)
  await expect(
    createSdkUser({ localIm: im, userID: 'alice', userSig: forged }),
  ).rejects.toMatchObject({
    code: 70003,
  })
  const otherUser = genUserSig(SDK_APP_ID, SECRET_KEY, 'mallory', 3600)
  await expect(
    createSdkUser({ localIm: im, userID: 'alice', userSig: otherUser }),
  ).rejects.toMatchObject({
    code: 70013,
  })
  await expect(
    createSdkUser({ localIm: im, userID: 'ghost', importAccount: false }),
  ).rejects.toMatchObject({
    code: 70107,
  })
})

test('messages to a non-imported account fail with 20003', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  await expect(sendText(alice, 'nobody', 'hello?')).rejects.toMatchObject({ code: 20003 })
})

test('the SDK reconnects after the server drops every socket and keeps receiving', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  im.dropAllConnections()
  await bob.waitFor(() => bob.events.some((e) => e.name === bob.TIM.EVENT.NET_STATE_CHANGE), 10000)
  await bob.waitFor(() => im.isOnline('bob') && im.isOnline('alice'), 30000, 'reconnect')
  await sendText(alice, 'bob', 'after the drop')
  await bob.waitFor(() => receivedTexts(bob).includes('after the drop'), 15000)
  expect(receivedTexts(bob).filter((t) => t === 'after the drop')).toHaveLength(1)
})

test('a message sent while the peer was offline (network off) arrives once after it is back', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  bob.wx.setOnline(false)
  await bob.waitFor(() => !im.isOnline('bob'), 10000, 'bob offline')
  await sendText(alice, 'bob', 'while you were away')
  bob.wx.setOnline(true)
  await bob.waitFor(() => receivedTexts(bob).includes('while you were away'), 30000)
  expect(receivedTexts(bob).filter((t) => t === 'while you were away')).toHaveLength(1)
})

test('REST sendmsg reaches the SDK; SyncOtherMachine 1 also syncs to the sender', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const body = {
    SyncOtherMachine: 1,
    From_Account: 'alice',
    To_Account: 'bob',
    MsgRandom: 12345,
    MsgSeq: 77,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'from the server' } }],
  }
  const reply = await restCall(im, 'openim/sendmsg', body)
  expect(reply).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 })
  await bob.waitFor(() => receivedTexts(bob).includes('from the server'))
  await alice.waitFor(() => receivedTexts(alice).includes('from the server'))
  const synced = alice.events
    .filter((e) => e.name === alice.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((e) => e.data as Msg[])
    .find((m) => textOf(m) === 'from the server')
  expect(synced?.flow).toBe('out')
  // A retry with the same MsgRandom/MsgSeq is stored once.
  const retry = await restCall(im, 'openim/sendmsg', body)
  expect(retry.MsgKey).toBe(reply.MsgKey)
  const history = await restCall(im, 'openim/admin_getroammsg', {
    Operator_Account: 'alice',
    Peer_Account: 'bob',
    MaxCnt: 100,
    MinTime: 0,
    MaxTime: Math.floor(Date.now() / 1000) + 10,
  })
  expect(history.MsgCnt).toBe(1)
})

test('getMessageListHopping pages by time in both directions', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const sent: Msg[] = []
  for (let i = 1; i <= 12; i++) sent.push(await sendText(alice, 'bob', `h${i}`))
  await bob.waitFor(() => receivedTexts(bob).length === 12)
  const first = sent[0] as Msg & { time: number }
  const last = sent[11] as Msg & { time: number }
  const forward = await bob.tim.getMessageListHopping({
    conversationID: 'C2Calice',
    time: first.time,
    count: 5,
    direction: 1,
  })
  expect(forward.data.messageList.map(textOf)).toEqual(['h1', 'h2', 'h3', 'h4', 'h5'])
  expect(forward.data.isCompleted).toBe(false)
  const backward = await bob.tim.getMessageListHopping({
    conversationID: 'C2Calice',
    time: last.time,
    count: 5,
    direction: 0,
  })
  expect(backward.data.messageList.map(textOf)).toEqual(['h8', 'h9', 'h10', 'h11', 'h12'])
})

test('face messages pass through, and going to the background and back keeps the session', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  bob.wx.toBackground()
  const face = alice.tim.createFaceMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: { index: 3, data: 'tt03' },
  })
  await alice.tim.sendMessage(face)
  const data = (await bob.waitForEvent(bob.TIM.EVENT.MESSAGE_RECEIVED)) as {
    type: string
    payload: { index: number; data: string }
  }[]
  expect(data[0]).toMatchObject({
    type: bob.TIM.TYPES.MSG_FACE,
    payload: { index: 3, data: 'tt03' },
  })
  bob.wx.toForeground()
  await sendText(alice, 'bob', 'back again')
  await bob.waitFor(() => receivedTexts(bob).includes('back again'))
  expect(im.isOnline('bob')).toBe(true)
})

test('setAllMessageRead clears every conversation and a REST profile change reaches the SDK', async () => {
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['carol', 'dave'] })
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  for (const from of ['carol', 'dave']) {
    await restCall(im, 'openim/sendmsg', {
      From_Account: from,
      To_Account: 'alice',
      MsgRandom: 1,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `from ${from}` } }],
    })
  }
  await alice.waitFor(() => receivedTexts(alice).length === 2)
  const totalUnread = () => alice.tim.getTotalUnreadMessageCount() as number
  await alice.waitFor(() => totalUnread() === 2)
  await alice.tim.setAllMessageRead({ scope: alice.TIM.TYPES.READ_ALL_C2C_MSG })
  expect(totalUnread()).toBe(0)
  await alice.destroy()
  const again = await createSdkUser({ localIm: im, userID: 'alice' })
  const { data } = await again.tim.getConversationList()
  expect(data.conversationList.map((c: { unreadCount: number }) => c.unreadCount)).toEqual([0, 0])

  await restCall(im, 'profile/portrait_set', {
    From_Account: 'alice',
    ProfileItem: [{ Tag: 'Tag_Profile_IM_SelfSignature', Value: 'set by the server' }],
  })
  await again.waitFor(async () => {
    const profile = await again.tim.getMyProfile()
    return profile.data.selfSignature === 'set by the server'
  })
})

test('deleteMessage and clearHistoryMessage remove history for that user only', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  for (const text of ['keep', 'drop', 'keep too']) await sendText(alice, 'bob', text)
  await bob.waitFor(() => receivedTexts(bob).length === 3)
  const { data } = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
  const drop = (data.messageList as Msg[]).find((m) => textOf(m) === 'drop')
  await bob.tim.deleteMessage([drop])
  await bob.destroy()
  const bobAgain = await createSdkUser({ localIm: im, userID: 'bob' })
  const after = await bobAgain.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(after.data.messageList.map(textOf)).toEqual(['keep', 'keep too'])
  await alice.tim.clearHistoryMessage('C2Cbob')
  await alice.destroy()
  const aliceAgain = await createSdkUser({ localIm: im, userID: 'alice' })
  const cleared = await aliceAgain.tim.getMessageList({ conversationID: 'C2Cbob' })
  expect(cleared.data.messageList).toHaveLength(0)
  const bobView = await bobAgain.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(bobView.data.messageList).toHaveLength(2)
})
