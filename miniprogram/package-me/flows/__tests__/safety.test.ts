/**
 * 拉黑, 举报 and refused text against the real app server over HTTP and the real local IM (its blacklist and
 * its before-send callback to the server), with the real SDK on both sides: alice is the app, bob a second real
 * SDK user who also holds a server session (reports and blocks need users the server knows).
 */
import { resetPhone } from '../../../__tests__/support/app'
import { startStack, waitFor, type SdkUser, type Stack } from '../../../__tests__/support/stack'
import type { RunningServer } from '@tim-c2c/server'
import { auth } from '../../../flows/auth'
import { contacts } from '../../../flows/contacts'
import { ImError } from '../../../im/errors'
import { im } from '../../../im/index'
import { chatStore } from '../../../stores/index'
import { safetyStore } from '../../stores/safety'
import { safety } from '../safety'

const ADMIN_TOKEN = 'admin-token-for-safety-specs'
const CALLBACK_TOKEN = 'callback-token-for-safety-specs'

let stack: Stack
let server: RunningServer
let bob: SdkUser
let bobToken: string

/** bob's own calls to the app server, as his phone would make them. */
async function asBob(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bobToken}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
}

async function bobSends(text: string): Promise<string> {
  const message = bob.tim.createTextMessage({
    to: 'alice',
    conversationType: 'C2C',
    payload: { text },
  })
  await bob.tim.sendMessage(message)
  return message.ID
}

beforeAll(async () => {
  stack = await startStack()
  server = await stack.startServer({ ADMIN_TOKEN, IM_CALLBACK_TOKEN: CALLBACK_TOKEN })
  // What the IM console's callback URL and 发单聊消息之前回调 do for Tencent's IM.
  stack.localIm.configureCallback({ url: `${server.url}/im/callback`, token: CALLBACK_TOKEN })
  stack.configure({ appServerBaseUrl: server.url })
  const login = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ devUser: 'bob' }),
  })
  bobToken = ((await login.json()) as { token: string }).token
})

beforeEach(async () => {
  bob = await stack.peer('bob')
  await auth.loginAsDevUser('alice')
})

afterEach(async () => {
  await bob.destroy()
  await resetPhone()
  safetyStore.reset()
})

afterAll(async () => {
  stack.localIm.configureCallback(undefined)
  await stack.close()
})

test('alice blocks bob: on her blacklist, his messages refused by the IM with 20007; unblocked, they arrive', async () => {
  await contacts.add('bob')
  await safety.openProfile('bob')
  await safety.block(safetyStore.viewed!)
  expect(safetyStore.blockedIDs).toEqual(['bob'])

  await expect(bobSends('还在吗')).rejects.toMatchObject({ code: 20007 })
  await safety.loadBlocks()
  expect(safetyStore.blocks.map((blocked) => blocked.userID)).toEqual(['bob'])

  await safety.unblock('bob')
  expect(safetyStore.blockedIDs).toEqual([])
  expect((await (await asBob('GET', '/api/blocks')).json()) as unknown).toEqual({ blocks: [] })
  await bobSends('现在可以了')
  await im.openConversation('bob')
  await waitFor(
    () => chatStore.messagesOf('C2Cbob').some((message) => message.text === '现在可以了'),
    'bob’s message after the unblock',
  )
})

test('bob blocks alice: her send fails with 对方已拒收你的消息 and the message shows as failed', async () => {
  expect((await asBob('POST', '/api/blocks', { userID: 'alice' })).status).toBe(200)
  try {
    const failure = await im.sendText('bob', '在吗？').then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(ImError)
    expect(failure).toMatchObject({ code: 20007, message: '消息未发出：对方已拒收你的消息' })
    const failed = chatStore.findMessage((failure as ImError).messageID)
    expect(failed?.status).toBe('failed')
  } finally {
    expect((await asBob('DELETE', '/api/blocks/alice')).status).toBe(204)
  }
  await expect(im.sendText('bob', '好了')).resolves.toMatchObject({ text: '好了' })
})

test('a refused word: the before-send callback stops it, alice is told why, bob gets nothing', async () => {
  const received: string[] = []
  bob.tim.on(
    bob.TIM.EVENT.MESSAGE_RECEIVED,
    (event: { data: Array<{ payload: { text?: string } }> }) =>
      received.push(...event.data.map((message) => message.payload.text ?? '')),
  )
  const failure = await im.sendText('bob', '刷 单 返 利，日赚千元').then(
    () => undefined,
    (error: unknown) => error,
  )
  expect(failure).toMatchObject({ code: 120001, message: '消息未发出：内容不合规' })
  await im.sendText('bob', '正常的消息')
  await waitFor(() => received.includes('正常的消息'), 'the allowed message at bob')
  expect(received).toEqual(['正常的消息'])
})

test('a report names bob’s newest message and reaches the admin list', async () => {
  await im.openConversation('bob')
  const messageID = await bobSends('点这个链接领红包')
  await waitFor(
    () => chatStore.messagesOf('C2Cbob').some((message) => message.id === messageID),
    'bob’s message on alice’s phone',
  )
  const reportID = await safety.report('bob', 'fraud', '  冒充客服骗钱 ')
  expect(reportID).not.toBe('')

  const response = await fetch(`${server.url}/api/admin/reports?status=open`, {
    headers: { 'x-admin-token': ADMIN_TOKEN },
  })
  const { reports } = (await response.json()) as { reports: Array<Record<string, unknown>> }
  expect(reports.find((report) => report.reportID === reportID)).toMatchObject({
    reporterID: 'alice',
    reportedID: 'bob',
    reason: 'fraud',
    messageID,
    abstract: '冒充客服骗钱',
  })
  await expect(safety.report('alice', 'spam')).rejects.toMatchObject({ status: 400 })
})

test('a report about a long-pressed message names that message, not bob’s newest', async () => {
  await im.openConversation('bob')
  const aboutID = await bobSends('加我微信，带你投资')
  const newestID = await bobSends('在吗')
  await waitFor(
    () => chatStore.messagesOf('C2Cbob').some((message) => message.id === newestID),
    'bob’s messages on alice’s phone',
  )
  const reportID = await safety.report('bob', 'fraud', '', aboutID)

  const response = await fetch(`${server.url}/api/admin/reports?status=open`, {
    headers: { 'x-admin-token': ADMIN_TOKEN },
  })
  const { reports } = (await response.json()) as { reports: Array<Record<string, unknown>> }
  expect(reports.find((report) => report.reportID === reportID)).toMatchObject({
    reportedID: 'bob',
    messageID: aboutID,
    abstract: '加我微信，带你投资',
  })
})
