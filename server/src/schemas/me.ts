import { Type, type Static } from '@sinclair/typebox'
import { UserID } from './common'

export const Nick = Type.String({ minLength: 1, maxLength: 64 })
/** Any string: the route says precisely why a URL is refused (temp path, not issued, not a URL). */
export const AvatarUrl = Type.String({ minLength: 1, maxLength: 500 })

export const ProfileBody = Type.Object(
  { nick: Type.Optional(Nick), avatarUrl: Type.Optional(AvatarUrl) },
  { additionalProperties: false, minProperties: 1 },
)
export type ProfileBodyType = Static<typeof ProfileBody>

export const ProfileResponse = Type.Object({
  userID: UserID,
  nick: Type.Union([Type.String(), Type.Null()]),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
})

export const AvatarResponse = Type.Object({
  url: Type.String({ description: 'https (or locally http) URL to put in the profile' }),
  contentType: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  size: Type.Integer({ description: 'bytes' }),
})
