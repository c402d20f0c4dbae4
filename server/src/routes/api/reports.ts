/**
 * `POST /api/reports` (举报): a logged-in user reports another, optionally naming the message and
 * what it said, with a reason from a fixed list. Limited per user per hour so floods are refused.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError } from '../../http-errors'
import { BearerHeaders, ErrorResponse } from '../../schemas/common'
import { FiledReport, ReportBody } from '../../schemas/reports'

const HOUR = 3_600_000

const reports: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, store } = fastify
  fastify.addHook('onRequest', fastify.authenticate)
  const checkReportRate = fastify.createRateLimit({
    max: config.rateLimits.reportPerUser,
    timeWindow: HOUR,
    keyGenerator: (request) => `report:${request.session?.userID ?? ''}`,
  })

  fastify.post(
    '/reports',
    {
      schema: {
        headers: BearerHeaders,
        body: ReportBody,
        response: { 201: FiledReport, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const reporterID = request.session?.userID
      if (reporterID === undefined) throw new ApiError(401, 'missing_token', 'not logged in')
      const { userID, reason, messageID, abstract } = request.body
      if (userID === reporterID)
        throw new ApiError(400, 'invalid_request', 'you cannot report yourself')
      const limit = await checkReportRate(request)
      if (!limit.isAllowed && limit.isExceeded) {
        throw new ApiError(429, 'rate_limited', 'too many reports; retry later', limit.ttlInSeconds)
      }
      if (!(await store.users.exists(userID))) {
        throw new ApiError(404, 'user_not_found', `no user ${userID}`)
      }
      const report = await store.reports.create({
        reporterID,
        reportedID: userID,
        reason,
        ...(messageID !== undefined && { messageID }),
        ...(abstract !== undefined && { abstract }),
      })
      request.log.info(
        { reportID: report.reportID, reporterID, reportedID: userID, reason },
        'report filed',
      )
      return reply.code(201).send({ reportID: report.reportID, status: 'open' as const })
    },
  )
}

export default reports
