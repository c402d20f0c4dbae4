/** A Node `wx` for tim-wx-sdk and tim-upload-plugin: real sockets, real HTTP, WeChat-style temp files, storage in memory. */
import WebSocket from 'ws'
import { createWxFiles, settle, type CallbackOptions, type TempPathStyle } from './wx-files'

type Callback = (result: unknown) => void

export interface WxShim {
  /** The object handed to the SDK as `wx`. */
  wx: Record<string, unknown>
  /** Offline closes this shim's sockets and refuses new ones; online lets them connect again. */
  setOnline(online: boolean): void
  isOnline(): boolean
  toBackground(): void
  toForeground(): void
  /** Closes every socket this shim opened. */
  closeSockets(): void
  /** Closes the sockets and refuses every later connection and request (SDK destroyed). */
  shutdown(): void
  storage: Map<string, unknown>
  /** Sockets currently open through connectSocket. */
  openSocketCount(): number
  /** Requests sent over this shim's sockets that got no reply yet (matched by servcmd + seq). */
  pendingRequestCount(): number
  /**
   * Calls `listener` with every frame that arrives on this shim's sockets, as text, before the
   * SDK sees it (a test can act at the exact moment a reply or push arrives).
   */
  onIncomingFrame(listener: (text: string) => void): void
  /**
   * A temp file with these bytes, named as WeChat names the files chooseMedia, chooseMessageFile
   * and the recorder hand over (`http://tmp/…`, or `wxfile://tmp_…` with style `device`).
   */
  createTempFile(data: Buffer, extension: string, style?: TempPathStyle): string
  /** The bytes behind a temp or USER_DATA_PATH path this `wx` handed out. */
  readFile(path: string): Buffer
}

/**
 * Hands `event` to the SDK in a macrotask of its own, after every socket event queued before it
 * (setImmediate callbacks run in the order they were queued, and Node runs the microtasks, such
 * as the promise callbacks one message started, before the next one). WeChat, like a browser's
 * WebSocket, dispatches each received message, and the close or error that follows, as an event
 * of its own; `ws` emits every frame of one TCP read in the same turn.
 */
function asOwnEvent(event: () => void): void {
  setImmediate(event)
}

function frameText(data: unknown): string {
  return typeof data === 'string'
    ? data
    : Buffer.from(
        data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array),
      ).toString()
}

/** `servcmd#seq` of an SDK frame, or undefined for anything else. */
function frameKey(data: unknown): string | undefined {
  try {
    const text = frameText(data)
    const frame = JSON.parse(text) as { head?: { servcmd?: unknown; seq?: unknown } }
    const servcmd = frame.head?.servcmd
    return typeof servcmd === 'string' ? `${servcmd}#${String(frame.head?.seq)}` : undefined
  } catch (_error) {
    return undefined
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Only this machine is reachable: anything else fails the way WeChat fails a host missing from
 * the mini-program's domain list (the SDK reports to Tencent's stat host over HTTP when offline).
 */
function isReachable(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname)
  } catch (_notAUrl) {
    return false
  }
}

export interface WxShimOptions {
  appId?: string
  systemInfo?: Record<string, unknown>
  /** How temp paths look (default `devtools`: `http://tmp/…`). */
  tempPathStyle?: TempPathStyle
}

/** A Node `wx` for tim-wx-sdk and tim-upload-plugin: real sockets, real HTTP, storage in memory. */
export function createWxShim(options: WxShimOptions = {}): WxShim {
  const storage = new Map<string, unknown>()
  const sockets = new Set<WebSocket>()
  const networkListeners = new Set<Callback>()
  const showListeners = new Set<Callback>()
  const hideListeners = new Set<Callback>()
  let online = true
  let shutDown = false
  const pending = new Set<string>()
  const frameListeners: ((text: string) => void)[] = []
  const files = createWxFiles({
    isOnline: () => online && !shutDown,
    isReachable,
    style: options.tempPathStyle,
  })

  const systemInfo = {
    brand: 'devtools',
    model: 'node',
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: 375,
    windowHeight: 812,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'Linux',
    platform: 'devtools',
    fontSizeSetting: 16,
    SDKVersion: '3.3.4',
    ...options.systemInfo,
  }

  function connectSocket(
    request: { url: string; header?: Record<string, string> } & CallbackOptions,
  ) {
    const open: Callback[] = []
    const message: Callback[] = []
    const close: Callback[] = []
    const error: Callback[] = []
    const emit = (list: Callback[], value: unknown) => list.forEach((listener) => listener(value))
    let socket: WebSocket | undefined
    const refusal =
      !online || shutDown
        ? 'network is offline'
        : isReachable(request.url)
          ? ''
          : 'url not in domain list'
    if (refusal) {
      setImmediate(() => {
        request.fail?.({ errMsg: `connectSocket:fail ${refusal}` })
        emit(error, { errMsg: refusal })
        emit(close, { code: 1006, reason: refusal })
      })
    } else {
      socket = new WebSocket(request.url, { headers: request.header })
      socket.binaryType = 'arraybuffer'
      sockets.add(socket)
      // Every event goes through asOwnEvent, so they reach the SDK one turn each and in the
      // order `ws` saw them: a close never overtakes messages read before it.
      socket.on('open', () => asOwnEvent(() => emit(open, { header: {} })))
      socket.on('message', (data: ArrayBuffer | string, isBinary: boolean) => {
        asOwnEvent(() => {
          if (frameListeners.length > 0) {
            const text = frameText(data)
            for (const listener of frameListeners) listener(text)
          }
          const key = frameKey(data)
          if (key) pending.delete(key)
          emit(message, { data: isBinary ? data : data.toString() })
        })
      })
      socket.on('error', (cause) => asOwnEvent(() => emit(error, { errMsg: cause.message })))
      socket.on('close', (code, reason) => {
        asOwnEvent(() => {
          sockets.delete(socket as WebSocket)
          // Requests on a closed socket will never be answered: the SDK times them out itself.
          if (sockets.size === 0) pending.clear()
          emit(close, { code, reason: reason.toString() })
        })
      })
      setImmediate(() => {
        request.success?.({ errMsg: 'connectSocket:ok' })
        request.complete?.({ errMsg: 'connectSocket:ok' })
      })
    }
    return {
      onOpen: (listener: Callback) => open.push(listener),
      onMessage: (listener: Callback) => message.push(listener),
      onClose: (listener: Callback) => close.push(listener),
      onError: (listener: Callback) => error.push(listener),
      send: (sendOptions: { data: string | ArrayBuffer } & CallbackOptions) => {
        settle(sendOptions, async () => {
          if (!socket || socket.readyState !== WebSocket.OPEN) throw new Error('socket not open')
          const data = sendOptions.data
          const key = frameKey(data)
          if (key) pending.add(key)
          await new Promise<void>((resolve, reject) =>
            socket?.send(typeof data === 'string' ? data : Buffer.from(data), (cause) =>
              cause ? reject(cause) : resolve(),
            ),
          )
          return { errMsg: 'sendSocketMessage:ok' }
        })
      },
      close: (closeOptions: { code?: number; reason?: string } & CallbackOptions = {}) => {
        settle(closeOptions, async () => {
          if (socket && socket.readyState <= WebSocket.OPEN) {
            socket.close(closeOptions.code ?? 1000, closeOptions.reason)
          }
          return { errMsg: 'closeSocket:ok' }
        })
      },
    }
  }

  async function httpRequest(request: {
    url: string
    method?: string
    data?: unknown
    header?: Record<string, string>
    dataType?: string
  }) {
    if (!online) throw new Error('network is offline')
    if (!isReachable(request.url)) throw new Error('url not in domain list')
    const method = (request.method ?? 'GET').toUpperCase()
    const headers: Record<string, string> = { ...(request.header ?? {}) }
    let body: string | undefined
    if (request.data !== undefined && method !== 'GET') {
      body = typeof request.data === 'string' ? request.data : JSON.stringify(request.data)
      headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(request.url, { method, headers, body })
    const text = await response.text()
    let data: unknown = text
    if (request.dataType !== 'text') {
      try {
        data = JSON.parse(text)
      } catch (_error) {
        data = text
      }
    }
    return {
      data,
      statusCode: response.status,
      header: Object.fromEntries(response.headers.entries()),
      errMsg: 'request:ok',
    }
  }

  const wx: Record<string, unknown> = {
    getSystemInfoSync: () => ({ ...systemInfo }),
    getSystemInfo: (o: CallbackOptions) => settle(o, async () => ({ ...systemInfo })),
    getAccountInfoSync: () => ({
      miniProgram: {
        appId: options.appId ?? 'wx0000000000000000',
        envVersion: 'develop',
        version: '',
      },
    }),
    nextTick: (callback: () => void) => setImmediate(callback),
    connectSocket,
    request: (o: Parameters<typeof httpRequest>[0] & CallbackOptions) => {
      settle(o, () => httpRequest(o))
      return { abort: () => undefined }
    },
    ...files.api,
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => {
      storage.set(key, value)
    },
    removeStorageSync: (key: string) => {
      storage.delete(key)
    },
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 }),
    getStorage: (o: { key: string } & CallbackOptions) =>
      settle(o, async () => {
        if (!storage.has(o.key)) throw new Error('data not found')
        return { data: storage.get(o.key) }
      }),
    setStorage: (o: { key: string; data: unknown } & CallbackOptions) =>
      settle(o, async () => {
        storage.set(o.key, o.data)
        return {}
      }),
    removeStorage: (o: { key: string } & CallbackOptions) =>
      settle(o, async () => {
        storage.delete(o.key)
        return {}
      }),
    getNetworkType: (o: CallbackOptions) =>
      settle(o, async () => ({
        networkType: online ? 'wifi' : 'none',
        errMsg: 'getNetworkType:ok',
      })),
    onNetworkStatusChange: (listener: Callback) => networkListeners.add(listener),
    offNetworkStatusChange: (listener?: Callback) =>
      listener ? networkListeners.delete(listener) : networkListeners.clear(),
    onAppShow: (listener: Callback) => showListeners.add(listener),
    offAppShow: (listener?: Callback) =>
      listener ? showListeners.delete(listener) : showListeners.clear(),
    onAppHide: (listener: Callback) => hideListeners.add(listener),
    offAppHide: (listener?: Callback) =>
      listener ? hideListeners.delete(listener) : hideListeners.clear(),
  }

  const closeSockets = () => {
    for (const socket of sockets) socket.terminate()
  }

  return {
    wx,
    storage,
    setOnline(next: boolean) {
      if (online === next) return
      online = next
      if (!next) closeSockets()
      const status = { isConnected: next, networkType: next ? 'wifi' : 'none' }
      for (const listener of [...networkListeners]) listener(status)
    },
    isOnline: () => online,
    toBackground: () => [...hideListeners].forEach((listener) => listener({})),
    toForeground: () => [...showListeners].forEach((listener) => listener({ scene: 1001 })),
    closeSockets,
    shutdown: () => {
      shutDown = true
      online = false
      closeSockets()
    },
    openSocketCount: () => sockets.size,
    pendingRequestCount: () => pending.size,
    onIncomingFrame: (listener) => frameListeners.push(listener),
    createTempFile: (data, extension, style) => files.createTempFile(data, extension, style),
    readFile: (path) => files.readFile(path),
  }
}
