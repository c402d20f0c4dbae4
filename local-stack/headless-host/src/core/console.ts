// The mini-program's console (its output goes to stderr: stdout carries the host's contract line) and the
// reporting of its errors: stderr, the automator's exception event, wx.onError / App.onError listeners and,
// for rejections, wx.onUnhandledRejection / App.onUnhandledRejection with the reason itself.
import { describeError } from './errors'

export type LogType = 'log' | 'info' | 'warn' | 'error' | 'debug'

export interface LogEntry {
  type: LogType
  args: unknown[]
}

export interface ExceptionEntry {
  message: string
  stack: string
}

export interface AppConsole {
  log(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
  debug(...args: unknown[]): void
  group(...args: unknown[]): void
  groupEnd(): void
  time(): void
  timeEnd(): void
  table(...args: unknown[]): void
  trace(...args: unknown[]): void
  assert(condition: unknown, ...args: unknown[]): void
}

/** A value as JSON can carry it back to the test (errors as their message, undefined as null). */
export function serializable(value: unknown): unknown {
  if (value instanceof Error) return value.message
  if (value === undefined) return null
  try {
    return JSON.parse(JSON.stringify(value)) as unknown
  } catch (_notJson) {
    return String(value)
  }
}

function formatLog(arg: unknown): string {
  if (typeof arg === 'string') return arg
  if (arg instanceof Error) return arg.stack ?? arg.message
  try {
    return JSON.stringify(arg)
  } catch (_notJson) {
    return String(arg)
  }
}

export function createAppConsole(onLog: (entry: LogEntry) => void): AppConsole {
  const forward =
    (type: LogType) =>
    (...args: unknown[]): void => {
      process.stderr.write(`[${type}] ${args.map(formatLog).join(' ')}\n`)
      onLog({ type, args: args.map(serializable) })
    }
  return {
    log: forward('log'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    debug: forward('debug'),
    group: forward('log'),
    groupEnd: () => undefined,
    time: () => undefined,
    timeEnd: () => undefined,
    table: forward('log'),
    trace: forward('debug'),
    assert: (condition, ...args) => {
      if (!condition) forward('error')('Assertion failed', ...args)
    },
  }
}

/** What App() was given, as far as error reporting cares. */
export interface AppHooks {
  onError?: unknown
  onUnhandledRejection?: unknown
}

export interface Rejection {
  reason: unknown
  promise: unknown
}

export class ErrorReporter {
  readonly errorListeners = new Set<(message: string) => void>()
  readonly rejectionListeners = new Set<(result: Rejection) => void>()

  constructor(
    private readonly onException: (entry: ExceptionEntry) => void,
    private readonly app: () => AppHooks | undefined,
  ) {}

  report(error: unknown, context?: string): void {
    const { message, stack } = describeError(error)
    process.stderr.write(`[mini-program error] ${context ?? ''} ${stack}\n`)
    this.onException({ message, stack })
    for (const listener of this.errorListeners) this.quietly(listener, message)
    this.quietly(this.app()?.onError, message, this.app())
  }

  /** An unhandled rejection: reported like an error, and handed with its reason (code and all) to the app. */
  reportRejection(reason: unknown, promise: unknown): void {
    this.report(reason, 'unhandled rejection')
    const result: Rejection = { reason, promise }
    for (const listener of this.rejectionListeners) this.callSafely(listener, result)
    this.quietly(this.app()?.onUnhandledRejection, result, this.app())
  }

  /** Calls a callback of the mini-program; what it throws is reported, not raised. */
  callSafely(fn: unknown, ...args: unknown[]): void {
    if (typeof fn !== 'function') return
    try {
      fn(...args)
    } catch (error) {
      this.report(error, 'callback')
    }
  }

  /** Calls a lifecycle hook of a page, component or the app, reporting what it throws. */
  callHook(target: unknown, name: string, ...args: unknown[]): unknown {
    const fn = (target as Record<string, unknown> | undefined)?.[name]
    if (typeof fn !== 'function') return undefined
    try {
      return fn.apply(target, args) as unknown
    } catch (error) {
      this.report(error, name)
      return undefined
    }
  }

  // A failing error handler must not hide the error it was told about.
  private quietly(fn: unknown, argument: unknown, self?: unknown): void {
    if (typeof fn !== 'function') return
    try {
      fn.call(self, argument)
    } catch (_handlerFailed) {
      process.stderr.write('[mini-program error] an error handler threw while reporting an error\n')
    }
  }
}
