/** Pages swap the IM door's one message-notify callback (seed 000), on one connection, with a real peer. */
import { api } from '../../services/api'
import { chatStore } from '../../stores/index'
import type { MessageView } from '../../models/types'
import { im } from '../index'
import { resetPhone } from '../../__tests__/support/app'
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
  bob = await stack.peer('bob')
})

afterEach(async () => {
  await resetPhone()
})

afterAll(async () => {
  await stack.close()
})

async function bobSends(text: string): Promise<void> {
  await bob.tim.sendMessage(
    bob.tim.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text } }),
  )
  await waitFor(() => chatStore.messagesOf('C2Cbob').some((m) => m.text === text), text)
}

test('the newest callback replaces the one before; restoring it puts the previous one back', async () => {
  await im.login(await api.devLogin('alice'))
  const generation = im.diagnostics().generation
  const got: Record<string, string[]> = { list: [], chat: [] }
  const record = (page: string) => (messages: readonly MessageView[]) =>
    got[page]!.push(...messages.map((message) => message.text))

  const restoreList = im.setMessageNotify(record('list'))
  await bobSends('一')
  const restoreChat = im.setMessageNotify(record('chat'))
  await bobSends('二')
  restoreChat()
  await bobSends('三')
  // Restoring twice (onHide, then onUnload) does not take the list page's callback away.
  restoreChat()
  await bobSends('四')
  restoreList()
  await bobSends('五')

  expect(got).toEqual({ list: ['一', '三', '四'], chat: ['二'] })
  expect(chatStore.messagesOf('C2Cbob').map((m) => m.text)).toEqual(['一', '二', '三', '四', '五'])
  expect(Object.isFrozen(chatStore.messagesOf('C2Cbob')[0])).toBe(true)
  // One connection throughout.
  expect(im.diagnostics().generation).toBe(generation)
  expect(wxShim().openSocketCount()).toBe(1)
})

test('a page restoring out of order leaves the callback of the page on top current', async () => {
  await im.login(await api.devLogin('alice'))
  const got: string[] = []
  const restoreBelow = im.setMessageNotify(() => got.push('below'))
  im.setMessageNotify(() => got.push('top'))
  restoreBelow()
  await bobSends('六')
  expect(got).toEqual(['top'])
})

test('a throwing page callback does not stop the message reaching the stores', async () => {
  await im.login(await api.devLogin('alice'))
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  const restore = im.setMessageNotify(() => {
    throw new Error('page bug')
  })
  await bobSends('七')
  restore()
  expect(logged).toHaveBeenCalledWith('[im]', 'message notify callback failed', expect.any(Error))
  logged.mockRestore()
  expect(chatStore.messagesOf('C2Cbob').map((m) => m.text)).toEqual(['七'])
})
