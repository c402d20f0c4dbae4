/**
 * Turns anything a request can throw into the API's one error shape `{statusCode, code, message}`.
 * Bad input always lands on a 4xx; 5xx is kept for failures of the server or of its upstreams.
 */
import { SessionTokenError } from './session-token'
import {
  TencentAccountNotFoundError,
  TencentApiError,
  TencentAuthError,
  TencentContentRejectedError,
  TencentItemError,
  TencentRateLimitError,
  TencentTransportError,
} from './tencent/errors'
import { WechatLoginError } from './wechat/code2session'

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Seconds the client should wait before retrying (429/503). */
    readonly retryAfter?: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

interface FastifyLikeError {
  code?: unknown
  statusCode?: unknown
  validation?: unknown
  validationContext?: unknown
  message?: unknown
}

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
}

/** ioredis's ways of saying Redis is gone (REDIS_URL): the rate limiter cannot count, so nothing runs. */
function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    error.message === 'Connection is closed.' ||
    /^connect ECONNREFUSED|Stream isn't writeable/.test(error.message)
  )
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof SessionTokenError) {
    return new ApiError(
      401,
      error.reason === 'expired' ? 'token_expired' : 'invalid_token',
      error.message,
    )
  }
  if (error instanceof WechatLoginError) {
    if (error.badCode)
      return new ApiError(401, 'invalid_wx_code', `${error.message}; call wx.login again`)
    if (error.errcode === 45011) return new ApiError(429, 'wechat_rate_limited', error.message, 60)
    return new ApiError(502, 'wechat_unavailable', error.message)
  }
  if (error instanceof TencentApiError) {
    if (error instanceof TencentAccountNotFoundError) {
      return new ApiError(404, 'user_not_found', `IM account not found (${error.errorCode})`)
    }
    if (error instanceof TencentContentRejectedError) {
      return new ApiError(
        422,
        'content_rejected',
        `message rejected by Tencent IM (${error.errorCode})`,
      )
    }
    if (error instanceof TencentRateLimitError) {
      return new ApiError(503, 'im_busy', 'Tencent IM is rate limiting this app; retry shortly', 1)
    }
    if (error instanceof TencentItemError) {
      // The call went through but Tencent refused this item (peer's friend list full, blacklist...).
      return new ApiError(
        409,
        'im_refused',
        `Tencent IM refused ${error.api} for ${error.itemKey} (${error.errorCode})`,
      )
    }
    if (error instanceof TencentTransportError) {
      return new ApiError(
        503,
        'im_unavailable',
        `Tencent IM did not answer ${error.api}; retry shortly`,
        1,
      )
    }
    if (error instanceof TencentAuthError) {
      return new ApiError(
        502,
        'im_misconfigured',
        `Tencent IM refused the server's credentials (${error.errorCode})`,
      )
    }
    return new ApiError(502, 'im_error', `Tencent IM call ${error.api} failed (${error.errorCode})`)
  }
  if (isRedisUnavailable(error)) {
    return new ApiError(
      503,
      'rate_limit_unavailable',
      'the shared rate-limit store is unreachable; retry shortly',
      1,
    )
  }
  if (typeof error === 'object' && error !== null) {
    const fastifyError = error as FastifyLikeError
    const message = typeof fastifyError.message === 'string' ? fastifyError.message : 'bad request'
    if (fastifyError.validation !== undefined) return new ApiError(400, 'invalid_request', message)
    const statusCode = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500
    if (statusCode >= 400 && statusCode < 500) {
      const code = typeof fastifyError.code === 'string' ? fastifyError.code : ''
      return new ApiError(statusCode, fastifyCodes[code] ?? 'bad_request', message)
    }
  }
  return new ApiError(500, 'internal_error', 'internal server error')
}
