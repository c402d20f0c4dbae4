import { Type, type Static } from '@sinclair/typebox'
import { IM_USER_ID_PATTERN } from '../user-id'

export const UserID = Type.String({
  pattern: IM_USER_ID_PATTERN,
  description: 'Tencent IM user ID: 1-32 characters of A-Z a-z 0-9 _ -',
})

/** Every error the API answers has this shape, whatever produced it. */
export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'stable machine-readable reason, e.g. invalid_token' }),
  message: Type.String(),
})
export type ErrorResponseType = Static<typeof ErrorResponse>

export const ExpireAt = Type.Integer({ description: 'expiry, milliseconds since the Unix epoch' })

export const BearerHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <token from /api/login>' })),
})

export const AdminHeaders = Type.Object({
  'x-admin-token': Type.Optional(Type.String()),
})
