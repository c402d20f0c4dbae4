/**
 * The server's own session token: an HS256 JWT over the IM user ID, keyed with SESSION_SECRET
 * and expiring. It proves who the caller is; it is not a Tencent credential.
 */
import { TOKEN_ERROR_CODES, createSigner, createVerifier } from 'fast-jwt'

const ISSUER = 'tim-c2c-server'

export interface SessionClaims {
  userID: string
  /** Milliseconds since the epoch. */
  expireAt: number
}

export class SessionTokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'expired' | 'invalid',
  ) {
    super(message)
    this.name = 'SessionTokenError'
  }
}

export interface SessionTokens {
  issue(userID: string): { token: string; expireAt: number }
  verify(token: string): SessionClaims
}

export function createSessionTokens(options: {
  secret: string
  ttlSeconds: number
  /** A clock for tests; when absent the signer and verifier are built once and reused. */
  now?: () => number
}): SessionTokens {
  const ttlMs = options.ttlSeconds * 1000
  const signerFor = (clockTimestamp?: number) =>
    createSigner({
      key: options.secret,
      algorithm: 'HS256',
      iss: ISSUER,
      expiresIn: ttlMs,
      ...(clockTimestamp !== undefined && { clockTimestamp }),
    })
  const verifierFor = (clockTimestamp?: number) =>
    createVerifier({
      key: options.secret,
      algorithms: ['HS256'],
      allowedIss: ISSUER,
      requiredClaims: ['sub', 'exp', 'iss'],
      ...(clockTimestamp !== undefined && { clockTimestamp }),
    })
  const fixedClock = options.now
  const sharedSigner = fixedClock ? undefined : signerFor()
  const sharedVerifier = fixedClock ? undefined : verifierFor()

  return {
    issue(userID) {
      const issuedAt = fixedClock ? fixedClock() : Date.now()
      const sign = sharedSigner ?? signerFor(issuedAt)
      const token = sign({ sub: userID })
      const payload = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
      ) as {
        exp: number
      }
      return { token, expireAt: payload.exp * 1000 }
    },
    verify(token) {
      const verify = sharedVerifier ?? verifierFor((fixedClock as () => number)())
      let payload: { sub?: unknown; exp?: unknown }
      try {
        payload = verify(token) as { sub?: unknown; exp?: unknown }
      } catch (error) {
        const code = (error as { code?: string }).code
        if (code === TOKEN_ERROR_CODES.expired) {
          throw new SessionTokenError('session token expired: log in again', 'expired')
        }
        throw new SessionTokenError('session token is invalid', 'invalid')
      }
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
        throw new SessionTokenError('session token is invalid', 'invalid')
      }
      return { userID: payload.sub, expireAt: payload.exp * 1000 }
    },
  }
}
