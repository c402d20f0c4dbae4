/**
 * Online-only messages (`sendMessage(message, { onlineUserOnly: true })`, REST OnlineOnlyFlag 1):
 * delivered to the sessions online at that moment, never stored, never unread, never in history
 * or the conversation's last message, on the recipient's real SDK.
 */
import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, restCall, type SdkUser } from '../testing'
import { startTestIm } from './helpers'

let im: LocalIm

beforeEach(async () => {
  im = await startTestIm()
})

afterEach(async () => {
  await destroyAllSdkUsers()
  await im.close()
})

type Msg = { type: string; payload: { text?: string; data?: string } }

const shown = (m: Msg) => m.payload.text ?? m.payload.data ?? m.type
const live = (user: SdkUser) =>
  user.events
    .filter((e) => e.name === user.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((e) => (e.data as Msg[]).map(shown))

async function conversationWithAlice(user: SdkUser) {
  const { data } = await user.tim.getConversationList()
  return data.conversationList.find(
    (c: { conversationID: string }) => c.conversationID === 'C2Calice',
  ) as { unreadCount: number; lastMessage: { messageForShow: string; payload: { text?: string } } }
}

test('an online-only message reaches the online peer but never its unread count, history or last message', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const to = { to: 'bob', conversationType: 'C2C' }
  await alice.tim.sendMessage(alice.tim.createTextMessage({ ...to, payload: { text: 'stored' } }))
  const typing = alice.tim.createCustomMessage({
    ...to,
    payload: { data: '{"businessID":"user_typing_status"}', description: '', extension: '' },
  })
  expect((await alice.tim.sendMessage(typing, { onlineUserOnly: true })).code).toBe(0)
  await alice.tim.sendMessage(alice.tim.createTextMessage({ ...to, payload: { text: 'last' } }))

  await bob.waitFor(() => live(bob).length === 3)
  expect(live(bob)).toEqual(['stored', '{"businessID":"user_typing_status"}', 'last'])
  const conversation = await conversationWithAlice(bob)
  expect(conversation.unreadCount).toBe(2)
  expect(conversation.lastMessage.payload.text).toBe('last')
  const history = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(history.data.messageList.map(shown)).toEqual(['stored', 'last'])
})

test('over REST (OnlineOnlyFlag 1) an offline recipient never gets it, not even at its next login', async () => {
  await restCall(im, 'im_open_login_svc/multiaccount_import', { Accounts: ['alice', 'bob'] })
  const send = (text: string, online: boolean) =>
    restCall(im, 'openim/sendmsg', {
      From_Account: 'alice',
      To_Account: 'bob',
      MsgRandom: Math.floor(Math.random() * 2 ** 31),
      OnlineOnlyFlag: online ? 1 : 0,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
    })
  expect(await send('while away', true)).toMatchObject({ ErrorCode: 0 })
  await send('kept', false)
  const bob = await createSdkUser({ localIm: im, userID: 'bob', importAccount: false })
  expect(await send('while here', true)).toMatchObject({ ErrorCode: 0 })
  await bob.waitFor(() => live(bob).includes('while here'))
  const history = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(history.data.messageList.map(shown)).toEqual(['kept'])
  expect((await conversationWithAlice(bob)).unreadCount).toBe(1)
  expect(live(bob)).not.toContain('while away')
})
