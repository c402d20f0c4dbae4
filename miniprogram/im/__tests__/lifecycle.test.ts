/** Kick-outs against the real SDK, local IM and app server. */
import { auth } from '../../services/auth'
import { loadCredentials } from '../../services/credentials'
import { sessionStore } from '../../stores/index'
import { KICKED_OUT_REASONS, im } from '../index'
import {
  reLaunchCalls,
  startStack,
  waitFor,
  wxShim,
  type Stack,
} from '../../__tests__/support/stack'

let stack: Stack

beforeAll(async () => {
  stack = await startStack()
})

afterEach(async () => {
  await im.logout()
  wxShim().setOnline(true)
  reLaunchCalls().splice(0)
})

afterAll(async () => {
  await stack.close()
})

test('another login of the same account (multipleAccount) resets the stores and goes to login', async () => {
  await auth.loginAsDevUser('alice')
  await stack.peer('alice')
  await waitFor(() => reLaunchCalls().length > 0, 'reLaunch to login')
  expect(reLaunchCalls()).toEqual([{ url: '/pages/login/index' }])
  expect(sessionStore.status).toBe('loggedOut')
  expect(sessionStore.lastLogoutReason).toBe(KICKED_OUT_REASONS.multipleAccount)
  expect(loadCredentials()).toBeNull()
  expect(im.sdkInstance).toBeNull()
})

test('a REST kick (REST_API_Kick) resets the stores and goes to login with the reason', async () => {
  await auth.loginAsDevUser('alice')
  const reply = await stack.rest('im_open_login_svc/kick', { UserID: 'alice' })
  expect(reply.ErrorCode).toBe(0)
  await waitFor(() => reLaunchCalls().length > 0, 'reLaunch to login after the REST kick')
  expect(reLaunchCalls()).toEqual([{ url: '/pages/login/index' }])
  expect(sessionStore.status).toBe('loggedOut')
  expect(sessionStore.lastLogoutReason).toBe(KICKED_OUT_REASONS.REST_API_Kick)
  expect(loadCredentials()).toBeNull()
  expect(im.sdkInstance).toBeNull()
})
