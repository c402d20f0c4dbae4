import { Type, type Static } from '@sinclair/typebox'
import { UserID } from './common'

export const AddFriendBody = Type.Object({ userID: UserID }, { additionalProperties: false })
export type AddFriendBodyType = Static<typeof AddFriendBody>

export const AddFriendResponse = Type.Object({
  userID: UserID,
  alreadyFriends: Type.Boolean({ description: 'true when the two were friends before this call' }),
})

export const Friend = Type.Object({
  userID: UserID,
  addTime: Type.Optional(Type.Integer({ description: 'Unix seconds' })),
  remark: Type.String({ description: "my remark (备注) for this friend; '' when none is set" }),
})

export const FriendListResponse = Type.Object({ friends: Type.Array(Friend) })
export type FriendListResponseType = Static<typeof FriendListResponse>

export const FriendParams = Type.Object({ userID: UserID })

/**
 * Up to 96 bytes of UTF-8 (Tencent's limit): the route checks it, so an over-long remark gets its own
 * code (remark_too_long) rather than a schema error. '' clears the remark.
 */
export const RemarkBody = Type.Object({ remark: Type.String() }, { additionalProperties: false })

export const RemarkResponse = Type.Object({ userID: UserID, remark: Type.String() })
