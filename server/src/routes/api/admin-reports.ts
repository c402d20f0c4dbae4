/**
 * The admin side of reports (X-Admin-Token): `GET /api/admin/reports` lists them newest first,
 * filtered by status and paged; `POST /api/admin/reports/:reportID/resolve` closes one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError } from '../../http-errors'
import { AdminHeaders, ErrorResponse } from '../../schemas/common'
import {
  Report,
  ReportList,
  ReportListQuery,
  ReportParams,
  ResolveBody,
} from '../../schemas/reports'

const adminReports: FastifyPluginAsyncTypebox = async (fastify) => {
  const { store } = fastify
  fastify.addHook('onRequest', fastify.authenticateAdmin)

  fastify.get(
    '/reports',
    {
      schema: {
        headers: AdminHeaders,
        querystring: ReportListQuery,
        response: { 200: ReportList, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const limit = Number(request.query.limit ?? '20')
      const offset = Number(request.query.offset ?? '0')
      const page = await store.reports.list({
        ...(request.query.status !== undefined && { status: request.query.status }),
        limit,
        offset,
      })
      return { ...page, limit, offset }
    },
  )

  fastify.post(
    '/reports/:reportID/resolve',
    {
      schema: {
        headers: AdminHeaders,
        params: ReportParams,
        body: ResolveBody,
        response: { 200: Report, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const report = await store.reports.resolve(request.params.reportID, request.body?.note)
      if (report === undefined) throw new ApiError(404, 'report_not_found', 'no such report')
      return report
    },
  )
}

export default adminReports
