/**
 * The IM singleton's login lifecycle against the real tim-wx-sdk, the local IM and the app server.
 */
import { autorun } from 'mobx-miniprogram'
import { api } from '../../services/api'
import { loadCredentials } from '../../services/credentials'
import { auth } from '../../services/auth'
import {
  chatStore,
  conversationStore,
  networkStore,
  profileStore,
  sessionStore,
} from '../../stores/index'
import type { Credentials, MessageView } from '../../models/types'
import { AppErrorCode, ImError, im } from '../index'
import { startStack, waitFor, wxShim, type Stack } from '../../__tests__/support/stack'

let stack: Stack

beforeAll(async () => {
  stack = await startStack()
})

afterEach(async () => {
  await im.logout()
  wxShim().setOnline(true)
  im.setTimeouts({ readyWaitMs: 15_000 })
})

afterAll(async () => {
  await stack.close()
})

describe('credentials', () => {
  test.each([
    ['no userID', { userID: '' }],
    ['no userSig', { userSig: '  ' }],
    ['no sdkAppID', { sdkAppID: 0 }],
  ])('%s is rejected with a clear error before any SDK call', async (_case, broken) => {
    const credentials = {
      token: 't',
      userID: 'alice',
      userSig: 'sig',
      sdkAppID: 1400000123,
      expireAt: 0,
      ...broken,
    }
    const failure = await im.login(credentials).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ImError)
    expect((failure as ImError).code).toBe(AppErrorCode.MISSING_CREDENTIALS)
    expect((failure as ImError).message).toBe('登录信息不完整，请重新登录')
    expect(im.sdkInstance).toBeNull()
    expect(sessionStore.status).toBe('loggedOut')
  })

  test('a UserSig the IM rejects fails the login and leaves the session logged out', async () => {
    const credentials = await api.devLogin('mallory')
    const failure = await im
      .login({ ...credentials, userSig: 'eJyrVspNzcnMS1WyUkrLz1fSUUrNLSjKTC0CigEAYn8HDw__' })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ImError)
    expect((failure as ImError).code).toBeGreaterThan(0)
    expect(sessionStore.status).toBe('loggedOut')
    expect(sessionStore.lastLogoutReason).not.toBe('')
  })
})

describe('login', () => {
  test('resolves only once the SDK is ready, with the stores filled in', async () => {
    const credentials = await api.devLogin('alice', 'Alice')
    const statuses: string[] = []
    const dispose = autorun(() => statuses.push(sessionStore.status))
    const login = im.login(credentials)
    expect(sessionStore.status).toBe('loggingIn')
    expect(networkStore.connection).toBe('connecting')
    await login
    dispose()
    expect(im.isReady).toBe(true)
    expect(statuses).toEqual(['loggedOut', 'loggingIn', 'ready'])
    expect(networkStore.connection).toBe('connected')
    expect(networkStore.bannerText).toBe('')
    expect(sessionStore.userID).toBe('alice')
    await waitFor(() => profileStore.me?.userID === 'alice', 'own profile')
    expect(stack.localIm.isOnline('alice')).toBe(true)
  })

  test('concurrent calls share one attempt (the SDK would refuse a second within 15 s)', async () => {
    const credentials = await api.devLogin('alice')
    const first = im.login(credentials)
    const second = im.login(credentials)
    expect(second).toBe(first)
    await Promise.all([first, second])
    expect(im.isReady).toBe(true)
    expect(wxShim().openSocketCount()).toBe(1)
  })

  test('a repeat login while ready resolves at once on the same SDK instance', async () => {
    const credentials = await api.devLogin('alice')
    await im.login(credentials)
    const instance = im.sdkInstance
    await im.login(credentials)
    expect(im.sdkInstance).toBe(instance)
    expect(sessionStore.status).toBe('ready')
    expect(wxShim().openSocketCount()).toBe(1)
  })

  test('logging in as someone else first leaves the previous account completely', async () => {
    const alice = await api.devLogin('alice')
    const bob = await api.devLogin('bob')
    await im.login(alice)
    await im.login(bob)
    expect(sessionStore.userID).toBe('bob')
    expect(stack.localIm.isOnline('alice')).toBe(false)
    expect(stack.localIm.isOnline('bob')).toBe(true)
    expect(wxShim().openSocketCount()).toBe(1)
  })

  test('calls made while logging in wait for SDK_READY instead of failing', async () => {
    const credentials = await api.devLogin('alice')
    const login = im.login(credentials)
    const early = im.refreshConversations()
    await expect(early).resolves.toBeUndefined()
    await login
  })

  test('the wait for ready is bounded', async () => {
    const credentials = await api.devLogin('alice')
    im.setTimeouts({ readyWaitMs: 300 })
    wxShim().setOnline(false)
    const login = im.login(credentials)
    login.catch(() => undefined)
    const failure = await im.refreshConversations().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ImError)
    expect((failure as ImError).code).toBe(AppErrorCode.READY_TIMEOUT)
    expect((failure as ImError).message).toMatch(/连接超时/)
  })

  test('calls made while logged out fail at once with a clear message', async () => {
    const failure = await im.sendText('bob', 'hi').catch((error: unknown) => error)
    expect((failure as ImError).code).toBe(AppErrorCode.NOT_LOGGED_IN)
    expect((failure as ImError).message).toBe('尚未登录，请先登录')
  })

  test('logout destroys the SDK instance and empties every store', async () => {
    await auth.loginAsDevUser('alice')
    expect(loadCredentials()?.userID).toBe('alice')
    await waitFor(() => profileStore.me !== null, 'profile')
    await auth.logout()
    expect(im.sdkInstance).toBeNull()
    expect(sessionStore.status).toBe('loggedOut')
    expect(profileStore.me).toBeNull()
    expect(conversationStore.list).toEqual([])
    expect(chatStore.chats).toEqual({})
    expect(loadCredentials()).toBeNull()
    await waitFor(() => !stack.localIm.isOnline('alice'), 'alice offline at the local IM')
  })
})

describe('message notify callbacks', () => {
  test('pages swap callbacks on one connection, and only the registered one is called', async () => {
    const credentials: Credentials = await api.devLogin('alice')
    await im.login(credentials)
    const instance = im.sdkInstance
    const bob = await stack.peer('bob')

    const listPage: MessageView[][] = []
    const chatPage: MessageView[][] = []
    const unsubscribeList = im.onMessageNotify((messages) => listPage.push([...messages]))
    unsubscribeList()
    const unsubscribeChat = im.onMessageNotify((messages) => chatPage.push([...messages]))
    // Unsubscribing twice, or an old unsubscribe, must not remove the new callback.
    unsubscribeList()

    const message = bob.tim.createTextMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: { text: '在吗' },
    })
    await bob.tim.sendMessage(message)
    await waitFor(() => chatPage.length > 0, 'notify callback')
    unsubscribeChat()

    expect(listPage).toEqual([])
    expect(chatPage).toHaveLength(1)
    expect(chatPage[0]?.[0]).toMatchObject({
      text: '在吗',
      flow: 'in',
      from: 'bob',
      conversationID: 'C2Cbob',
    })
    expect(Object.isFrozen(chatPage[0]?.[0])).toBe(true)
    expect(im.sdkInstance).toBe(instance)
    expect(im.notifyCallbackCount).toBe(0)
    expect(wxShim().openSocketCount()).toBe(1)
  })

  test('a throwing page callback does not stop the others or the stores', async () => {
    await im.login(await api.devLogin('alice'))
    const bob = await stack.peer('bob')
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const received: string[] = []
    const unsubscribeBroken = im.onMessageNotify(() => {
      throw new Error('page bug')
    })
    const unsubscribe = im.onMessageNotify((messages) =>
      received.push(...messages.map((m) => m.text)),
    )
    await bob.tim.sendMessage(
      bob.tim.createTextMessage({ to: 'alice', conversationType: 'C2C', payload: { text: 'x' } }),
    )
    await waitFor(() => received.length === 1, 'second callback')
    unsubscribeBroken()
    unsubscribe()
    expect(chatStore.messagesOf('C2Cbob').map((m) => m.text)).toEqual(['x'])
    errors.mockRestore()
  })
})
