import { Type, type Static } from '@sinclair/typebox'
import { UserID } from './common'

/** Tencent refuses a message body over 12 KB; the mini-program's input and IM door check these bytes exactly. */
export const TEXT_MESSAGE_MAX_BYTES = 12_000

export const AdminMessageBody = Type.Object(
  {
    from: UserID,
    to: UserID,
    // JSON Schema counts characters, not bytes: at most 4 bytes each in UTF-8, 3,000 stay within the limit.
    text: Type.String({ minLength: 1, maxLength: TEXT_MESSAGE_MAX_BYTES / 4 }),
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
