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
  now?: () => number
}): SessionTokens {
  const now = options.now ?? Date.now
  const ttlMs = options.ttlSeconds * 1000
  return {
    issue(userID) {
      const issuedAt = now()
      const sign = createSigner({
        key: options.secret,
        algorithm: 'HS256',
        iss: ISSUER,
        sub: userID,
        expiresIn: ttlMs,
        clockTimestamp: issuedAt,
      })
      const token = sign({})
      return { token, expireAt: Math.floor(issuedAt / 1000) * 1000 + ttlMs }
    },
    verify(token) {
      const verify = createVerifier({
        key: options.secret,
        algorithms: ['HS256'],
        allowedIss: ISSUER,
        requiredClaims: ['sub', 'exp', 'iss'],
        clockTimestamp: now(),
      })
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
