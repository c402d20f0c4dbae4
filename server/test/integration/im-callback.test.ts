/**
 * Tencent IM's before-send callback for C2C messages, over HTTP: authentication as Tencent signs it,
 * bad bodies, the word list and WeChat's msgSecCheck (through the local stand-in, for a user who
 * logged in with WeChat and so has an openid). Answers are only ever 2xx or 4xx.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { startLocalIm, type LocalIm } from '@tim-c2c/local-im'
import { startServer, type RunningServer } from '../../src'
import { CONTENT_REFUSED_CODE } from '../../src/routes/im-callback'
import { callbackSign } from '../../src/tencent/callback-auth'
import { TEST_SDKAPPID, TEST_SECRET_KEY, testConfig, testDataDir } from '../support/config'
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in'

const TOKEN = 'callback-token-for-tests'
const WX_APPID = 'wx00000000000000aa'
const WX_SECRET = 'wechat-secret-for-tests'

let im: LocalIm
let wechat: WechatStandIn
const servers: RunningServer[] = []

beforeAll(async () => {
  im = await startLocalIm({
    port: 0,
    sdkAppID: TEST_SDKAPPID,
    secretKey: TEST_SECRET_KEY,
    logLevel: 'error',
  })
  wechat = await startWechatStandIn(WX_APPID, WX_SECRET)
})
afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
  await wechat.close()
  await im.close()
})

async function server(env: Record<string, string | undefined> = {}): Promise<RunningServer> {
  const running = await startServer(
    testConfig({ TIM_API_BASE: im.httpUrl, IM_CALLBACK_TOKEN: TOKEN, ...env }),
    0,
  )
  servers.push(running)
  return running
}

function signedQuery(overrides: Record<string, string | undefined> = {}, token = TOKEN): string {
  const requestTime = String(Math.floor(Date.now() / 1000))
  const query: Record<string, string | undefined> = {
    SdkAppid: String(TEST_SDKAPPID),
    CallbackCommand: 'C2C.CallbackBeforeSendMsg',
    contenttype: 'json',
    ClientIP: '127.0.0.1',
    OptPlatform: 'Web',
    RequestTime: requestTime,
    Sign: callbackSign(token, requestTime),
    ...overrides,
  }
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value)
  return params.toString()
}

function beforeSend(from: string, elements: Array<Record<string, unknown>>) {
  return {
    CallbackCommand: 'C2C.CallbackBeforeSendMsg',
    From_Account: from,
    To_Account: 'cb_peer',
    MsgSeq: 48374,
    MsgRandom: 2837546,
    MsgTime: Math.floor(Date.now() / 1000),
    MsgKey: '48374_2837546_1557481126',
    MsgId: '144115233406643804-1727580296-4026038328',
    OnlineOnlyFlag: 0,
    MsgBody: elements,
    CloudCustomData: '',
  }
}
const text = (value: string) => ({ MsgType: 'TIMTextElem', MsgContent: { Text: value } })

async function post(
  target: RunningServer,
  query: string,
  body: unknown,
  contentType = 'application/json',
) {
  const response = await fetch(`${target.url}/im/callback?${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('authentication', () => {
  it('refuses every request while IM_CALLBACK_TOKEN is unset', async () => {
    const target = await server({ IM_CALLBACK_TOKEN: undefined })
    const answer = await post(target, signedQuery(), beforeSend('cb_alice', [text('hi')]))
    expect(answer).toMatchObject({ status: 403, body: { code: 'callback_disabled' } })
  })

  it.each([
    [
      'no signature',
      { Sign: undefined, RequestTime: undefined },
      undefined,
      401,
      'callback_unsigned',
    ],
    ['a signature from another token', {}, 'some-other-token', 401, 'callback_bad_sign'],
    [
      'a replayed request',
      { RequestTime: '1669872112', Sign: callbackSign(TOKEN, '1669872112') },
      undefined,
      401,
      'callback_expired',
    ],
    ['another app', { SdkAppid: '1400999999' }, undefined, 403, 'wrong_sdkappid'],
  ])('refuses %s', async (_name, overrides, token, status, code) => {
    const target = await server()
    const answer = await post(
      target,
      signedQuery(overrides, token),
      beforeSend('cb_alice', [text('hi')]),
    )
    expect(answer).toMatchObject({ status, body: { statusCode: status, code } })
  })
})

describe('the before-send check', () => {
  let target: RunningServer
  beforeAll(async () => {
    target = await server()
  })

  it('allows a clean message exactly as Tencent expects', async () => {
    const answer = await post(
      target,
      signedQuery(),
      beforeSend('cb_alice', [text('晚上一起吃饭吗？')]),
    )
    expect(answer).toEqual({
      status: 200,
      body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' },
    })
  })

  it('refuses a message with a listed word, with a code in the range that reaches the sender', async () => {
    const answer = await post(
      target,
      signedQuery(),
      beforeSend('cb_alice', [text('刷 单 返 利，日结')]),
    )
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ ActionStatus: 'OK', ErrorCode: CONTENT_REFUSED_CODE })
    expect(answer.body.ErrorInfo).toEqual(expect.stringContaining('未发送'))
    expect(CONTENT_REFUSED_CODE).toBeGreaterThanOrEqual(120001)
    expect(CONTENT_REFUSED_CODE).toBeLessThanOrEqual(130000)
  })

  it('checks the visible text of custom elements and leaves images alone', async () => {
    const custom = {
      MsgType: 'TIMCustomElem',
      MsgContent: { Data: '{}', Desc: '加微信领红包', Ext: '' },
    }
    expect(
      (await post(target, signedQuery(), beforeSend('cb_alice', [custom]))).body.ErrorCode,
    ).toBe(CONTENT_REFUSED_CODE)
    const image = {
      MsgType: 'TIMImageElem',
      MsgContent: { UUID: 'x', ImageFormat: 1, ImageInfoArray: [] },
    }
    expect(
      (await post(target, signedQuery(), beforeSend('cb_alice', [image]))).body.ErrorCode,
    ).toBe(0)
  })

  it('acknowledges other commands without judging them', async () => {
    const query = signedQuery({ CallbackCommand: 'C2C.CallbackAfterSendMsg' })
    const body = {
      ...beforeSend('cb_alice', [text('刷单返利')]),
      CallbackCommand: 'C2C.CallbackAfterSendMsg',
    }
    expect((await post(target, query, body)).body).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
    })
  })

  it.each([
    [
      'a body without MsgBody',
      { CallbackCommand: 'C2C.CallbackBeforeSendMsg', From_Account: 'a', To_Account: 'b' },
    ],
    ['MsgBody not an array', { ...beforeSend('a', []), MsgBody: 'text' }],
    [
      'a command differing from the URL',
      { ...beforeSend('a', []), CallbackCommand: 'Group.CallbackBeforeSendMsg' },
    ],
    ['no command at all', { From_Account: 'a' }],
    ['broken JSON', '{"CallbackCommand":'],
  ])('answers %s with 400', async (_name, body) => {
    const answer = await post(target, signedQuery(), body)
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ statusCode: 400, code: expect.any(String) })
  })

  it('answers a non-JSON body with 415', async () => {
    expect((await post(target, signedQuery(), 'CallbackCommand=x', 'text/plain')).status).toBe(415)
  })
})

describe('a configured word list file', () => {
  it('replaces the built-in list', async () => {
    const file = path.join(testDataDir(), 'words.txt')
    writeFileSync(file, '# refused words\nbanana\n\n')
    const target = await server({ CONTENT_WORDS_FILE: file })
    expect(
      (await post(target, signedQuery(), beforeSend('cb_alice', [text('BANANA!')]))).body.ErrorCode,
    ).toBe(CONTENT_REFUSED_CODE)
    expect(
      (await post(target, signedQuery(), beforeSend('cb_alice', [text('刷单返利')]))).body
        .ErrorCode,
    ).toBe(0)
  })
})

describe('with CONTENT_CHECK=wechat', () => {
  let target: RunningServer
  let wechatUserID: string
  let wechatToken: string
  beforeAll(async () => {
    target = await server({
      CONTENT_CHECK: 'wechat',
      WX_APPID,
      WX_SECRET,
      WX_API_BASE: wechat.baseUrl,
    })
    const login = await fetch(`${target.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: wechat.issueCode('o-callback-user') }),
    })
    const loggedIn = (await login.json()) as { userID: string; token: string }
    wechatUserID = loggedIn.userID
    wechatToken = loggedIn.token
    wechat.riskyWords.push('敏感话题')
  })

  it('checks nicknames with msgSecCheck too (scene 1), refusing risky ones', async () => {
    const change = (nick: string) =>
      fetch(`${target.url}/api/me/profile`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${wechatToken}` },
        body: JSON.stringify({ nick }),
      })
    const refused = await change('敏感话题爱好者')
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ code: 'nick_rejected' })
    expect(wechat.secChecks.at(-1)).toMatchObject({
      content: '敏感话题爱好者',
      scene: 1,
      version: 2,
    })
    expect((await change('小明')).status).toBe(200)
  })

  it("refuses what msgSecCheck calls risky, asked with the sender's openid", async () => {
    const answer = await post(
      target,
      signedQuery(),
      beforeSend(wechatUserID, [text('聊聊敏感话题')]),
    )
    expect(answer.body.ErrorCode).toBe(CONTENT_REFUSED_CODE)
    expect(wechat.secChecks.at(-1)).toEqual({
      content: '聊聊敏感话题',
      version: 2,
      scene: 2,
      openid: 'o-callback-user',
    })
    expect(
      (await post(target, signedQuery(), beforeSend(wechatUserID, [text('你好')]))).body.ErrorCode,
    ).toBe(0)
  })

  it('reuses the stable token and fetches a new one once WeChat says it expired', async () => {
    const before = wechat.tokensIssued()
    await post(target, signedQuery(), beforeSend(wechatUserID, [text('第一条')]))
    expect(wechat.tokensIssued()).toBe(before)
    wechat.expireTokens()
    const answer = await post(
      target,
      signedQuery(),
      beforeSend(wechatUserID, [text('又是敏感话题')]),
    )
    expect(answer.body.ErrorCode).toBe(CONTENT_REFUSED_CODE)
    expect(wechat.tokensIssued()).toBe(before + 1)
  })

  it('still applies the word list first, and only the word list to users without an openid', async () => {
    const checks = wechat.secChecks.length
    expect(
      (await post(target, signedQuery(), beforeSend(wechatUserID, [text('刷单返利')]))).body
        .ErrorCode,
    ).toBe(CONTENT_REFUSED_CODE)
    expect(
      (await post(target, signedQuery(), beforeSend('cb_dev_user', [text('敏感话题')]))).body
        .ErrorCode,
    ).toBe(0)
    expect(wechat.secChecks.length).toBe(checks)
  })

  it('lets messages through (word list passed) when WeChat is unreachable, never a 5xx', async () => {
    const offline = await server({
      CONTENT_CHECK: 'wechat',
      WX_APPID,
      WX_SECRET,
      WX_API_BASE: 'http://127.0.0.1:9',
    })
    await offline.app.store.users.loginWechat({
      openid: 'o-offline',
      firstLoginUserID: 'wx_offline',
    })
    const answer = await post(offline, signedQuery(), beforeSend('wx_offline', [text('敏感话题')]))
    expect(answer).toEqual({
      status: 200,
      body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' },
    })
  })
})
