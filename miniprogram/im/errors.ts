/** SDK and server error codes the user can meet, what to tell them, and how the IM door classes them. */

export const ErrorCode = {
  /** No IM package bought, expired, or still being configured. */
  NO_PACKAGE: 60020,
  NETWORK_ERROR: 2800,
  /** Request timeout; on a phone with a network usually the trusted-domain list. */
  NETWORK_TIMEOUT: 2801,
  NO_NETWORK: 2805,
  ACCOUNT_A2KEY_EXPIRED: 70001,
  MESSAGE_A2KEY_EXPIRED: 20002,
  /** UserSig invalid, or the account was never imported. */
  USERSIG_INVALID: 70013,
  REPEAT_LOGIN: 2025,
  SDK_IS_NOT_READY: 2999,
  MESSAGE_REVOKE_FAIL: 2110,
  /** Recall after the server's two-minute limit. */
  REVOKE_TIME_LIMIT_EXCEEDED: 20016,
  /** The message body is over Tencent's 12 KB. */
  BODY_SIZE_LIMIT: 80002,
  /** The before-send callback refused the message (its ErrorCode 1). */
  MESSAGE_PUSH_DENIED: 20006,
  /** The recipient blocked the sender (with the console's "show success to blocked senders" off). */
  IN_PEER_BLACKLIST: 20007,
} as const

/** The before-send callback's own refusal codes, passed through to the sender (our server answers 120001). */
export function isContentRefusalCode(code: number): boolean {
  return code === ErrorCode.MESSAGE_PUSH_DENIED || (code >= 120001 && code <= 130000)
}

const CONTENT_REFUSED_MESSAGE = '消息未发出：内容不合规'

/** Codes our own layer raises (negative, so they never collide with SDK or server codes). */
export const AppErrorCode = {
  MISSING_CREDENTIALS: -1,
  NOT_LOGGED_IN: -2,
  READY_TIMEOUT: -3,
  INVALID_ARGUMENT: -4,
  MESSAGE_NOT_FOUND: -5,
  LOGGED_OUT: -6,
  /** The connection is in its final state until the user taps 重试. */
  CONNECTION_FAILED: -7,
} as const

/** By code (ErrorCode / AppErrorCode above). */
const HUMAN_MESSAGES: Record<number, string> = {
  60020: '即时通信服务套餐未购买或已过期，请联系管理员',
  2800: '网络错误，请检查网络后重试',
  2801: '请求超时，请检查网络或小程序合法域名配置',
  2805: '网络不可用，请检查网络设置',
  70001: '登录已过期，请重新登录',
  20002: '登录已过期，请重新登录',
  70013: '登录凭证无效或账号未导入，请重新登录',
  2025: '正在登录中，请稍候',
  2999: '连接尚未就绪，请稍后重试',
  2110: '撤回失败，请稍后重试',
  20016: '超过2分钟的消息不能撤回',
  80002: '消息太长，请分开发送',
  20007: '消息未发出：对方已拒收你的消息',
  [-1]: '登录信息不完整，请重新登录',
  [-2]: '尚未登录，请先登录',
  [-3]: '连接超时，请检查网络后重试',
  [-6]: '已退出登录',
  [-7]: '连接已断开，请点击重试',
}

const FALLBACK_MESSAGE = '操作失败，请稍后重试'

function humanMessage(code: number): string | undefined {
  return isContentRefusalCode(code) ? CONTENT_REFUSED_MESSAGE : HUMAN_MESSAGES[code]
}

/** An error a page can show as is: `message` is the Chinese text, `code` the original code. */
export class ImError extends Error {
  readonly code: number
  /** The SDK's or server's own message, for logs. */
  readonly detail: string
  /** A send that failed after its message was created: that message (shown as 发送失败) can be resent. */
  readonly messageID: string

  constructor(code: number, detail = '', message?: string, messageID = '') {
    super(message ?? humanMessage(code) ?? (detail || FALLBACK_MESSAGE))
    this.name = 'ImError'
    this.code = code
    this.detail = detail
    this.messageID = messageID
  }
}

function codeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code === 'number') return code
  if (typeof code === 'string' && /^-?\d+$/.test(code)) return Number(code)
  return undefined
}

/** Wraps whatever the SDK rejected with into an ImError, keeping the code. */
export function toImError(error: unknown): ImError {
  if (error instanceof ImError) return error
  const code = codeOf(error)
  const detail = error instanceof Error ? error.message : String(error)
  return new ImError(code ?? 0, detail, code === undefined ? detail || undefined : undefined)
}

/** The phone or the path to the IM: never a reason to forget the saved session. */
export function isNetworkErrorCode(code: number): boolean {
  return (
    code === ErrorCode.NETWORK_ERROR ||
    code === ErrorCode.NETWORK_TIMEOUT ||
    code === ErrorCode.NO_NETWORK ||
    code === AppErrorCode.READY_TIMEOUT
  )
}

/**
 * UserSig or A2Key refused: 70001 expired, 70002 empty, 70003/70005 bad signature, 70009 wrong key, 70013 wrong
 * user, 70014 wrong SDKAppID, 70052 revoked, 20002 expired (message path).
 */
const AUTH_CODES: ReadonlySet<number> = new Set([
  70001, 70002, 70003, 70005, 70009, 70013, 70014, 70052, 20002,
])

/** The IM refused these credentials: a fresh UserSig may help once; after that the session is over. */
export function isAuthErrorCode(code: number): boolean {
  return AUTH_CODES.has(code)
}

/** The UserSig expired (the SDK fires KICKED_OUT userSigExpired with it). */
export function isSigExpiredCode(code: number): boolean {
  return code === ErrorCode.ACCOUNT_A2KEY_EXPIRED || code === ErrorCode.MESSAGE_A2KEY_EXPIRED
}
