import { Type, type Static } from '@sinclair/typebox'
import { REPORT_REASONS } from '../store/schema'
import { UserID } from './common'

export const ReportReasonSchema = Type.Union(
  REPORT_REASONS.map((reason) => Type.Literal(reason)),
  {
    description: 'spam 垃圾广告, fraud 诈骗, sexual 色情, abuse 辱骂骚扰, illegal 违法, other 其他',
  },
)

export const ReportBody = Type.Object(
  {
    userID: UserID,
    reason: ReportReasonSchema,
    messageID: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    abstract: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'what the reporter saw, e.g. the message text',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ReportBodyType = Static<typeof ReportBody>

export const Report = Type.Object({
  reportID: Type.String(),
  reporterID: Type.String(),
  reportedID: Type.String(),
  messageID: Type.Union([Type.String(), Type.Null()]),
  abstract: Type.Union([Type.String(), Type.Null()]),
  reason: ReportReasonSchema,
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  createdAt: Type.Integer({ description: 'milliseconds since the Unix epoch' }),
  resolvedAt: Type.Union([Type.Integer(), Type.Null()]),
  resolutionNote: Type.Union([Type.String(), Type.Null()]),
})

export const FiledReport = Type.Object({ reportID: Type.String(), status: Type.Literal('open') })

/** Query strings are text and types are never coerced here: numbers are checked as digit strings. */
export const ReportListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
    limit: Type.Optional(
      Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|100)$', description: '1-100, default 20' }),
    ),
    offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'default 0' })),
  },
  { additionalProperties: false },
)

export const ReportList = Type.Object({
  reports: Type.Array(Report),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
})

export const ReportParams = Type.Object({ reportID: Type.String({ format: 'uuid' }) })

export const ResolveBody = Type.Object(
  { note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
)
