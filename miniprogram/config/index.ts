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
  /** The app's own logger: messages below this level are dropped. */
  readonly logLevel: LogLevel
  readonly lifecycle: LifecycleConfig
}

export type SdkLogLevel = 0 | 1 | 2 | 3 | 4
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

/** How the IM connection behaves on real networks; every bound is configurable for tests and tuning. */
export interface LifecycleConfig {
  /** A login (tim.login up to SDK_READY) that takes longer gives up and disposes its SDK instance. */
  readonly loginTimeoutMs: number
  /** How long a call made before SDK_READY waits for it. */
  readonly readyWaitMs: number
  /** Failed reconnect attempts (while the phone has a network) before the final 连接已断开 state. */
  readonly maxFailedReconnects: number
  /** Time disconnected (while the phone has a network) before the final 连接已断开 state. */
  readonly maxDisconnectedMs: number
  /** Pause between the app's own login attempts after a network failure (grows with each failure). */
  readonly retryDelayMs: number
  /** Renew the UserSig this long before it expires (or at 80% of its lifetime, if that is earlier). */
  readonly sigRenewMarginMs: number
  /** At most one read report per conversation per this interval (leading and trailing). */
  readonly readReceiptIntervalMs: number
}

export const DEFAULT_LIFECYCLE: LifecycleConfig = Object.freeze({
  // tim.login itself waits 90 s before giving up with 2801; a phone user does not.
  loginTimeoutMs: 20_000,
  readyWaitMs: 15_000,
  // Easemob's autoReconnectNumMax defaults to 5.
  maxFailedReconnects: 5,
  // An idle tim-wx-sdk retries only when something triggers it (a request, a network change): after a
  // server outage it can take a minute to come back by itself, which short outages should be allowed.
  maxDisconnectedMs: 5 * 60_000,
  retryDelayMs: 2_000,
  sigRenewMarginMs: 5 * 60_000,
  // The SDK's own table limits read_all_unread_msg to one call a second; C2C reads get the same pace.
  readReceiptIntervalMs: 1_000,
})

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
  logLevel?: LogLevel
  lifecycle?: Partial<LifecycleConfig>
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

let fileOverrides: ConfigOverrides | null = null

/** The build writes the file once; it is read on first use and kept (getConfig runs on every log line). */
function readOverridesFile(): ConfigOverrides {
  fileOverrides ??= loadOverridesFile()
  return fileOverrides
}

function loadOverridesFile(): ConfigOverrides {
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
  const lifecycle = Object.freeze({ ...DEFAULT_LIFECYCLE, ...overrides.lifecycle })
  if (mode === 'production') {
    return Object.freeze({
      mode,
      appServerBaseUrl: withoutTrailingSlash(
        overrides.productionAppServerBaseUrl ?? PRODUCTION_APP_SERVER_BASE_URL,
      ),
      // Release level: what Tencent support asks for when diagnosing a live problem.
      sdkLogLevel: overrides.sdkLogLevel ?? 1,
      logLevel: overrides.logLevel ?? 'info',
      lifecycle,
    })
  }
  return Object.freeze({
    mode,
    appServerBaseUrl: withoutTrailingSlash(overrides.appServerBaseUrl ?? LOCAL_APP_SERVER_BASE_URL),
    imProxyServer: overrides.imProxyServer ?? LOCAL_IM_PROXY_SERVER,
    sdkLogLevel: overrides.sdkLogLevel ?? 2,
    logLevel: overrides.logLevel ?? 'debug',
    lifecycle,
  })
}

/** Read at call time, never at import, so modules load before wx is ready. */
export function getConfig(): AppConfig {
  const overrides = { ...readOverridesFile(), ...(runtimeOverrides ?? {}) }
  return resolveConfig(currentEnvVersion(), overrides)
}
