/**
 * Real phones on real networks: a saved session survives no network and an unreachable IM; past the reconnect
 * limits the app gives up visibly and 重试 / App.onShow log in again on a fresh SDK instance.
 */
import { appShown } from '../../flows/app'
import { auth } from '../../flows/auth'
import { loadCredentials } from '../../services/credentials'
import { conversationStore, draftStore, networkStore, sessionStore } from '../../stores/index'
import { runInAction } from '../../stores/mobx'
import { ErrorCode, type ImError } from '../errors'
import { im, type ImEventMap } from '../index'
import {
  recordSdkInstances,
  resetPhone,
  restartApp,
  watchSession,
  type SdkInstanceLog,
} from '../../__tests__/support/app'
import { startRelay, type Relay } from '../../__tests__/support/relay'
import {
  startStack,
  waitFor,
  wxShim,
  type SdkUser,
  type Stack,
} from '../../__tests__/support/stack'

let stack: Stack
let bob: SdkUser
let instances: SdkInstanceLog
let relay: Relay | undefined
let ended: ImEventMap['sessionEnded'][] = []

beforeAll(async () => {
  stack = await startStack()
  watchSession()
  bob = await stack.peer('bob')
  im.on('sessionEnded', (event) => ended.push(event))
})

beforeEach(() => {
  ended = []
  instances = recordSdkInstances()
})

afterEach(async () => {
  instances.stop()
  stack.configure({})
  await resetPhone()
  await relay?.close()
  relay = undefined
})

afterAll(async () => {
  await stack.close()
})

/** Last time on this phone: alice logged in and bob wrote to her; then the app was closed. */
async function previousSession(): Promise<void> {
  await auth.loginAsDevUser('alice')
  await bob.tim.sendMessage(
    bob.tim.createTextMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: { text: '昨天的消息' },
    }),
  )
  await waitFor(
    () => conversationStore.byID('C2Cbob')?.preview === '昨天的消息',
    'the conversation',
  )
  // The user started an answer and left the app.
  runInAction(() => draftStore.setDraft('C2Cbob', '没写完的回复'))
  await restartApp()
}

test('offline at launch: the session is kept, the cached conversations show with 网络不可用, login follows the network', async () => {
  await previousSession()
  const logins = instances.logins.length
  wxShim().setOnline(false)

  expect(auth.restore()).toBe(true)
  // At once, before any network: the app holds the session and shows the SDK's cached list.
  expect(sessionStore.status).toBe('resuming')
  expect(conversationStore.byID('C2Cbob')).toMatchObject({ peerID: 'bob', preview: '昨天的消息' })
  expect(draftStore.draftOf('C2Cbob')).toBe('没写完的回复')
  await waitFor(() => networkStore.connection === 'offline', 'the offline banner')
  expect(networkStore.bannerText).toBe('网络不可用，请检查网络设置')
  // No SDK login was started, so none can hang for the SDK's 90 s and fail the session.
  expect(instances.logins.length).toBe(logins)
  const failure = (await im.sendText('bob', '发不出去').catch((error: unknown) => error)) as ImError
  expect(failure.code).toBe(ErrorCode.NO_NETWORK)
  expect(loadCredentials()?.userID).toBe('alice')

  wxShim().setOnline(true)
  await waitFor(() => sessionStore.status === 'ready', 'the login once the network is back')
  expect(networkStore.connection).toBe('connected')
  expect(loadCredentials()?.userID).toBe('alice')
  expect(ended).toEqual([])
})

test('App.onShow logs in when the network came back unnoticed (the SDK drops every network listener on reset)', async () => {
  await previousSession()
  wxShim().setOnline(false)
  auth.restore()
  await waitFor(() => networkStore.connection === 'offline', 'the offline banner')
  // What tim-wx-sdk does whenever it resets: wx.offNetworkStatusChange() with no argument.
  ;(wx as unknown as { offNetworkStatusChange(): void }).offNetworkStatusChange()
  wxShim().setOnline(true)
  expect(im.diagnostics().phase).toBe('offline')

  appShown()
  await waitFor(() => sessionStore.status === 'ready', 'the login on App.onShow')
  expect(networkStore.connection).toBe('connected')
})

test('an unreachable IM at launch: each bounded login that fails counts; past the maximum 连接已断开, the session kept; 重试 logs in on a fresh instance', async () => {
  await previousSession()
  relay = await startRelay(stack.localIm.wsUrl)
  relay.refuse()
  stack.configure({
    imProxyServer: relay.url,
    lifecycle: { maxFailedReconnects: 2, loginTimeoutMs: 500, retryDelayMs: 100 },
  })
  const before = instances.created.length

  auth.restore()
  await waitFor(() => networkStore.connection === 'failed', 'the final state', 30_000)
  expect(networkStore.bannerText).toBe('连接已断开')
  expect(networkStore.canRetry).toBe(true)
  expect(im.diagnostics().phase).toBe('failed')
  // Two bounded logins, each on its own instance, each disposed when it gave up.
  expect(instances.created.length).toBe(before + 2)
  expect(relay.refusedAttempts).toBeGreaterThan(0)
  expect(sessionStore.status).toBe('resuming')
  expect(conversationStore.byID('C2Cbob')?.preview).toBe('昨天的消息')
  expect(loadCredentials()?.userID).toBe('alice')
  expect(ended).toEqual([])

  relay.accept()
  im.retry()
  await waitFor(() => sessionStore.status === 'ready', 'the login after 重试', 30_000)
  expect(networkStore.connection).toBe('connected')
  expect(instances.created.length).toBe(before + 3)
  await im.sendText('bob', '重试之后')
})

test('disconnected too long in a live session: the final state after the time limit; App.onShow logs in again', async () => {
  relay = await startRelay(stack.localIm.wsUrl)
  stack.configure({
    imProxyServer: relay.url,
    lifecycle: { maxFailedReconnects: 100, maxDisconnectedMs: 1_500 },
  })
  await auth.loginAsDevUser('alice')
  // Everything the SDK asked after login is answered (a request cut off mid-way would time out inside the
  // SDK, where nothing handles its rejection).
  await waitFor(() => wxShim().pendingRequestCount() === 0, 'the SDK idle')

  relay.refuse()
  await waitFor(() => networkStore.connection === 'failed', 'the final state', 30_000)
  expect(sessionStore.status).toBe('resuming')
  expect(loadCredentials()?.userID).toBe('alice')
  expect(ended).toEqual([])
  // The given-up instance is destroyed first: its logout gets no answer until the SDK's 15 s timeout.
  await waitFor(() => !im.diagnostics().disposing, 'the old instance destroyed', 30_000)

  relay.accept()
  appShown()
  await waitFor(() => sessionStore.status === 'ready', 'the login on App.onShow', 30_000)
  expect(networkStore.connection).toBe('connected')
})
