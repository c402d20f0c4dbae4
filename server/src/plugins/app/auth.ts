import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ApiError } from '../../http-errors'

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook: requires `Authorization: Bearer <token>` and sets `request.session`. */
    authenticate: (request: FastifyRequest) => Promise<void>
    /** onRequest hook: requires `X-Admin-Token` to match ADMIN_TOKEN. */
    authenticateAdmin: (request: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    session: { userID: string } | null
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

export default fp(
  async function auth(fastify) {
    fastify.decorateRequest('session', null)

    fastify.decorate('authenticate', async function authenticate(request: FastifyRequest) {
      const header = request.headers.authorization
      if (typeof header !== 'string' || header.length === 0) {
        throw new ApiError(401, 'missing_token', 'Authorization: Bearer <token> is required')
      }
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim())
      if (!match?.[1]) {
        throw new ApiError(401, 'invalid_token', 'Authorization must be "Bearer <token>"')
      }
      const claims = fastify.sessionTokens.verify(match[1])
      request.session = { userID: claims.userID }
    })

    const adminToken = fastify.config.adminToken
    const adminDigest = adminToken === undefined ? undefined : digest(adminToken)
    fastify.decorate(
      'authenticateAdmin',
      async function authenticateAdmin(request: FastifyRequest) {
        if (adminDigest === undefined) {
          throw new ApiError(
            403,
            'admin_disabled',
            'the admin API is disabled (ADMIN_TOKEN is not set)',
          )
        }
        const given = request.headers['x-admin-token']
        if (typeof given !== 'string' || given.length === 0) {
          throw new ApiError(401, 'missing_admin_token', 'X-Admin-Token is required')
        }
        // Compare digests so the comparison takes the same time whatever the length of the guess.
        if (!timingSafeEqual(digest(given), adminDigest)) {
          throw new ApiError(401, 'invalid_admin_token', 'X-Admin-Token is wrong')
        }
      },
    )
  },
  { name: 'auth', dependencies: ['services'] },
)
