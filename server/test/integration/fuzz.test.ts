/**
 * Property-based fuzzing of every route (fast-check): thousands of generated methods, headers
 * and bodies, from random bytes to near-valid requests with real tokens, against the app wired to
 * the real local IM. The server must answer every one with a JSON 2xx/4xx and keep working.
 */
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { startLocalIm, type LocalIm } from '@tim-c2c/local-im'
import { buildApp } from '../../src'
import { createSessionTokens } from '../../src/session-token'
import { callbackSign } from '../../src/tencent/callback-auth'
import {
  TEST_ADMIN_TOKEN,
  TEST_SDKAPPID,
  TEST_SECRET_KEY,
  TEST_SESSION_SECRET,
  testConfig,
} from '../support/config'
import { GIF_IMAGE, jpegImage, multipartBody, pngImage } from '../support/images'

const RUNS_PER_ROUTE = 500
const CALLBACK_TOKEN = 'fuzz-callback-token'
const KNOWN_USERS = ['fz_alice', 'fz_bob', 'fz_carol']

let im: LocalIm
let app: FastifyInstance
let validToken: string
let expiredToken: string

beforeAll(async () => {
  im = await startLocalIm({
    port: 0,
    sdkAppID: TEST_SDKAPPID,
    secretKey: TEST_SECRET_KEY,
    logLevel: 'error',
  })
  app = buildApp(
    testConfig({
      TIM_API_BASE: im.httpUrl,
      IM_CALLBACK_TOKEN: CALLBACK_TOKEN,
      AVATAR_MAX_BYTES: '8192',
    }),
  )
  await app.ready()
  for (const devUser of KNOWN_USERS) {
    const response = await app.inject({ method: 'POST', url: '/api/login', payload: { devUser } })
    expect(response.statusCode).toBe(200)
  }
  validToken = app.sessionTokens.issue('fz_alice').token
  expiredToken = createSessionTokens({
    secret: TEST_SESSION_SECRET,
    ttlSeconds: 1,
    now: () => Date.now() - 60_000,
  }).issue('fz_alice').token
})
afterAll(async () => {
  await app.close()
  await im.close()
})

const userID = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_USERS) },
  fc.constantFrom('administrator', 'nobody_at_all'),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.constant(null),
)
const text = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.integer(),
)

/** Bodies shaped like each route's schema: mostly well-formed, some with fields dropped, mistyped or added. */
function shaped<T>(wellFormed: fc.Arbitrary<T>, loose: Record<string, fc.Arbitrary<unknown>>) {
  return fc.oneof(
    { weight: 4, arbitrary: wellFormed as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.record({ ...loose, extra: fc.anything() }, { requiredKeys: [] }) },
  )
}
const avatarUrl = fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 }))
const nearValidBodies = {
  login: shaped(
    fc.oneof(
      fc.record({ devUser: userID, nick: text, avatarUrl }, { requiredKeys: ['devUser'] }),
      fc.record({ code: fc.string({ maxLength: 140 }), nick: text }, { requiredKeys: ['code'] }),
    ),
    { devUser: userID, code: fc.oneof(fc.string(), fc.integer()), nick: text, avatarUrl },
  ),
  friends: shaped(fc.record({ userID }), { userID }),
  remark: shaped(
    fc.record({
      remark: fc.oneof(
        text,
        fc.constant(''),
        fc.string({ unit: 'grapheme', minLength: 30, maxLength: 40 }),
        fc.constantFrom(' ', 'a\nb', '\u0000', '老同学'),
      ),
    }),
    { remark: text },
  ),
  message: shaped(fc.record({ from: userID, to: userID, text }), {
    from: userID,
    to: userID,
    text,
  }),
  kick: shaped(fc.record({ userID }), { userID }),
  profile: shaped(fc.record({ nick: text, avatarUrl }, { requiredKeys: [] }), {
    nick: text,
    avatarUrl,
  }),
  report: shaped(
    fc.record(
      {
        userID,
        reason: fc.oneof(
          fc.constantFrom('spam', 'fraud', 'sexual', 'abuse', 'illegal', 'other'),
          text,
        ),
        messageID: text,
        abstract: text,
      },
      { requiredKeys: ['userID', 'reason'] },
    ),
    { userID, reason: text, messageID: text, abstract: text },
  ),
  resolve: shaped(fc.record({ note: text }, { requiredKeys: [] }), { note: text }),
  callback: shaped(
    fc.record({
      CallbackCommand: fc.oneof(
        { weight: 4, arbitrary: fc.constant('C2C.CallbackBeforeSendMsg') },
        fc.constantFrom('C2C.CallbackAfterSendMsg', 'Group.CallbackBeforeSendMsg'),
        fc.string({ maxLength: 30 }),
      ),
      From_Account: userID,
      To_Account: userID,
      MsgBody: fc.oneof(
        fc.array(
          fc.record({
            MsgType: fc.constantFrom('TIMTextElem', 'TIMCustomElem', 'TIMImageElem', 'TIMFaceElem'),
            MsgContent: fc.record(
              {
                Text: fc.oneof(text, fc.constantFrom('刷单返利', '加微信领红包')),
                Desc: text,
                Data: text,
              },
              { requiredKeys: [] },
            ),
          }),
          { maxLength: 4 },
        ),
        fc.anything(),
      ),
    }),
    { CallbackCommand: text, From_Account: userID, MsgBody: fc.anything() },
  ),
}

function serialize(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null'
  } catch {
    return 'null'
  }
}

const payload = (nearValid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 8, arbitrary: nearValid.map(serialize) },
    { weight: 2, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 200 })
        .map((bytes) => Buffer.from(bytes).toString('latin1')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '[]',
        'null',
        '{"__proto__":{"a":1}}',
        '{"constructor":{"prototype":{}}}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ minLength: 17_000, maxLength: 17_100 }) },
  )

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  fc.constant(undefined),
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
    'application/jsonx',
  ),
)

const authorization = fc.option(
  fc.oneof(
    { weight: 6, arbitrary: fc.constant('VALID') },
    fc.constant('EXPIRED'),
    fc.string({ maxLength: 80 }).map((value) => `Bearer ${value}`),
    fc.string({ maxLength: 80 }),
    fc.constantFrom('Bearer', 'Bearer  ', 'bearer x', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'),
  ),
  { nil: undefined },
)

const adminToken = fc.option(
  fc.oneof({ weight: 6, arbitrary: fc.constant('VALID') }, fc.string({ maxLength: 40 })),
  { nil: undefined, freq: 6 },
)

const extraHeaders = fc.dictionary(
  fc.stringMatching(/^x-[a-z0-9-]{1,12}$/),
  fc.stringMatching(/^[ -~]{0,40}$/),
  { maxKeys: 3 },
)

const method = (usual: InjectOptions['method']) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(usual) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
    },
  )

/** Header values must be valid for Node's HTTP layer, or inject() itself throws before the app runs. */
function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e]/g, '?')
}

async function sendAndCheck(request: {
  method: InjectOptions['method']
  url: string
  contentType: string | undefined
  authorization: string | undefined
  adminToken: string | undefined
  extraHeaders: Record<string, string>
  payload: string | Buffer
}): Promise<void> {
  const headers: Record<string, string> = { ...request.extraHeaders }
  if (request.contentType !== undefined) headers['content-type'] = request.contentType
  if (request.authorization !== undefined) {
    headers.authorization =
      request.authorization === 'VALID'
        ? `Bearer ${validToken}`
        : request.authorization === 'EXPIRED'
          ? `Bearer ${expiredToken}`
          : headerSafe(request.authorization)
  }
  if (request.adminToken !== undefined) {
    headers['x-admin-token'] =
      request.adminToken === 'VALID' ? TEST_ADMIN_TOKEN : headerSafe(request.adminToken)
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers,
    ...(hasBody && { payload: request.payload }),
  })
  if (response.statusCode >= 500) {
    throw new Error(`${request.method} ${request.url} → ${response.statusCode} ${response.body}`)
  }
  if (request.method === 'HEAD' || response.statusCode === 204) return
  const body = response.json<Record<string, unknown>>()
  if (response.statusCode >= 400) {
    expect(body).toEqual({
      statusCode: response.statusCode,
      code: expect.any(String),
      message: expect.any(String),
    })
  }
}

const routes: Array<[string, InjectOptions['method'], fc.Arbitrary<unknown>]> = [
  ['/api/me', 'GET', fc.anything()],
  ['/api/me/profile', 'PUT', nearValidBodies.profile],
  ['/api/reports', 'POST', nearValidBodies.report],
  ['/api/admin/reports', 'GET', fc.anything()],
  [
    '/api/admin/reports/00000000-0000-4000-8000-000000000000/resolve',
    'POST',
    nearValidBodies.resolve,
  ],
  ['/avatars/AAAAAAAAAAAAAAAAAAAAAA.png', 'GET', fc.anything()],
  ['/api/login', 'POST', nearValidBodies.login],
  ['/api/usersig', 'POST', nearValidBodies.friends],
  ['/api/friends', 'POST', nearValidBodies.friends],
  ['/api/friends', 'GET', nearValidBodies.friends],
  ['/api/friends/fz_bob/remark', 'PUT', nearValidBodies.remark],
  ['/api/friends/nobody_at_all/remark', 'PUT', nearValidBodies.remark],
  ['/api/blocks', 'POST', nearValidBodies.friends],
  ['/api/blocks', 'GET', fc.anything()],
  ['/api/blocks/fz_bob', 'DELETE', fc.anything()],
  ['/api/admin/messages', 'POST', nearValidBodies.message],
  ['/api/admin/kick', 'POST', nearValidBodies.kick],
  ['/healthz', 'GET', fc.anything()],
]

describe.each(routes)('fuzzing %s (%s)', (url, usualMethod, nearValid) => {
  it(`answers each of ${RUNS_PER_ROUTE} generated requests with JSON and a status below 500`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: method(usualMethod),
          url: fc.oneof(
            { weight: 9, arbitrary: fc.constant(url) },
            { weight: 1, arbitrary: fc.webPath().map((path) => `${url}${path}`) },
            { weight: 1, arbitrary: fc.webQueryParameters().map((query) => `${url}?${query}`) },
          ),
          contentType,
          authorization,
          adminToken,
          extraHeaders,
          payload: payload(nearValid),
        }),
        sendAndCheck,
      ),
      { numRuns: RUNS_PER_ROUTE },
    )
  })
})

/** Multipart bodies from valid images to forged parts, with matching, wrong or missing boundaries. */
const images = [jpegImage(24, 24), pngImage(20, 20), GIF_IMAGE, pngImage(8, 8), jpegImage(200, 200)]
const avatarUpload = fc
  .record({
    file: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...images) },
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc
        .constantFrom(...images)
        .chain((image) => fc.nat(image.length).map((cut) => image.subarray(0, cut))),
    ),
    field: fc.oneof(fc.constant('file'), fc.string({ maxLength: 10 })),
    filename: fc.oneof(fc.constant('tmp_avatar.jpg'), fc.string({ maxLength: 20 })),
    boundary: fc.stringMatching(/^[A-Za-z0-9'()+_,.-]{1,40}$/),
    mangle: fc.constantFrom('none', 'wrong-boundary', 'no-boundary', 'truncate', 'json', 'none'),
    cut: fc.nat(400),
  })
  .map(({ file, field, filename, boundary, mangle, cut }) => {
    const part = multipartBody(file, {
      field: field.replace(/["\r\n]/g, ''),
      filename: filename.replace(/["\r\n]/g, ''),
      boundary,
    })
    switch (mangle) {
      case 'wrong-boundary':
        return { ...part, contentType: 'multipart/form-data; boundary=not-the-one' }
      case 'no-boundary':
        return { ...part, contentType: 'multipart/form-data' }
      case 'truncate':
        return { ...part, body: part.body.subarray(0, cut) }
      case 'json':
        return { body: Buffer.from('{"file":"x"}'), contentType: 'application/json' }
      default:
        return part
    }
  })

describe('fuzzing /api/me/avatar (POST multipart)', () => {
  it(`answers each of ${RUNS_PER_ROUTE} generated uploads with JSON and a status below 500`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: method('POST'),
          authorization,
          upload: avatarUpload,
          extraHeaders,
        }),
        async ({ method: usedMethod, authorization: auth, upload, extraHeaders: headers }) =>
          sendAndCheck({
            method: usedMethod,
            url: '/api/me/avatar',
            contentType: upload.contentType,
            authorization: auth,
            adminToken: undefined,
            extraHeaders: headers,
            payload: upload.body,
          }),
      ),
      { numRuns: RUNS_PER_ROUTE },
    )
  })
})

/** Callback URLs signed right, signed wrong, stale, for another app, or not signed at all. */
const callbackQuery = fc
  .record({
    sign: fc.constantFrom('valid', 'valid', 'valid', 'wrong', 'none', 'stale'),
    sdkAppID: fc.oneof(
      { weight: 5, arbitrary: fc.constant(String(TEST_SDKAPPID)) },
      fc.string({ maxLength: 12 }),
    ),
    command: fc.oneof(
      { weight: 5, arbitrary: fc.constant('C2C.CallbackBeforeSendMsg') },
      fc.string({ maxLength: 30 }),
    ),
    extra: fc.webQueryParameters(),
  })
  .map(({ sign, sdkAppID, command, extra }) => {
    const now = Math.floor(Date.now() / 1000)
    const time = String(sign === 'stale' ? now - 3600 : now)
    const params = new URLSearchParams({
      SdkAppid: sdkAppID,
      CallbackCommand: command,
      contenttype: 'json',
    })
    if (sign !== 'none') {
      params.set('RequestTime', time)
      params.set(
        'Sign',
        sign === 'wrong' ? callbackSign('not-the-token', time) : callbackSign(CALLBACK_TOKEN, time),
      )
    }
    return `/im/callback?${params.toString()}${extra ? `&${extra}` : ''}`
  })

describe('fuzzing /im/callback (POST, Tencent-signed)', () => {
  it(`answers each of ${RUNS_PER_ROUTE} generated callbacks with JSON and a status below 500`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: method('POST'),
          url: callbackQuery,
          contentType,
          extraHeaders,
          payload: payload(nearValidBodies.callback),
        }),
        async (request) =>
          sendAndCheck({ ...request, authorization: undefined, adminToken: undefined }),
      ),
      { numRuns: RUNS_PER_ROUTE },
    )
  })
})

it('still serves normal traffic after the fuzzing', async () => {
  const health = await app.inject({ method: 'GET', url: '/healthz' })
  expect(health.statusCode).toBe(200)
  const login = await app.inject({
    method: 'POST',
    url: '/api/login',
    payload: { devUser: 'fz_after' },
  })
  expect(login.statusCode).toBe(200)
})
