/**
 * Routes that answer before reaching Tencent IM: validation, authentication, admin token, limits,
 * WeChat failures, and an unreachable IM. TIM_API_BASE points at a closed port here.
 */
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src'
import type { ServerConfig } from '../../src/config'
import { createSessionTokens } from '../../src/session-token'
import { TEST_ADMIN_TOKEN, TEST_SESSION_SECRET, testConfig } from '../support/config'
import { decodeUserSig } from '../support/usersig'
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in'

const apps: FastifyInstance[] = []
async function appWith(config: ServerConfig): Promise<FastifyInstance> {
  const app = buildApp(config)
  apps.push(app)
  await app.ready()
  return app
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

function bearer(app: FastifyInstance, userID: string) {
  return { authorization: `Bearer ${app.sessionTokens.issue(userID).token}` }
}

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const app = await appWith(testConfig())
    const response = await app.inject({ method: 'GET', url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
  })
})

describe('malformed requests get a 4xx JSON error', () => {
  const cases: Array<
    [string, { url: string; headers?: Record<string, string>; payload?: string }, number, string]
  > = [
    ['neither code nor devUser', { url: '/api/login', payload: '{}' }, 400, 'invalid_request'],
    [
      'both code and devUser',
      { url: '/api/login', payload: '{"code":"c","devUser":"alice"}' },
      400,
      'invalid_request',
    ],
    ['bad user ID', { url: '/api/login', payload: '{"devUser":"a b"}' }, 400, 'invalid_request'],
    [
      'too long user ID',
      { url: '/api/login', payload: JSON.stringify({ devUser: 'x'.repeat(33) }) },
      400,
      'invalid_request',
    ],
    [
      'unknown field',
      { url: '/api/login', payload: '{"devUser":"alice","admin":true}' },
      400,
      'invalid_request',
    ],
    [
      'number instead of string',
      { url: '/api/login', payload: '{"devUser":42}' },
      400,
      'invalid_request',
    ],
    [
      'avatar that is not a URL',
      { url: '/api/login', payload: '{"devUser":"alice","avatarUrl":"javascript:x"}' },
      400,
      'invalid_request',
    ],
    ['array body', { url: '/api/login', payload: '[]' }, 400, 'invalid_request'],
    ['empty body', { url: '/api/login', payload: '' }, 400, 'invalid_request'],
    ['broken JSON', { url: '/api/login', payload: '{"devUser":' }, 400, 'invalid_json'],
    [
      'prototype poisoning',
      { url: '/api/login', payload: '{"__proto__":{"x":1},"devUser":"a"}' },
      400,
      'invalid_json',
    ],
    [
      'text body',
      { url: '/api/login', headers: { 'content-type': 'text/plain' }, payload: 'hi' },
      415,
      'unsupported_media_type',
    ],
    [
      'oversized body',
      { url: '/api/login', payload: JSON.stringify({ devUser: 'a', nick: 'n'.repeat(20_000) }) },
      413,
      'body_too_large',
    ],
    ['unknown route', { url: '/api/nothing', payload: '{}' }, 404, 'not_found'],
  ]

  it.each(cases)('%s', async (_name, request, statusCode, code) => {
    const app = await appWith(testConfig())
    const response = await app.inject({
      method: 'POST',
      url: request.url,
      headers: { 'content-type': 'application/json', ...request.headers },
      payload: request.payload,
    })
    expect(response.statusCode).toBe(statusCode)
    expect(response.headers['content-type']).toMatch(/application\/json/)
    const body = response.json<{ statusCode: number; code: string; message: string }>()
    expect(body).toEqual({ statusCode, code, message: expect.any(String) })
    expect(body.message.length).toBeGreaterThan(5)
  })
})

describe('login modes', () => {
  it('refuses dev login unless DEV_LOGIN=1', async () => {
    const app = await appWith(testConfig({ DEV_LOGIN: '0', WX_APPID: 'wxapp', WX_SECRET: 's' }))
    const response = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { devUser: 'alice' },
    })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toMatchObject({ code: 'dev_login_disabled' })
  })

  it('refuses WeChat login when WX_APPID/WX_SECRET are not set', async () => {
    const app = await appWith(testConfig())
    const response = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { code: 'abc' },
    })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toMatchObject({ code: 'wechat_login_disabled' })
  })

  it('never issues a sig for the admin identity', async () => {
    const app = await appWith(testConfig({ TIM_ADMIN: 'ops_admin' }))
    const response = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { devUser: 'ops_admin' },
    })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toMatchObject({ code: 'reserved_user' })
  })

  it('answers 503, not a crash, when Tencent IM is unreachable', async () => {
    const app = await appWith(testConfig())
    const response = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { devUser: 'alice' },
    })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({ code: 'im_unavailable' })
    expect(response.headers['retry-after']).toBe('1')
  })
})

describe('WeChat login against the code2Session stand-in', () => {
  let wechat: WechatStandIn
  beforeAll(async () => {
    wechat = await startWechatStandIn('wx-test-app', 'wx-test-secret')
  })
  afterAll(() => wechat.close())

  function wechatConfig() {
    return testConfig({
      DEV_LOGIN: '0',
      WX_APPID: 'wx-test-app',
      WX_SECRET: 'wx-test-secret',
      WX_API_BASE: wechat.baseUrl,
    })
  }

  it('rejects an unknown code with 401 invalid_wx_code', async () => {
    const app = await appWith(wechatConfig())
    const response = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { code: 'made-up' },
    })
    expect(response.statusCode).toBe(401)
    expect(response.json()).toMatchObject({ code: 'invalid_wx_code' })
    const sent = wechat.requests.at(-1)
    expect(sent?.get('js_code')).toBe('made-up')
    expect(sent?.get('secret')).toBe('wx-test-secret')
  })

  it('maps WeChat being busy or broken to 502', async () => {
    const app = await appWith(wechatConfig())
    for (const kind of ['busy', 'http500'] as const) {
      wechat.failNext(kind)
      const code = wechat.issueCode('o-busy')
      const response = await app.inject({ method: 'POST', url: '/api/login', payload: { code } })
      expect(response.statusCode).toBe(502)
      expect(response.json()).toMatchObject({ code: 'wechat_unavailable' })
    }
  })

  it('maps an unreachable WeChat to 502', async () => {
    const app = await appWith(
      testConfig({
        DEV_LOGIN: '0',
        WX_APPID: 'a',
        WX_SECRET: 'b',
        WX_API_BASE: 'http://127.0.0.1:9',
      }),
    )
    const response = await app.inject({ method: 'POST', url: '/api/login', payload: { code: 'x' } })
    expect(response.statusCode).toBe(502)
  })
})

describe('POST /api/usersig', () => {
  it('requires a bearer token', async () => {
    const app = await appWith(testConfig())
    for (const [authorization, code] of [
      [undefined, 'missing_token'],
      ['Basic abc', 'invalid_token'],
      ['Bearer', 'invalid_token'],
      ['Bearer not.a.jwt', 'invalid_token'],
      ['Bearer a b', 'invalid_token'],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/usersig',
        headers: authorization === undefined ? {} : { authorization },
      })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toMatchObject({ code })
    }
  })

  it('rejects tokens signed with another secret and expired tokens', async () => {
    const app = await appWith(testConfig())
    const foreign = createSessionTokens({
      secret: 'another-secret-0123456789abcdef0123',
      ttlSeconds: 60,
    })
    const forged = await app.inject({
      method: 'POST',
      url: '/api/usersig',
      headers: { authorization: `Bearer ${foreign.issue('alice').token}` },
    })
    expect(forged.statusCode).toBe(401)
    expect(forged.json()).toMatchObject({ code: 'invalid_token' })

    const past = createSessionTokens({
      secret: TEST_SESSION_SECRET,
      ttlSeconds: 60,
      now: () => Date.now() - 3_600_000,
    })
    const expired = await app.inject({
      method: 'POST',
      url: '/api/usersig',
      headers: { authorization: `Bearer ${past.issue('alice').token}` },
    })
    expect(expired.statusCode).toBe(401)
    expect(expired.json()).toMatchObject({ code: 'token_expired' })
  })

  it("issues a sig for the token's user only, whatever the body asks for", async () => {
    const app = await appWith(testConfig())
    const before = Date.now()
    const response = await app.inject({
      method: 'POST',
      url: '/api/usersig',
      headers: bearer(app, 'alice'),
      payload: { userID: 'bob', devUser: 'bob' },
    })
    expect(response.statusCode).toBe(200)
    const body = response.json<{ userSig: string; expireAt: number }>()
    expect(Object.keys(body).sort()).toEqual(['expireAt', 'userSig'])
    const doc = decodeUserSig(body.userSig)
    expect(doc['TLS.identifier']).toBe('alice')
    expect(body.expireAt).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000 + 7 * 24 * 3600 * 1000,
    )
  })
})

describe('rate limits', () => {
  it('limits sig refreshes per user, leaving other users alone', async () => {
    const base = testConfig()
    const app = await appWith({ ...base, rateLimits: { ...base.rateLimits, usersigPerUser: 3 } })
    const refresh = (userID: string) =>
      app.inject({ method: 'POST', url: '/api/usersig', headers: bearer(app, userID) })
    for (let i = 0; i < 3; i++) expect((await refresh('alice')).statusCode).toBe(200)
    const limited = await refresh('alice')
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ code: 'rate_limited' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await refresh('bob')).statusCode).toBe(200)
  })

  it('limits sig refreshes per IP across users', async () => {
    const base = testConfig()
    const app = await appWith({ ...base, rateLimits: { ...base.rateLimits, usersigPerIp: 4 } })
    const statuses: number[] = []
    for (const userID of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/usersig',
        headers: bearer(app, userID),
        remoteAddress: '10.0.0.7',
      })
      statuses.push(response.statusCode)
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429])
    const otherIp = await app.inject({
      method: 'POST',
      url: '/api/usersig',
      headers: bearer(app, 'u6'),
      remoteAddress: '10.0.0.8',
    })
    expect(otherIp.statusCode).toBe(200)
  })

  it('limits logins per user (counted before the IM is reached), leaving other users alone', async () => {
    const base = testConfig()
    const app = await appWith({ ...base, rateLimits: { ...base.rateLimits, loginPerUser: 2 } })
    const login = (devUser: string) =>
      app.inject({ method: 'POST', url: '/api/login', payload: { devUser } })
    // The IM is unreachable here (503), which shows the per-user limit answers first.
    const statuses = [(await login('eve')).statusCode, (await login('eve')).statusCode]
    expect(statuses).toEqual([503, 503])
    const limited = await login('eve')
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ code: 'rate_limited' })
    expect((await login('frank')).statusCode).toBe(503)
  })

  it('limits login attempts per IP, even malformed ones', async () => {
    const base = testConfig()
    const app = await appWith({ ...base, rateLimits: { ...base.rateLimits, loginPerIp: 3 } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const response = await app.inject({ method: 'POST', url: '/api/login', payload: {} })
      statuses.push(response.statusCode)
    }
    expect(statuses).toEqual([400, 400, 400, 429])
  })
})

describe('friends and admin authentication', () => {
  it('requires a bearer token for /api/friends', async () => {
    const app = await appWith(testConfig())
    for (const method of ['GET', 'POST'] as const) {
      const response = await app.inject({
        method,
        url: '/api/friends',
        payload: method === 'POST' ? { userID: 'bob' } : undefined,
      })
      expect(response.statusCode).toBe(401)
    }
  })

  it('requires the right X-Admin-Token', async () => {
    const app = await appWith(testConfig())
    const body = { from: 'alice', to: 'bob', text: 'hi' }
    const missing = await app.inject({ method: 'POST', url: '/api/admin/messages', payload: body })
    expect(missing.statusCode).toBe(401)
    expect(missing.json()).toMatchObject({ code: 'missing_admin_token' })
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/admin/kick',
      headers: { 'x-admin-token': `${TEST_ADMIN_TOKEN}x` },
      payload: { userID: 'alice' },
    })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toMatchObject({ code: 'invalid_admin_token' })
    // A user's session token is not an admin token.
    const userToken = await app.inject({
      method: 'POST',
      url: '/api/admin/kick',
      headers: { ...bearer(app, 'alice'), 'x-admin-token': app.sessionTokens.issue('alice').token },
      payload: { userID: 'alice' },
    })
    expect(userToken.statusCode).toBe(401)
  })

  it('answers 403 when the admin API is disabled', async () => {
    const app = await appWith(testConfig({ ADMIN_TOKEN: undefined }))
    const response = await app.inject({
      method: 'POST',
      url: '/api/admin/kick',
      headers: { 'x-admin-token': 'anything-at-all-here' },
      payload: { userID: 'alice' },
    })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toMatchObject({ code: 'admin_disabled' })
  })

  it('validates admin bodies', async () => {
    const app = await appWith(testConfig())
    const headers = { 'x-admin-token': TEST_ADMIN_TOKEN }
    for (const payload of [
      { from: 'alice', to: 'bob' },
      { from: 'alice', to: 'bob', text: '' },
      { from: 'alice', to: 'bob', text: 'x'.repeat(3001) },
      { from: 'al ice', to: 'bob', text: 'hi' },
      { from: 'alice', to: 'alice', text: 'hi' },
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/admin/messages',
        headers,
        payload,
      })
      expect(response.statusCode).toBe(400)
    }
    const kickAdmin = await app.inject({
      method: 'POST',
      url: '/api/admin/kick',
      headers,
      payload: { userID: 'administrator' },
    })
    expect(kickAdmin.statusCode).toBe(400)
  })
})
