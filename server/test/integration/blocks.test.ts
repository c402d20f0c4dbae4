/**
 * Blocking through the app server against the real local IM: POST/DELETE/GET /api/blocks drive
 * Tencent's blacklist (a blocked user's real SDK send fails with 20007), the store keeps a record,
 * yourself and strangers are refused with nothing changed, and changes are rate limited.
 */
import {
  createSdkUser,
  destroyAllSdkUsers,
  restCall,
  type SdkUser,
} from '@tim-c2c/local-im/testing'
import { startStack, type LoginResult, type Stack } from '../support/stack'
import { testConfig } from '../support/config'

const BLOCKS_PER_MINUTE = 4
let stack: Stack

beforeEach(async () => {
  const limits = testConfig().rateLimits
  stack = await startStack({}, { rateLimits: { ...limits, blockPerUser: BLOCKS_PER_MINUTE } })
})
afterEach(async () => {
  await destroyAllSdkUsers()
  await stack.close()
})

const sdkUserFor = (login: LoginResult): Promise<SdkUser> =>
  createSdkUser({
    localIm: stack.im,
    userID: login.userID,
    userSig: login.userSig,
    importAccount: false,
  })

async function imBlacklist(owner: string): Promise<string[]> {
  const reply = await restCall(stack.im, 'sns/black_list_get', {
    From_Account: owner,
    StartIndex: 0,
    MaxLimited: 100,
    LastSequence: 0,
  })
  return (reply.BlackListItem as { To_Account: string }[]).map((item) => item.To_Account)
}

it('blocks and unblocks through the IM blacklist; the blocked sender gets 20007', async () => {
  const alice = await stack.login('blk_alice')
  const bob = await stack.login('blk_bob')
  await stack.call('POST', '/api/friends', { token: alice.token, body: { userID: bob.userID } })

  const blocked = await stack.call('POST', '/api/blocks', {
    token: alice.token,
    body: { userID: bob.userID },
  })
  expect(blocked).toMatchObject({ status: 200, body: { userID: 'blk_bob', alreadyBlocked: false } })
  expect(await imBlacklist('blk_alice')).toEqual(['blk_bob'])
  expect(await stack.server.app.store.blocks.countBlockersOf('blk_bob')).toBe(1)
  const again = await stack.call('POST', '/api/blocks', {
    token: alice.token,
    body: { userID: bob.userID },
  })
  expect(again.body).toEqual({ userID: 'blk_bob', alreadyBlocked: true })

  const list = await stack.call<{ blocks: { userID: string; blockedAt: number }[] }>(
    'GET',
    '/api/blocks',
    { token: alice.token },
  )
  expect(list.body.blocks.map((b) => b.userID)).toEqual(['blk_bob'])
  expect(Math.abs((list.body.blocks[0]?.blockedAt ?? 0) - Date.now())).toBeLessThan(60_000)
  // Blocking ended the friendship; adding back is refused while the block stands.
  expect((await stack.call('GET', '/api/friends', { token: alice.token })).body).toEqual({
    friends: [],
  })
  const befriend = await stack.call('POST', '/api/friends', {
    token: bob.token,
    body: { userID: alice.userID },
  })
  expect(befriend).toMatchObject({ status: 409, body: { code: 'blocked' } })

  const bobSdk = await sdkUserFor(bob)
  const send = () =>
    bobSdk.tim.sendMessage(
      bobSdk.tim.createTextMessage({
        to: 'blk_alice',
        conversationType: 'C2C',
        payload: { text: 'hi' },
      }),
    )
  await expect(send()).rejects.toMatchObject({ code: 20007 })

  const unblocked = await stack.call('DELETE', '/api/blocks/blk_bob', { token: alice.token })
  expect(unblocked.status).toBe(204)
  expect(await imBlacklist('blk_alice')).toEqual([])
  expect(await stack.server.app.store.blocks.countBlockersOf('blk_bob')).toBe(0)
  expect((await send()).code).toBe(0)
})

it('refuses yourself, strangers and unblocking someone not blocked, changing nothing', async () => {
  const alice = await stack.login('blk_carol')
  await stack.login('blk_dave')
  const cases: [string, 'POST' | 'DELETE', string, unknown, number, string][] = [
    ['yourself', 'POST', '/api/blocks', { userID: 'blk_carol' }, 400, 'invalid_request'],
    ['a stranger', 'POST', '/api/blocks', { userID: 'nobody_here' }, 404, 'user_not_found'],
    ['a bad ID', 'POST', '/api/blocks', { userID: 'no spaces!' }, 400, 'invalid_request'],
    ['an extra field', 'POST', '/api/blocks', { userID: 'blk_dave', x: 1 }, 400, 'invalid_request'],
    ['unblock yourself', 'DELETE', '/api/blocks/blk_carol', undefined, 400, 'invalid_request'],
    ['unblock a stranger', 'DELETE', '/api/blocks/nobody_here', undefined, 404, 'user_not_found'],
    ['unblock the unblocked', 'DELETE', '/api/blocks/blk_dave', undefined, 404, 'not_blocked'],
  ]
  for (const [what, method, path, body, status, code] of cases) {
    const response = await stack.call(method, path, { token: alice.token, body })
    expect({ what, status: response.status, code: response.body.code }).toEqual({
      what,
      status,
      code,
    })
  }
  expect(await imBlacklist('blk_carol')).toEqual([])
  expect((await stack.call('POST', '/api/blocks', { body: { userID: 'blk_dave' } })).status).toBe(
    401,
  )
})

it('limits block changes per user and says when to retry', async () => {
  const alice = await stack.login('blk_erin')
  await stack.login('blk_fay')
  const statuses: number[] = []
  let retryAfter: string | null = null
  for (let i = 0; i < BLOCKS_PER_MINUTE + 2; i++) {
    const method = i % 2 === 0 ? 'POST' : 'DELETE'
    const response =
      method === 'POST'
        ? await stack.call('POST', '/api/blocks', {
            token: alice.token,
            body: { userID: 'blk_fay' },
          })
        : await stack.call('DELETE', '/api/blocks/blk_fay', { token: alice.token })
    statuses.push(response.status)
    if (response.status === 429) retryAfter = response.headers.get('retry-after')
  }
  expect(statuses).toEqual([200, 204, 200, 204, 429, 429])
  expect(Number(retryAfter)).toBeGreaterThan(0)
  // The refused block changed nothing: the last allowed call unblocked.
  expect(await imBlacklist('blk_erin')).toEqual([])
})

it('lists a blacklist longer than one page of the REST API', async () => {
  const alice = await stack.login('blk_gina')
  const many = Array.from({ length: 130 }, (_, i) => `blk_many_${i}`)
  await restCall(stack.im, 'im_open_login_svc/multiaccount_import', {
    Accounts: many.slice(0, 100),
  })
  await restCall(stack.im, 'im_open_login_svc/multiaccount_import', { Accounts: many.slice(100) })
  // Blocked from another client (the SDK's addToBlacklist): the IM's list is the one read back.
  await restCall(stack.im, 'sns/black_list_add', { From_Account: 'blk_gina', To_Account: many })
  const list = await stack.call<{ blocks: { userID: string }[] }>('GET', '/api/blocks', {
    token: alice.token,
  })
  expect(list.body.blocks.map((b) => b.userID).sort()).toEqual([...many].sort())
})
