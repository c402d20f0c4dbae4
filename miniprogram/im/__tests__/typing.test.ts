/** "对方正在输入…" both ways with a peer's real SDK: online only, throttled, expiring, never stored or unread. */
import { api } from '../../services/api'
import { chatStore, conversationStore } from '../../stores/index'
import { im } from '../index'
import { TYPING_BUSINESS_ID } from '../typing'
import { startStack, waitFor, type SdkUser, type Stack } from '../../__tests__/support/stack'

jest.setTimeout(120_000)

let stack: Stack
let bob: SdkUser

beforeAll(async () => {
  stack = await startStack()
  await im.login(await api.devLogin('alice'))
  bob = await stack.peer('bob')
})

afterAll(async () => {
  await im.logout()
  await stack.close()
})

const typingData = (typingStatus: number) =>
  JSON.stringify({
    businessID: TYPING_BUSINESS_ID,
    typingStatus,
    version: 1,
    userAction: typingStatus ? 14 : 0,
    actionParam: typingStatus ? 'EIMAMSG_InputStatus_Ing' : 'EIMAMSG_InputStatus_End',
  })

function bobTypes(typingStatus = 1): Promise<unknown> {
  return bob.tim.sendMessage(
    bob.tim.createCustomMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: { data: typingData(typingStatus), description: '', extension: '' },
    }),
    { onlineUserOnly: true },
  )
}

type Received = { type: string; payload: { data?: string }; conversationID: string }
const bobReceived = () =>
  bob.events
    .filter((event) => event.name === bob.TIM.EVENT.MESSAGE_RECEIVED)
    .flatMap((event) => event.data as Received[])

test('the peer typing shows on alice’s side, then expires; nothing is stored or unread', async () => {
  await bob.tim.sendMessage(
    bob.tim.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text: '在吗' } }),
  )
  await waitFor(() => conversationStore.byID('C2Cbob')?.unread === 1, 'one unread')
  const before = chatStore.messagesOf('C2Cbob').length

  await bobTypes()
  await waitFor(() => chatStore.typing.C2Cbob === true, 'typing shown')
  expect(chatStore.messagesOf('C2Cbob')).toHaveLength(before)
  expect(conversationStore.byID('C2Cbob')).toMatchObject({ unread: 1, preview: '在吗' })
  // Shown for a few seconds after the last signal, then gone without any further signal.
  await waitFor(() => chatStore.typing.C2Cbob === undefined, 'typing expired', 15_000)

  // A stop signal, or the peer's next real message, ends it at once.
  await bobTypes()
  await waitFor(() => chatStore.typing.C2Cbob === true, 'typing shown again')
  await bobTypes(0)
  await waitFor(() => chatStore.typing.C2Cbob === undefined, 'typing stopped')
  await bobTypes()
  await waitFor(() => chatStore.typing.C2Cbob === true, 'typing shown a third time')
  await bob.tim.sendMessage(
    bob.tim.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text: '好了' } }),
  )
  await waitFor(() => chatStore.messagesOf('C2Cbob').some((m) => m.text === '好了'), 'message')
  expect(chatStore.typing.C2Cbob).toBeUndefined()
  await waitFor(() => conversationStore.byID('C2Cbob')?.unread === 2, 'two unread')
  expect(conversationStore.byID('C2Cbob')?.preview).toBe('好了')

  // History from the server has the two texts only.
  const history = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(history.data.messageList.map((m: Received) => m.type)).toEqual([
    'TIMTextElem',
    'TIMTextElem',
  ])
})

test('alice typing reaches bob once per interval in TUIKit’s shape, online only', async () => {
  im.sendTyping('bob')
  im.sendTyping('bob')
  im.sendTyping('bob')
  await bob.waitFor(() => bobReceived().some((m) => m.payload.data?.includes(TYPING_BUSINESS_ID)))
  // A text sent after the signals arrives after them: by then every signal sent has arrived.
  await im.sendText('bob', '我打完了')
  await bob.waitFor(() => bobReceived().some((m) => m.type === 'TIMTextElem'))
  const signals = bobReceived().filter((m) => m.payload.data?.includes(TYPING_BUSINESS_ID))
  expect(signals).toHaveLength(1)
  expect(JSON.parse(signals[0]!.payload.data!)).toEqual({
    businessID: 'user_typing_status',
    typingStatus: 1,
    version: 1,
    userAction: 14,
    actionParam: 'EIMAMSG_InputStatus_Ing',
  })
  // Not stored: bob's history of the chat holds the text only.
  const history = await bob.tim.getMessageList({ conversationID: 'C2Calice' })
  expect(history.data.messageList.map((m: Received) => m.type)).not.toContain('TIMCustomElem')
  expect(chatStore.messagesOf('C2Cbob').map((m) => m.text)).not.toContain('')
})
