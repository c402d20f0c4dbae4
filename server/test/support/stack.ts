/**
 * The real local Tencent IM plus our server, both on free ports, for integration tests (test-support's
 * in-process stack), with HTTP helpers for our server. The server talks to the local IM over real HTTP;
 * nothing Tencent-side is mocked.
 */
import type { LocalIm } from '@tim-c2c/local-im'
import { startInProcessStack } from '@tim-c2c/test-support/in-process-stack'
import type { RunningServer } from '../../src'
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
  const { im, server, config, close } = await startInProcessStack({
    im: {
      sdkAppID: TEST_SDKAPPID,
      secretKey: imOptions.secretKey ?? TEST_SECRET_KEY,
      restRateLimitPerSecond: imOptions.restRateLimitPerSecond,
      logLevel: 'error',
    },
    serverConfig: (localIm) => testConfig({ TIM_API_BASE: localIm.httpUrl, ...env }, overrides),
  })
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
    close,
  }
}
