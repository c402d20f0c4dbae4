// The phone and the app as wx describes them (login, system and window info, launch options, canIUse), the
// app-wide listeners (show / hide, errors, unhandled rejections, memory) and the small device APIs
// (vibration, clipboard, log managers, update manager).
import { menuButtonRect } from '../core/device'
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
  | 'theme'
  | 'appTheme'
>

export function installSystem(wx: WxObject, define: DefineAsync, host: SystemHost): void {
  const ui = host.dialogs.ui
  define('login', () => ({ code: host.device.loginCode }))
  define('checkSession', () => ({}))
  const profile = () => host.device.profile
  // Screen coordinates: the area the status bar and the home indicator leave free.
  const windowInfo = () => {
    const { screen, statusBar, bottomInset, pixelRatio } = profile()
    const bottom = screen.height - bottomInset
    return {
      pixelRatio,
      screenWidth: screen.width,
      screenHeight: screen.height,
      windowWidth: screen.width,
      windowHeight: host.windowHeight(),
      statusBarHeight: statusBar,
      safeArea: {
        left: 0,
        right: screen.width,
        top: statusBar,
        bottom,
        width: screen.width,
        height: bottom - statusBar,
      },
      screenTop: 0,
    }
  }
  // `theme` exists only for apps that follow the system theme (app.json darkmode: true), as in WeChat.
  const theme = () => (host.theme.enabled ? { theme: host.appTheme() } : {})
  const deviceInfo = () => ({
    brand: 'devtools',
    model: profile().model,
    system: profile().system,
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
    ...theme(),
    fontSizeSetting: host.device.fontSizeSetting,
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
    getMenuButtonBoundingClientRect: () => menuButtonRect(profile()),
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
  const themeChange = listenerPair<(result: unknown) => void>()
  host.events.on('theme', (result) =>
    themeChange.set.forEach((fn) => host.reporter.callSafely(fn, result)),
  )
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
    onThemeChange: themeChange.on,
    offThemeChange: themeChange.off,
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
