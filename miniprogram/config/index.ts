/**
 * The one place that decides where the app talks to. Local mode points the SDK at the local IM
 * (proxyServer) and the app server at the local stack; production never sets proxyServer.
 */

export type AppMode = 'local' | 'production'

// The mini-program runtime's CommonJS require; the app's typings leave it undeclared.
declare const require: (id: string) => unknown

export interface AppConfig {
  readonly mode: AppMode
  readonly appServerBaseUrl: string
  /** The local IM's ws:// address; present only in local mode. */
  readonly imProxyServer?: string
  /** tim-wx-sdk log level: 0 everything … 4 nothing. */
  readonly sdkLogLevel: SdkLogLevel
}

export type SdkLogLevel = 0 | 1 | 2 | 3 | 4

/**
 * What `npm run build -- --app-server <url> --im-proxy <url>` writes to `config/local-overrides.js`
 * (`module.exports = { appServerBaseUrl, imProxyServer }`). `mode` forces a mode whatever the
 * envVersion; `productionAppServerBaseUrl` replaces the production server address.
 */
export interface ConfigOverrides {
  mode?: AppMode
  appServerBaseUrl?: string
  imProxyServer?: string
  productionAppServerBaseUrl?: string
  sdkLogLevel?: SdkLogLevel
}

export const LOCAL_APP_SERVER_BASE_URL = 'http://127.0.0.1:3000'
export const LOCAL_IM_PROXY_SERVER = 'ws://127.0.0.1:9000'
/** Replace with your app server's registered https domain before publishing (or override it at build). */
export const PRODUCTION_APP_SERVER_BASE_URL = 'https://im-api.example.com'

let runtimeOverrides: ConfigOverrides | null = null

/** Set by tests and by the app before first use; `null` returns to the file and envVersion. */
export function setConfigOverrides(overrides: ConfigOverrides | null): void {
  runtimeOverrides = overrides
}

function readOverridesFile(): ConfigOverrides {
  try {
    // Written by the build script only for local builds, so it is usually absent.
    const loaded = require('./local-overrides') as ConfigOverrides | { default?: ConfigOverrides }
    const value = 'default' in loaded && loaded.default ? loaded.default : loaded
    return typeof value === 'object' && value !== null ? (value as ConfigOverrides) : {}
  } catch (_missing) {
    return {}
  }
}

/** WeChat's envVersion: develop (DevTools / preview), trial, release. */
export function modeForEnvVersion(envVersion: string | undefined): AppMode {
  return envVersion === 'trial' || envVersion === 'release' ? 'production' : 'local'
}

function currentEnvVersion(): string | undefined {
  if (typeof wx === 'undefined' || typeof wx.getAccountInfoSync !== 'function') return undefined
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion
  } catch (_unavailable) {
    return undefined
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

export function resolveConfig(
  envVersion: string | undefined,
  overrides: ConfigOverrides,
): AppConfig {
  const mode = overrides.mode ?? modeForEnvVersion(envVersion)
  if (mode === 'production') {
    return Object.freeze({
      mode,
      appServerBaseUrl: withoutTrailingSlash(
        overrides.productionAppServerBaseUrl ?? PRODUCTION_APP_SERVER_BASE_URL,
      ),
      // Release level: what Tencent support asks for when diagnosing a live problem.
      sdkLogLevel: overrides.sdkLogLevel ?? 1,
    })
  }
  return Object.freeze({
    mode,
    appServerBaseUrl: withoutTrailingSlash(overrides.appServerBaseUrl ?? LOCAL_APP_SERVER_BASE_URL),
    imProxyServer: overrides.imProxyServer ?? LOCAL_IM_PROXY_SERVER,
    sdkLogLevel: overrides.sdkLogLevel ?? 2,
  })
}

/** Read at call time, never at import, so modules load before wx is ready. */
export function getConfig(): AppConfig {
  const overrides = { ...readOverridesFile(), ...(runtimeOverrides ?? {}) }
  return resolveConfig(currentEnvVersion(), overrides)
}
