/**
 * A tiny local HTTP server standing in for WeChat's code2Session (`GET /sns/jscode2session`),
 * reached through WX_API_BASE. It hands out single-use codes bound to an openid, like wx.login.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
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
  close(): Promise<void>
}

export async function startWechatStandIn(appID: string, secret: string): Promise<WechatStandIn> {
  const codes = new Map<string, string>()
  const requests: URLSearchParams[] = []
  const sessionKeys: string[] = []
  const failures: Array<'busy' | 'http500'> = []

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in')
    const reply = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
