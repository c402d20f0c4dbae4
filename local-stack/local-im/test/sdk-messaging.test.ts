import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, restCall, type SdkUser } from '../testing'
import { startTestIm, textOf } from './helpers'

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
  payload: { text?: string }
  from: string
  to: string
  flow: string
  conversationID: string
}

function received(user: SdkUser, text: string): boolean {
  return user.events.some(
    (e) =>
      e.name === user.TIM.EVENT.MESSAGE_RECEIVED &&
      (e.data as Msg[]).some((m) => textOf(m) === text),
  )
}

test.each(['basic', 'friendship'] as const)(
  'two SDK users (%s build) exchange text and custom messages, live',
  async (build) => {
    const alice = await createSdkUser({ localIm: im, userID: 'alice', build })
    const bob = await createSdkUser({ localIm: im, userID: 'bob', build })
    const message = alice.tim.createTextMessage({
      to: 'bob',
      conversationType: 'C2C',
      payload: { text: 'hello bob' },
    })
    const sent = await alice.tim.sendMessage(message)
    expect(sent.code).toBe(0)
    await bob.waitFor(() => received(bob, 'hello bob'), 10000, 'hello bob')
    const custom = alice.tim.createCustomMessage({
      to: 'bob',
      conversationType: 'C2C',
      payload: { data: '{"k":1}', description: 'desc', extension: 'ext' },
    })
    await alice.tim.sendMessage(custom)
    const data = await bob.waitForEvent(bob.TIM.EVENT.MESSAGE_RECEIVED, (list) =>
      (list as { type: string }[]).some((m) => m.type === bob.TIM.TYPES.MSG_CUSTOM),
    )
    const customMessage = (
      data as { type: string; payload: { data: string; extension: string } }[]
    ).find((m) => m.type === bob.TIM.TYPES.MSG_CUSTOM)
    expect(customMessage?.payload).toMatchObject({ data: '{"k":1}', extension: 'ext' })
  },
)

test.each(['basic', 'friendship'] as const)(
  'offline messages and unread counts arrive through the login sync (%s build)',
  async (build) => {
    const alice = await createSdkUser({ localIm: im, userID: 'alice', build })
    await restCall(im, 'im_open_login_svc/account_import', { UserID: 'bob' })
    for (const text of ['one', 'two', 'three']) {
      const message = alice.tim.createTextMessage({
        to: 'bob',
        conversationType: 'C2C',
        payload: { text },
      })
      await alice.tim.sendMessage(message)
    }
    const bob = await createSdkUser({ localIm: im, userID: 'bob', build })
    await bob.waitFor(async () => {
      const { data } = await bob.tim.getConversationList()
      const conversation = data.conversationList.find(
        (c: { conversationID: string }) => c.conversationID === 'C2Calice',
      )
      return conversation?.unreadCount === 3
    })
    const { data } = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
    expect(data.messageList.map((m: Msg) => textOf(m))).toEqual(['one', 'two', 'three'])
  },
)
