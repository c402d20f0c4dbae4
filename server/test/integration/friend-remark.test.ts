/**
 * A friend's remark (备注) through the app server against the real local IM: PUT
 * /api/friends/:userID/remark sets it in the IM (sns/friend_update) and GET /api/friends returns it;
 * '' clears it; Tencent's 96-byte limit, blank or control characters and the content check refuse
 * with a clear code and nothing changed; a non-friend is 404 not_friend; yourself 400; no token 401.
 */
import { restCall } from '@tim-c2c/local-im/testing'
import { startStack, type LoginResult, type Stack } from '../support/stack'

let stack: Stack
let alice: LoginResult
let bob: LoginResult
let carol: LoginResult

beforeEach(async () => {
  stack = await startStack()
  alice = await stack.login('rm_alice')
  bob = await stack.login('rm_bob')
  carol = await stack.login('rm_carol')
  await stack.call('POST', '/api/friends', { token: alice.token, body: { userID: bob.userID } })
})
afterEach(async () => {
  await stack.close()
})

const putRemark = (token: string, userID: string, remark: unknown) =>
  stack.call('PUT', `/api/friends/${userID}/remark`, { token, body: { remark } })

async function friendsOf(token: string) {
  const list = await stack.call<{ friends: { userID: string; remark: string }[] }>(
    'GET',
    '/api/friends',
    { token },
  )
  expect(list.status).toBe(200)
  return list.body.friends.map(({ userID, remark }) => ({ userID, remark }))
}

/** The remark as the IM itself keeps it (REST friend_get). */
async function imRemark(owner: string, friend: string): Promise<unknown> {
  const reply = await restCall(stack.im, 'sns/friend_get', { From_Account: owner, StartIndex: 0 })
  const items = reply.UserDataItem as {
    To_Account: string
    ValueItem: { Tag: string; Value: unknown }[]
  }[]
  return items
    .find((item) => item.To_Account === friend)
    ?.ValueItem.find((value) => value.Tag === 'Tag_SNS_IM_Remark')?.Value
}

it('sets a remark in the IM, lists it with each friend, and clears it with ""', async () => {
  expect(await friendsOf(alice.token)).toEqual([{ userID: 'rm_bob', remark: '' }])
  const set = await putRemark(alice.token, bob.userID, '大学室友 Bob')
  expect(set).toMatchObject({ status: 200, body: { userID: 'rm_bob', remark: '大学室友 Bob' } })
  expect(await imRemark('rm_alice', 'rm_bob')).toBe('大学室友 Bob')
  expect(await friendsOf(alice.token)).toEqual([{ userID: 'rm_bob', remark: '大学室友 Bob' }])
  // A remark is one side's: bob's list of alice is unchanged.
  expect(await friendsOf(bob.token)).toEqual([{ userID: 'rm_alice', remark: '' }])

  const cleared = await putRemark(alice.token, bob.userID, '')
  expect(cleared).toMatchObject({ status: 200, body: { userID: 'rm_bob', remark: '' } })
  expect(await friendsOf(alice.token)).toEqual([{ userID: 'rm_bob', remark: '' }])
})

it('takes 96 bytes and refuses 97, blank, control characters and refused words, changing nothing', async () => {
  const exactly96 = '备'.repeat(32)
  expect((await putRemark(alice.token, bob.userID, exactly96)).status).toBe(200)
  const refusals: [unknown, number, string][] = [
    [`${exactly96}a`, 400, 'remark_too_long'],
    ['a'.repeat(97), 400, 'remark_too_long'],
    ['   ', 400, 'invalid_request'],
    ['第一行\n第二行', 400, 'invalid_request'],
    ['刷单返利群主', 400, 'remark_rejected'],
    [42, 400, 'invalid_request'],
    [undefined, 400, 'invalid_request'],
  ]
  for (const [remark, status, code] of refusals) {
    const answer = await putRemark(alice.token, bob.userID, remark)
    expect({ remark, status: answer.status, code: answer.body.code }).toEqual({
      remark,
      status,
      code,
    })
    expect(typeof answer.body.message).toBe('string')
  }
  const extra = await stack.call('PUT', `/api/friends/${bob.userID}/remark`, {
    token: alice.token,
    body: { remark: 'x', other: 1 },
  })
  expect(extra.status).toBe(400)
  expect(await imRemark('rm_alice', 'rm_bob')).toBe(exactly96)
})

it('answers 404 not_friend for a non-friend or an unknown user, 400 for yourself, 401 without a token', async () => {
  expect(await putRemark(alice.token, carol.userID, 'x')).toMatchObject({
    status: 404,
    body: { code: 'not_friend' },
  })
  expect(await putRemark(alice.token, 'rm_nobody', 'x')).toMatchObject({
    status: 404,
    body: { code: 'not_friend' },
  })
  expect(await putRemark(alice.token, alice.userID, 'me')).toMatchObject({
    status: 400,
    body: { code: 'invalid_request' },
  })
  expect(await putRemark(alice.token, 'not a valid id!', 'x')).toMatchObject({ status: 400 })
  const anonymous = await stack.call('PUT', `/api/friends/${bob.userID}/remark`, {
    body: { remark: 'x' },
  })
  expect(anonymous.status).toBe(401)
  expect(await imRemark('rm_alice', 'rm_bob')).toBe('')
  expect(await friendsOf(carol.token)).toEqual([])
})
