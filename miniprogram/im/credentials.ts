/** Checks on the credentials the IM door is given, and the texts for the ways a session can end. */
import type { KickedOutType } from 'tim-wx-sdk'
import { credentialsProblem } from '../models/credentials'
import type { Credentials } from '../models/types'
import { AppErrorCode, ImError } from './errors'

export const KICKED_OUT_REASONS: Record<Exclude<KickedOutType, 'userSigExpired'>, string> = {
  multipleAccount: '您的账号已在其他页面登录，当前页面已下线',
  multipleDevice: '您的账号已在其他设备登录，您已被迫下线',
  REST_API_Kick: '您已被管理员强制下线，请重新登录',
}
export const SIG_EXPIRED_REASON = '登录已过期，请重新登录'

export function kickReasonText(type: KickedOutType): string {
  return type === 'userSigExpired'
    ? SIG_EXPIRED_REASON
    : (KICKED_OUT_REASONS[type] ?? '您已下线，请重新登录')
}

export function validateCredentials(credentials: unknown): Credentials {
  const missing = credentialsProblem(credentials)
  if (missing) throw new ImError(AppErrorCode.MISSING_CREDENTIALS, `missing ${missing}`)
  return credentials as Credentials
}

export function sameAccount(a: Credentials | null, b: Credentials): boolean {
  return a !== null && a.userID === b.userID && a.sdkAppID === b.sdkAppID
}
