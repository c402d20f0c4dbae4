import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { compileFunction } from 'node:vm'
import { BASE_TIMEOUTS, waitUntil } from '@tim-c2c/test-support'
import type { LocalIm } from '../src/index'
import { createWxShim, type WxShim } from './wx-shim'

export { createWxShim, type WxShim, type WxShimOptions } from './wx-shim'
export type { TempPathStyle } from './wx-files'
export {
  startImProcess,
  killAllImProcesses,
  type ImProcess,
  type ImProcessOptions,
} from './im-process'

export type SdkBuild = 'basic' | 'friendship'

/* The SDK has no typings we can rely on here: these are the parts the tests touch. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TimModule = any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TimInstance = any

// Node's own require: test projects that also load the mini-program's typings see a `require` without `resolve`.
const nodeRequire = createRequire(__filename)

const sdkFiles: Record<SdkBuild, string> = {
  basic: nodeRequire.resolve('tim-wx-sdk/tim-wx.js'),
  friendship: nodeRequire.resolve('tim-wx-sdk/tim-wx-friendship.js'),
}
const uploadPluginFile = nodeRequire.resolve('tim-upload-plugin')
const sourceCache = new Map<string, string>()

function source(file: string): string {
  let text = sourceCache.get(file)
  if (text === undefined) {
    text = readFileSync(file, 'utf8')
    sourceCache.set(file, text)
  }
  return text
}

/** Timers one module copy started, so destroying that copy can stop them. */
export class TimerScope {
  private readonly timeouts = new Set<NodeJS.Timeout>()
  private readonly intervals = new Set<NodeJS.Timeout>()
  private stopped = false

  readonly setTimeout = (
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    if (this.stopped) return undefined
    const handle: NodeJS.Timeout = setTimeout(() => {
      this.timeouts.delete(handle)
      callback(...args)
    }, ms)
    this.timeouts.add(handle)
    return handle
  }

  readonly clearTimeout = (handle?: NodeJS.Timeout) => {
    if (!handle) return
    clearTimeout(handle)
    this.timeouts.delete(handle)
  }

  readonly setInterval = (
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    if (this.stopped) return undefined
    const handle = setInterval(callback, ms, ...args)
    this.intervals.add(handle)
    return handle
  }

  readonly clearInterval = (handle?: NodeJS.Timeout) => {
    if (!handle) return
    clearInterval(handle)
    this.intervals.delete(handle)
  }

  stop(): void {
    this.stopped = true
    for (const handle of this.timeouts) clearTimeout(handle)
    for (const handle of this.intervals) clearInterval(handle)
    this.timeouts.clear()
    this.intervals.clear()
  }
}

const quietConsole = {
  ...console,
  log: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  time: () => undefined,
  timeEnd: () => undefined,
}

export interface LoadOptions {
  build?: SdkBuild
  /** Timers of this copy (a fresh scope when omitted). */
  timers?: TimerScope
  /** Let the SDK write its logs (LOCAL_IM_SDK_LOG=1 does the same). */
  verbose?: boolean
}

/**
 * Evaluates a module's source as a fresh copy with the mini-program free variables bound, so
 * two copies never share state (TIM.create keeps one instance per SDKAppID per copy).
 */
function evaluate(file: string, wx: Record<string, unknown>, timers: TimerScope, verbose: boolean) {
  const module = { exports: {} as unknown }
  const params = [
    'module',
    'exports',
    'require',
    'wx',
    'getApp',
    '__wxConfig',
    'console',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
  ]
  const factory = compileFunction(source(file), params, { filename: file })
  const app = { globalData: {} }
  factory(
    module,
    module.exports,
    require,
    wx,
    () => app,
    { pages: ['pages/index/index'], appLaunchInfo: { scene: 1001 } },
    verbose || process.env.LOCAL_IM_SDK_LOG === '1' ? console : quietConsole,
    timers.setTimeout,
    timers.clearTimeout,
    timers.setInterval,
    timers.clearInterval,
  )
  return module.exports
}

/** A fresh copy of the real tim-wx-sdk bound to this `wx`. */
export function loadTimSdk(wx: Record<string, unknown>, options: LoadOptions = {}): TimModule {
  const timers = options.timers ?? new TimerScope()
  return evaluate(sdkFiles[options.build ?? 'basic'], wx, timers, options.verbose ?? false)
}

/** A fresh copy of the real tim-upload-plugin bound to this `wx`. */
export function loadUploadPlugin(wx: Record<string, unknown>, options: LoadOptions = {}): unknown {
  const timers = options.timers ?? new TimerScope()
  return evaluate(uploadPluginFile, wx, timers, options.verbose ?? false)
}

export interface SdkEvent {
  name: string
  data: unknown
}

export interface SdkUser {
  userID: string
  tim: TimInstance
  TIM: TimModule
  wx: WxShim
  events: SdkEvent[]
  /**
   * Resolves when the predicate holds (checked on every SDK event and every 10 ms), within `timeoutMs` before
   * scaling (default: test-support's `condition` bound).
   */
  waitFor(
    predicate: () => boolean | Promise<boolean>,
    timeoutMs?: number,
    what?: string,
  ): Promise<void>
  /** Resolves with the first event of that name that matches. */
  waitForEvent(
    name: string,
    match?: (data: unknown) => boolean,
    timeoutMs?: number,
  ): Promise<unknown>
  /**
   * Resolves when every request the SDK sent has been answered (call it before stopping the
   * server, or the SDK's own unanswered requests time out later as unhandled rejections).
   */
  waitForIdle(timeoutMs?: number): Promise<void>
  /** Stops the copy's timers and network, then destroys the SDK (no logout). */
  destroy(): Promise<void>
}

export interface CreateSdkUserOptions {
  localIm: Pick<LocalIm, 'wsUrl' | 'sdkAppID' | 'genUserSig'> &
    Partial<Pick<LocalIm, 'httpUrl' | 'admin'>>
  userID: string
  build?: SdkBuild
  userSig?: string
  /** Import the account through the REST API first (default true). */
  importAccount?: boolean
  /** Resolve right after TIM.create without logging in. */
  skipLogin?: boolean
  verbose?: boolean
}

const live = new Set<SdkUser>()

/** Destroys every SDK user created and not yet destroyed (for afterEach). */
export async function destroyAllSdkUsers(): Promise<void> {
  await Promise.all([...live].map((user) => user.destroy()))
}

export async function restCall(
  localIm: Pick<LocalIm, 'httpUrl' | 'sdkAppID' | 'admin' | 'genUserSig'>,
  api: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const query = new URLSearchParams({
    sdkappid: String(localIm.sdkAppID),
    identifier: localIm.admin,
    usersig: localIm.genUserSig(localIm.admin, 3600),
    random: String(Math.floor(Math.random() * 4294967295)),
    contenttype: 'json',
  })
  const response = await fetch(`${localIm.httpUrl}/v4/${api}?${query}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return (await response.json()) as Record<string, unknown>
}

/**
 * A logged-in SDK user: fresh `wx` shim, fresh SDK copy created with `proxyServer`, the upload
 * plugin registered, resolved at SDK_READY.
 */
export async function createSdkUser(options: CreateSdkUserOptions): Promise<SdkUser> {
  const { localIm, userID } = options
  if (options.importAccount !== false && localIm.httpUrl && localIm.admin) {
    const reply = await restCall(localIm as LocalIm, 'im_open_login_svc/account_import', {
      UserID: userID,
    })
    if (reply.ErrorCode !== 0) throw new Error(`account_import ${userID}: ${JSON.stringify(reply)}`)
  }
  const shim = createWxShim()
  const timers = new TimerScope()
  const TIM = loadTimSdk(shim.wx, { build: options.build, timers, verbose: options.verbose })
  const TIMUploadPlugin = loadUploadPlugin(shim.wx, {
    timers,
    verbose: options.verbose,
  }) as new () => unknown
  const tim = TIM.create({ SDKAppID: localIm.sdkAppID, proxyServer: localIm.wsUrl })
  tim.setLogLevel(options.verbose ? 0 : 4)
  tim.registerPlugin({ 'tim-upload-plugin': TIMUploadPlugin })

  const events: SdkEvent[] = []
  const waiters = new Set<() => void>()
  for (const name of Object.values(TIM.EVENT as Record<string, string>)) {
    tim.on(name, (event: { data?: unknown }) => {
      events.push({ name, data: event?.data })
      for (const wake of [...waiters]) wake()
    })
  }

  // Destroying the user ends its pending waits with a clear error instead of a timeout later.
  const destroying = new AbortController()
  const waitFor: SdkUser['waitFor'] = async (
    predicate,
    timeoutMs = BASE_TIMEOUTS.condition,
    what = 'condition',
  ) => {
    await waitUntil(what, predicate, {
      timeoutMs,
      prefix: userID,
      failOnError: true,
      signal: destroying.signal,
      wakeOn: (wake) => {
        waiters.add(wake)
        return () => waiters.delete(wake)
      },
    })
  }

  const waitForEvent: SdkUser['waitForEvent'] = async (name, match = () => true, timeoutMs) => {
    let found: SdkEvent | undefined
    await waitFor(
      () => {
        found = events.find((event) => event.name === name && match(event.data))
        return found !== undefined
      },
      timeoutMs,
      `event ${name}`,
    )
    return found?.data
  }

  const waitForIdle: SdkUser['waitForIdle'] = (timeoutMs) =>
    waitFor(() => shim.pendingRequestCount() === 0, timeoutMs, 'no pending SDK request')

  let destroyed = false
  const user: SdkUser = {
    userID,
    tim,
    TIM,
    wx: shim,
    events,
    waitFor,
    waitForEvent,
    waitForIdle,
    destroy: async () => {
      if (destroyed) return
      destroyed = true
      live.delete(user)
      destroying.abort(new Error(`${userID}: SDK user destroyed`))
      // Stop the copy's timers and network first: no request can time out or reconnect later.
      timers.stop()
      shim.shutdown()
      // With the network gone, destroy() may wait forever for its logout: it is not awaited, and a
      // rejection of the SDK's pending requests is not the test's concern.
      void Promise.resolve()
        .then(() => tim.destroy())
        .catch(() => undefined)
    },
  }
  live.add(user)

  if (options.skipLogin) return user
  const ready = waitForEvent(TIM.EVENT.SDK_READY, undefined, BASE_TIMEOUTS.slowCondition)
  try {
    await tim.login({ userID, userSig: options.userSig ?? localIm.genUserSig(userID, 86400) })
    await ready
  } catch (error) {
    ready.catch(() => undefined)
    await user.destroy()
    throw error
  }
  return user
}
