/**
 * @jest-environment ./__tests__/support/node-dom-environment.js
 *
 * Quote-reply, forward and cards on the real chat page with bob's and carol's real SDKs through the local IM: 引用
 * from the long-press sheet shows the quote bar and the next text goes out in TUIKit's shape; a reply's quote,
 * tapped, loads history until its original (40 messages up) is on screen, or says 原消息已不存在; 转发 and 名片
 * go through the friend picker's EventChannel (the picker page itself is driven in e2e). The platform's sheet,
 * toast and navigation are simulate's, answered here as a user would.
 */
import {
  flush,
  loadSimulate,
  renderComponent,
  type RenderedComponent,
} from '@tim-c2c/test-support/simulate'
import { auth } from '../../../../flows/auth'
import { api } from '../../../../services/api'
import { chatStore } from '../../../../stores/index'
import { resetPhone, watchSession } from '../../../../__tests__/support/app'
import {
  startStack,
  waitFor,
  wxShim,
  type SdkUser,
  type Stack,
} from '../../../../__tests__/support/stack'

jest.setTimeout(120_000)

const harnessWx = wxShim().wx
loadSimulate()
Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, harnessWx)

type Received = { ID: string; payload: Record<string, unknown>; cloudCustomData: string }

let stack: Stack
let bob: SdkUser
let carol: SdkUser
let page: RenderedComponent | undefined
const bobInbox: Received[] = []
const carolInbox: Received[] = []

beforeAll(async () => {
  stack = await startStack()
  watchSession()
  await api.devLogin('alice')
  bob = await stack.peer('bob')
  carol = await stack.peer('carol')
  bob.tim.on('onMessageReceived', (event: { data: Received[] }) => bobInbox.push(...event.data))
  carol.tim.on('onMessageReceived', (event: { data: Received[] }) => carolInbox.push(...event.data))
  await auth.loginAsDevUser('alice')
})

afterEach(() => {
  page?.detach()
  page = undefined
  jest.restoreAllMocks()
})

afterAll(async () => {
  await resetPhone()
  await stack.close()
})

function openChat(): RenderedComponent {
  const rendered = renderComponent('package-chat/pages/chat/index')
  ;(rendered.instance.onLoad as (query: object) => void)({ peerID: 'bob' })
  ;(rendered.instance.onShow as () => void)()
  return rendered
}

async function bobSendsText(text: string, cloudCustomData = ''): Promise<string> {
  const sent = await bob.tim.sendMessage(
    bob.tim.createTextMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: { text },
      cloudCustomData,
    }),
  )
  return sent.data.message.ID as string
}

/** The message's row, or with `inside` the element in it (simulate looks descendants up from the page). */
function rowOf(messageID: string, inside = ''): RenderedComponent {
  const selector = `#m-${messageID.replace(/[^A-Za-z0-9_-]/g, '_')}${inside ? ` ${inside}` : ''}`
  const node = page!.querySelector(selector)
  if (!node) throw new Error(`no ${selector}`)
  return node
}

/** Answers the next action sheet with the item labelled `label` (the items it offered are recorded). */
function answerSheet(label: string): string[][] {
  const offered: string[][] = []
  jest.spyOn(wx, 'showActionSheet').mockImplementation((options) => {
    offered.push(options.itemList)
    const tapIndex = options.itemList.indexOf(label)
    options.success?.({ tapIndex, errMsg: 'showActionSheet:ok' })
    return Promise.resolve({ tapIndex, errMsg: 'showActionSheet:ok' }) as never
  })
  return offered
}

/** Captures navigations; the picker's `picked` is then emitted the way the picker page does. */
function captureNavigation(): { url: string; events: Record<string, (value: unknown) => void> }[] {
  const calls: { url: string; events: Record<string, (value: unknown) => void> }[] = []
  jest.spyOn(wx, 'navigateTo').mockImplementation((options) => {
    calls.push({
      url: options.url,
      events: (options.events ?? {}) as Record<string, (value: unknown) => void>,
    })
    return Promise.resolve({ errMsg: 'navigateTo:ok' }) as never
  })
  return calls
}

function toasts(): string[] {
  const titles: string[] = []
  jest.spyOn(wx, 'showToast').mockImplementation((options) => {
    titles.push(options.title)
    return Promise.resolve({ errMsg: 'showToast:ok' }) as never
  })
  return titles
}

const quoteOf = (id: string) => ({
  messageReply: {
    messageAbstract: '周六去爬山吗？',
    messageSender: 'bob',
    messageID: id,
    messageType: 1,
    messageTime: 0,
    messageSequence: 0,
    version: 1,
  },
})

test('a quote 40 messages up loads history until the original is shown; a lost original says so', async () => {
  const originalID = await bobSendsText('周六去爬山吗？')
  for (let index = 1; index <= 40; index += 1) await bobSendsText(`第 ${index} 条`)
  const replyID = await bobSendsText('就这么定了', JSON.stringify(quoteOf(originalID)))
  const lostID = await bobSendsText('还记得吗', JSON.stringify(quoteOf('no-such-message')))
  await waitFor(() => chatStore.findMessage(lostID) !== undefined, 'all of bob’s messages')
  // A fresh phone: only the newest history page comes when the chat opens.
  await resetPhone()
  await auth.loginAsDevUser('alice')
  page = openChat()
  await waitFor(() => (page!.data.items as unknown[]).length > 0, 'the newest page')
  await flush()
  expect(chatStore.findMessage(originalID)).toBeUndefined()

  const quote = rowOf(replyID, '.reply-quote')
  expect(quote.dom?.textContent).toContain('bob：周六去爬山吗？')
  quote.dispatchEvent('tap')
  const anchor = `m-${originalID.replace(/[^A-Za-z0-9_-]/g, '_')}`
  await waitFor(
    () => page!.data.scrollIntoView === anchor && page!.data.highlightID === originalID,
    'scrolled to the original',
  )
  await flush()
  expect(rowOf(originalID).dom?.textContent).toContain('周六去爬山吗？')

  // 查看更新的消息 leads back down to the newest rows.
  page.querySelector('#load-newer')!.dispatchEvent('tap')
  await flush()
  const shown = toasts()
  rowOf(lostID, '.reply-quote').dispatchEvent('tap')
  await waitFor(() => shown.includes('原消息已不存在'), 'the lost original told')
  expect(chatStore.stateOf('C2Cbob').isCompleted).toBe(true)
})

test('引用 shows the quote bar, ✕ drops it, and the next text quotes in TUIKit’s shape', async () => {
  const quotedID = await bobSendsText('明天几点？')
  await waitFor(() => chatStore.findMessage(quotedID) !== undefined, 'bob’s question')
  page = openChat()
  await waitFor(
    () =>
      page!.data.items !== undefined &&
      page!.querySelector('#m-' + quotedID.replace(/[^A-Za-z0-9_-]/g, '_')) !== null,
    'the row',
  )
  const offered = answerSheet('引用')
  rowOf(quotedID).dispatchEvent('longpress')
  await flush()
  expect(offered[0]).toEqual(['复制', '引用', '转发', '删除', '举报'])
  expect(page.querySelector('#quote-bar')!.dom?.textContent).toContain('bob：明天几点？')

  // Leaving the chat keeps the quote with the draft, as WeChat does.
  page.detach()
  page = openChat()
  await waitFor(
    () =>
      page!.querySelector('#quote-bar') !== undefined &&
      page!.querySelector('#m-' + quotedID.replace(/[^A-Za-z0-9_-]/g, '_')) !== null,
    'the quote bar and the row again',
  )
  expect(page.querySelector('#quote-bar')!.dom?.textContent).toContain('bob：明天几点？')
  page.querySelector('#quote-cancel')!.dispatchEvent('tap')
  await flush()
  expect(page.querySelector('#quote-bar')).toBeUndefined()

  rowOf(quotedID).dispatchEvent('longpress')
  await flush()
  page.querySelector('#message-input')!.dispatchEvent('input', { detail: { value: '九点' } })
  await flush()
  page.querySelector('#send-button')!.dispatchEvent('tap')
  await waitFor(() => bobInbox.some((m) => m.payload.text === '九点'), 'the reply at bob')
  const reply = bobInbox.find((m) => m.payload.text === '九点')!
  expect(JSON.parse(reply.cloudCustomData).messageReply).toMatchObject({
    messageID: quotedID,
    messageSender: 'bob',
    messageAbstract: '明天几点？',
    messageType: 1,
    version: 1,
  })
  await flush()
  expect(page.querySelector('#quote-bar')).toBeUndefined()
  expect(rowOf(reply.ID, '.reply-quote').dom?.textContent).toContain('明天几点？')
})

test('转发 sends the message to the friend picked; 名片 sends the picked friend’s card', async () => {
  const messageID = await bobSendsText('转给卡罗尔看看')
  await waitFor(() => chatStore.findMessage(messageID) !== undefined, 'bob’s message')
  page = openChat()
  await waitFor(
    () => page!.querySelector('#m-' + messageID.replace(/[^A-Za-z0-9_-]/g, '_')) !== null,
    'the row',
  )
  const navigations = captureNavigation()
  const shown = toasts()
  answerSheet('转发')
  rowOf(messageID).dispatchEvent('longpress')
  await waitFor(() => navigations.length === 1, 'the picker opened')
  expect(navigations[0]!.url).toBe(
    '/package-chat/pages/pick-friend/index?title=%E8%BD%AC%E5%8F%91%E7%BB%99',
  )
  navigations[0]!.events.picked!({ userID: 'carol', nick: 'carol', avatar: '' })
  await waitFor(
    () => carolInbox.some((m) => m.payload.text === '转给卡罗尔看看'),
    'the copy at carol',
  )
  await waitFor(() => shown.includes('已转发'), 'the toast')
  expect(chatStore.messagesOf('C2Ccarol').some((m) => m.text === '转给卡罗尔看看')).toBe(true)

  ;(page.instance.onPickCard as () => void)()
  expect(navigations[1]!.url).toContain('exclude=bob')
  navigations[1]!.events.picked!({ userID: 'carol', nick: '卡罗尔', avatar: '' })
  await waitFor(
    () => bobInbox.some((m) => String(m.payload.data ?? '').includes('"userID":"carol"')),
    'the card at bob',
  )
  await flush()
  const card = chatStore.messagesOf('C2Cbob').find((m) => m.type === 'card' && m.flow === 'out')
  expect(card?.card).toEqual({ userID: 'carol', nick: '卡罗尔', avatar: '' })
})
