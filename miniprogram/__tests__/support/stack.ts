/**
 * The real local stack for core specs: the local Tencent IM and the app server (DEV_LOGIN=1), both
 * in-process on free ports (test-support's in-process stack), with the app's config pointed at them.
 */
import { Writable } from 'node:stream'
import type { LocalIm } from '@tim-c2c/local-im'
import {
  createSdkUser,
  destroyAllSdkUsers,
  restCall,
  type SdkUser,
} from '@tim-c2c/local-im/testing'
import { loadConfig, type RunningServer } from '@tim-c2c/server'
import { BASE_TIMEOUTS, waitUntil } from '@tim-c2c/test-support'
import { startInProcessStack } from '@tim-c2c/test-support/in-process-stack'
import { setConfigOverrides, type ConfigOverrides, type LifecycleConfig } from '../../config/index'
import type { ReLaunchCall, TestGlobals } from '../jest-setup'

export const SDK_APP_ID = 1400000123
const SECRET_KEY = 'local-test-secret-key-0123456789abcdef'

export interface StackOptions {
  /** Lifetime of the UserSigs the app server issues, in seconds (DEV_LOGIN allows down to 1). */
  userSigTtl?: number
  /** The app's lifecycle bounds for this spec file (the rest keep their defaults). */
  lifecycle?: Partial<LifecycleConfig>
  /** Where the app's SDK connects instead of the local IM (a relay in front of it). */
  imProxyServer?: string
}

export interface Stack {
  localIm: LocalIm
  server: RunningServer
  /** A second, independent real SDK user (the other side of a conversation). */
  peer(userID: string): Promise<SdkUser>
  /** Sends through Tencent's REST API shape, as the app server would. */
  rest(api: string, body: unknown): Promise<Record<string, unknown>>
  /** Another app server on this IM, e.g. one signing with the wrong key. */
  startServer(env?: Record<string, string>): Promise<RunningServer>
  /** Points the app at these config overrides on top of the stack's own. */
  configure(overrides: ConfigOverrides): void
  close(): Promise<void>
}

const silent = new Writable({ write: (_chunk, _encoding, done) => done() })

function serverEnv(localIm: LocalIm, extra: Record<string, string> = {}) {
  return loadConfig({
    TIM_SDKAPPID: String(SDK_APP_ID),
    TIM_SECRET_KEY: SECRET_KEY,
    TIM_API_BASE: localIm.httpUrl,
    DEV_LOGIN: '1',
    SESSION_SECRET: 'session-secret-for-core-tests-0123456789abcdef',
    LOG_LEVEL: 'warn',
    ...extra,
  })
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sigTtl: Record<string, string> = options.userSigTtl
    ? { USERSIG_TTL: String(options.userSigTtl) }
    : {}
  const stack = await startInProcessStack({
    im: { sdkAppID: SDK_APP_ID, secretKey: SECRET_KEY },
    // The first server gets the spec's UserSig lifetime; later ones only what the spec asks for.
    serverConfig: (localIm, extra) => serverEnv(localIm, extra ?? sigTtl),
    serverOptions: { logStream: silent },
  })
  const { im: localIm, server } = stack
  const base: ConfigOverrides = {
    mode: 'local',
    appServerBaseUrl: server.url,
    imProxyServer: options.imProxyServer ?? localIm.wsUrl,
    sdkLogLevel: process.env.LOCAL_IM_SDK_LOG === '1' ? 0 : 4,
    logLevel: process.env.LOCAL_IM_SDK_LOG === '1' ? 'debug' : 'error',
    lifecycle: options.lifecycle,
  }
  setConfigOverrides(base)
  return {
    localIm,
    server,
    peer: (userID) => createSdkUser({ localIm, userID }),
    rest: (api, body) => restCall(localIm, api, body),
    startServer: (env) => stack.startServer(env ?? {}),
    configure: (overrides) =>
      setConfigOverrides({
        ...base,
        ...overrides,
        lifecycle: { ...base.lifecycle, ...overrides.lifecycle },
      }),
    close: async () => {
      setConfigOverrides(null)
      await destroyAllSdkUsers()
      await stack.close()
    },
  }
}

function testGlobals(): TestGlobals {
  return globalThis as unknown as TestGlobals
}

export function wxShim(): TestGlobals['__wxShim'] {
  return testGlobals().__wxShim
}

export function reLaunchCalls(): ReLaunchCall[] {
  return testGlobals().__reLaunchCalls
}

/**
 * Resolves once `predicate` holds; polls, so it also sees changes that fire no event. test-support's wait with
 * this suite's habits: a predicate that throws fails at once; `timeoutMs` is a bound before scaling.
 */
export async function waitFor(
  predicate: () => boolean,
  what: string,
  timeoutMs: number = BASE_TIMEOUTS.condition,
): Promise<void> {
  await waitUntil(what, predicate, { timeoutMs, failOnError: true })
}

export type { SdkUser }
