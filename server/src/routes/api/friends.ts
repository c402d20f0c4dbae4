import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError } from '../../http-errors'
import { BearerHeaders, ErrorResponse } from '../../schemas/common'
import { AddFriendBody, AddFriendResponse, FriendListResponse } from '../../schemas/friends'
import { TencentItemError } from '../../tencent/errors'
import { ALREADY_FRIENDS } from '../../tencent/rest-client'

/** friend_add across a blacklist: the peer is in mine (30515), or I am in theirs (30525). */
const BLOCKED = new Set([30515, 30525])

const friends: FastifyPluginAsyncTypebox = async (fastify) => {
  const { tencent } = fastify
  fastify.addHook('onRequest', fastify.authenticate)

  fastify.post(
    '/friends',
    {
      schema: {
        headers: BearerHeaders,
        body: AddFriendBody,
        response: { 200: AddFriendResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const me = request.session?.userID
      if (me === undefined) throw new ApiError(401, 'missing_token', 'not logged in')
      const peer = request.body.userID
      if (peer === me)
        throw new ApiError(400, 'invalid_request', 'you cannot add yourself as a friend')
      if (!(await tencent.isImported(peer))) {
        throw new ApiError(404, 'user_not_found', `no user ${peer}`)
      }
      // Forced and both ways: the app has no friend-request flow, adding is mutual by design.
      const [result] = await tencent
        .friendAdd(me, [peer], { both: true, force: true, addSource: 'AppSvr' })
        .catch((error: unknown) => {
          if (error instanceof TencentItemError && BLOCKED.has(error.errorCode)) {
            throw new ApiError(409, 'blocked', 'a block stands between you; unblock first')
          }
          throw error
        })
      return { userID: peer, alreadyFriends: result?.resultCode === ALREADY_FRIENDS }
    },
  )

  fastify.get(
    '/friends',
    {
      schema: {
        headers: BearerHeaders,
        response: { 200: FriendListResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const me = request.session?.userID
      if (me === undefined) throw new ApiError(401, 'missing_token', 'not logged in')
      return { friends: await tencent.friendGet(me) }
    },
  )
}

export default friends
