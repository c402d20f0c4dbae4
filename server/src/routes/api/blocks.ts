/**
 * Blocking (拉黑) through Tencent IM's blacklist: `POST /api/blocks` blocks a user for the caller,
 * `DELETE /api/blocks/:userID` unblocks, `GET /api/blocks` lists them. The IM enforces a block (the
 * blocked user's messages fail with 20007) and ends the friendship; the user store keeps a record
 * for moderation. Blocking and unblocking are limited per user.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { ApiError } from '../../http-errors'
import { BlockBody, BlockList, BlockParams, BlockResponse } from '../../schemas/blocks'
import { BearerHeaders, ErrorResponse } from '../../schemas/common'

const MINUTE = 60_000

const blocks: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, store, tencent } = fastify
  fastify.addHook('onRequest', fastify.authenticate)
  const checkBlockRate = fastify.createRateLimit({
    max: config.rateLimits.blockPerUser,
    timeWindow: MINUTE,
    keyGenerator: (request) => `block:${request.session?.userID ?? ''}`,
  })

  /** The caller and the peer, once the request may go ahead: not yourself, in budget, a real user. */
  async function parties(request: FastifyRequest, peer: string) {
    const me = request.session?.userID
    if (me === undefined) throw new ApiError(401, 'missing_token', 'not logged in')
    if (peer === me) throw new ApiError(400, 'invalid_request', 'you cannot block yourself')
    const limit = await checkBlockRate(request)
    if (!limit.isAllowed && limit.isExceeded) {
      throw new ApiError(
        429,
        'rate_limited',
        'too many block changes; retry later',
        limit.ttlInSeconds,
      )
    }
    if (!(await store.users.exists(peer)))
      throw new ApiError(404, 'user_not_found', `no user ${peer}`)
    // Asked first, so blocking twice is not an error whatever code Tencent answers a repeat with.
    const relation = (await tencent.blacklistCheck(me, [peer], false)).get(peer)
    return { me, blocked: relation === 'AWithB' || relation === 'BothWay' }
  }

  fastify.post(
    '/blocks',
    {
      schema: {
        headers: BearerHeaders,
        body: BlockBody,
        response: { 200: BlockResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const peer = request.body.userID
      const { me, blocked } = await parties(request, peer)
      if (!blocked) await tencent.blacklistAdd(me, [peer])
      await store.blocks.record(me, peer)
      request.log.info({ blockerID: me, blockedID: peer }, 'user blocked')
      return { userID: peer, alreadyBlocked: blocked }
    },
  )

  fastify.delete(
    '/blocks/:userID',
    {
      schema: {
        headers: BearerHeaders,
        params: BlockParams,
        response: { 204: { type: 'null' }, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const peer = request.params.userID
      const { me, blocked } = await parties(request, peer)
      if (!blocked) throw new ApiError(404, 'not_blocked', `${peer} is not blocked`)
      await tencent.blacklistDelete(me, [peer])
      await store.blocks.remove(me, peer)
      return reply.code(204).send()
    },
  )

  fastify.get(
    '/blocks',
    {
      schema: {
        headers: BearerHeaders,
        response: { 200: BlockList, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const me = request.session?.userID
      if (me === undefined) throw new ApiError(401, 'missing_token', 'not logged in')
      return { blocks: await tencent.blacklistGet(me) }
    },
  )
}

export default blocks
