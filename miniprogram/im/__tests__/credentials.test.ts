/**
 * UserSigs over a session's life, with the real app server issuing them: renewed before they expire, an expiry
 * kick logging in again with the renewed one, a refused one replaced once, and a second refusal ending it.
 */
import { auth } from '../../flows/auth'
import { api } from '../../services/api'
import { loadCredentials, saveCredentials } from '../../services/credentials'
import { chatStore, sessionStore } from '../../stores/index'
import { im, type ImEventMap } from '../index'
import { resetPhone, watchSession } from '../../__tests__/support/app'
import {
  reLaunchCalls,
  startStack,
  waitFor,
  type SdkUser,
  type Stack,
} from '../../__tests__/support/stack'

// Long enough that a renewal (at half the lifetime) and a re-login fit in, even on a busy machine.
const SIG_LIFETIME_S = 8

let stack: Stack
let bob: SdkUser
const seen: { [N in keyof ImEventMap]?: ImEventMap[N][] } = {}

function record<N extends keyof ImEventMap>(name: N): void {
  im.on(name, (event) => {
    ;(seen[name] ??= []).push(event as never)
  })
}

beforeAll(async () => {
  stack = await startStack({ userSigTtl: SIG_LIFETIME_S })
  watchSession()
  for (const name of ['sigWillExpire', 'credentialsRejected', 'notReady', 'ready'] as const) {
    record(name)
  }
  record('sessionEnded')
  bob = await stack.peer('bob')
})

beforeEach(() => {
  for (const key of Object.keys(seen)) delete seen[key as keyof ImEventMap]
})

afterEach(async () => {
  jest.restoreAllMocks()
  stack.configure({})
  await resetPhone()
})

afterAll(async () => {
  await stack.close()
})

test('the UserSig is renewed before it expires; the expiry kick logs in again with it, no server call on the way', async () => {
  const refreshes: number[] = []
  const realRefresh = api.refreshUserSig.bind(api)
  jest.spyOn(api, 'refreshUserSig').mockImplementation((token) => {
    refreshes.push(Date.now())
    return realRefresh(token)
  })
  await auth.loginAsDevUser('alice')
  const first = loadCredentials()!
  await bob.tim.sendMessage(
    bob.tim.createTextMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: { text: '过期之前' },
    }),
  )
  await waitFor(() => chatStore.messagesOf('C2Cbob').length === 1, 'the message before expiry')

  await waitFor(() => (loadCredentials()?.expireAt ?? 0) > first.expireAt, 'a renewed UserSig')
  expect(refreshes[0]).toBeLessThan(first.expireAt)
  expect(seen.sigWillExpire?.length).toBeGreaterThan(0)

  // Past the first sig's expiry, the next request to the IM is answered 70001: the SDK fires KICKED_OUT
  // userSigExpired (here a profile lookup; otherwise its next heartbeat, up to 10 s later).
  await waitFor(() => Date.now() > first.expireAt, 'the first UserSig to expire')
  await im.fetchUserProfiles(['bob']).catch((_kickedByThisRequest: unknown) => undefined)
  await waitFor(() => (seen.notReady?.length ?? 0) > 0, 'the expiry kick')
  await waitFor(
    () => (seen.ready?.length ?? 0) > 1 && sessionStore.status === 'ready',
    'ready again',
  )

  // Every server call was a renewal the IM door asked for ahead of time; none came from the kick.
  expect(seen.credentialsRejected).toBeUndefined()
  expect(refreshes.length).toBeLessThanOrEqual(seen.sigWillExpire?.length ?? 0)
  expect(seen.sessionEnded).toBeUndefined()
  expect(reLaunchCalls()).toEqual([])
  // The open chat keeps what it had, and messages keep coming.
  await bob.tim.sendMessage(
    bob.tim.createTextMessage({
      to: 'alice',
      conversationType: 'C2C',
      payload: { text: '过期之后' },
    }),
  )
  await waitFor(
    () =>
      chatStore
        .messagesOf('C2Cbob')
        .map((m) => m.text)
        .join() === '过期之前,过期之后',
    'both messages',
  )
})

test('a message sent just as the UserSig expires is not lost: it goes out once, after the re-login', async () => {
  await auth.loginAsDevUser('alice')
  const first = loadCredentials()!
  await waitFor(() => (loadCredentials()?.expireAt ?? 0) > first.expireAt, 'a renewed UserSig')
  await waitFor(() => Date.now() > first.expireAt, 'the first UserSig to expire')

  // The first request after the expiry: the IM answers it 70001 and the SDK is kicked out.
  const sent = await im.sendText('bob', '过期那一刻')
  expect(sent.status).toBe('sent')
  expect(seen.notReady?.length).toBeGreaterThan(0)
  await bob.waitForEvent('onMessageReceived', (data) =>
    (data as { payload: { text?: string } }[]).some((m) => m.payload.text === '过期那一刻'),
  )
  const history = await bob.tim.getMessageList({ conversationID: 'C2Calice', count: 15 })
  const copies = (
    history.data as { messageList: { payload: { text?: string } }[] }
  ).messageList.filter((m) => m.payload.text === '过期那一刻')
  expect(copies).toHaveLength(1)
  expect(chatStore.messagesOf('C2Cbob').filter((m) => m.text === '过期那一刻')).toHaveLength(1)
})

test('a saved UserSig the IM refuses is replaced once from the server, and the session goes on', async () => {
  const saved = await api.devLogin('alice')
  saveCredentials({ ...saved, userSig: 'eJyrVspNzcnMS1WyUkrLz1fSUUrNLSjKTC0CigEAYn8HDw__' })
  expect(auth.restore()).toBe(true)
  await waitFor(() => sessionStore.status === 'ready', 'ready with a fresh UserSig')
  expect(seen.credentialsRejected).toHaveLength(1)
  expect(loadCredentials()?.userSig).not.toBe('eJyrVspNzcnMS1WyUkrLz1fSUUrNLSjKTC0CigEAYn8HDw__')
  expect(seen.sessionEnded).toBeUndefined()
})

test('refused again after that one refresh: the session ends and nothing of it is kept', async () => {
  // An app server signing with the wrong key: its UserSigs are refused too.
  const misconfigured = await stack.startServer({
    TIM_SECRET_KEY: 'not-the-key-of-this-app-0123456789',
  })
  const saved = await api.devLogin('alice')
  stack.configure({ appServerBaseUrl: misconfigured.url })
  saveCredentials({ ...saved, userSig: 'eJyrVspNzcnMS1WyUkrLz1fSUUrNLSjKTC0CigEAYn8HDw__' })
  auth.restore()
  await waitFor(() => reLaunchCalls().length > 0, 'back to the login page')
  expect(seen.credentialsRejected).toHaveLength(1)
  expect(seen.sessionEnded).toEqual([{ reason: 'authFailed', message: expect.any(String) }])
  expect(reLaunchCalls()).toEqual([{ url: '/pages/login/index' }])
  expect(loadCredentials()).toBeNull()
  expect(sessionStore.status).toBe('loggedOut')
  expect(sessionStore.lastLogoutReason).not.toBe('')
})
