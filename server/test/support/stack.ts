/**
 * The real local Tencent IM plus our server, both on free ports, for integration tests. The server
 * talks to the local IM over real HTTP; nothing Tencent-side is mocked.
 */
import { startLocalIm, type LocalIm } from '../../../local-stack/local-im/src/index'
import { startServer, type RunningServer } from '../../src'
import type { ServerConfig } from '../../src/config'
import { TEST_ADMIN_TOKEN, TEST_SDKAPPID, TEST_SECRET_KEY, testConfig } from './config'

export interface Stack {
  im: LocalIm
  server: RunningServer
  config: ServerConfig
  /** JSON request to our server; returns status, parsed body and headers. */
  call<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options?: { body?: unknown; token?: string; admin?: boolean; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T; headers: Headers }>
  login(devUser: string, extra?: Record<string, string>): Promise<LoginResult>
  close(): Promise<void>
}

export interface LoginResult {
  token: string
  userID: string
  userSig: string
  sdkAppID: number
  expireAt: number
}

export async function startStack(
  env: Record<string, string | undefined> = {},
  overrides: Partial<ServerConfig> = {},
  imOptions: { restRateLimitPerSecond?: number; secretKey?: string } = {},
): Promise<Stack> {
  const im = await startLocalIm({
    port: 0,
    sdkAppID: TEST_SDKAPPID,
    secretKey: imOptions.secretKey ?? TEST_SECRET_KEY,
    restRateLimitPerSecond: imOptions.restRateLimitPerSecond,
    logLevel: 'error',
  })
  const config = testConfig({ TIM_API_BASE: im.httpUrl, ...env }, overrides)
  const server = await startServer(config, 0)
  const call: Stack['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
    if (options.admin) headers['x-admin-token'] = TEST_ADMIN_TOKEN
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
    const text = await response.text()
    return {
      status: response.status,
      body: text === '' ? undefined : JSON.parse(text),
      headers: response.headers,
    }
  }
  return {
    im,
    server,
    config,
    call,
    async login(devUser, extra = {}) {
      const response = await call<LoginResult>('POST', '/api/login', {
        body: { devUser, ...extra },
      })
      if (response.status !== 200) {
        throw new Error(`login ${devUser}: ${response.status} ${JSON.stringify(response.body)}`)
      }
      return response.body
    },
    async close() {
      await server.close()
      await im.close()
    },
  }
}
