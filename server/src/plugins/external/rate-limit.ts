import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { ApiError } from '../../http-errors'

/**
 * Per-IP limit on every route (an attacker could otherwise probe user IDs or tokens freely);
 * routes that issue sigs add tighter per-IP and per-user limits of their own.
 */
export default fp(
  async function rateLimiting(fastify, options: { perIpPerMinute: number }) {
    await fastify.register(rateLimit, {
      global: true,
      max: options.perIpPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) =>
        new ApiError(
          429,
          'rate_limited',
          `too many requests; retry in ${context.after}`,
          Math.ceil(context.ttl / 1000),
        ),
    })
  },
  { name: 'rate-limit' },
)
