import fp from 'fastify-plugin'
import type { ServerConfig } from '../../config'
import { createSessionTokens, type SessionTokens } from '../../session-token'
import { TencentRestClient } from '../../tencent/rest-client'
import { UserSigIssuer } from '../../tencent/usersig'

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig
    sigIssuer: UserSigIssuer
    tencent: TencentRestClient
    sessionTokens: SessionTokens
  }
}

/** The long-lived objects every route shares: config, sig issuer, REST client, session tokens. */
export default fp(
  async function services(fastify, options: { config: ServerConfig }) {
    const { config } = options
    const sigIssuer = new UserSigIssuer(config.timSdkAppID, config.timSecretKey)
    fastify.decorate('config', config)
    fastify.decorate('sigIssuer', sigIssuer)
    fastify.decorate(
      'tencent',
      new TencentRestClient({
        sdkAppID: config.timSdkAppID,
        admin: config.timAdmin,
        apiBase: config.timApiBase,
        sigIssuer,
        adminSigTtlSeconds: config.adminSigTtlSeconds,
        timeoutMs: config.restTimeoutMs,
        maxRetries: config.restMaxRetries,
        logger: fastify.log.child({ module: 'tencent-rest' }),
      }),
    )
    fastify.decorate(
      'sessionTokens',
      createSessionTokens({ secret: config.sessionSecret, ttlSeconds: config.sessionTtlSeconds }),
    )
  },
  { name: 'services' },
)
