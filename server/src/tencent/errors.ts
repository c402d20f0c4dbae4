/** Failures of the Tencent IM REST API, typed so routes can map them to HTTP answers. */

export interface TencentErrorDetails {
  api: string
  errorCode: number
  errorInfo: string
  requestId?: string
}

export class TencentApiError extends Error {
  readonly api: string
  readonly errorCode: number
  readonly errorInfo: string
  readonly requestId: string | undefined

  constructor(details: TencentErrorDetails, message?: string) {
    super(message ?? `${details.api} failed: ${details.errorCode} ${details.errorInfo}`)
    this.name = new.target.name
    this.api = details.api
    this.errorCode = details.errorCode
    this.errorInfo = details.errorInfo
    this.requestId = details.requestId
  }
}

/** 60007, 60018/60019 or an exhausted client-side budget: the caller should slow down. */
export class TencentRateLimitError extends TencentApiError {}

/** 60004/60005/60006/60010/60016/60020/60021: our own credentials or plan are wrong, not the request. */
export class TencentAuthError extends TencentApiError {}

/** The account does not exist or was never imported (70107, 20003, 40003, 30003...). */
export class TencentAccountNotFoundError extends TencentApiError {}

/**
 * Message text rejected by content security (80001...), or by the app's own before-send callback
 * (120001–130000, passed through by Tencent).
 */
export class TencentContentRejectedError extends TencentApiError {}

/** One item of a batch call failed although the call as a whole said OK. */
export class TencentItemError extends TencentApiError {
  constructor(
    details: TencentErrorDetails,
    readonly itemKey: string,
  ) {
    super(
      details,
      `${details.api} failed for ${itemKey}: ${details.errorCode} ${details.errorInfo}`,
    )
  }
}

/** No usable answer: timeout, connection failure, 5xx or a body that is not Tencent's JSON. */
export class TencentTransportError extends TencentApiError {
  constructor(
    details: TencentErrorDetails,
    /** Whether another attempt may succeed (network errors and 5xx, not a malformed answer). */
    readonly retryable: boolean,
  ) {
    super(details)
  }
}

const rateLimitCodes = new Set([60007, 60011, 60018, 60019])
const authCodes = new Set([60004, 60005, 60006, 60010, 60016, 60020, 60021, 70001, 70003])
const accountNotFoundCodes = new Set([70107, 20003, 40003, 30003, 70013, 90012])
const contentRejectedCodes = new Set([80001, 80002, 80004])

const isCallbackRefusal = (code: number) => code >= 120001 && code <= 130000

/** The typed error for a failed `ErrorCode`. */
export function tencentErrorFor(details: TencentErrorDetails): TencentApiError {
  if (rateLimitCodes.has(details.errorCode)) return new TencentRateLimitError(details)
  if (authCodes.has(details.errorCode)) return new TencentAuthError(details)
  if (accountNotFoundCodes.has(details.errorCode)) return new TencentAccountNotFoundError(details)
  if (contentRejectedCodes.has(details.errorCode) || isCallbackRefusal(details.errorCode)) {
    return new TencentContentRejectedError(details)
  }
  return new TencentApiError(details)
}

/** Codes worth another attempt after a pause (rate limits and Tencent's "busy, retry" answers). */
export function isRetryableCode(errorCode: number): boolean {
  return errorCode === 60007 || errorCode === 60018 || errorCode === 60019
}
