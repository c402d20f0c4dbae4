import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError } from '../../http-errors'
import { AdminHeaders, ErrorResponse } from '../../schemas/common'
import {
  AdminKickBody,
  AdminKickResponse,
  AdminMessageBody,
  AdminMessageResponse,
} from '../../schemas/admin'

const admin: FastifyPluginAsyncTypebox = async (fastify) => {
  const { tencent, config } = fastify
  fastify.addHook('onRequest', fastify.authenticateAdmin)

  /** 404 naming the first user that is not an imported account (the admin identity always exists). */
  async function requireAccounts(userIDs: string[]): Promise<void> {
    const toCheck = [...new Set(userIDs)].filter((userID) => userID !== config.timAdmin)
    for (const status of await tencent.accountCheck(toCheck)) {
      if (!status.imported) throw new ApiError(404, 'user_not_found', `no user ${status.userID}`)
    }
  }

  fastify.post(
    '/messages',
    {
      schema: {
        headers: AdminHeaders,
        body: AdminMessageBody,
        response: { 200: AdminMessageResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const { from, to, text } = request.body
      if (from === to)
        throw new ApiError(400, 'invalid_request', 'from and to must be different users')
      await requireAccounts([from, to])
      // SyncOtherMachine 1: the message also shows up in the sender's own sessions and history.
      return tencent.sendText({ from, to, text, syncOtherMachine: 1 })
    },
  )

  fastify.post(
    '/kick',
    {
      schema: {
        headers: AdminHeaders,
        body: AdminKickBody,
        response: { 200: AdminKickResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const { userID } = request.body
      if (userID === config.timAdmin) {
        throw new ApiError(400, 'invalid_request', 'the server cannot kick its own admin identity')
      }
      await requireAccounts([userID])
      await tencent.kick(userID)
      return { userID, kicked: true as const }
    },
  )
}

export default admin
