/**
 * @jest-environment ./__tests__/support/node-dom-environment.js
 *
 * The real chat page (miniprogram-simulate) on the real IM door, SDK, local IM and app server, with bob as a
 * second real SDK user: what is marked read, and when, as both phones see it.
 */
import type { ChatSDK } from 'tim-wx-sdk'
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { auth } from '../../../../flows/auth'
import { im } from '../../../../im/index'
import { api } from '../../../../services/api'
import { chatStore, conversationStore, sessionStore } from '../../../../stores/index'
import {
  recordSdkInstances,
  resetPhone,
  restartApp,
  watchSession,
  type SdkInstanceLog,
} from '../../../../__tests__/support/app'
import {
  startStack,
  waitFor,
  wxShim,
  type SdkUser,
  type Stack,
} from '../../../../__tests__/support/stack'

// The page runs on simulate's component framework; its wx calls and the SDK's go to the harness's Node wx.
const harnessWx = wxShim().wx
loadSimulate()
Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, harnessWx)

interface PeerMessage {
  ID: string
  payload: { text?: string }
  isPeerRead: boolean
}

let stack: Stack
let bob: SdkUser
let page: RenderedComponent | undefined
let instances: SdkInstanceLog

beforeAll(async () => {
  stack = await startStack()
  watchSession()
  await api.devLogin('alice')
  bob = await stack.peer('bob')
})

beforeEach(async () => {
  instances = recordSdkInstances()
  await auth.loginAsDevUser('alice')
})

afterEach(async () => {
  page?.detach()
  page = undefined
  instances.stop()
  await resetPhone()
})

afterAll(async () => {
  await stack.close()
})

function openChat(): RenderedComponent {
  const rendered = renderComponent('package-chat/pages/chat/index')
  ;(rendered.instance.onLoad as (query: object) => void)({ peerID: 'bob' })
  ;(rendered.instance.onShow as () => void)()
  return rendered
}

function call(target: RenderedComponent, lifecycle: 'onShow' | 'onHide' | 'onUnload'): void {
  ;(target.instance[lifecycle] as () => void)()
}

async function bobSends(text: string): Promise<string> {
  const sent = await bob.tim.sendMessage(
    bob.tim.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text } }),
  )
  return (sent.data as { message: { ID: string } }).message.ID
}

/** Bob's own view of the messages he sent alice: 已读 or not, as his phone shows them (pages of 15). */
async function bobsView(): Promise<PeerMessage[]> {
  const seen: PeerMessage[] = []
  let next: string | undefined
  for (;;) {
    const page = await bob.tim.getMessageList({
      conversationID: 'C2Calice',
      count: 15,
      ...(next ? { nextReqMessageID: next } : {}),
    })
    const data = page.data as {
      messageList: PeerMessage[]
      nextReqMessageID: string
      isCompleted: boolean
    }
    seen.unshift(...data.messageList)
    if (data.isCompleted || data.messageList.length === 0 || !data.nextReqMessageID) return seen
    next = data.nextReqMessageID
  }
}

async function waitForBobToSeeRead(ids: readonly string[], timeoutMs = 20_000): Promise<void> {
  await bob.waitFor(
    async () => {
      const view = await bobsView()
      return ids.every((id) => view.find((message) => message.ID === id)?.isPeerRead === true)
    },
    timeoutMs,
    `bob to see ${ids.length} message(s) 已读`,
  )
}

test('a message arriving while the chat is hidden stays unread on both phones until the chat is shown again', async () => {
  page = openChat()
  const first = await bobSends('在吗')
  await waitForBobToSeeRead([first])

  // Another page on top, or the app in the background: the platform hides the chat.
  call(page, 'onHide')
  const second = await bobSends('你还在吗')
  await waitFor(
    () => chatStore.messagesOf('C2Cbob').some((message) => message.text === '你还在吗'),
    'the message on alice’s phone',
  )
  await flush()
  expect((page.data.items as { text: string }[]).map((row) => row.text)).toContain('你还在吗')
  // No read report is scheduled or on its way; a request through the same socket after that one would
  // find a report sent before it already at the IM.
  await waitFor(() => im.diagnostics().pendingReadReports === 0, 'no read report pending')
  await im.refreshConversations()
  expect(conversationStore.byID('C2Cbob')?.unread).toBe(1)
  expect((await bobsView()).find((message) => message.ID === second)?.isPeerRead).toBe(false)

  call(page, 'onShow')
  await waitForBobToSeeRead([second])
  expect(conversationStore.byID('C2Cbob')?.unread).toBe(0)
})

test('in the open chat a burst of 20 messages ends with every one 已读 on the sender’s phone, one report a second at most', async () => {
  page = openChat()
  const tim = instances.created[instances.created.length - 1] as ChatSDK
  const reports: number[] = []
  const realSetMessageRead = tim.setMessageRead.bind(tim)
  jest.spyOn(tim, 'setMessageRead').mockImplementation((options) => {
    reports.push(Date.now())
    return realSetMessageRead(options)
  })
  // All 20 at once: they arrive well within one report interval.
  const ids = await Promise.all(
    Array.from({ length: 20 }, (_, index) => bobSends(`连发 ${index + 1}`)),
  )

  await waitForBobToSeeRead(ids, 30_000)
  const gaps = reports.slice(1).map((at, index) => at - (reports[index] as number))
  // The coalescer waits the full interval (1 s) between reports; timers may fire a little early.
  expect(gaps.every((gap) => gap >= 950)).toBe(true)
  expect(reports.length).toBeLessThan(20)
})

test('a send that fails before any message exists puts the text back into the input', async () => {
  page = openChat()
  // The phone restarts with no network: the saved session is resumed, nothing can be sent.
  call(page, 'onUnload')
  page.detach()
  await restartApp()
  wxShim().setOnline(false)
  expect(auth.restore()).toBe(true)
  await waitFor(() => im.diagnostics().phase === 'offline', 'the app to wait for the network')
  page = openChat()
  page
    .querySelector('#message-input')!
    .dispatchEvent('input', { detail: { value: '等网好了再发' } })
  await flush()
  page.querySelector('#send-button')!.dispatchEvent('tap')
  await waitFor(() => page!.data.draft === '等网好了再发', 'the text back in the input')
  expect(chatStore.messagesOf('C2Cbob').some((message) => message.text === '等网好了再发')).toBe(
    false,
  )
  expect(sessionStore.status).toBe('resuming')
})
