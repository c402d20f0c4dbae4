import { Type, type Static } from '@sinclair/typebox'
import { ExpireAt, UserID } from './common'
import { AvatarUrl, Nick } from './me'

/**
 * One body for both login kinds: `code` (WeChat) or `devUser` (DEV_LOGIN=1). Exactly one of them
 * is required; the route says which is missing or why both are wrong, rather than an anyOf dump.
 */
export const LoginBody = Type.Object(
  {
    code: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'the code from wx.login()' }),
    ),
    devUser: Type.Optional(UserID),
    nick: Type.Optional(Nick),
    avatarUrl: Type.Optional(AvatarUrl),
  },
  { additionalProperties: false },
)
export type LoginBodyType = Static<typeof LoginBody>

export const LoginResponse = Type.Object({
  token: Type.String({
    description: 'the server session token, sent back as Authorization: Bearer',
  }),
  userID: UserID,
  userSig: Type.String(),
  sdkAppID: Type.Integer(),
  expireAt: ExpireAt,
})
export type LoginResponseType = Static<typeof LoginResponse>

export const UserSigResponse = Type.Object({
  userSig: Type.String(),
  expireAt: ExpireAt,
})
export type UserSigResponseType = Static<typeof UserSigResponse>
