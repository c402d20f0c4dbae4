/**
 * The app's one leveled logger. In production it writes to WeChat's real-time log (we.qq.com → 开发管理 →
 * 运维中心 → 实时日志), elsewhere to the console; the level comes from config. The sink is chosen on first use, so
 * importing this module never touches wx.
 */
import { getConfig, type LogLevel } from '../config/index'

export interface Logger {
  debug(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

type WrittenLevel = Exclude<LogLevel, 'silent'>

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 }

export interface LogSink {
  write(level: WrittenLevel, args: unknown[]): void
}

/** The real-time log manager has no `debug`: debug lines go out as `info` when the level lets them through. */
function realtimeSink(manager: WechatMiniprogram.RealtimeLogManager): LogSink {
  return {
    write(level, args) {
      if (level === 'error') manager.error(...args)
      else if (level === 'warn') manager.warn(...args)
      else manager.info(...args)
    },
  }
}

const consoleSink: LogSink = {
  write(level, args) {
    console[level](...args)
  },
}

function defaultSink(): LogSink {
  const { mode } = getConfig()
  if (mode === 'production' && typeof wx !== 'undefined') {
    const manager = typeof wx.getRealtimeLogManager === 'function' && wx.getRealtimeLogManager()
    if (manager) return realtimeSink(manager)
  }
  return consoleSink
}

/** A logger writing at `level()` and above to `sink()`; both are asked on every call, so config changes apply. */
export function createLogger(
  tag: string,
  level: () => LogLevel = () => getConfig().logLevel,
  sink: () => LogSink = defaultSink,
): Logger {
  const at =
    (written: WrittenLevel) =>
    (...args: unknown[]): void => {
      if (RANK[written] < RANK[level()]) return
      sink().write(written, [`[${tag}]`, ...args])
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
