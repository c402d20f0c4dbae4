import type { LocalIm } from '../src/index'
import { createSdkUser, destroyAllSdkUsers, type SdkUser } from '../testing'
import { startTestIm, textOf } from './helpers'

let im: LocalIm

beforeEach(async () => {
  im = await startTestIm({ multiInstance: true })
})

afterEach(async () => {
  await destroyAllSdkUsers()
  await im.close()
})

type Msg = { ID: string; payload: { text?: string }; flow: string; conversationID: string }

const receivedMessages = (user: SdkUser): Msg[] =>
  user.events
    .filter((e) => e.name === user.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((e) => e.data as Msg[])

test("with multi-instance, a message reaches the sender's other session and reads sync across", async () => {
  const phone = await createSdkUser({ localIm: im, userID: 'alice' })
  const tablet = await createSdkUser({ localIm: im, userID: 'alice' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  expect(phone.events.some((e) => e.name === phone.TIM.EVENT.KICKED_OUT)).toBe(false)

  const message = phone.tim.createTextMessage({
    to: 'bob',
    conversationType: 'C2C',
    payload: { text: 'from phone' },
  })
  await phone.tim.sendMessage(message)
  await tablet.waitFor(() => receivedMessages(tablet).some((m) => textOf(m) === 'from phone'))
  const synced = receivedMessages(tablet).find((m) => textOf(m) === 'from phone')
  expect(synced).toMatchObject({ flow: 'out', conversationID: 'C2Cbob', ID: message.ID })
  expect(receivedMessages(phone).some((m) => textOf(m) === 'from phone')).toBe(false)

  await bob.tim.sendMessage(
    bob.tim.createTextMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: { text: 'to both' },
    }),
  )
  await phone.waitFor(() => receivedMessages(phone).some((m) => textOf(m) === 'to both'))
  await tablet.waitFor(() => receivedMessages(tablet).some((m) => textOf(m) === 'to both'))
  const unread = async (user: SdkUser) =>
    (await user.tim.getConversationProfile('C2Cbob')).data.conversation.unreadCount
  await tablet.waitFor(async () => (await unread(tablet)) === 1)
  await phone.tim.setMessageRead({ conversationID: 'C2Cbob' })
  await tablet.waitFor(async () => (await unread(tablet)) === 0, 10000, 'read synced to the tablet')
})

test('messages sent in a burst arrive complete, once, and in order', async () => {
  const alice = await createSdkUser({ localIm: im, userID: 'alice', build: 'friendship' })
  const bob = await createSdkUser({ localIm: im, userID: 'bob' })
  const texts = Array.from({ length: 40 }, (_, i) => `burst ${i}`)
  await Promise.all(
    texts.map((text) =>
      alice.tim.sendMessage(
        alice.tim.createTextMessage({ to: 'bob', conversationType: 'C2C', payload: { text } }),
      ),
    ),
  )
  await bob.waitFor(() => receivedMessages(bob).length >= 40)
  expect(receivedMessages(bob).map(textOf)).toEqual(texts)
  await bob.destroy()
  const fresh = await createSdkUser({ localIm: im, userID: 'bob' })
  let all: Msg[] = []
  let next: string | undefined
  for (;;) {
    const { data } = await fresh.tim.getMessageList({
      conversationID: 'C2Calice',
      nextReqMessageID: next,
    })
    all = [...data.messageList, ...all]
    if (data.isCompleted) break
    next = data.nextReqMessageID
  }
  expect(all.map(textOf)).toEqual(texts)
})
