import { createHmac } from 'node:crypto'

/**
 * Tencent IM user IDs: at most 32 bytes of letters, digits, underscore and hyphen
 * (the rule stated for UserSig identifiers; it also keeps IDs safe in URLs and logs).
 */
export const IM_USER_ID_PATTERN = '^[A-Za-z0-9_-]{1,32}$'
const imUserIDRegExp = new RegExp(IM_USER_ID_PATTERN)

export function isValidImUserID(value: string): boolean {
  return imUserIDRegExp.test(value)
}

/**
 * Maps a WeChat openid to a stable IM user ID. A keyed hash (not the openid itself) so that a user
 * ID seen by other users cannot be turned back into the openid, which WeChat treats as personal data.
 */
export function userIDFromOpenID(openid: string, sessionSecret: string): string {
  const digest = createHmac('sha256', sessionSecret)
    .update('wx-openid:')
    .update(openid)
    .digest('base64url')
  // 'wx_' + 29 characters of base64url = 32 bytes, 174 bits of the digest.
  return `wx_${digest.slice(0, 29)}`
}
