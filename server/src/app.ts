/**
 * The application as a Fastify plugin: shared services, auth, rate limits, routes, and the error
 * and 404 handlers that give every failure the same JSON shape.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ServerConfig } from './config'
import { ApiError, toApiError } from './http-errors'
import auth from './plugins/app/auth'
import services from './plugins/app/services'
import rateLimiting from './plugins/external/rate-limit'
import { LocalAvatarStorage } from './avatars/storage'
import admin from './routes/api/admin'
import adminReports from './routes/api/admin-reports'
import me from './routes/api/me'
import reports from './routes/api/reports'
import avatars from './routes/avatars'
import blocks from './routes/api/blocks'
import friendRemark from './routes/api/friend-remark'
import friends from './routes/api/friends'
import identity from './routes/api/identity'
import healthz from './routes/healthz'
import imCallback from './routes/im-callback'

const app: FastifyPluginAsyncTypebox<{ config: ServerConfig }> = async (fastify, options) => {
  const { config } = options
  await fastify.register(services, { config })
  await fastify.register(auth)
  await fastify.register(rateLimiting, {
    perIpPerMinute: config.rateLimits.apiPerIp,
    ...(config.redisUrl !== undefined && { redisUrl: config.redisUrl }),
  })

  // The API speaks JSON only; anything else is answered 415 instead of reaching validation as a string.
  fastify.removeContentTypeParser('text/plain')

  // An empty body with a JSON content type is "no body" (what wx.request sends for a bare POST),
  // so it reaches schema validation and gets the same clear answer as a missing body.
  const parseJson = fastify.getDefaultJsonParser('error', 'error')
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    function parseJsonOrEmpty(request, body, done) {
      const text = typeof body === 'string' ? body : body.toString('utf8')
      if (text.trim() === '') {
        done(null, undefined)
        return
      }
      parseJson(request, text, done)
    },
  )

  fastify.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error)
    if (apiError.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed')
    } else {
      request.log.info({ code: apiError.code, statusCode: apiError.statusCode }, apiError.message)
    }
    if (apiError.retryAfter !== undefined) reply.header('retry-after', String(apiError.retryAfter))
    return reply.code(apiError.statusCode).send({
      statusCode: apiError.statusCode,
      code: apiError.code,
      message: apiError.message,
    })
  })

  // An attacker could search for valid URLs if 404 answers were not rate limited too.
  fastify.setNotFoundHandler({ preHandler: fastify.rateLimit() }, (request) => {
    throw new ApiError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`)
  })

  // Registered after the handlers above so the routes inherit them.
  await fastify.register(healthz)
  await fastify.register(identity, { prefix: '/api' })
  await fastify.register(friends, { prefix: '/api' })
  await fastify.register(friendRemark, { prefix: '/api' })
  await fastify.register(admin, { prefix: '/api/admin' })
  await fastify.register(me, { prefix: '/api' })
  await fastify.register(reports, { prefix: '/api' })
  await fastify.register(blocks, { prefix: '/api' })
  await fastify.register(adminReports, { prefix: '/api/admin' })
  await fastify.register(imCallback)
  if (fastify.avatarStorage instanceof LocalAvatarStorage) {
    await fastify.register(avatars, { storage: fastify.avatarStorage })
  }
}

export default app
