/**
 * The real local stack for core specs: the local Tencent IM and the app server (DEV_LOGIN=1), both
 * in-process on free ports, with the app's config pointed at them.
 */
import { Writable } from 'node:stream'
import { startLocalIm, type LocalIm } from '../../../local-stack/local-im/src/index'
import {
  createSdkUser,
  destroyAllSdkUsers,
  restCall,
  type SdkUser,
} from '../../../local-stack/local-im/testing/index'
import { loadConfig, startServer, type RunningServer } from '../../../server/src/index'
import { setConfigOverrides } from '../../config/index'
import type { ReLaunchCall, TestGlobals } from '../jest-setup'

export const SDK_APP_ID = 1400000123
const SECRET_KEY = 'local-test-secret-key-0123456789abcdef'

export interface Stack {
  localIm: LocalIm
  server: RunningServer
  /** A second, independent real SDK user (the other side of a conversation). */
  peer(userID: string): Promise<SdkUser>
  /** Sends through Tencent's REST API shape, as the app server would. */
  rest(api: string, body: unknown): Promise<Record<string, unknown>>
  close(): Promise<void>
}

const silent = new Writable({ write: (_chunk, _encoding, done) => done() })

export async function startStack(): Promise<Stack> {
  const localIm = await startLocalIm({ port: 0, sdkAppID: SDK_APP_ID, secretKey: SECRET_KEY })
  let server: RunningServer
  try {
    const config = loadConfig({
      TIM_SDKAPPID: String(SDK_APP_ID),
      TIM_SECRET_KEY: SECRET_KEY,
      TIM_API_BASE: localIm.httpUrl,
      DEV_LOGIN: '1',
      SESSION_SECRET: 'session-secret-for-core-tests-0123456789abcdef',
      LOG_LEVEL: 'warn',
    })
    server = await startServer(config, 0, { logStream: silent })
  } catch (error) {
    await localIm.close()
    throw error
  }
  setConfigOverrides({
    mode: 'local',
    appServerBaseUrl: server.url,
    imProxyServer: localIm.wsUrl,
    sdkLogLevel: process.env.LOCAL_IM_SDK_LOG === '1' ? 0 : 4,
  })
  return {
    localIm,
    server,
    peer: (userID) => createSdkUser({ localIm, userID }),
    rest: (api, body) => restCall(localIm, api, body),
    close: async () => {
      setConfigOverrides(null)
      await destroyAllSdkUsers()
      await server.close()
      await localIm.close()
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

/** Resolves once `predicate` holds; polls, so it also sees changes that fire no event. */
export function waitFor(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const check = () => {
      let ok = false
      try {
        ok = predicate()
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)))
        return
      }
      if (ok) resolve()
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`))
      else setTimeout(check, 10)
    }
    check()
  })
}

export type { SdkUser }
