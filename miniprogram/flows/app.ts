/** The app's own lifecycle: at launch the session flows are wired to the IM door and the saved session resumed. */
import { im } from '../im/index'
import { createLogger } from '../services/log'
import { auth } from './auth'

const log = createLogger('app')
let started = false

export function startApp(): void {
  if (started) return
  started = true
  log.info('launch')
  auth.watchSession()
  const resumed = auth.restore()
  log.info(resumed ? 'resuming the saved session' : 'no saved session')
}

/** App.onShow: the socket may have died in the background, or the app gave up while it was away. */
export function appShown(): void {
  im.appShown().catch((error: unknown) => log.warn('refresh on App.onShow failed', error))
}

/**
 * App.onUnhandledRejection: tim-wx-sdk rejects some of its own requests with nothing attached (those a dropped
 * connection cut off); they are worth a log line, not a crash report.
 */
export function unhandledRejection(reason: unknown): void {
  log.warn('unhandled rejection', reason)
}
