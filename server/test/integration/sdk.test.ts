/**
 * The real tim-wx-sdk logging in with sigs our server issued, seeing friendships the server made,
 * receiving admin-sent messages, and being kicked by the admin API. Everything against the local IM.
 */
import { createSdkUser, destroyAllSdkUsers, type SdkUser } from '@tim-c2c/local-im/testing'
import { waitUntil } from '@tim-c2c/test-support'
import { startStack, type LoginResult, type Stack } from '../support/stack'
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in'

let stack: Stack
let wechat: WechatStandIn
beforeAll(async () => {
  wechat = await startWechatStandIn('wx-sdk-app', 'wx-sdk-secret')
  stack = await startStack({
    WX_APPID: 'wx-sdk-app',
    WX_SECRET: 'wx-sdk-secret',
    WX_API_BASE: wechat.baseUrl,
  })
})
afterEach(() => destroyAllSdkUsers())
afterAll(async () => {
  await stack.close()
  await wechat.close()
})

function sdkUserFor(login: LoginResult, build: 'basic' | 'friendship' = 'basic'): Promise<SdkUser> {
  return createSdkUser({
    localIm: stack.im,
    userID: login.userID,
    userSig: login.userSig,
    importAccount: false,
    build,
  })
}

/** The SDK is logged in as `userID` when the IM answers its own profile request. */
async function expectLoggedInAs(user: SdkUser, userID: string): Promise<void> {
  const profile = (await user.tim.getMyProfile()) as { data: { userID: string } }
  expect(profile.data.userID).toBe(userID)
}

/** Resolves once the wall clock has moved past the given Unix second (a condition, not a sleep). */
async function clockPast(second: number): Promise<void> {
  await waitUntil(`the clock past ${second}`, () => Math.floor(Date.now() / 1000) > second, {
    pollMs: 20,
  })
}

interface Message {
  from: string
  to: string
  flow: string
  payload: { text?: string }
}

describe('a real tim-wx-sdk with server-issued sigs', () => {
  it('logs in with the sig from /api/login and with a refreshed one', async () => {
    const login = await stack.login('sdk_login')
    const first = await sdkUserFor(login)
    await expectLoggedInAs(first, 'sdk_login')
    await first.destroy()

    const refreshed = await stack.call<{ userSig: string }>('POST', '/api/usersig', {
      token: login.token,
    })
    const second = await sdkUserFor({ ...login, userSig: refreshed.body.userSig })
    await expectLoggedInAs(second, 'sdk_login')
  })

  it('logs in a WeChat user under the server-derived user ID', async () => {
    const response = await stack.call<LoginResult>('POST', '/api/login', {
      body: { code: wechat.issueCode('oSdkWechatUser'), nick: '微信' },
    })
    expect(response.status).toBe(200)
    const sdkUser = await sdkUserFor(response.body)
    await expectLoggedInAs(sdkUser, response.body.userID)
    const profile = (await sdkUser.tim.getMyProfile()) as { data: { nick: string } }
    expect(profile.data.nick).toBe('微信')
  })

  it('sees a friendship made through POST /api/friends on both sides', async () => {
    const alice = await stack.login('sdk_friend_a')
    const bob = await stack.login('sdk_friend_b')
    const added = await stack.call('POST', '/api/friends', {
      token: alice.token,
      body: { userID: bob.userID },
    })
    expect(added.status).toBe(200)
    expect(added.body).toEqual({ userID: 'sdk_friend_b', alreadyFriends: false })

    for (const [me, peer] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const listed = await stack.call<{ friends: Array<{ userID: string }> }>(
        'GET',
        '/api/friends',
        {
          token: me.token,
        },
      )
      expect(listed.status).toBe(200)
      expect(listed.body.friends.map((friend) => friend.userID)).toEqual([peer.userID])
    }

    const sdkBob = await sdkUserFor(bob, 'friendship')
    const list = (await sdkBob.tim.getFriendList()) as { data: Array<{ userID: string }> }
    expect(list.data.map((friend) => friend.userID)).toContain('sdk_friend_a')
  })

  it('keeps a single friendship when the same pair is added again', async () => {
    const alice = await stack.login('sdk_again_a')
    const bob = await stack.login('sdk_again_b')
    const first = await stack.call('POST', '/api/friends', {
      token: alice.token,
      body: { userID: bob.userID },
    })
    expect(first.body).toEqual({ userID: bob.userID, alreadyFriends: false })
    const again = await stack.call('POST', '/api/friends', {
      token: bob.token,
      body: { userID: alice.userID },
    })
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ userID: alice.userID, alreadyFriends: true })
    for (const [me, peer] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const listed = await stack.call<{ friends: Array<{ userID: string }> }>(
        'GET',
        '/api/friends',
        {
          token: me.token,
        },
      )
      expect(listed.body.friends.map((friend) => friend.userID)).toEqual([peer.userID])
    }
  })

  it('answers 404 for a peer that does not exist and 400 for oneself', async () => {
    const alice = await stack.login('sdk_lonely')
    const missing = await stack.call('POST', '/api/friends', {
      token: alice.token,
      body: { userID: 'nobody_here' },
    })
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ code: 'user_not_found' })
    const self = await stack.call('POST', '/api/friends', {
      token: alice.token,
      body: { userID: alice.userID },
    })
    expect(self.status).toBe(400)
    const none = await stack.call<{ friends: unknown[] }>('GET', '/api/friends', {
      token: alice.token,
    })
    expect(none.body).toEqual({ friends: [] })
  })

  it('delivers an admin-sent message to the logged-in recipient and syncs it to the sender', async () => {
    const alice = await stack.login('sdk_msg_a')
    const bob = await stack.login('sdk_msg_b')
    const sdkAlice = await sdkUserFor(alice)
    const sdkBob = await sdkUserFor(bob)
    const text = `hello from the admin API ${Date.now()}`

    const sent = await stack.call<{ msgKey: string; msgTime: number }>(
      'POST',
      '/api/admin/messages',
      {
        admin: true,
        body: { from: alice.userID, to: bob.userID, text },
      },
    )
    expect(sent.status).toBe(200)
    expect(sent.body.msgKey).toEqual(expect.any(String))
    expect(sent.body.msgTime).toBeGreaterThan(0)

    const isOurs = (data: unknown) =>
      Array.isArray(data) && (data as Message[]).some((message) => message.payload.text === text)
    const received = (await sdkBob.waitForEvent(
      sdkBob.TIM.EVENT.MESSAGE_RECEIVED,
      isOurs,
    )) as Message[]
    expect(received.find((message) => message.payload.text === text)).toMatchObject({
      from: 'sdk_msg_a',
      to: 'sdk_msg_b',
      flow: 'in',
    })
    // SyncOtherMachine: 1 puts the message into the sender's own sessions as well.
    const echoed = (await sdkAlice.waitForEvent(
      sdkAlice.TIM.EVENT.MESSAGE_RECEIVED,
      isOurs,
    )) as Message[]
    expect(echoed.find((message) => message.payload.text === text)).toMatchObject({ flow: 'out' })
  })

  it('sends two identical texts in the same second as two messages (MsgRandom is really random)', async () => {
    const alice = await stack.login('sdk_dup_a')
    const bob = await stack.login('sdk_dup_b')
    const sdkBob = await sdkUserFor(bob)
    const body = { from: alice.userID, to: bob.userID, text: 'same text twice' }
    const [one, two] = await Promise.all([
      stack.call<{ msgKey: string }>('POST', '/api/admin/messages', { admin: true, body }),
      stack.call<{ msgKey: string }>('POST', '/api/admin/messages', { admin: true, body }),
    ])
    expect(one.status).toBe(200)
    expect(two.status).toBe(200)
    expect(one.body.msgKey).not.toBe(two.body.msgKey)
    const count = () =>
      sdkBob.events
        .filter((event) => event.name === sdkBob.TIM.EVENT.MESSAGE_RECEIVED)
        .flatMap((event) => event.data as Message[])
        .filter((message) => message.payload.text === 'same text twice').length
    await sdkBob.waitFor(() => count() === 2, 10_000, 'both messages')
  })

  it('kicks a logged-in user; a refreshed sig logs in again', async () => {
    const carol = await stack.login('sdk_kick')
    const sdkCarol = await sdkUserFor(carol)
    const kickedAt = Math.floor(Date.now() / 1000)
    const kicked = await stack.call('POST', '/api/admin/kick', {
      admin: true,
      body: { userID: carol.userID },
    })
    expect(kicked.status).toBe(200)
    expect(kicked.body).toEqual({ userID: 'sdk_kick', kicked: true })
    const event = (await sdkCarol.waitForEvent(sdkCarol.TIM.EVENT.KICKED_OUT)) as { type: string }
    expect(event.type).toBe(sdkCarol.TIM.TYPES.KICKED_OUT_REST_API)
    await sdkCarol.destroy()

    // Like Tencent, the local IM refuses every sig stamped no later than the kick's second.
    await clockPast(kickedAt + 1)
    const refreshed = await stack.call<{ userSig: string }>('POST', '/api/usersig', {
      token: carol.token,
    })
    const again = await sdkUserFor({ ...carol, userSig: refreshed.body.userSig })
    await expectLoggedInAs(again, 'sdk_kick')
  })

  it('answers 404 when the admin API names a user that does not exist', async () => {
    const alice = await stack.login('sdk_admin_404')
    const toNobody = await stack.call('POST', '/api/admin/messages', {
      admin: true,
      body: { from: alice.userID, to: 'ghost_user', text: 'hi' },
    })
    expect(toNobody.status).toBe(404)
    expect(toNobody.body).toMatchObject({ code: 'user_not_found', message: 'no user ghost_user' })
    const kickNobody = await stack.call('POST', '/api/admin/kick', {
      admin: true,
      body: { userID: 'ghost_user' },
    })
    expect(kickNobody.status).toBe(404)
  })
})
