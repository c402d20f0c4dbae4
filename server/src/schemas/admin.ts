import { Type, type Static } from '@sinclair/typebox'
import { UserID } from './common'

export const AdminMessageBody = Type.Object(
  {
    from: UserID,
    to: UserID,
    // Tencent caps a message at 12 KB; 4,000 UTF-16 units stay under it whatever the script.
    text: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
)
export type AdminMessageBodyType = Static<typeof AdminMessageBody>

export const AdminMessageResponse = Type.Object({
  msgKey: Type.String(),
  msgTime: Type.Integer({ description: 'Unix seconds, as Tencent reports it' }),
})

export const AdminKickBody = Type.Object({ userID: UserID }, { additionalProperties: false })
export type AdminKickBodyType = Static<typeof AdminKickBody>

export const AdminKickResponse = Type.Object({ userID: UserID, kicked: Type.Literal(true) })
