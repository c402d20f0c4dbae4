/**
 * Two server instances behind one PostgreSQL and one Redis (both real, from Debian's packages,
 * started here on free ports): rate limits are counted once for both, and a user recorded through
 * one instance is the same user through the other. A pair without Redis is the control: there each
 * instance allows the full rate.
 */
import { Redis } from 'ioredis'
import { startLocalIm, type LocalIm } from '@tim-c2c/local-im'
import { startServer, type RunningServer } from '../../src'
import {
  createDatabase,
  startPostgres,
  startRedis,
  type RunningService,
} from '../support/throwaway-servers'
import { TEST_SDKAPPID, TEST_SECRET_KEY, testConfig } from '../support/config'
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in'

const LOGINS_PER_IP = 6
const WX_APPID = 'wx00000000000000bb'
const WX_SECRET = 'wechat-secret-for-scale-out'

let postgres: RunningService
let redis: RunningService
let im: LocalIm
let wechat: WechatStandIn
const servers: RunningServer[] = []

beforeAll(async () => {
  ;[postgres, redis, im, wechat] = await Promise.all([
    startPostgres(),
    startRedis(),
    startLocalIm({
      port: 0,
      sdkAppID: TEST_SDKAPPID,
      secretKey: TEST_SECRET_KEY,
      logLevel: 'error',
    }),
    startWechatStandIn(WX_APPID, WX_SECRET),
  ])
})
afterAll(async () => {
  await Promise.allSettled(servers.splice(0).map((server) => server.close()))
  await Promise.all([postgres?.stop(), redis?.stop(), im?.close(), wechat?.close()])
})

async function pair(
  env: Record<string, string | undefined>,
): Promise<[RunningServer, RunningServer]> {
  const base = testConfig().rateLimits
  const start = () =>
    startServer(
      testConfig(
        { TIM_API_BASE: im.httpUrl, WX_APPID, WX_SECRET, WX_API_BASE: wechat.baseUrl, ...env },
        { rateLimits: { ...base, loginPerIp: LOGINS_PER_IP } },
      ),
      0,
    )
  // Started together, as a deployment would: the migrations take a lock and run once.
  const started = await Promise.all([start(), start()])
  servers.push(...started)
  return started
}

async function call(
  server: RunningServer,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('with REDIS_URL and DATABASE_URL shared', () => {
  let a: RunningServer
  let b: RunningServer
  beforeAll(async () => {
    const database = await createDatabase(postgres.url, 'scale_out')
    ;[a, b] = await pair({ DATABASE_URL: database, REDIS_URL: redis.url })
  })

  it('counts the per-IP login limit once across both instances', async () => {
    const statuses: number[] = []
    for (let i = 0; i < LOGINS_PER_IP; i++) {
      const target = i % 2 === 0 ? a : b
      statuses.push((await call(target, 'POST', '/api/login', { devUser: `so_user${i}` })).status)
    }
    expect(statuses).toEqual(Array(LOGINS_PER_IP).fill(200))
    const overA = await call(a, 'POST', '/api/login', { devUser: 'so_extra' })
    const overB = await call(b, 'POST', '/api/login', { devUser: 'so_extra' })
    expect([overA.status, overB.status]).toEqual([429, 429])
    expect(overB.body).toMatchObject({ code: 'rate_limited' })
  })

  it('shares the user store: IDs, profiles and reports', async () => {
    await flushRedis()
    const viaA = await call(a, 'POST', '/api/login', { code: wechat.issueCode('o-shared-user') })
    const viaB = await call(b, 'POST', '/api/login', { code: wechat.issueCode('o-shared-user') })
    expect(viaA.status).toBe(200)
    expect(viaB.body.userID).toBe(viaA.body.userID)

    const changed = await call(
      a,
      'PUT',
      '/api/me/profile',
      { nick: '共享的昵称' },
      viaA.body.token as string,
    )
    expect(changed.status).toBe(200)
    const seenByB = await call(b, 'GET', '/api/me', undefined, viaB.body.token as string)
    expect(seenByB.body).toMatchObject({ userID: viaA.body.userID, nick: '共享的昵称' })

    const reporter = await call(b, 'POST', '/api/login', { devUser: 'so_reporter' })
    const report = await call(
      b,
      'POST',
      '/api/reports',
      { userID: viaA.body.userID, reason: 'spam' },
      reporter.body.token as string,
    )
    expect(report.status).toBe(201)
    const listedByA = await fetch(`${a.url}/api/admin/reports`, {
      headers: { 'x-admin-token': testConfig().adminToken as string },
    })
    expect(((await listedByA.json()) as { total: number }).total).toBe(1)
  })

  /** Clears the shared counters so the store test is not refused by the limit the first test used up. */
  async function flushRedis(): Promise<void> {
    const client = new Redis(redis.url)
    try {
      await client.flushall()
    } finally {
      await client.quit()
    }
  }
})

describe('control: without REDIS_URL', () => {
  it('lets each instance allow the full rate on its own', async () => {
    const [a, b] = await pair({})
    for (let i = 0; i < LOGINS_PER_IP; i++) {
      expect((await call(a, 'POST', '/api/login', { devUser: `so_ctl${i}` })).status).toBe(200)
    }
    expect((await call(a, 'POST', '/api/login', { devUser: 'so_ctl_extra' })).status).toBe(429)
    expect((await call(b, 'POST', '/api/login', { devUser: 'so_ctl_extra' })).status).toBe(200)
  })
})

describe('when Redis goes away', () => {
  it('answers 503 rate_limit_unavailable with Retry-After, not a 500', async () => {
    const ownRedis = await startRedis()
    const [server] = await pair({ REDIS_URL: ownRedis.url })
    expect((await call(server, 'POST', '/api/login', { devUser: 'so_before' })).status).toBe(200)
    await ownRedis.stop()
    const response = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ devUser: 'so_after' }),
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await response.json()).toMatchObject({ code: 'rate_limit_unavailable' })
  })
})
