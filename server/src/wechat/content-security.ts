/**
 * WeChat's text security check, msgSecCheck v2 (`POST /wxa/msg_sec_check?access_token=…` with
 * {content, version: 2, scene, openid}), and the access_token it needs, from the stable token API
 * (`POST /cgi-bin/stable_token`). The stable token is the same for every caller while it is valid, so
 * several server instances each caching it never invalidate one another.
 */
import type { ContentScene, RemoteChecker, Verdict } from '../content/checker'

export interface WechatApiOptions {
  apiBase: string
  appID: string
  secret: string
  timeoutMs: number
  now?: () => number
}

export class WechatApiError extends Error {
  constructor(
    message: string,
    readonly errcode: number,
  ) {
    super(message)
    this.name = 'WechatApiError'
  }
}

/** 40001 invalid credential, 40014 invalid token, 42001 token expired: a fresh token may fix it. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001])

async function postJson(
  url: string,
  body: object,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    throw new WechatApiError(`WeChat unreachable (${(error as Error).name})`, -1)
  }
  let json: unknown
  try {
    json = await response.json()
  } catch (_notJson) {
    throw new WechatApiError(`WeChat answered HTTP ${response.status} without JSON`, -1)
  }
  if (typeof json !== 'object' || json === null) {
    throw new WechatApiError('WeChat answered a non-object', -1)
  }
  return json as Record<string, unknown>
}

export class StableAccessToken {
  #cached: { token: string; renewAt: number } | undefined
  #pending: Promise<string> | undefined
  readonly #now: () => number

  constructor(private readonly options: WechatApiOptions) {
    this.#now = options.now ?? Date.now
  }

  /** The cached token, fetched again 5 minutes before it expires or when `forceRefresh` asks. */
  async get(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.#cached !== undefined && this.#now() < this.#cached.renewAt) {
      return this.#cached.token
    }
    // One request at a time: concurrent checks share it instead of stampeding WeChat.
    this.#pending ??= this.#fetch(forceRefresh).finally(() => {
      this.#pending = undefined
    })
    return this.#pending
  }

  invalidate(): void {
    this.#cached = undefined
  }

  async #fetch(forceRefresh: boolean): Promise<string> {
    const { apiBase, appID, secret, timeoutMs } = this.options
    const body = await postJson(
      `${apiBase}/cgi-bin/stable_token`,
      { grant_type: 'client_credential', appid: appID, secret, force_refresh: forceRefresh },
      timeoutMs,
    )
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0
    if (errcode !== 0 || typeof body.access_token !== 'string') {
      throw new WechatApiError(
        `stable_token failed: ${errcode} ${String(body.errmsg ?? '')}`,
        errcode,
      )
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 7200
    this.#cached = {
      token: body.access_token,
      renewAt: this.#now() + Math.max(expiresIn - 300, 60) * 1000,
    }
    return body.access_token
  }
}

const SCENES: Record<ContentScene, number> = { nickname: 1, chat: 2 }

export interface MsgSecCheckLogger {
  warn(obj: object, msg?: string): void
}

/**
 * msgSecCheck v2 for users who logged in with WeChat (it needs their openid). Refuses only what
 * WeChat calls `risky`; `review` passes (it asks for human review, which this app has not got).
 * Answers undefined when it cannot decide, so the caller's fallback applies.
 */
export function createMsgSecCheck(
  options: WechatApiOptions,
  openidOf: (userID: string) => Promise<string | undefined>,
  logger?: MsgSecCheckLogger,
): RemoteChecker {
  const token = new StableAccessToken(options)

  async function call(accessToken: string, body: object): Promise<Record<string, unknown>> {
    return postJson(
      `${options.apiBase}/wxa/msg_sec_check?access_token=${encodeURIComponent(accessToken)}`,
      body,
      options.timeoutMs,
    )
  }

  return {
    async check(text, subject): Promise<Verdict | undefined> {
      const openid = await openidOf(subject.userID)
      if (openid === undefined) return undefined
      const body = { content: text, version: 2, scene: SCENES[subject.scene], openid }
      try {
        let answer = await call(await token.get(), body)
        if (typeof answer.errcode === 'number' && TOKEN_ERRORS.has(answer.errcode)) {
          token.invalidate()
          answer = await call(await token.get(true), body)
        }
        const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0
        if (errcode !== 0) throw new WechatApiError(`msg_sec_check failed: ${errcode}`, errcode)
        const result = answer.result as { suggest?: unknown; label?: unknown } | undefined
        if (result?.suggest === 'risky') {
          return { allowed: false, source: 'wechat', label: String(result.label ?? 'risky') }
        }
        if (result?.suggest === 'pass' || result?.suggest === 'review') return { allowed: true }
        throw new WechatApiError('msg_sec_check answered without result.suggest', -1)
      } catch (error) {
        const errcode = error instanceof WechatApiError ? error.errcode : -1
        logger?.warn({ errcode, scene: subject.scene }, 'msgSecCheck failed')
        return undefined
      }
    },
  }
}
