/**
 * `PUT /api/friends/:userID/remark`: the caller's remark (备注) for a friend, checked (Tencent's
 * 96-byte limit, no control characters, the same content check as nicknames) and set in the IM with
 * sns/friend_update; '' clears it. A user who is not the caller's friend is 404 `not_friend`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError } from '../../http-errors'
import { BearerHeaders, ErrorResponse } from '../../schemas/common'
import { FriendParams, RemarkBody, RemarkResponse } from '../../schemas/friends'
import { TencentItemError } from '../../tencent/errors'
import { NOT_A_FRIEND, REMARK_MAX_BYTES } from '../../tencent/rest-client'

const MINUTE = 60_000
/** Control characters (C0, DEL, C1) would break the one-line cells that show a remark. */
const CONTROL_CHARACTERS = /\p{Cc}/u

const friendRemark: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, tencent, contentChecker } = fastify
  fastify.addHook('onRequest', fastify.authenticate)
  const checkRate = fastify.createRateLimit({
    max: config.rateLimits.profilePerUser,
    timeWindow: MINUTE,
    keyGenerator: (request) => `remark:${request.session?.userID ?? ''}`,
  })

  fastify.put(
    '/friends/:userID/remark',
    {
      schema: {
        headers: BearerHeaders,
        params: FriendParams,
        body: RemarkBody,
        response: { 200: RemarkResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const me = request.session?.userID
      if (me === undefined) throw new ApiError(401, 'missing_token', 'not logged in')
      const friend = request.params.userID
      const { remark } = request.body
      if (friend === me) throw new ApiError(400, 'invalid_request', 'you are not your own friend')
      if (Buffer.byteLength(remark) > REMARK_MAX_BYTES) {
        throw new ApiError(
          400,
          'remark_too_long',
          `备注最长 ${REMARK_MAX_BYTES} 个字节（约 32 个汉字），请改短一些`,
        )
      }
      if (CONTROL_CHARACTERS.test(remark)) {
        throw new ApiError(400, 'invalid_request', '备注不能包含换行或控制字符')
      }
      if (remark !== '' && remark.trim() === '') {
        throw new ApiError(400, 'invalid_request', '备注不能只有空格；清空备注请留空')
      }
      const rate = await checkRate(request)
      if (!rate.isAllowed && rate.isExceeded) {
        throw new ApiError(
          429,
          'rate_limited',
          'too many remark changes; retry later',
          rate.ttlInSeconds,
        )
      }
      if (remark !== '') {
        const verdict = await contentChecker.check(remark, { userID: me, scene: 'nickname' })
        if (!verdict.allowed) {
          throw new ApiError(400, 'remark_rejected', '备注包含不允许使用的内容，请换一个')
        }
      }
      await tencent.friendUpdateRemark(me, friend, remark).catch((error: unknown) => {
        if (error instanceof TencentItemError && error.errorCode === NOT_A_FRIEND) {
          throw new ApiError(404, 'not_friend', `${friend} is not your friend`)
        }
        throw error
      })
      return { userID: friend, remark }
    },
  )
}

export default friendRemark
