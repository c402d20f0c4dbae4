/**
 * WeChat's code2Session (`GET /sns/jscode2session`), called from the server only: the app secret
 * and the returned session_key never leave this process.
 */

export interface WechatSession {
  openid: string
  unionid?: string
}

export class WechatLoginError extends Error {
  constructor(
    message: string,
    /** WeChat's errcode, or -1 when WeChat gave no usable answer. */
    readonly errcode: number,
    /** True when the code itself was rejected (the client should call wx.login again). */
    readonly badCode: boolean,
  ) {
    super(message)
    this.name = 'WechatLoginError'
  }
}

export interface Code2SessionOptions {
  apiBase: string
  appID: string
  secret: string
  timeoutMs: number
}

// 40029 invalid code, 40163 code already used, 40226 high-risk user blocked.
const rejectedCodeErrors = new Set([40029, 40163, 40226])

export async function code2Session(
  options: Code2SessionOptions,
  code: string,
): Promise<WechatSession> {
  const query = new URLSearchParams({
    appid: options.appID,
    secret: options.secret,
    js_code: code,
    grant_type: 'authorization_code',
  })
  let response: Response
  try {
    response = await fetch(`${options.apiBase}/sns/jscode2session?${query.toString()}`, {
      signal: AbortSignal.timeout(options.timeoutMs),
    })
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown'
    throw new WechatLoginError(`code2Session unreachable (${reason})`, -1, false)
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    throw new WechatLoginError(
      `code2Session answered HTTP ${response.status} without JSON`,
      -1,
      false,
    )
  }
  if (typeof body !== 'object' || body === null) {
    throw new WechatLoginError('code2Session answered a non-object', -1, false)
  }
  const fields = body as Record<string, unknown>
  const errcode = typeof fields.errcode === 'number' ? fields.errcode : 0
  if (errcode !== 0) {
    const errmsg = typeof fields.errmsg === 'string' ? fields.errmsg : ''
    throw new WechatLoginError(
      `code2Session failed: ${errcode} ${errmsg}`.trim(),
      errcode,
      rejectedCodeErrors.has(errcode),
    )
  }
  if (typeof fields.openid !== 'string' || fields.openid.length === 0) {
    throw new WechatLoginError('code2Session answered without an openid', -1, false)
  }
  // session_key is deliberately dropped here: nothing in this server needs it and it must not leak.
  return {
    openid: fields.openid,
    ...(typeof fields.unionid === 'string' && { unionid: fields.unionid }),
  }
}
