/* eslint-disable @typescript-eslint/no-explicit-any */
// The `wx` object on real resources: HTTP and WebSocket through Node, storage in memory (optionally a file),
// interactive UI (toasts, modals, action sheets, pickers) as recorded state a test reads and answers.
import fs from 'node:fs'
import path from 'node:path'
import WebSocket from 'ws'
import { supportsBuiltin } from './builtins'
import { imageSize, mimeOf } from './media'
import type { Runtime } from './runtime'

type Options = Record<string, any>
type Callbacks = {
  success?: (result: unknown) => void
  fail?: (error: unknown) => void
  complete?: (result: unknown) => void
}

export interface WxFailure {
  errMsg: string
}

export function failure(api: string, reason: string): WxFailure {
  return { errMsg: `${api}:fail ${reason}` }
}

function isFailure(value: unknown): value is WxFailure {
  return (
    typeof value === 'object' && value !== null && typeof (value as WxFailure).errMsg === 'string'
  )
}

export interface Toast {
  title: string
  icon: string
  image?: string
  duration: number
  mask: boolean
}

export interface Modal {
  title: string
  content: string
  showCancel: boolean
  cancelText: string
  confirmText: string
  editable: boolean
  placeholderText: string
}

export interface UiState {
  toast: Toast | null
  toasts: Toast[]
  loading: { title: string; mask: boolean } | null
  modal: Modal | null
  modals: Modal[]
  actionSheet: { itemList: string[]; alertText: string } | null
  picker: { mode: string; range: unknown[]; rangeKey: string; value: unknown } | null
  previewImage: { urls: string[]; current: string } | null
  privacyPrompt: boolean
  privacyContractOpened: number
  shares: unknown[]
  navigationBarLoading: boolean
  navigationBarColor: { frontColor: string; backgroundColor: string } | null
  clipboard: string
  vibrations: number
}

export function emptyUi(): UiState {
  return {
    toast: null,
    toasts: [],
    loading: null,
    modal: null,
    modals: [],
    actionSheet: null,
    picker: null,
    previewImage: null,
    privacyPrompt: false,
    privacyContractOpened: 0,
    shares: [],
    navigationBarLoading: false,
    navigationBarColor: null,
    clipboard: '',
    vibrations: 0,
  }
}

export interface SocketTask {
  send(options: Options): void
  close(options?: Options): void
  onOpen(fn: (result: unknown) => void): void
  onClose(fn: (result: unknown) => void): void
  onError(fn: (result: unknown) => void): void
  onMessage(fn: (result: unknown) => void): void
  readonly readyState: number
}

export function createWx(runtime: Runtime): Record<string, any> {
  const wx: Record<string, any> = {}
  const listeners = {
    network: new Set<(result: unknown) => void>(),
    appShow: new Set<(result: unknown) => void>(),
    appHide: new Set<(result: unknown) => void>(),
    privacy: new Set<(resolve: (result: unknown) => void, info: unknown) => void>(),
    memory: new Set<(result: unknown) => void>(),
  }
  runtime.on('appShow', (options) =>
    listeners.appShow.forEach((fn) => runtime.callSafely(fn, options)),
  )
  runtime.on('appHide', () => listeners.appHide.forEach((fn) => runtime.callSafely(fn, {})))
  runtime.on('network', (state) => listeners.network.forEach((fn) => runtime.callSafely(fn, state)))
  runtime.on('needPrivacy', (resolve, info) =>
    listeners.privacy.forEach((fn) => runtime.callSafely(fn, resolve, info)),
  )

  /** Defines an asynchronous API: callbacks when given any, a Promise otherwise. */
  const defineAsync = (
    name: string,
    run: (options: Options) => unknown,
    returnsTask = false,
  ): void => {
    runtime.asyncWxMethods.add(name)
    wx[name] = (rawOptions?: Options) => {
      const options: Options & Callbacks =
        rawOptions && typeof rawOptions === 'object' ? rawOptions : {}
      let task: unknown
      const outcome = new Promise<Record<string, unknown>>((resolve, reject) => {
        try {
          const value = run(options)
          if (returnsTask && value && typeof value === 'object' && 'task' in value) {
            const { task: created, done } = value as { task: unknown; done: Promise<unknown> }
            task = created
            Promise.resolve(done).then(resolve as (v: unknown) => void, reject)
          } else Promise.resolve(value).then(resolve as (v: unknown) => void, reject)
        } catch (error) {
          reject(error)
        }
      }).then(
        (result) => ({ errMsg: `${name}:ok`, ...(result ?? {}) }),
        (error: unknown) => {
          throw isFailure(error)
            ? error
            : failure(name, error instanceof Error ? error.message : String(error))
        },
      )
      const hasCallbacks = Boolean(options.success || options.fail || options.complete)
      if (hasCallbacks || returnsTask) {
        outcome.then(
          (result) => {
            runtime.callSafely(options.success, result)
            runtime.callSafely(options.complete, result)
          },
          (error: unknown) => {
            runtime.callSafely(options.fail, error)
            runtime.callSafely(options.complete, error)
          },
        )
        return returnsTask ? task : undefined
      }
      return outcome
    }
  }

  // ------------------------------------------------------------------ network

  const requireOnline = (api: string): void => {
    if (!runtime.network.online) throw failure(api, 'network is offline (switched off by the host)')
  }

  const headerObject = (headers: Headers): Record<string, string> => {
    const result: Record<string, string> = {}
    headers.forEach((value, key) => {
      result[key] = value
    })
    return result
  }

  const withQuery = (url: string, data: unknown): string => {
    if (!data || typeof data !== 'object')
      return data === undefined || data === null
        ? url
        : `${url}${url.includes('?') ? '&' : '?'}${String(data)}`
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(data)) {
      params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
    }
    const query = params.toString()
    return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url
  }

  const requests = new Set<AbortController>()

  defineAsync(
    'request',
    (options) => {
      requireOnline('request')
      if (typeof options.url !== 'string')
        throw failure('request', 'parameter.url should be a string')
      const method = String(options.method ?? 'GET').toUpperCase()
      const header: Record<string, string> = {}
      for (const [key, value] of Object.entries(options.header ?? {}))
        header[key.toLowerCase()] = String(value)
      let url = options.url
      let body: BodyInit | undefined
      if (method === 'GET' || method === 'HEAD') url = withQuery(url, options.data)
      else if (options.data instanceof ArrayBuffer) body = Buffer.from(options.data)
      else if (typeof options.data === 'string') body = options.data
      else if (options.data !== undefined) {
        const type = header['content-type'] ?? 'application/json'
        header['content-type'] = type
        body = type.includes('application/x-www-form-urlencoded')
          ? new URLSearchParams(options.data as Record<string, string>).toString()
          : JSON.stringify(options.data)
      }
      const controller = new AbortController()
      requests.add(controller)
      const timeout = Number(options.timeout ?? 60000)
      const timer = setTimeout(() => controller.abort(new Error('timeout')), timeout)
      timer.unref()
      const done = (async () => {
        try {
          const response = await fetch(url, {
            method,
            headers: header,
            body,
            signal: controller.signal,
          })
          const raw = Buffer.from(await response.arrayBuffer())
          let data: unknown
          if (options.responseType === 'arraybuffer')
            data = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)
          else {
            const text = raw.toString('utf8')
            data = text
            if ((options.dataType ?? 'json') === 'json') {
              try {
                data = JSON.parse(text)
              } catch (_error) {
                data = text
              }
            }
          }
          const headers = headerObject(response.headers)
          return {
            data,
            statusCode: response.status,
            header: headers,
            cookies: response.headers.getSetCookie(),
          }
        } catch (error) {
          if (controller.signal.aborted) {
            const reason = controller.signal.reason
            throw failure(
              'request',
              reason instanceof Error && reason.message === 'timeout' ? 'timeout' : 'abort',
            )
          }
          throw failure(
            'request',
            (error as Error).cause ? String((error as Error).cause) : (error as Error).message,
          )
        } finally {
          clearTimeout(timer)
          requests.delete(controller)
        }
      })()
      const task = {
        abort: () => controller.abort(new Error('abort')),
        onHeadersReceived: () => undefined,
        offHeadersReceived: () => undefined,
        onChunkReceived: () => undefined,
        offChunkReceived: () => undefined,
      }
      return { task, done }
    },
    true,
  )

  defineAsync(
    'uploadFile',
    (options) => {
      requireOnline('uploadFile')
      const controller = new AbortController()
      const done = (async () => {
        const bytes = await runtime.files.read(String(options.filePath))
        const form = new FormData()
        for (const [key, value] of Object.entries(options.formData ?? {}))
          form.append(key, String(value))
        form.append(
          String(options.name ?? 'file'),
          new Blob([new Uint8Array(bytes)], { type: mimeOf(String(options.filePath)) }),
          path.basename(String(options.filePath)),
        )
        const response = await fetch(String(options.url), {
          method: 'POST',
          headers: options.header ?? {},
          body: form,
          signal: controller.signal,
        })
        return {
          data: await response.text(),
          statusCode: response.status,
          header: headerObject(response.headers),
        }
      })()
      const task = {
        abort: () => controller.abort(),
        onProgressUpdate: () => undefined,
        offProgressUpdate: () => undefined,
      }
      return { task, done }
    },
    true,
  )

  defineAsync(
    'downloadFile',
    (options) => {
      requireOnline('downloadFile')
      const controller = new AbortController()
      const done = (async () => {
        const response = await fetch(String(options.url), {
          headers: options.header ?? {},
          signal: controller.signal,
        })
        const bytes = Buffer.from(await response.arrayBuffer())
        const extension = path.extname(new URL(String(options.url)).pathname)
        if (options.filePath) {
          const local = runtime.files.localPath(String(options.filePath))
          if (!local) throw failure('downloadFile', 'filePath must be a local path')
          fs.writeFileSync(local, bytes)
          return { filePath: options.filePath, statusCode: response.status }
        }
        return {
          tempFilePath: runtime.files.storeTemp(bytes, extension),
          statusCode: response.status,
        }
      })()
      const task = {
        abort: () => controller.abort(),
        onProgressUpdate: () => undefined,
        offProgressUpdate: () => undefined,
      }
      return { task, done }
    },
    true,
  )

  defineAsync(
    'connectSocket',
    (options) => {
      requireOnline('connectSocket')
      if (typeof options.url !== 'string' || !/^wss?:\/\//.test(options.url)) {
        throw failure('connectSocket', `invalid url "${String(options.url)}"`)
      }
      const task = runtime.openSocket(options.url, options.header ?? {}, options.protocols)
      return { task, done: Promise.resolve({}) }
    },
    true,
  )

  defineAsync('getNetworkType', () => ({
    networkType: runtime.network.online ? runtime.network.type : 'none',
  }))
  wx.onNetworkStatusChange = (fn: (result: unknown) => void) => listeners.network.add(fn)
  wx.offNetworkStatusChange = (fn?: (result: unknown) => void) =>
    fn ? listeners.network.delete(fn) : listeners.network.clear()

  // ------------------------------------------------------------------ storage

  const storageKey = (api: string, key: unknown): string => {
    if (typeof key !== 'string' || key === '')
      throw failure(api, 'parameter.key should be a non-empty string')
    return key
  }
  wx.setStorageSync = (key: unknown, value: unknown) => {
    runtime.storage.set(storageKey('setStorageSync', key), structuredClone(value))
    runtime.saveStorage()
  }
  wx.getStorageSync = (key: unknown) => {
    const value = runtime.storage.get(storageKey('getStorageSync', key))
    return value === undefined ? '' : structuredClone(value)
  }
  wx.removeStorageSync = (key: unknown) => {
    runtime.storage.delete(storageKey('removeStorageSync', key))
    runtime.saveStorage()
  }
  wx.clearStorageSync = () => {
    runtime.storage.clear()
    runtime.saveStorage()
  }
  const storageInfo = () => {
    const keys = [...runtime.storage.keys()]
    const bytes = keys.reduce(
      (sum, key) => sum + key.length + JSON.stringify(runtime.storage.get(key) ?? '').length,
      0,
    )
    return { keys, currentSize: Math.ceil(bytes / 1024), limitSize: 10240 }
  }
  wx.getStorageInfoSync = storageInfo
  defineAsync('setStorage', (options) => wx.setStorageSync(options.key, options.data) ?? {})
  defineAsync('getStorage', (options) => {
    const key = storageKey('getStorage', options.key)
    if (!runtime.storage.has(key)) throw failure('getStorage', 'data not found')
    return { data: wx.getStorageSync(key) }
  })
  defineAsync('removeStorage', (options) => wx.removeStorageSync(options.key) ?? {})
  defineAsync('clearStorage', () => wx.clearStorageSync() ?? {})
  defineAsync('getStorageInfo', storageInfo)

  // ------------------------------------------------------------------ account, system

  defineAsync('login', () => ({ code: runtime.loginCode }))
  defineAsync('checkSession', () => ({}))
  const windowInfo = () => ({
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 667,
    windowWidth: 375,
    windowHeight: runtime.windowHeight(),
    statusBarHeight: 20,
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
    wifiEnabled: runtime.network.online,
    deviceOrientation: 'portrait',
  })
  wx.getWindowInfo = windowInfo
  wx.getDeviceInfo = deviceInfo
  wx.getAppBaseInfo = appBaseInfo
  wx.getSystemSetting = systemSetting
  wx.getAppAuthorizeSetting = () => ({
    albumAuthorized: 'authorized',
    cameraAuthorized: 'authorized',
    microphoneAuthorized: 'authorized',
    notificationAuthorized: 'authorized',
    locationAuthorized: 'not determined',
  })
  wx.getSystemInfoSync = () => ({
    ...deviceInfo(),
    ...windowInfo(),
    ...appBaseInfo(),
    ...systemSetting(),
  })
  defineAsync('getSystemInfo', () => wx.getSystemInfoSync())
  defineAsync('getSystemInfoAsync', () => wx.getSystemInfoSync())
  wx.getAccountInfoSync = () => ({
    miniProgram: { appId: runtime.appId(), envVersion: 'develop', version: '' },
  })
  wx.getLaunchOptionsSync = () => ({ ...runtime.launchOptions })
  wx.getEnterOptionsSync = () => ({ ...runtime.launchOptions })
  wx.getMenuButtonBoundingClientRect = () => ({
    width: 87,
    height: 32,
    top: 24,
    right: 365,
    bottom: 56,
    left: 278,
  })
  wx.nextTick = (fn: () => void) => runtime.nextTick(fn)
  // `api.method.param.option` or `component.attribute.option`: an API counts when the host runs it (deeper
  // parts follow WeChat's signature and are not checked), a component when it is built in with that attribute.
  wx.canIUse = (schema: unknown) => {
    const [name = '', ...rest] = String(schema).split('.')
    if (name in wx || runtime.wxMocks.has(name)) return true
    return supportsBuiltin(name, rest[0], rest[1])
  }
  wx.env = { USER_DATA_PATH: 'http://usr' }
  const logger = (prefix: string) => ({
    log: (...args: unknown[]) => runtime.appConsole.log(prefix, ...args),
    info: (...args: unknown[]) => runtime.appConsole.info(prefix, ...args),
    warn: (...args: unknown[]) => runtime.appConsole.warn(prefix, ...args),
    error: (...args: unknown[]) => runtime.appConsole.error(prefix, ...args),
    debug: (...args: unknown[]) => runtime.appConsole.debug(prefix, ...args),
    setFilterMsg: () => undefined,
    addFilterMsg: () => undefined,
  })
  wx.getLogManager = () => logger('[log manager]')
  wx.getRealtimeLogManager = () => logger('[realtime log]')
  wx.getUpdateManager = () => ({
    // A built folder has no newer version to update to.
    onCheckForUpdate: (fn: (result: unknown) => void) =>
      setTimeout(() => runtime.callSafely(fn, { hasUpdate: false }), 0).unref(),
    onUpdateReady: () => undefined,
    onUpdateFailed: () => undefined,
    applyUpdate: () => undefined,
  })
  wx.onAppShow = (fn: (result: unknown) => void) => listeners.appShow.add(fn)
  wx.offAppShow = (fn?: (result: unknown) => void) =>
    fn ? listeners.appShow.delete(fn) : listeners.appShow.clear()
  wx.onAppHide = (fn: (result: unknown) => void) => listeners.appHide.add(fn)
  wx.offAppHide = (fn?: (result: unknown) => void) =>
    fn ? listeners.appHide.delete(fn) : listeners.appHide.clear()
  wx.onError = (fn: (message: string) => void) => runtime.errorListeners.add(fn)
  wx.onUnhandledRejection = (fn: (result: { reason: unknown; promise: unknown }) => void) =>
    runtime.rejectionListeners.add(fn)
  wx.offUnhandledRejection = (fn?: (result: { reason: unknown; promise: unknown }) => void) =>
    fn ? runtime.rejectionListeners.delete(fn) : runtime.rejectionListeners.clear()
  wx.offError = (fn: (message: string) => void) => runtime.errorListeners.delete(fn)
  wx.onMemoryWarning = (fn: (result: unknown) => void) => listeners.memory.add(fn)
  wx.offMemoryWarning = (fn: (result: unknown) => void) => listeners.memory.delete(fn)
  defineAsync('vibrateShort', () => {
    runtime.ui.vibrations++
    return {}
  })
  defineAsync('vibrateLong', () => {
    runtime.ui.vibrations++
    return {}
  })
  defineAsync('setClipboardData', (options) => {
    runtime.ui.clipboard = String(options.data ?? '')
    return {}
  })
  defineAsync('getClipboardData', () => ({ data: runtime.ui.clipboard }))

  // ------------------------------------------------------------------ interaction

  let toastTimer: NodeJS.Timeout | undefined
  defineAsync('showToast', (options) => {
    if (typeof options.title !== 'string')
      throw failure('showToast', 'parameter.title should be a string')
    const toast: Toast = {
      title: options.title,
      icon: String(options.icon ?? 'success'),
      image: options.image,
      duration: Number(options.duration ?? 1500),
      mask: Boolean(options.mask),
    }
    runtime.ui.loading = null
    runtime.ui.toast = toast
    runtime.ui.toasts.push(toast)
    if (toastTimer) clearTimeout(toastTimer)
    toastTimer = setTimeout(() => {
      if (runtime.ui.toast === toast) runtime.ui.toast = null
    }, toast.duration)
    toastTimer.unref()
    return {}
  })
  defineAsync('hideToast', () => {
    runtime.ui.toast = null
    return {}
  })
  defineAsync('showLoading', (options) => {
    runtime.ui.toast = null
    runtime.ui.loading = { title: String(options.title ?? ''), mask: Boolean(options.mask) }
    return {}
  })
  defineAsync('hideLoading', () => {
    runtime.ui.loading = null
    return {}
  })
  defineAsync('showModal', (options) => {
    const modal: Modal = {
      title: String(options.title ?? ''),
      content: String(options.content ?? ''),
      showCancel: options.showCancel !== false,
      cancelText: String(options.cancelText ?? '取消'),
      confirmText: String(options.confirmText ?? '确定'),
      editable: Boolean(options.editable),
      placeholderText: String(options.placeholderText ?? ''),
    }
    if (runtime.ui.modal) runtime.answerModal(false)
    runtime.ui.modal = modal
    runtime.ui.modals.push(modal)
    return new Promise((resolve) => {
      runtime.pendingModal = resolve
    })
  })
  defineAsync('showActionSheet', (options) => {
    if (
      !Array.isArray(options.itemList) ||
      options.itemList.length === 0 ||
      options.itemList.length > 6
    ) {
      throw failure('showActionSheet', 'parameter.itemList should have 1 to 6 items')
    }
    runtime.ui.actionSheet = {
      itemList: options.itemList.map(String),
      alertText: String(options.alertText ?? ''),
    }
    return new Promise((resolve, reject) => {
      runtime.pendingActionSheet = { resolve, reject }
    })
  })
  defineAsync('previewImage', (options) => {
    runtime.ui.previewImage = {
      urls: (options.urls ?? []).map(String),
      current: String(options.current ?? ''),
    }
    return {}
  })

  // ------------------------------------------------------------------ navigation bar, tab bar, page

  const navigation = (name: string, run: (options: Options) => unknown): void =>
    defineAsync(name, (options) => {
      try {
        const result = run(options)
        return runtime.settle().then(() => result ?? {})
      } catch (error) {
        if (error instanceof Error)
          throw {
            errMsg: error.message.startsWith(`${name}:fail`)
              ? error.message
              : `${name}:fail ${error.message}`,
          }
        throw error
      }
    })
  navigation('navigateTo', (options) => ({
    eventChannel: runtime.navigateTo(options.url, options.events),
  }))
  navigation('redirectTo', (options) => runtime.redirectTo(options.url))
  navigation('navigateBack', (options) => runtime.navigateBack(options.delta))
  navigation('reLaunch', (options) => runtime.reLaunch(options.url))
  navigation('switchTab', (options) => runtime.switchTab(options.url))

  defineAsync('setNavigationBarTitle', (options) => {
    runtime.currentPage().title = String(options.title ?? '')
    return {}
  })
  defineAsync('setNavigationBarColor', (options) => {
    runtime.ui.navigationBarColor = {
      frontColor: String(options.frontColor ?? '#000000'),
      backgroundColor: String(options.backgroundColor ?? '#ffffff'),
    }
    return {}
  })
  defineAsync('showNavigationBarLoading', () => {
    runtime.ui.navigationBarLoading = true
    return {}
  })
  defineAsync('hideNavigationBarLoading', () => {
    runtime.ui.navigationBarLoading = false
    return {}
  })
  const tabIndex = (api: string, index: unknown): number => {
    const count = runtime.appConfig.tabBar?.list.length ?? 0
    if (count === 0) throw failure(api, 'the mini-program has no tabBar')
    const value = Number(index)
    if (!Number.isInteger(value) || value < 0 || value >= count)
      throw failure(api, `tabbar item ${String(index)} not found`)
    return value
  }
  defineAsync('setTabBarBadge', (options) => {
    runtime.tabBarState.badges[tabIndex('setTabBarBadge', options.index)] = String(
      options.text ?? '',
    )
    return {}
  })
  defineAsync('removeTabBarBadge', (options) => {
    delete runtime.tabBarState.badges[tabIndex('removeTabBarBadge', options.index)]
    return {}
  })
  defineAsync('showTabBarRedDot', (options) => {
    runtime.tabBarState.redDots[tabIndex('showTabBarRedDot', options.index)] = true
    return {}
  })
  defineAsync('hideTabBarRedDot', (options) => {
    delete runtime.tabBarState.redDots[tabIndex('hideTabBarRedDot', options.index)]
    return {}
  })
  defineAsync('showTabBar', () => {
    runtime.tabBarState.visible = true
    return {}
  })
  defineAsync('hideTabBar', () => {
    runtime.tabBarState.visible = false
    return {}
  })
  defineAsync('pageScrollTo', (options) => {
    if (options.scrollTop === undefined) {
      throw failure(
        'pageScrollTo',
        'only scrollTop is supported by the host (selector needs a layout)',
      )
    }
    const page = runtime.currentPage()
    page.scrollTop = Math.max(0, Number(options.scrollTop))
    runtime.callHook(page.caller, 'onPageScroll', { scrollTop: page.scrollTop })
    return {}
  })
  defineAsync('startPullDownRefresh', () => {
    runtime.callHook(runtime.currentPage().caller, 'onPullDownRefresh')
    return {}
  })
  defineAsync('stopPullDownRefresh', () => ({}))
  wx.createSelectorQuery = () => runtime.createSelectorQuery()

  // ------------------------------------------------------------------ media

  const chosenFiles = async (api: string, count: number) => {
    if (runtime.mediaFiles.length === 0) throw failure(api, 'cancel')
    const files = []
    for (const file of runtime.mediaFiles.slice(0, Math.max(1, count))) {
      const bytes = fs.readFileSync(file)
      const tempFilePath = runtime.files.storeTemp(bytes, path.extname(file))
      let size: { width: number; height: number } = { width: 0, height: 0 }
      try {
        size = imageSize(bytes)
      } catch (_error) {
        // not a picture: sizes stay 0, as for a video without metadata
      }
      const isVideo = mimeOf(file).startsWith('video/')
      files.push({
        tempFilePath,
        size: bytes.length,
        fileType: isVideo ? 'video' : 'image',
        width: size.width,
        height: size.height,
      })
    }
    return files
  }
  defineAsync('chooseMedia', async (options) => {
    const tempFiles = await chosenFiles('chooseMedia', Number(options.count ?? 9))
    return {
      tempFiles,
      type: tempFiles.every((file) => file.fileType === 'image') ? 'image' : 'mix',
    }
  })
  defineAsync('chooseImage', async (options) => {
    const tempFiles = await chosenFiles('chooseImage', Number(options.count ?? 9))
    return {
      tempFilePaths: tempFiles.map((file) => file.tempFilePath),
      tempFiles: tempFiles.map((file) => ({ path: file.tempFilePath, size: file.size })),
    }
  })
  defineAsync('getImageInfo', async (options) => {
    if (typeof options.src !== 'string')
      throw failure('getImageInfo', 'parameter.src should be a string')
    const info = await runtime.imageInfo(options.src)
    const local = runtime.files.localPath(options.src)
    return { ...info, path: local ? options.src : options.src, orientation: 'up' }
  })
  defineAsync('compressImage', async (options) => {
    const bytes = await runtime.files.read(String(options.src))
    return { tempFilePath: runtime.files.storeTemp(bytes, path.extname(String(options.src))) }
  })

  // ------------------------------------------------------------------ privacy

  defineAsync('getPrivacySetting', () => ({
    needAuthorization: !runtime.privacyAgreed,
    privacyContractName: '《小程序隐私保护指引》',
  }))
  defineAsync('requirePrivacyAuthorize', () => runtime.requirePrivacy('requirePrivacyAuthorize'))
  defineAsync('openPrivacyContract', () => {
    runtime.ui.privacyContractOpened++
    return {}
  })
  wx.onNeedPrivacyAuthorization = (
    fn: (resolve: (result: unknown) => void, info: unknown) => void,
  ) => {
    listeners.privacy.clear()
    listeners.privacy.add(fn)
  }
  runtime.hasPrivacyListener = () => listeners.privacy.size > 0

  return wx
}

/** A WebSocket the mini-program opened; the host closes them all when the network is switched off. */
export function createSocketTask(
  url: string,
  header: Record<string, string>,
  protocols: string[] | undefined,
  onDispose: (task: SocketTask & { drop(): void }) => void,
  report: (fn: ((result: unknown) => void) | undefined, result: unknown) => void,
): SocketTask & { drop(): void } {
  const socket = new WebSocket(url, protocols, { headers: header })
  const handlers = {
    open: [] as ((result: unknown) => void)[],
    close: [] as ((result: unknown) => void)[],
    error: [] as ((result: unknown) => void)[],
    message: [] as ((result: unknown) => void)[],
  }
  const fire = (kind: keyof typeof handlers, result: unknown): void => {
    for (const fn of handlers[kind]) report(fn, result)
  }
  let closedReported = false
  const reportClose = (code: number, reason: string): void => {
    if (closedReported) return
    closedReported = true
    fire('close', { code, reason })
    onDispose(task)
  }
  socket.on('open', () => fire('open', { header: {}, profile: {} }))
  socket.on('message', (raw: Buffer, isBinary: boolean) => {
    const data = isBinary
      ? raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)
      : raw.toString('utf8')
    fire('message', { data })
  })
  socket.on('error', (error: Error) => fire('error', { errMsg: error.message }))
  socket.on('close', (code: number, reason: Buffer) => reportClose(code, reason.toString()))
  const task = {
    get readyState() {
      return socket.readyState
    },
    send(options: Options) {
      const callbacks = options as Callbacks
      if (socket.readyState !== WebSocket.OPEN) {
        const error = failure('sendSocketMessage', 'WebSocket is not connected')
        report(callbacks.fail, error)
        report(callbacks.complete, error)
        return
      }
      const data =
        options.data instanceof ArrayBuffer ? Buffer.from(options.data) : String(options.data)
      socket.send(data, (error?: Error) => {
        const result = error
          ? failure('sendSocketMessage', error.message)
          : { errMsg: 'sendSocketMessage:ok' }
        report(error ? callbacks.fail : callbacks.success, result)
        report(callbacks.complete, result)
      })
    },
    close(options: Options = {}) {
      const callbacks = options as Callbacks
      const code = Number(options.code ?? 1000)
      try {
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate()
        else socket.close(code, String(options.reason ?? ''))
        report(callbacks.success, { errMsg: 'closeSocket:ok' })
      } catch (error) {
        report(callbacks.fail, failure('closeSocket', (error as Error).message))
      }
      report(callbacks.complete, {})
    },
    onOpen: (fn: (result: unknown) => void) => handlers.open.push(fn),
    onClose: (fn: (result: unknown) => void) => handlers.close.push(fn),
    onError: (fn: (result: unknown) => void) => handlers.error.push(fn),
    onMessage: (fn: (result: unknown) => void) => handlers.message.push(fn),
    drop() {
      // The network went away: the peer sees the connection vanish, the mini-program sees an abnormal close.
      socket.terminate()
      fire('error', { errMsg: 'network is offline (switched off by the host)' })
      reportClose(1006, 'network is offline')
    },
  }
  return task
}
