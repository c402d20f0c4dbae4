/**
 * Tencent IM's before-send callback (C2C.CallbackBeforeSendMsg): the app's callback URL is asked
 * about every C2C message before it is stored, with Tencent's query (SdkAppid, CallbackCommand,
 * contenttype, ClientIP, OptPlatform and, with a token, RequestTime and Sign = sha256hex(token +
 * RequestTime)) and body, and its answer decides: allow (maybe with a new MsgBody or
 * CloudCustomData), refuse, or drop silently.
 */
import { createHash } from 'node:crypto'
import type { Logger } from './logger'
import { checkMessage } from './message-validation'

export const BEFORE_SEND_COMMAND = 'C2C.CallbackBeforeSendMsg'

/** Tencent waits 2 s for a before-send callback; the limit is not adjustable. */
export const CALLBACK_TIMEOUT_MS = 2000

/** The app answers larger than this are not read (the callback answers a few hundred bytes). */
const MAX_ANSWER_BYTES = 256 * 1024

export interface CallbackConfig {
  /** The callback URL configured in the console (http or https). */
  url: string
  /** The console's callback authentication token; without one no Sign is sent. */
  token?: string
}

/** Where a message came from, as the callback query reports it. */
export interface CallbackCaller {
  clientIP: string
  /** `RESTAPI` for REST sendmsg; `Web` for the Web/mini-program SDK. */
  platform: 'RESTAPI' | 'Web'
}

export interface CallbackMessage {
  from: string
  to: string
  msgSeq: number
  msgRandom: number
  time: number
  key: string
  msgID: string
  onlineOnly: boolean
  body: unknown[]
  cloudCustomData: string
}

export type CallbackVerdict =
  | { kind: 'allow'; body?: unknown[]; cloudCustomData?: string }
  /** ErrorCode 2: not delivered, but the sender is told it was sent. */
  | { kind: 'drop' }
  | { kind: 'refuse'; code: number; info: string }

/** ErrorCode 1 refuses with this code to the sender (ERR_SVR_MSG_PUSH_DENY). */
export const CALLBACK_DENY_CODE = 20006

/** Refusals with an ErrorCode in this range reach the sender with the app's code and ErrorInfo. */
const isAppCode = (code: number) => code >= 120001 && code <= 130000

export function callbackSign(token: string, requestTime: string): string {
  return createHash('sha256')
    .update(token + requestTime)
    .digest('hex')
}

export function callbackUrl(
  config: CallbackConfig,
  sdkAppID: number,
  caller: CallbackCaller,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const url = new URL(config.url)
  url.searchParams.set('SdkAppid', String(sdkAppID))
  url.searchParams.set('CallbackCommand', BEFORE_SEND_COMMAND)
  url.searchParams.set('contenttype', 'json')
  url.searchParams.set('ClientIP', caller.clientIP)
  url.searchParams.set('OptPlatform', caller.platform)
  if (config.token !== undefined) {
    const requestTime = String(nowSeconds)
    url.searchParams.set('RequestTime', requestTime)
    url.searchParams.set('Sign', callbackSign(config.token, requestTime))
  }
  return url.toString()
}

/** Reads the app's answer; undefined when it is not one (the callback then counts as failed). */
export function readVerdict(answer: unknown): CallbackVerdict | undefined {
  if (answer == null || typeof answer !== 'object' || Array.isArray(answer)) return undefined
  const {
    ErrorCode: code,
    ErrorInfo: info,
    MsgBody: body,
    CloudCustomData: custom,
  } = answer as {
    ErrorCode?: unknown
    ErrorInfo?: unknown
    MsgBody?: unknown
    CloudCustomData?: unknown
  }
  if (typeof code !== 'number' || !Number.isInteger(code)) return undefined
  if (code === 2) return { kind: 'drop' }
  if (code !== 0) {
    if (isAppCode(code)) {
      return { kind: 'refuse', code, info: typeof info === 'string' ? info : '' }
    }
    return { kind: 'refuse', code: CALLBACK_DENY_CODE, info: 'refused by the app' }
  }
  const verdict: CallbackVerdict = { kind: 'allow' }
  // A replacement body must itself be a valid message; a broken one is ignored (the original goes).
  if (body !== undefined && checkMessage(body, undefined) === undefined) {
    verdict.body = body as unknown[]
  }
  if (typeof custom === 'string') verdict.cloudCustomData = custom
  return verdict
}

/**
 * Asks the app about one message. A callback that fails (unreachable, an HTTP error, no valid
 * answer, over 2 s) lets the message through, which is what Tencent is understood to do by default.
 */
export async function askBeforeSend(
  config: CallbackConfig,
  sdkAppID: number,
  caller: CallbackCaller,
  message: CallbackMessage,
  logger: Logger,
): Promise<CallbackVerdict> {
  const body = {
    CallbackCommand: BEFORE_SEND_COMMAND,
    From_Account: message.from,
    To_Account: message.to,
    MsgSeq: message.msgSeq,
    MsgRandom: message.msgRandom,
    MsgTime: message.time,
    MsgKey: message.key,
    MsgId: message.msgID,
    OnlineOnlyFlag: message.onlineOnly ? 1 : 0,
    MsgBody: message.body,
    CloudCustomData: message.cloudCustomData,
    EventTime: Date.now(),
  }
  try {
    const response = await fetch(callbackUrl(config, sdkAppID, caller), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    })
    const text = await response.text()
    if (response.status !== 200 || text.length > MAX_ANSWER_BYTES) {
      logger.warn(`before-send callback answered HTTP ${response.status}; message let through`)
      return { kind: 'allow' }
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (_notJson) {
      parsed = undefined
    }
    const verdict = readVerdict(parsed)
    if (verdict) return verdict
    logger.warn('before-send callback gave no ErrorCode; message let through')
    return { kind: 'allow' }
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    logger.warn(`before-send callback failed (${reason}); message let through`)
    return { kind: 'allow' }
  }
}
