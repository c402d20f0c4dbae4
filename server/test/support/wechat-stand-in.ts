/**
 * A tiny local HTTP server standing in for WeChat's server APIs, reached through WX_API_BASE:
 * code2Session (`GET /sns/jscode2session`, single-use codes bound to an openid, like wx.login), the
 * stable access token (`POST /cgi-bin/stable_token`) and msgSecCheck v2 (`POST /wxa/msg_sec_check`,
 * which answers `risky` for texts containing one of `riskyWords` and needs a valid token and an
 * openid that logged in, as WeChat does).
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WechatStandIn {
  baseUrl: string
  /** What wx.login would return on a device logged in as `openid`. */
  issueCode(openid: string): string
  /** Every query the server sent, for asserting what left the server. */
  requests: URLSearchParams[]
  /** Every session_key handed out, for asserting none of them ever leaves the server. */
  sessionKeys: string[]
  /** Makes the next answers fail like WeChat does when it is busy (errcode -1) or broken (HTTP 500). */
  failNext(kind: 'busy' | 'http500', times?: number): void
  /** Texts refused by msgSecCheck: any containing one of these. */
  riskyWords: string[]
  /** Every msg_sec_check body received. */
  secChecks: Array<Record<string, unknown>>
  /** How many access tokens stable_token handed out. */
  tokensIssued(): number
  /** Invalidates every token handed out so far (the next msg_sec_check answers 42001). */
  expireTokens(): void
  close(): Promise<void>
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined
  } catch (_notJson) {
    return undefined
  }
}

export async function startWechatStandIn(appID: string, secret: string): Promise<WechatStandIn> {
  const codes = new Map<string, string>()
  const loggedIn = new Set<string>()
  const validTokens = new Set<string>()
  let tokensIssued = 0
  const riskyWords: string[] = []
  const secChecks: Array<Record<string, unknown>> = []
  const requests: URLSearchParams[] = []
  const sessionKeys: string[] = []
  const failures: Array<'busy' | 'http500'> = []

  async function stableToken(request: IncomingMessage): Promise<object> {
    const body = await readJson(request)
    if (body === undefined) return { errcode: 47001, errmsg: 'data format error' }
    if (body.grant_type !== 'client_credential')
      return { errcode: 40002, errmsg: 'invalid grant_type' }
    if (body.appid !== appID || body.secret !== secret) {
      return { errcode: 40125, errmsg: 'invalid appsecret' }
    }
    const token = randomBytes(24).toString('hex')
    validTokens.add(token)
    tokensIssued += 1
    return { access_token: token, expires_in: 7200 }
  }

  async function msgSecCheck(request: IncomingMessage, url: URL): Promise<object> {
    if (!validTokens.has(url.searchParams.get('access_token') ?? '')) {
      return { errcode: 42001, errmsg: 'access_token expired' }
    }
    const body = await readJson(request)
    if (body === undefined) return { errcode: 47001, errmsg: 'data format error' }
    secChecks.push(body)
    if (
      body.version !== 2 ||
      typeof body.content !== 'string' ||
      ![1, 2, 3, 4].includes(body.scene as number)
    ) {
      return { errcode: 40003, errmsg: 'invalid args' }
    }
    if (typeof body.openid !== 'string' || !loggedIn.has(body.openid)) {
      return { errcode: 61010, errmsg: 'user is not accessed in 2 hours' }
    }
    const risky = riskyWords.some((word) => (body.content as string).includes(word))
    const result = risky ? { suggest: 'risky', label: 20001 } : { suggest: 'pass', label: 100 }
    return {
      errcode: 0,
      errmsg: 'ok',
      result,
      detail: [],
      trace_id: randomBytes(8).toString('hex'),
    }
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in')
    const reply = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    if (request.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      void stableToken(request).then((body) => reply(200, body))
      return
    }
    if (request.method === 'POST' && url.pathname === '/wxa/msg_sec_check') {
      void msgSecCheck(request, url).then((body) => reply(200, body))
      return
    }
    if (url.pathname !== '/sns/jscode2session' || request.method !== 'GET') {
      reply(404, { errcode: 404, errmsg: 'not found' })
      return
    }
    requests.push(url.searchParams)
    const failure = failures.shift()
    if (failure === 'http500') {
      response.writeHead(500)
      response.end('upstream exploded')
      return
    }
    if (failure === 'busy') {
      reply(200, { errcode: -1, errmsg: 'system error' })
      return
    }
    const query = url.searchParams
    if (query.get('appid') !== appID || query.get('secret') !== secret) {
      reply(200, { errcode: 40125, errmsg: 'invalid appsecret' })
      return
    }
    if (query.get('grant_type') !== 'authorization_code') {
      reply(200, { errcode: 40002, errmsg: 'invalid grant_type' })
      return
    }
    const code = query.get('js_code') ?? ''
    const openid = codes.get(code)
    if (openid === undefined) {
      reply(200, { errcode: 40029, errmsg: 'invalid code' })
      return
    }
    codes.delete(code)
    loggedIn.add(openid)
    const sessionKey = randomBytes(16).toString('base64')
    sessionKeys.push(sessionKey)
    reply(200, { openid, session_key: sessionKey })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    issueCode(openid) {
      const code = randomBytes(12).toString('hex')
      codes.set(code, openid)
      return code
    },
    requests,
    sessionKeys,
    failNext(kind, times = 1) {
      for (let i = 0; i < times; i++) failures.push(kind)
    },
    riskyWords,
    secChecks,
    tokensIssued: () => tokensIssued,
    expireTokens: () => validTokens.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
