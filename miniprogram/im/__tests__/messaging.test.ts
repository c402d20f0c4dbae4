/** Sending, receiving, dedupe, paging, read state and resend with a real peer SDK. */
import { api } from '../../services/api'
import { chatStore, conversationStore } from '../../stores/index'
import { ImError } from '../errors'
import { im } from '../index'
import {
  startStack,
  waitFor,
  wxShim,
  type SdkUser,
  type Stack,
} from '../../__tests__/support/stack'

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

function texts(conversationID = 'C2Cbob'): string[] {
  return chatStore.messagesOf(conversationID).map((message) => message.text)
}

test('a sent text goes sending → sent and reaches the peer', async () => {
  const statuses: string[] = []
  const stop = chatStore.onChange('C2Cbob', (change) =>
    statuses.push(...change.messages.map((m) => m.status)),
  )
  const sent = await im.sendText('bob', '你好 bob')
  stop()
  expect(sent.status).toBe('sent')
  expect(statuses[0]).toBe('sending')
  expect(statuses).toContain('sent')
  await bob.waitForEvent('onMessageReceived', (data) =>
    (data as Array<{ payload: { text?: string } }>).some((m) => m.payload.text === '你好 bob'),
  )
  await waitFor(() => conversationStore.byID('C2Cbob')?.preview === '你好 bob', 'conversation row')
})

test('empty text is refused before the SDK', async () => {
  await expect(im.sendText('bob', '   ')).rejects.toThrow('不能发送空白消息')
})

test('a REST message echoed to the sender shows once (upsert by ID)', async () => {
  const reply = await stack.rest('openim/sendmsg', {
    SyncOtherMachine: 1,
    From_Account: 'alice',
    To_Account: 'bob',
    MsgRandom: Math.floor(Math.random() * 4294967295),
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '服务器代发' } }],
  })
  expect(reply.ErrorCode).toBe(0)
  await waitFor(() => texts().includes('服务器代发'), 'echo')
  await im.appShown()
  const { conversationID } = { conversationID: await im.openConversation('bob') }
  expect(texts(conversationID).filter((text) => text === '服务器代发')).toHaveLength(1)
  im.closeConversation(conversationID)
})

test('incoming messages count as unread until the chat marks them read', async () => {
  const carol = await stack.peer('carol')
  for (const text of ['一', '二', '三']) {
    await carol.tim.sendMessage(
      carol.tim.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text } }),
    )
  }
  await waitFor(() => conversationStore.byID('C2Ccarol')?.unread === 3, 'unread 3')
  expect(conversationStore.totalUnread).toBeGreaterThanOrEqual(3)
  await im.openConversation('carol')
  // Opening loads the chat; reading is the chat page's call (it marks read while it is on screen).
  expect(conversationStore.byID('C2Ccarol')?.unread).toBe(3)
  expect(texts('C2Ccarol')).toEqual(['一', '二', '三'])
  await im.markConversationRead('C2Ccarol')
  expect(conversationStore.byID('C2Ccarol')?.unread).toBe(0)
  im.closeConversation('C2Ccarol')
})

test('history pages 15 at a time, in order, without duplicates', async () => {
  const dave = await stack.peer('dave')
  for (let index = 1; index <= 35; index += 1) {
    await stack.rest('openim/sendmsg', {
      SyncOtherMachine: 2,
      From_Account: 'dave',
      To_Account: 'alice',
      MsgRandom: index,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `m${index}` } }],
    })
  }
  await dave.destroy()
  await waitFor(() => texts('C2Cdave').length === 35, 'live messages')
  await im.closeConversation('C2Cdave')
  // Start from a cold chat, as after an app restart.
  const { runInAction } = await import('../../stores/mobx')
  runInAction(() => chatStore.clearConversation('C2Cdave'))
  await im.openConversation('dave')
  expect(texts('C2Cdave')).toHaveLength(15)
  await Promise.all([im.loadMoreMessages('C2Cdave'), im.loadMoreMessages('C2Cdave')])
  expect(texts('C2Cdave')).toHaveLength(30)
  await im.loadMoreMessages('C2Cdave')
  expect(texts('C2Cdave')).toEqual(Array.from({ length: 35 }, (_, i) => `m${i + 1}`))
  await im.loadMoreMessages('C2Cdave')
  expect(texts('C2Cdave')).toHaveLength(35)
  expect(chatStore.stateOf('C2Cdave').isCompleted).toBe(true)
})

test('the peer reading my message flips its read state', async () => {
  const sent = await im.sendText('bob', '看到了吗')
  expect(sent.isRead).toBe(false)
  // The peer can only read what reached it: its push may still be on the way when the send resolves.
  await bob.waitForEvent('onMessageReceived', (data) =>
    (data as Array<{ payload: { text?: string } }>).some((m) => m.payload.text === '看到了吗'),
  )
  await bob.tim.setMessageRead({ conversationID: 'C2Calice' })
  await waitFor(() => chatStore.findMessage(sent.id)?.isRead === true, 'read receipt')
})

test('a send that fails offline shows failed and can be resent once back online', async () => {
  wxShim().setOnline(false)
  const failure = await im.sendText('bob', '重发我').catch((error: unknown) => error)
  expect(failure).toBeInstanceOf(ImError)
  const failed = chatStore.messagesOf('C2Cbob').find((m) => m.text === '重发我')
  expect(failed?.status).toBe('failed')
  // The message exists (发送失败, resendable): the page does not put the text back into the input.
  expect((failure as ImError).messageID).toBe(failed?.id)
  wxShim().setOnline(true)
  await waitFor(() => im.isReady, 'ready')
  const { networkStore } = await import('../../stores/index')
  await waitFor(() => networkStore.connection === 'connected', 'connected', 30_000)
  const resent = await im.resend(failed?.id ?? '')
  expect(resent.status).toBe('sent')
  expect(chatStore.messagesOf('C2Cbob').filter((m) => m.text === '重发我')).toHaveLength(1)
  await bob.waitForEvent('onMessageReceived', (data) =>
    (data as Array<{ payload: { text?: string } }>).some((m) => m.payload.text === '重发我'),
  )
})

test('own messages can be recalled and deleted', async () => {
  const sent = await im.sendText('bob', '撤回我')
  await im.revoke(sent.id)
  expect(chatStore.findMessage(sent.id)?.isRevoked).toBe(true)
  const other = await im.sendText('bob', '删除我')
  await im.deleteMessage(other.id)
  expect(chatStore.findMessage(other.id)).toBeUndefined()
})

test('pinning moves a conversation to the top', async () => {
  await im.refreshConversations()
  const last = conversationStore.list[conversationStore.list.length - 1]
  expect(last).toBeDefined()
  await im.pinConversation(last?.conversationID ?? '', true)
  expect(conversationStore.list[0]?.conversationID).toBe(last?.conversationID)
  expect(conversationStore.list[0]?.pinned).toBe(true)
})
