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
  remark: Type.Optional(Type.String()),
})

export const FriendListResponse = Type.Object({ friends: Type.Array(Friend) })
export type FriendListResponseType = Static<typeof FriendListResponse>
