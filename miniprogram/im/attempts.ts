/**
 * Login attempts: one bounded login on the live (or a fresh) SDK instance, and the background loop that keeps
 * trying with the held session — waiting for the network when there is none, pausing between failures — until
 * ready, refused, given up or logged out.
 */
import type { Credentials } from '../models/types'
import type { LifecycleConfig } from '../config/index'
import { AppErrorCode, ImError, isAuthErrorCode, toImError } from './errors'
import type { InstanceHolder } from './instance'
import type { ReadyGate } from './ready-gate'
import type { ReconnectPolicy } from './reconnect'
import { phaseOf, type SessionState, type StatusDisplay } from './session'
import type { Logger, NetworkWatch, Timers } from './types'

const MAX_RETRY_DELAY_MS = 30_000

export interface AttemptsContext {
  state: SessionState
  instances: InstanceHolder
  gate: ReadyGate
  network: NetworkWatch
  policy: ReconnectPolicy
  status: StatusDisplay
  lifecycle(): LifecycleConfig
  log: Logger
  timers: Timers
  /** tim.login answered repeatLogin on an instance already ready: SDK_READY will not come again. */
  alreadyReady(): void
  refused(failure: ImError): void
  /** Drops the live instance (a login that gave up must not become ready later). */
  disposeInstance(): Promise<void>
}

export function createAttempts(context: AttemptsContext) {
  const { state, gate, status, timers } = context
  let background: Promise<void> | null = null
  let sleeper: { timer: unknown; wake: () => void } | null = null

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        if (sleeper?.wake !== wake) return
        timers.clearTimeout(sleeper.timer)
        sleeper = null
        resolve()
      }
      sleeper = { timer: timers.setTimeout(wake, ms), wake }
    })
  }

  /** One login, bounded by loginTimeoutMs (tim.login itself waits 90 s); a failed one disposes its instance. */
  async function connectOnce(account: Credentials, sessionID: number): Promise<void> {
    const live = await context.instances.acquire(account.sdkAppID)
    if (sessionID !== state.id) throw new ImError(AppErrorCode.LOGGED_OUT)
    const ready = gate.wait(context.lifecycle().loginTimeoutMs)
    const login = live.tim.login({ userID: account.userID, userSig: account.userSig })
    try {
      await Promise.race([
        login.then((response) => {
          if (response.data?.repeatLogin && live.tim.isReady()) context.alreadyReady()
        }),
        ready,
      ])
      await ready
    } catch (error) {
      ready.catch((_reportedBelow: unknown) => undefined)
      // The SDK's own login keeps running up to 90 s; its late answer has nowhere to go.
      login.catch((_lateFailure: unknown) => undefined)
      if (context.instances.current() === live) void context.disposeInstance()
      throw toImError(error)
    }
  }

  function retryDelay(): number {
    const base = context.lifecycle().retryDelayMs
    const failures = Math.max(0, context.policy.failedAttempts - 1)
    return Math.min(MAX_RETRY_DELAY_MS, base * 2 ** failures)
  }

  async function loop(sessionID: number): Promise<void> {
    while (state.credentials && sessionID === state.id && phaseOf(state) !== 'ready') {
      // The network is asked first: its answer comes back after App.onLaunch has returned and the first page
      // has been made from the cached list, so loading the SDK (its module is large) never holds that page up.
      state.deviceOnline = await context.network.isOnline()
      if (sessionID !== state.id || phaseOf(state) === 'failed') return
      if (!state.deviceOnline) {
        state.phase = 'offline'
        status.show('offline')
        return
      }
      state.phase = 'connecting'
      status.show('connecting')
      try {
        await connectOnce(state.credentials, sessionID)
        return
      } catch (error) {
        const failure = toImError(error)
        if (sessionID !== state.id || phaseOf(state) === 'failed') return
        if (isAuthErrorCode(failure.code)) {
          context.refused(failure)
          return
        }
        context.log.warn('login attempt failed', failure.code, failure.detail)
        context.policy.attemptFailed()
        if (phaseOf(state) !== 'connecting') return
        status.show('disconnected')
        await sleep(retryDelay())
      }
    }
  }

  function runInBackground(): void {
    if (background || !state.credentials) return
    background = loop(state.id)
      .catch((error: unknown) => context.log.error('background login stopped', error))
      .finally(() => {
        background = null
      })
  }

  return {
    connectOnce,
    runInBackground,
    /** Try now: skip the pause between attempts, or start the loop (after one that is just ending). */
    retryNow(): void {
      if (sleeper) sleeper.wake()
      else if (background) void background.then(runInBackground)
      else runInBackground()
    },
    /** Ends a pause at once (logout, give up); the loop then sees why and stops. */
    interrupt(): void {
      sleeper?.wake()
    },
  }
}

export type Attempts = ReturnType<typeof createAttempts>
