import { createHmac, timingSafeEqual } from 'node:crypto'
import { deflateSync, inflateSync } from 'node:zlib'

/** Tencent's error codes for a UserSig the login service rejects. */
export const UserSigError = {
  empty: 70002,
  expired: 70001,
  invalid: 70003,
  identifierMismatch: 70013,
  sdkAppIDMismatch: 70014,
} as const

export interface UserSigDocument {
  identifier: string
  sdkAppID: number
  issuedAt: number
  expireSeconds: number
}

export type UserSigCheck =
  | { ok: true; sig: UserSigDocument; expiresAt: number }
  | { ok: false; code: number; reason: string }

function contentToSign(userID: string, sdkAppID: number, time: number, expire: number): string {
  return (
    `TLS.identifier:${userID}\nTLS.sdkappid:${sdkAppID}\n` +
    `TLS.time:${time}\nTLS.expire:${expire}\n`
  )
}

function hmac(secretKey: string, content: string): string {
  return createHmac('sha256', secretKey).update(content).digest('base64')
}

function toUrlSafe(base64: string): string {
  return base64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_')
}

function fromUrlSafe(sig: string): string {
  return sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=')
}

/** UserSig v2, as tls-sig-api-v2 generates it (HMAC-SHA256 over the TLS fields, deflated JSON). */
export function genUserSig(
  sdkAppID: number,
  secretKey: string,
  userID: string,
  expireSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': String(userID),
    'TLS.sdkappid': Number(sdkAppID),
    'TLS.expire': Number(expireSeconds),
    'TLS.time': nowSeconds,
    'TLS.sig': hmac(secretKey, contentToSign(userID, sdkAppID, nowSeconds, expireSeconds)),
  }
  return toUrlSafe(deflateSync(Buffer.from(JSON.stringify(doc))).toString('base64'))
}

/**
 * Verifies a UserSig v2 the way the login service does: decodes it, recomputes the HMAC with the
 * app's secret key, then checks identifier, SDKAppID and expiry. Never throws.
 */
export function verifyUserSig(
  userSig: string,
  options: { sdkAppID: number; secretKey: string; userID: string; nowSeconds?: number },
): UserSigCheck {
  if (typeof userSig !== 'string' || userSig.length === 0) {
    return { ok: false, code: UserSigError.empty, reason: 'UserSig is empty' }
  }
  let doc: Record<string, unknown>
  try {
    const inflated = inflateSync(Buffer.from(fromUrlSafe(userSig), 'base64'), {
      maxOutputLength: 64 * 1024,
    })
    const parsed: unknown = JSON.parse(inflated.toString('utf8'))
    if (parsed == null || typeof parsed !== 'object') throw new Error('not an object')
    doc = parsed as Record<string, unknown>
  } catch (_error) {
    return { ok: false, code: UserSigError.invalid, reason: 'UserSig cannot be decoded' }
  }
  const identifier = doc['TLS.identifier']
  const sdkAppID = Number(doc['TLS.sdkappid'])
  const time = Number(doc['TLS.time'])
  const expire = Number(doc['TLS.expire'])
  const sig = doc['TLS.sig']
  if (
    typeof identifier !== 'string' ||
    typeof sig !== 'string' ||
    !Number.isFinite(sdkAppID) ||
    !Number.isFinite(time) ||
    !Number.isFinite(expire)
  ) {
    return { ok: false, code: UserSigError.invalid, reason: 'UserSig misses TLS fields' }
  }
  if (sdkAppID !== options.sdkAppID) {
    return { ok: false, code: UserSigError.sdkAppIDMismatch, reason: 'UserSig SDKAppID mismatch' }
  }
  if (identifier !== options.userID) {
    return {
      ok: false,
      code: UserSigError.identifierMismatch,
      reason: 'UserSig identifier does not match the account',
    }
  }
  const expected = Buffer.from(
    hmac(options.secretKey, contentToSign(identifier, sdkAppID, time, expire)),
  )
  const given = Buffer.from(sig)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, code: UserSigError.invalid, reason: 'UserSig signature is invalid' }
  }
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000)
  const expiresAt = time + expire
  if (now >= expiresAt) {
    return { ok: false, code: UserSigError.expired, reason: 'UserSig expired' }
  }
  return {
    ok: true,
    sig: { identifier, sdkAppID, issuedAt: time, expireSeconds: expire },
    expiresAt,
  }
}
