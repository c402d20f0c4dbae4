/**
 * Property-based fuzzing of every route (fast-check): thousands of generated methods, headers
 * and bodies, from random bytes to near-valid requests with real tokens, against the app wired to
 * the real local IM. The server must answer every one with a JSON 2xx/4xx and keep working.
 */
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { startLocalIm, type LocalIm } from '../../../local-stack/local-im/src/index'
import { buildApp } from '../../src'
import { createSessionTokens } from '../../src/session-token'
import {
  TEST_ADMIN_TOKEN,
  TEST_SDKAPPID,
  TEST_SECRET_KEY,
  TEST_SESSION_SECRET,
  testConfig,
} from '../support/config'

const RUNS_PER_ROUTE = 500
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
  app = buildApp(testConfig({ TIM_API_BASE: im.httpUrl }))
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
  message: shaped(fc.record({ from: userID, to: userID, text }), {
    from: userID,
    to: userID,
    text,
  }),
  kick: shaped(fc.record({ userID }), { userID }),
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
  payload: string
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
  ['/api/login', 'POST', nearValidBodies.login],
  ['/api/usersig', 'POST', nearValidBodies.friends],
  ['/api/friends', 'POST', nearValidBodies.friends],
  ['/api/friends', 'GET', nearValidBodies.friends],
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
