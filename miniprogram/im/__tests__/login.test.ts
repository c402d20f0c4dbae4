/**
 * The IM door's login lifecycle against the real tim-wx-sdk, the local IM and the app server.
 */
import { autorun } from 'mobx-miniprogram'
import { auth } from '../../flows/auth'
import { api } from '../../services/api'
import { loadCredentials } from '../../services/credentials'
import {
  chatStore,
  conversationStore,
  networkStore,
  profileStore,
  sessionStore,
} from '../../stores/index'
import { AppErrorCode, ErrorCode, ImError } from '../errors'
import { im } from '../index'
import { startStack, waitFor, wxShim, type Stack } from '../../__tests__/support/stack'
import { recordSdkInstances, resetPhone } from '../../__tests__/support/app'
import { startRelay, type Relay } from '../../__tests__/support/relay'

let stack: Stack

beforeAll(async () => {
  stack = await startStack()
})

afterEach(async () => {
  stack.configure({})
  await resetPhone()
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
    const before = im.diagnostics().generation
    const failure = await im.login(credentials).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ImError)
    expect((failure as ImError).code).toBe(AppErrorCode.MISSING_CREDENTIALS)
    expect((failure as ImError).message).toBe('登录信息不完整，请重新登录')
    expect(im.diagnostics().generation).toBe(before)
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
    const generation = im.diagnostics().generation
    await im.login(credentials)
    expect(im.diagnostics().generation).toBe(generation)
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

  test('calls made while logged out fail at once with a clear message', async () => {
    const failure = await im.sendText('bob', 'hi').catch((error: unknown) => error)
    expect((failure as ImError).code).toBe(AppErrorCode.NOT_LOGGED_IN)
    expect((failure as ImError).message).toBe('尚未登录，请先登录')
  })

  test('a login without a network says so, without the 合法域名 hint', async () => {
    const credentials = await api.devLogin('alice')
    wxShim().setOnline(false)
    const failure = (await im.login(credentials).catch((error: unknown) => error)) as ImError
    expect(failure.code).toBe(ErrorCode.NO_NETWORK)
    expect(failure.message).toBe('网络不可用，请检查网络设置')
    expect(failure.message).not.toMatch(/合法域名/)
    expect(sessionStore.status).toBe('loggedOut')
  })

  test('logout destroys the SDK instance and empties every store', async () => {
    await auth.loginAsDevUser('alice')
    expect(loadCredentials()?.userID).toBe('alice')
    await waitFor(() => profileStore.me !== null, 'profile')
    await auth.logout()
    expect(im.isReady).toBe(false)
    expect(sessionStore.status).toBe('loggedOut')
    expect(profileStore.me).toBeNull()
    expect(conversationStore.list).toEqual([])
    expect(chatStore.chats).toEqual({})
    expect(loadCredentials()).toBeNull()
    await waitFor(() => !stack.localIm.isOnline('alice'), 'alice offline at the local IM')
  })
})

describe('SDK instances', () => {
  test('logout then an immediate login gets a fresh instance, whether or not logout was awaited', async () => {
    const instances = recordSdkInstances()
    try {
      const credentials = await api.devLogin('alice')
      await api.devLogin('carol')
      await im.login(credentials)
      await im.logout()
      await im.login(credentials)
      // Not awaited: the login waits for the destroy, then builds another instance.
      void im.logout()
      await im.login(credentials)
      expect(instances.created).toHaveLength(3)
      expect(new Set(instances.created).size).toBe(3)
      expect(im.isReady).toBe(true)
      expect(sessionStore.status).toBe('ready')
      expect(stack.localIm.isOnline('alice')).toBe(true)
      await im.sendText('carol', '新实例发的消息')
    } finally {
      instances.stop()
    }
  })

  test('a session resumed while the last instance is still being destroyed gets exactly one new instance', async () => {
    const instances = recordSdkInstances()
    try {
      const credentials = await api.devLogin('alice')
      await im.login(credentials)
      void im.logout()
      // The loop loads the SDK early and its login asks for the instance again: both wait for the destroy.
      im.resume(credentials)
      await waitFor(() => sessionStore.status === 'ready', 'the resumed session')
      expect(instances.created).toHaveLength(2)
      expect(instances.created[1]).not.toBe(instances.created[0])
    } finally {
      instances.stop()
    }
  })

  test('a login that times out disposes its instance; its late answer never makes the app ready', async () => {
    let relay: Relay | undefined
    const instances = recordSdkInstances()
    try {
      relay = await startRelay(stack.localIm.wsUrl)
      relay.hold()
      stack.configure({ imProxyServer: relay.url, lifecycle: { loginTimeoutMs: 300 } })
      const credentials = await api.devLogin('alice')
      const lateReady: string[] = []
      const failure = (await im.login(credentials).catch((error: unknown) => error)) as ImError
      // The phone has a network: the hint about the trusted-domain list (合法域名) is the useful one.
      expect(failure.code).toBe(ErrorCode.NETWORK_TIMEOUT)
      expect(failure.message).toBe('请求超时，请检查网络或小程序合法域名配置')
      const timedOut = instances.created[0]!
      timedOut.on('sdkStateReady', () => lateReady.push('ready'))
      expect(sessionStore.status).toBe('loggedOut')

      // The held login request now reaches the IM and its answer comes back.
      relay.release()
      await waitFor(() => relay!.forwardedReplies > 0 || relay!.openConnections === 0, 'the answer')
      expect(lateReady).toEqual([])
      expect(im.isReady).toBe(false)
      expect(sessionStore.status).toBe('loggedOut')
      expect(networkStore.connection).not.toBe('connected')

      stack.configure({})
      await im.login(credentials)
      expect(instances.created.length).toBe(2)
      expect(instances.created[1]).not.toBe(timedOut)
    } finally {
      instances.stop()
      await relay?.close()
    }
  })
})
