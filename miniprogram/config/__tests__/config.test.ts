import {
  DEFAULT_LIFECYCLE,
  LOCAL_APP_SERVER_BASE_URL,
  LOCAL_IM_PROXY_SERVER,
  PRODUCTION_APP_SERVER_BASE_URL,
  getConfig,
  modeForEnvVersion,
  resolveConfig,
  setConfigOverrides,
} from '../index'

afterEach(() => setConfigOverrides(null))

test('develop is local; trial and release are production', () => {
  expect(modeForEnvVersion('develop')).toBe('local')
  expect(modeForEnvVersion(undefined)).toBe('local')
  expect(modeForEnvVersion('trial')).toBe('production')
  expect(modeForEnvVersion('release')).toBe('production')
})

test('local mode points the SDK at the local IM and the API at the local server', () => {
  expect(resolveConfig('develop', {})).toEqual({
    mode: 'local',
    appServerBaseUrl: LOCAL_APP_SERVER_BASE_URL,
    imProxyServer: LOCAL_IM_PROXY_SERVER,
    sdkLogLevel: 2,
    logLevel: 'debug',
    lifecycle: DEFAULT_LIFECYCLE,
  })
})

test('production never carries a proxyServer, whatever the overrides say', () => {
  const config = resolveConfig('release', {
    imProxyServer: 'ws://127.0.0.1:9',
    appServerBaseUrl: 'http://127.0.0.1:1',
  })
  expect(config).toEqual({
    mode: 'production',
    appServerBaseUrl: PRODUCTION_APP_SERVER_BASE_URL,
    sdkLogLevel: 1,
    logLevel: 'info',
    lifecycle: DEFAULT_LIFECYCLE,
  })
  expect('imProxyServer' in config).toBe(false)
  expect(config.appServerBaseUrl.startsWith('https://')).toBe(true)
})

test('overrides pick the mode and the local addresses; trailing slashes are dropped', () => {
  expect(
    resolveConfig('release', {
      mode: 'local',
      appServerBaseUrl: 'http://127.0.0.1:4567/',
      imProxyServer: 'ws://127.0.0.1:7654',
    }),
  ).toEqual({
    mode: 'local',
    appServerBaseUrl: 'http://127.0.0.1:4567',
    imProxyServer: 'ws://127.0.0.1:7654',
    sdkLogLevel: 2,
    logLevel: 'debug',
    lifecycle: DEFAULT_LIFECYCLE,
  })
  expect(resolveConfig('develop', { mode: 'production' }).mode).toBe('production')
})

test('getConfig reads envVersion from wx at call time and applies runtime overrides', () => {
  const previous = (globalThis as { wx?: unknown }).wx
  ;(globalThis as { wx?: unknown }).wx = {
    getAccountInfoSync: () => ({
      miniProgram: { envVersion: 'release', appId: 'wx1', version: '1' },
    }),
  }
  try {
    expect(getConfig().mode).toBe('production')
    setConfigOverrides({ mode: 'local', imProxyServer: 'ws://127.0.0.1:1234' })
    expect(getConfig().imProxyServer).toBe('ws://127.0.0.1:1234')
  } finally {
    ;(globalThis as { wx?: unknown }).wx = previous
  }
})

test('lifecycle bounds and the log level can be overridden one by one', () => {
  const config = resolveConfig('develop', {
    logLevel: 'warn',
    lifecycle: { maxFailedReconnects: 2, loginTimeoutMs: 500 },
  })
  expect(config.logLevel).toBe('warn')
  expect(config.lifecycle).toEqual({
    ...DEFAULT_LIFECYCLE,
    maxFailedReconnects: 2,
    loginTimeoutMs: 500,
  })
})
