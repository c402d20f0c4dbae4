/**
 * The Tencent REST client against the real local IM over HTTP: query parameters, admin sig
 * caching and renewal, result checking, typed errors, retries and the client-side rate limit.
 * `fetch` is only observed (spied, calling through), never replaced.
 */
import { startLocalIm, verifyUserSig, type LocalIm } from '@tim-c2c/local-im'
import {
  TencentAccountNotFoundError,
  TencentAuthError,
  TencentItemError,
  TencentRateLimitError,
  TencentTransportError,
} from '../../src/tencent/errors'
import { SlidingWindowLimiter } from '../../src/tencent/rate-limiter'
import { TencentRestClient, type TencentRestClientOptions } from '../../src/tencent/rest-client'
import { UserSigIssuer } from '../../src/tencent/usersig'
import { TEST_SDKAPPID, TEST_SECRET_KEY } from '../support/config'

const ims: LocalIm[] = []
async function localIm(restRateLimitPerSecond?: number): Promise<LocalIm> {
  const im = await startLocalIm({
    port: 0,
    sdkAppID: TEST_SDKAPPID,
    secretKey: TEST_SECRET_KEY,
    restRateLimitPerSecond,
    logLevel: 'error',
  })
  ims.push(im)
  return im
}
afterEach(async () => {
  jest.restoreAllMocks()
  await Promise.all(ims.splice(0).map((im) => im.close()))
})

function clientFor(
  apiBase: string,
  options: Partial<TencentRestClientOptions> = {},
  secretKey = TEST_SECRET_KEY,
): TencentRestClient {
  return new TencentRestClient({
    sdkAppID: TEST_SDKAPPID,
    admin: 'administrator',
    apiBase,
    sigIssuer: new UserSigIssuer(TEST_SDKAPPID, secretKey),
    adminSigTtlSeconds: 3600,
    timeoutMs: 2000,
    maxRetries: 0,
    retryBaseDelayMs: 20,
    ...options,
  })
}

function sentUrls(spy: jest.SpyInstance): URL[] {
  return spy.mock.calls.map(([input]) => new URL(String(input)))
}

describe('TencentRestClient', () => {
  it('sends the five query parameters with a fresh random and a valid admin sig', async () => {
    const im = await localIm()
    const client = clientFor(im.httpUrl)
    const spy = jest.spyOn(globalThis, 'fetch')
    await client.accountImport({ userID: 'rest_q1' })
    await client.accountCheck(['rest_q1'])
    await client.kick('rest_q1')
    const urls = sentUrls(spy)
    expect(urls.map((url) => url.pathname)).toEqual([
      '/v4/im_open_login_svc/account_import',
      '/v4/im_open_login_svc/account_check',
      '/v4/im_open_login_svc/kick',
    ])
    for (const url of urls) {
      expect([...url.searchParams.keys()].sort()).toEqual(
        ['contenttype', 'identifier', 'random', 'sdkappid', 'usersig'].sort(),
      )
      expect(url.searchParams.get('sdkappid')).toBe(String(TEST_SDKAPPID))
      expect(url.searchParams.get('identifier')).toBe('administrator')
      expect(url.searchParams.get('contenttype')).toBe('json')
      const random = Number(url.searchParams.get('random'))
      expect(Number.isInteger(random) && random >= 0 && random < 2 ** 32).toBe(true)
      const check = verifyUserSig(url.searchParams.get('usersig') ?? '', {
        sdkAppID: TEST_SDKAPPID,
        secretKey: TEST_SECRET_KEY,
        userID: 'administrator',
      })
      expect(check.ok).toBe(true)
    }
    expect(new Set(urls.map((url) => url.searchParams.get('random'))).size).toBe(3)
    // One admin sig, cached across calls.
    expect(new Set(urls.map((url) => url.searchParams.get('usersig'))).size).toBe(1)
  })

  it('renews the cached admin sig before it expires', async () => {
    const im = await localIm()
    let now = Date.now()
    const sigIssuer = new UserSigIssuer(TEST_SDKAPPID, TEST_SECRET_KEY, () => now)
    const issue = jest.spyOn(sigIssuer, 'issue')
    const client = clientFor(im.httpUrl, { sigIssuer, adminSigTtlSeconds: 600, now: () => now })
    await client.accountCheck(['x1'])
    now += 60_000
    await client.accountCheck(['x1'])
    expect(issue).toHaveBeenCalledTimes(1)
    now += 485_000 // 545 s into a 600 s sig: inside the renewal margin (its last 10%).
    await client.accountCheck(['x1'])
    expect(issue).toHaveBeenCalledTimes(2)
    expect(issue).toHaveBeenLastCalledWith('administrator', 600)
  })

  it('checks ResultItems and maps failures to typed errors', async () => {
    const im = await localIm()
    const client = clientFor(im.httpUrl)
    await client.accountImport({ userID: 'rest_a', nick: 'A' })
    await client.accountImport({ userID: 'rest_b' })
    expect(await client.accountCheck(['rest_a', 'rest_missing'])).toEqual([
      { userID: 'rest_a', imported: true },
      { userID: 'rest_missing', imported: false },
    ])
    await expect(client.kick('rest_missing')).rejects.toBeInstanceOf(TencentAccountNotFoundError)
    // The call as a whole is OK; the item for the missing peer is not.
    await expect(
      client.friendAdd('rest_a', ['rest_missing'], { both: true, force: true, addSource: 'Test' }),
    ).rejects.toBeInstanceOf(TencentAccountNotFoundError)
    const added = await client.friendAdd('rest_a', ['rest_b'], {
      both: true,
      force: true,
      addSource: 'Test',
    })
    expect(added).toEqual([{ userID: 'rest_b', resultCode: 0 }])
    expect((await client.friendGet('rest_b')).map((friend) => friend.userID)).toEqual(['rest_a'])
    await expect(
      client.sendText({ from: 'rest_a', to: 'rest_missing', text: 'x', syncOtherMachine: 1 }),
    ).rejects.toMatchObject({ api: 'openim/sendmsg' })
    await expect(
      client.accountCheck(Array.from({ length: 101 }, (_, i) => `u${i}`)),
    ).rejects.toThrow(RangeError)
    expect(TencentItemError.prototype).toBeInstanceOf(Error)
  })

  it('maps a wrong secret key to TencentAuthError without retrying', async () => {
    const im = await localIm()
    const client = clientFor(im.httpUrl, { maxRetries: 3 }, 'a-different-secret-key-0123456789')
    const spy = jest.spyOn(globalThis, 'fetch')
    const failure = client.accountCheck(['x'])
    await expect(failure).rejects.toBeInstanceOf(TencentAuthError)
    await expect(failure).rejects.toMatchObject({ errorCode: 70003 })
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('retries network errors a bounded number of times, then fails with a transport error', async () => {
    const warnings: object[] = []
    const client = clientFor('http://127.0.0.1:9', {
      maxRetries: 3,
      logger: { debug: () => undefined, warn: (entry) => warnings.push(entry) },
    })
    const spy = jest.spyOn(globalThis, 'fetch')
    await expect(client.accountCheck(['x'])).rejects.toBeInstanceOf(TencentTransportError)
    expect(spy).toHaveBeenCalledTimes(4)
    expect(warnings).toHaveLength(3)
    // The log entries name the API and the attempt, never the signed URL.
    expect(JSON.stringify(warnings)).not.toContain('usersig')
  })

  it('answers 60007 from the IM as a rate-limit error, and retries it into success', async () => {
    const im = await localIm(3)
    const unthrottled = clientFor(im.httpUrl, {
      rateLimits: { 'im_open_login_svc/account_check': 1000 },
    })
    const burst = await Promise.allSettled(
      Array.from({ length: 8 }, () => unthrottled.accountCheck(['x'])),
    )
    const rejected = burst.filter((result) => result.status === 'rejected')
    expect(rejected.length).toBeGreaterThan(0)
    for (const result of rejected) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(TencentRateLimitError)
    }

    const patient = clientFor(im.httpUrl, {
      rateLimits: { 'im_open_login_svc/account_check': 1000 },
      maxRetries: 10,
      retryBaseDelayMs: 200,
    })
    const retried = await Promise.allSettled(
      Array.from({ length: 6 }, () => patient.accountCheck(['x'])),
    )
    expect(retried.every((result) => result.status === 'fulfilled')).toBe(true)
  })

  it('stays under the per-API rate with its own limiter, so the IM never has to refuse', async () => {
    const im = await localIm(4)
    const client = clientFor(im.httpUrl, {
      rateLimits: { 'im_open_login_svc/account_check': 4 },
      timeoutMs: 10_000,
    })
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => client.accountCheck(['x'])),
    )
    expect(results.filter((result) => result.status === 'rejected')).toEqual([])
  })

  it('fails fast with a client-side rate-limit error when no slot frees up within the slot wait', async () => {
    const im = await localIm()
    // The HTTP timeout stays generous so a loaded machine cannot fail the two calls that have a slot.
    const client = clientFor(im.httpUrl, {
      rateLimits: { 'im_open_login_svc/account_check': 2 },
      timeoutMs: 15_000,
      slotWaitMs: 100,
    })
    const results = await Promise.allSettled([1, 2, 3].map(() => client.accountCheck(['x'])))
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      errorCode: 60007,
      errorInfo: expect.stringContaining('client-side'),
    })
  })
})

describe('SlidingWindowLimiter', () => {
  it('grants at most perSecond calls in any window and queues the rest in order', async () => {
    let now = 0
    const limiter = new SlidingWindowLimiter(2, () => now)
    // Each call here is answered the moment it is granted.
    const answered = async (maxWaitMs: number) => {
      const slot = await limiter.acquire(maxWaitMs)
      slot?.done()
      return slot !== null
    }
    expect(await answered(0)).toBe(true)
    now = 400
    expect(await answered(0)).toBe(true)
    now = 900
    expect(await answered(50)).toBe(false) // the next slot opens at 1000
    now = 1000
    expect(await answered(0)).toBe(true)
    expect(await answered(399)).toBe(false) // the call answered at 400 frees its slot at 1400
    expect(() => new SlidingWindowLimiter(0)).toThrow(RangeError)
  })
})
