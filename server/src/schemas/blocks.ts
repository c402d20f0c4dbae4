import { Type } from '@sinclair/typebox'
import { UserID } from './common'

export const BlockBody = Type.Object({ userID: UserID }, { additionalProperties: false })

export const BlockParams = Type.Object({ userID: UserID })

export const BlockResponse = Type.Object({
  userID: UserID,
  alreadyBlocked: Type.Boolean({ description: 'true when the user was blocked before this call' }),
})

export const BlockedUser = Type.Object({
  userID: UserID,
  blockedAt: Type.Integer({ description: 'milliseconds since the Unix epoch' }),
})

export const BlockList = Type.Object({ blocks: Type.Array(BlockedUser) })
