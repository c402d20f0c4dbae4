// The phone and the app as wx describes them (login, system and window info, launch options, canIUse), the
// app-wide listeners (show / hide, errors, unhandled rejections, memory) and the small device APIs
// (vibration, clipboard, log managers, update manager).
import { SCREEN, STATUS_BAR } from '../core/device'
import type { Rejection } from '../core/console'
import type { DefineAsync } from './define'
import { listenerPair } from './define'
import type { WxHost, WxObject } from './host'

type SystemHost = Pick<
  WxHost,
  | 'project'
  | 'device'
  | 'dialogs'
  | 'reporter'
  | 'console'
  | 'scheduler'
  | 'events'
  | 'launchOptions'
  | 'mockedWxMethods'
  | 'supportsComponent'
  | 'windowHeight'
>

export function installSystem(wx: WxObject, define: DefineAsync, host: SystemHost): void {
  const ui = host.dialogs.ui
  define('login', () => ({ code: host.device.loginCode }))
  define('checkSession', () => ({}))
  const windowInfo = () => ({
    pixelRatio: 2,
    screenWidth: SCREEN.width,
    screenHeight: SCREEN.height,
    windowWidth: SCREEN.width,
    windowHeight: host.windowHeight(),
    statusBarHeight: STATUS_BAR,
    safeArea: { left: 0, right: 375, top: 20, bottom: 667, width: 375, height: 647 },
    screenTop: 0,
  })
  const deviceInfo = () => ({
    brand: 'devtools',
    model: 'iPhone 6/7/8',
    system: 'iOS 10.0.1',
    platform: 'devtools',
    benchmarkLevel: 1,
    abi: '',
    deviceAbi: '',
    cpuType: '',
    memorySize: '',
  })
  const appBaseInfo = () => ({
    SDKVersion: '3.0.0',
    enableDebug: false,
    host: { env: 'WeChat' },
    language: 'zh_CN',
    version: '8.0.5',
    theme: 'light',
    fontSizeSetting: 16,
  })
  const systemSetting = () => ({
    bluetoothEnabled: false,
    locationEnabled: false,
    wifiEnabled: host.device.network.online,
    deviceOrientation: 'portrait',
  })
  const systemInfo = () => ({
    ...deviceInfo(),
    ...windowInfo(),
    ...appBaseInfo(),
    ...systemSetting(),
  })
  Object.assign(wx, {
    getWindowInfo: windowInfo,
    getDeviceInfo: deviceInfo,
    getAppBaseInfo: appBaseInfo,
    getSystemSetting: systemSetting,
    getAppAuthorizeSetting: () => ({
      albumAuthorized: 'authorized',
      cameraAuthorized: 'authorized',
      microphoneAuthorized: 'authorized',
      notificationAuthorized: 'authorized',
      locationAuthorized: 'not determined',
    }),
    getSystemInfoSync: systemInfo,
    getAccountInfoSync: () => ({
      miniProgram: { appId: host.project.appId(), envVersion: 'develop', version: '' },
    }),
    getLaunchOptionsSync: () => ({ ...host.launchOptions }),
    getEnterOptionsSync: () => ({ ...host.launchOptions }),
    getMenuButtonBoundingClientRect: () => ({
      width: 87,
      height: 32,
      top: 24,
      right: 365,
      bottom: 56,
      left: 278,
    }),
    nextTick: (fn: () => void) => host.scheduler.nextTick(fn),
    env: { USER_DATA_PATH: 'http://usr' },
  })
  define('getSystemInfo', systemInfo)
  define('getSystemInfoAsync', systemInfo)

  // `api.method.param.option` or `component.attribute.option`: an API counts when the host runs it (deeper
  // parts follow WeChat's signature and are not checked), a component when it is built in with that attribute.
  wx.canIUse = (schema: unknown) => {
    const [name = '', ...rest] = String(schema).split('.')
    if (name in wx || [...host.mockedWxMethods()].includes(name)) return true
    return host.supportsComponent(name, rest[0], rest[1])
  }

  const logger = (prefix: string) => ({
    log: (...args: unknown[]) => host.console.log(prefix, ...args),
    info: (...args: unknown[]) => host.console.info(prefix, ...args),
    warn: (...args: unknown[]) => host.console.warn(prefix, ...args),
    error: (...args: unknown[]) => host.console.error(prefix, ...args),
    debug: (...args: unknown[]) => host.console.debug(prefix, ...args),
    setFilterMsg: () => undefined,
    addFilterMsg: () => undefined,
  })
  wx.getLogManager = () => logger('[log manager]')
  wx.getRealtimeLogManager = () => logger('[realtime log]')
  wx.getUpdateManager = () => ({
    // A built folder has no newer version to update to.
    onCheckForUpdate: (fn: (result: unknown) => void) =>
      setTimeout(() => host.reporter.callSafely(fn, { hasUpdate: false }), 0).unref(),
    onUpdateReady: () => undefined,
    onUpdateFailed: () => undefined,
    applyUpdate: () => undefined,
  })

  const appShow = listenerPair<(result: unknown) => void>()
  const appHide = listenerPair<(result: unknown) => void>()
  const memory = listenerPair<(result: unknown) => void>()
  host.events.on('appShow', (options) =>
    appShow.set.forEach((fn) => host.reporter.callSafely(fn, options)),
  )
  host.events.on('appHide', () => appHide.set.forEach((fn) => host.reporter.callSafely(fn, {})))
  const errors = host.reporter.errorListeners
  const rejections = host.reporter.rejectionListeners
  Object.assign(wx, {
    onAppShow: appShow.on,
    offAppShow: appShow.off,
    onAppHide: appHide.on,
    offAppHide: appHide.off,
    onError: (fn: (message: string) => void) => void errors.add(fn),
    offError: (fn: (message: string) => void) => void errors.delete(fn),
    onUnhandledRejection: (fn: (result: Rejection) => void) => void rejections.add(fn),
    offUnhandledRejection: (fn?: (result: Rejection) => void) =>
      fn ? void rejections.delete(fn) : rejections.clear(),
    // Never fires: the host has memory to spare.
    onMemoryWarning: memory.on,
    offMemoryWarning: (fn: (result: unknown) => void) => memory.off(fn),
  })

  define('vibrateShort', () => {
    ui.vibrations++
    return {}
  })
  define('vibrateLong', () => {
    ui.vibrations++
    return {}
  })
  define('setClipboardData', (options) => {
    ui.clipboard = String(options.data ?? '')
    return {}
  })
  define('getClipboardData', () => ({ data: ui.clipboard }))
}
