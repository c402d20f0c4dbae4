import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { imageSize } from 'image-size'
import WebSocket from 'ws'

type Callback = (result: unknown) => void

interface CallbackOptions {
  success?: Callback
  fail?: Callback
  complete?: Callback
}

/** Settles a wx-style call: success/fail then complete, asynchronously like the real API. */
function settle(options: CallbackOptions | undefined, run: () => Promise<unknown>): void {
  run().then(
    (result) => {
      options?.success?.(result)
      options?.complete?.(result)
    },
    (error: unknown) => {
      const result = { errMsg: `fail ${error instanceof Error ? error.message : String(error)}` }
      options?.fail?.(result)
      options?.complete?.(result)
    },
  )
}

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
  let tempDir: string | undefined
  const tempFile = (name: string): string => {
    tempDir ??= mkdtempSync(join(tmpdir(), 'wx-shim-'))
    return join(tempDir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`)
  }

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
      socket.on('open', () => emit(open, { header: {} }))
      socket.on('message', (data: ArrayBuffer | string, isBinary: boolean) => {
        if (frameListeners.length > 0) {
          const text = frameText(data)
          for (const listener of frameListeners) listener(text)
        }
        const key = frameKey(data)
        if (key) pending.delete(key)
        emit(message, { data: isBinary ? data : data.toString() })
      })
      socket.on('error', (cause) => emit(error, { errMsg: cause.message }))
      socket.on('close', (code, reason) => {
        sockets.delete(socket as WebSocket)
        // Requests on a closed socket will never be answered: the SDK times them out itself.
        if (sockets.size === 0) pending.clear()
        emit(close, { code, reason: reason.toString() })
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
    uploadFile: (
      o: {
        url: string
        filePath: string
        name: string
        formData?: Record<string, unknown>
        header?: Record<string, string>
      } & CallbackOptions,
    ) => {
      const progress: Callback[] = []
      settle(o, async () => {
        if (!online) throw new Error('network is offline')
        if (!isReachable(o.url)) throw new Error('url not in domain list')
        const bytes = readFileSync(o.filePath)
        const form = new FormData()
        for (const [field, value] of Object.entries(o.formData ?? {}))
          form.append(field, String(value))
        form.append(o.name, new Blob([bytes]), basename(o.filePath))
        const response = await fetch(o.url, { method: 'POST', body: form, headers: o.header })
        const data = await response.text()
        progress.forEach((listener) =>
          listener({
            progress: 100,
            totalBytesSent: bytes.length,
            totalBytesExpectedToSend: bytes.length,
          }),
        )
        return {
          data,
          statusCode: response.status,
          header: Object.fromEntries(response.headers.entries()),
          errMsg: 'uploadFile:ok',
        }
      })
      return {
        onProgressUpdate: (listener: Callback) => progress.push(listener),
        offProgressUpdate: () => undefined,
        abort: () => undefined,
      }
    },
    downloadFile: (o: { url: string; filePath?: string } & CallbackOptions) => {
      settle(o, async () => {
        if (!online) throw new Error('network is offline')
        if (!isReachable(o.url)) throw new Error('url not in domain list')
        const response = await fetch(o.url)
        const bytes = Buffer.from(await response.arrayBuffer())
        const path = o.filePath ?? tempFile(basename(new URL(o.url).pathname) || 'download')
        writeFileSync(path, bytes)
        return {
          tempFilePath: path,
          filePath: path,
          statusCode: response.status,
          errMsg: 'downloadFile:ok',
        }
      })
      return { onProgressUpdate: () => undefined, abort: () => undefined }
    },
    getImageInfo: (o: { src: string } & CallbackOptions) => {
      settle(o, async () => {
        const size = imageSize(readFileSync(o.src))
        return {
          width: size.width ?? 0,
          height: size.height ?? 0,
          path: o.src,
          type: size.type ?? 'unknown',
          orientation: 'up',
          errMsg: 'getImageInfo:ok',
        }
      })
    },
    getFileSystemManager: () => ({
      readFileSync: (path: string, encoding?: BufferEncoding) =>
        encoding ? readFileSync(path, encoding) : readFileSync(path).buffer,
    }),
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
  }
}
