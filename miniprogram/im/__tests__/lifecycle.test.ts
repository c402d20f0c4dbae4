/** Kick-outs against the real SDK, local IM and app server: the session ends, the flows forget it. */
import { auth } from '../../flows/auth'
import { loadCredentials } from '../../services/credentials'
import { sessionStore } from '../../stores/index'
import { KICKED_OUT_REASONS } from '../credentials'
import { im, type ImEventMap } from '../index'
import { recordSdkInstances, resetPhone, watchSession } from '../../__tests__/support/app'
import { reLaunchCalls, startStack, waitFor, type Stack } from '../../__tests__/support/stack'

let stack: Stack

beforeAll(async () => {
  stack = await startStack()
  watchSession()
})

afterEach(async () => {
  await resetPhone()
})

afterAll(async () => {
  await stack.close()
})

function recordEvents() {
  const seen: { kicked: ImEventMap['kicked'][]; ended: ImEventMap['sessionEnded'][] } = {
    kicked: [],
    ended: [],
  }
  const offs = [
    im.on('kicked', (event) => seen.kicked.push(event)),
    im.on('sessionEnded', (event) => seen.ended.push(event)),
  ]
  return { seen, stop: () => offs.forEach((off) => off()) }
}

test('another login of the same account (multipleAccount) ends the session and goes to login', async () => {
  const events = recordEvents()
  await auth.loginAsDevUser('alice')
  await stack.peer('alice')
  await waitFor(() => reLaunchCalls().length > 0, 'reLaunch to login')
  events.stop()
  expect(reLaunchCalls()).toEqual([{ url: '/pages/login/index' }])
  expect(events.seen.kicked).toEqual([
    { reason: 'multipleAccount', message: KICKED_OUT_REASONS.multipleAccount },
  ])
  expect(events.seen.ended).toEqual([
    { reason: 'multipleAccount', message: KICKED_OUT_REASONS.multipleAccount },
  ])
  expect(sessionStore.status).toBe('loggedOut')
  expect(sessionStore.lastLogoutReason).toBe(KICKED_OUT_REASONS.multipleAccount)
  expect(loadCredentials()).toBeNull()
  expect(im.isReady).toBe(false)
})

test('a REST kick (REST_API_Kick) ends the session with the reason; the next login gets a fresh instance at once', async () => {
  const instances = recordSdkInstances()
  try {
    await auth.loginAsDevUser('alice')
    const reply = await stack.rest('im_open_login_svc/kick', { UserID: 'alice' })
    expect(reply.ErrorCode).toBe(0)
    const kickSecond = Math.floor(Date.now() / 1000)
    await waitFor(() => reLaunchCalls().length > 0, 'reLaunch to login after the REST kick')
    expect(reLaunchCalls()).toEqual([{ url: '/pages/login/index' }])
    expect(sessionStore.status).toBe('loggedOut')
    expect(sessionStore.lastLogoutReason).toBe(KICKED_OUT_REASONS.REST_API_Kick)
    expect(loadCredentials()).toBeNull()

    // The kicked instance is destroyed once the SDK has reset itself, without waiting for a logout
    // the server would not answer: logging in again is not held up. (A REST kick also refuses every
    // UserSig issued up to its second, and UserSig v2 is deterministic: the new one must be from a later
    // second, as it would be for a person.)
    await waitFor(() => Math.floor(Date.now() / 1000) > kickSecond, 'the second after the kick')
    const started = Date.now()
    await auth.loginAsDevUser('alice')
    // Far below the SDK's 15 s request timeout a stuck logout would have cost.
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(instances.created).toHaveLength(2)
    expect(instances.created[1]).not.toBe(instances.created[0])
    expect(sessionStore.status).toBe('ready')
  } finally {
    instances.stop()
  }
})
