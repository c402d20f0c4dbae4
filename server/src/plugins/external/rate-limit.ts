import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { ApiError } from '../../http-errors'

/**
 * Per-IP limit on every route (an attacker could otherwise probe user IDs or tokens freely);
 * routes that issue sigs add tighter per-IP and per-user limits of their own. With REDIS_URL the
 * counters live in Redis, so every instance behind a proxy draws from the same budget.
 */
export default fp(
  async function rateLimiting(fastify, options: { perIpPerMinute: number; redisUrl?: string }) {
    let redis: Redis | undefined
    if (options.redisUrl !== undefined) {
      redis = new Redis(options.redisUrl, {
        // A request waits for one reconnect at most; then the limiter fails and the request gets 503.
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        lazyConnect: true,
      })
      await redis.connect()
      const connection = redis
      fastify.addHook('onClose', async () => {
        await connection.quit().catch((_alreadyClosed: unknown) => connection.disconnect())
      })
    }
    await fastify.register(rateLimit, {
      global: true,
      max: options.perIpPerMinute,
      timeWindow: 60_000,
      ...(redis !== undefined && { redis, nameSpace: 'tim-c2c-rl:' }),
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
