export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug'

const rank: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 }

export interface Logger {
  level: LogLevel
  error(message: string, detail?: unknown): void
  warn(message: string, detail?: unknown): void
  info(message: string, detail?: unknown): void
  debug(message: string, detail?: unknown): void
}

/** A stderr logger; stdout is kept for the CLI's contract line. */
export function createLogger(level: LogLevel = 'warn'): Logger {
  const write = (at: LogLevel, message: string, detail?: unknown): void => {
    if (rank[at] > rank[logger.level]) return
    const suffix = detail === undefined ? '' : ` ${formatDetail(detail)}`
    process.stderr.write(`[local-im] ${at} ${message}${suffix}\n`)
  }
  const logger: Logger = {
    level,
    error: (message, detail) => write('error', message, detail),
    warn: (message, detail) => write('warn', message, detail),
    info: (message, detail) => write('info', message, detail),
    debug: (message, detail) => write('debug', message, detail),
  }
  return logger
}

function formatDetail(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? detail.message
  try {
    return JSON.stringify(detail)
  } catch (_error) {
    return String(detail)
  }
}
