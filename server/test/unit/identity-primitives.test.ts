import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { createSessionTokens, type SessionTokenError } from '../../src/session-token'
import { UserSigIssuer } from '../../src/tencent/usersig'
import { isValidImUserID, userIDFromOpenID } from '../../src/user-id'
import { decodeUserSig } from '../support/usersig'

describe('userIDFromOpenID', () => {
  it('is stable, within Tencent user-ID rules, and differs per openid and per secret', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (openid) => {
        const userID = userIDFromOpenID(openid, 'secret-a'.repeat(4))
        expect(isValidImUserID(userID)).toBe(true)
        expect(Buffer.byteLength(userID)).toBeLessThanOrEqual(32)
        expect(userID.startsWith('wx_')).toBe(true)
        expect(userIDFromOpenID(openid, 'secret-a'.repeat(4))).toBe(userID)
        expect(userIDFromOpenID(openid, 'secret-b'.repeat(4))).not.toBe(userID)
      }),
    )
    expect(userIDFromOpenID('o-1', 's'.repeat(32))).not.toBe(
      userIDFromOpenID('o-2', 's'.repeat(32)),
    )
  })

  it('does not contain the openid', () => {
    const openid = 'oABCDEFGHIJKLMNOPQRSTUVWXYZ'
    expect(userIDFromOpenID(openid, 's'.repeat(32))).not.toContain(openid.slice(0, 8))
  })
})

describe('isValidImUserID', () => {
  it.each(['alice', 'A_b-9', 'x'.repeat(32)])('accepts %s', (id) => {
    expect(isValidImUserID(id)).toBe(true)
  })
  it.each(['', 'x'.repeat(33), 'a b', 'ali@ce', 'é', 'a\n', '../x'])('rejects %j', (id) => {
    expect(isValidImUserID(id)).toBe(false)
  })
})

describe('UserSigIssuer', () => {
  it('signs UserSig v2 with HMAC-SHA256 of the documented content and reports expireAt', () => {
    const now = Date.now()
    const issuer = new UserSigIssuer(1400000001, 'k'.repeat(32), () => now)
    const { userSig, expireAt } = issuer.issue('alice', 3600)
    const doc = decodeUserSig(userSig)
    expect(doc).toMatchObject({
      'TLS.ver': '2.0',
      'TLS.identifier': 'alice',
      'TLS.sdkappid': 1400000001,
      'TLS.expire': 3600,
    })
    const time = doc['TLS.time'] as number
    const content =
      `TLS.identifier:alice\nTLS.sdkappid:1400000001\n` + `TLS.time:${time}\nTLS.expire:3600\n`
    const expected = createHmac('sha256', 'k'.repeat(32)).update(content).digest('base64')
    expect(doc['TLS.sig']).toBe(expected)
    expect(expireAt).toBe((Math.floor(now / 1000) + 3600) * 1000)
    expect(expireAt).toBeLessThanOrEqual((time + 3600) * 1000)
  })
})

describe('session tokens', () => {
  const secret = 'x'.repeat(40)

  it('round-trips the user ID and expiry', () => {
    const tokens = createSessionTokens({ secret, ttlSeconds: 60 })
    const issued = tokens.issue('alice')
    const claims = tokens.verify(issued.token)
    expect(claims.userID).toBe('alice')
    expect(claims.expireAt).toBe(issued.expireAt)
  })

  it('rejects an expired token as expired', () => {
    let now = Date.now()
    const tokens = createSessionTokens({ secret, ttlSeconds: 60, now: () => now })
    const { token } = tokens.issue('alice')
    now += 61_000
    expect(() => tokens.verify(token)).toThrow(
      expect.objectContaining({ reason: 'expired' }) as SessionTokenError,
    )
  })

  it('rejects forged, tampered and foreign tokens as invalid', () => {
    const tokens = createSessionTokens({ secret, ttlSeconds: 60 })
    const other = createSessionTokens({ secret: 'y'.repeat(40), ttlSeconds: 60 })
    const { token } = tokens.issue('alice')
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'bob' }),
    ).toString('base64url')
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`
    for (const bad of [
      other.issue('alice').token,
      `${header}.${forgedPayload}.${signature}`,
      unsigned,
      'not-a-token',
      '',
    ]) {
      expect(() => tokens.verify(bad)).toThrow(
        expect.objectContaining({ reason: 'invalid' }) as SessionTokenError,
      )
    }
  })
})
