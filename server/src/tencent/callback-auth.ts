/**
 * Tencent IM's callback authentication. With a token configured in the IM console, every callback
 * URL carries `RequestTime` (Unix seconds) and `Sign` = hex SHA-256 of token + RequestTime; requests
 * whose RequestTime is more than a minute away from now are replays. The URL also carries the
 * app's `SdkAppid`, which must be ours.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

export const CALLBACK_MAX_SKEW_SECONDS = 60

export function callbackSign(token: string, requestTime: string): string {
  return createHash('sha256')
    .update(token + requestTime)
    .digest('hex')
}

export type CallbackAuthFailure =
  | { status: 403; code: 'callback_disabled' | 'wrong_sdkappid'; message: string }
  | {
      status: 401
      code: 'callback_unsigned' | 'callback_expired' | 'callback_bad_sign'
      message: string
    }

export function checkCallbackAuth(
  query: Record<string, unknown>,
  expected: { token: string | undefined; sdkAppID: number; nowSeconds: number },
): CallbackAuthFailure | undefined {
  if (expected.token === undefined) {
    return {
      status: 403,
      code: 'callback_disabled',
      message: 'IM callbacks are disabled: set IM_CALLBACK_TOKEN to the console callback token',
    }
  }
  if (query.SdkAppid !== String(expected.sdkAppID)) {
    return { status: 403, code: 'wrong_sdkappid', message: 'SdkAppid is not this app' }
  }
  const { Sign: sign, RequestTime: requestTime } = query
  if (
    typeof sign !== 'string' ||
    typeof requestTime !== 'string' ||
    !/^\d{1,12}$/.test(requestTime)
  ) {
    return { status: 401, code: 'callback_unsigned', message: 'Sign and RequestTime are required' }
  }
  if (Math.abs(expected.nowSeconds - Number(requestTime)) > CALLBACK_MAX_SKEW_SECONDS) {
    return { status: 401, code: 'callback_expired', message: 'RequestTime is more than 60 s away' }
  }
  const wanted = Buffer.from(callbackSign(expected.token, requestTime), 'utf8')
  const given = Buffer.from(sign.toLowerCase(), 'utf8')
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { status: 401, code: 'callback_bad_sign', message: 'Sign does not match' }
  }
  return undefined
}
