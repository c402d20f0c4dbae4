/** Login (dev and WeChat), sig refresh and account import, against the real local IM over HTTP. */
import { verifyUserSig } from '@tim-c2c/local-im'
import { restCall } from '@tim-c2c/local-im/testing'
import { TEST_SDKAPPID, TEST_SECRET_KEY } from '../support/config'
import { startStack, type LoginResult, type Stack } from '../support/stack'
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in'

let stack: Stack
let wechat: WechatStandIn

beforeAll(async () => {
  wechat = await startWechatStandIn('wx-app-under-test', 'wx-secret-under-test')
  stack = await startStack({
    WX_APPID: 'wx-app-under-test',
    WX_SECRET: 'wx-secret-under-test',
    WX_API_BASE: wechat.baseUrl,
  })
})
afterAll(async () => {
  await stack.close()
  await wechat.close()
})

function expectValidSig(userSig: string, userID: string) {
  const check = verifyUserSig(userSig, {
    sdkAppID: TEST_SDKAPPID,
    secretKey: TEST_SECRET_KEY,
    userID,
  })
  expect(check).toMatchObject({ ok: true })
}

async function accountStatus(userID: string): Promise<unknown> {
  const reply = await restCall(stack.im, 'im_open_login_svc/account_check', {
    CheckItem: [{ UserID: userID }],
  })
  return (reply.ResultItem as Array<{ AccountStatus: string }>)[0]?.AccountStatus
}

async function profileOf(userID: string): Promise<Record<string, unknown>> {
  const reply = await restCall(stack.im, 'profile/portrait_get', {
    To_Account: [userID],
    TagList: ['Tag_Profile_IM_Nick', 'Tag_Profile_IM_Image'],
  })
  const items = (
    reply.UserProfileItem as Array<{ ProfileItem: Array<{ Tag: string; Value: unknown }> }>
  )[0]
  return Object.fromEntries((items?.ProfileItem ?? []).map((item) => [item.Tag, item.Value]))
}

describe('POST /api/login {devUser}', () => {
  it('imports the account on first login and returns the contract fields', async () => {
    expect(await accountStatus('dev_alice')).toBe('NotImported')
    const before = Date.now()
    const { status, body } = await stack.call<LoginResult>('POST', '/api/login', {
      body: { devUser: 'dev_alice', nick: 'Alice' },
    })
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(['expireAt', 'sdkAppID', 'token', 'userID', 'userSig'])
    expect(body.userID).toBe('dev_alice')
    expect(body.sdkAppID).toBe(TEST_SDKAPPID)
    expectValidSig(body.userSig, 'dev_alice')
    const ttlMs = stack.config.usersigTtlSeconds * 1000
    expect(body.expireAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + ttlMs)
    expect(body.expireAt).toBeLessThanOrEqual(Date.now() + ttlMs)
    expect(await accountStatus('dev_alice')).toBe('Imported')
    expect(await profileOf('dev_alice')).toMatchObject({ Tag_Profile_IM_Nick: 'Alice' })
  })

  it('is idempotent and updates the nick given on a later login', async () => {
    const first = await stack.login('dev_repeat', { nick: 'First' })
    const second = await stack.login('dev_repeat')
    expect(second.userID).toBe(first.userID)
    expect(await profileOf('dev_repeat')).toMatchObject({ Tag_Profile_IM_Nick: 'First' })
    await stack.login('dev_repeat', { nick: 'Second' })
    expect(await profileOf('dev_repeat')).toMatchObject({ Tag_Profile_IM_Nick: 'Second' })
  })

  it('gives each user a sig for that user only', async () => {
    const alice = await stack.login('dev_sig_a')
    const bob = await stack.login('dev_sig_b')
    expect(
      verifyUserSig(alice.userSig, {
        sdkAppID: TEST_SDKAPPID,
        secretKey: TEST_SECRET_KEY,
        userID: 'dev_sig_b',
      }),
    ).toMatchObject({ ok: false })
    expectValidSig(bob.userSig, 'dev_sig_b')
  })
})

describe('POST /api/login {code} (WeChat)', () => {
  it('exchanges the code on the server and maps the openid to a stable, opaque user ID', async () => {
    const openid = 'oWx-openid-0001'
    const first = await stack.call<LoginResult>('POST', '/api/login', {
      body: { code: wechat.issueCode(openid), nick: '微信用户' },
    })
    expect(first.status).toBe(200)
    expect(first.body.userID).toMatch(/^wx_[A-Za-z0-9_-]{29}$/)
    expectValidSig(first.body.userSig, first.body.userID)
    const raw = JSON.stringify(first.body)
    expect(raw).not.toContain(openid)
    expect(raw).not.toContain('session_key')
    expect(wechat.sessionKeys.length).toBeGreaterThan(0)
    for (const sessionKey of wechat.sessionKeys) expect(raw).not.toContain(sessionKey)
    expect(await accountStatus(first.body.userID)).toBe('Imported')

    const again = await stack.call<LoginResult>('POST', '/api/login', {
      body: { code: wechat.issueCode(openid) },
    })
    expect(again.body.userID).toBe(first.body.userID)
    const other = await stack.call<LoginResult>('POST', '/api/login', {
      body: { code: wechat.issueCode('oWx-openid-0002') },
    })
    expect(other.body.userID).not.toBe(first.body.userID)

    const sent = wechat.requests.at(-1)
    expect(sent?.get('appid')).toBe('wx-app-under-test')
    expect(sent?.get('grant_type')).toBe('authorization_code')
  })

  it('refuses a code that was already used', async () => {
    const code = wechat.issueCode('oWx-openid-0003')
    expect((await stack.call('POST', '/api/login', { body: { code } })).status).toBe(200)
    const reused = await stack.call('POST', '/api/login', { body: { code } })
    expect(reused.status).toBe(401)
    expect(reused.body).toMatchObject({ code: 'invalid_wx_code' })
  })
})

describe('POST /api/usersig', () => {
  it("returns a fresh valid sig for the token's user", async () => {
    const login = await stack.login('dev_refresh')
    const refreshed = await stack.call<{ userSig: string; expireAt: number }>(
      'POST',
      '/api/usersig',
      {
        token: login.token,
      },
    )
    expect(refreshed.status).toBe(200)
    expectValidSig(refreshed.body.userSig, 'dev_refresh')
    expect(refreshed.body.expireAt).toBeGreaterThanOrEqual(login.expireAt)
  })
})
