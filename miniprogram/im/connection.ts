/**
 * Connection and lifecycle: the one session the IM door holds — login, resume, renewed credentials, the final
 * state of the reconnect limits and 重试, logout and App.onShow. Network failures never end a session; only a
 * kick or the IM refusing the credentials twice does. Reactions to SDK and network events are reactions.ts's,
 * login attempts attempts.ts's, the SDK instance instance.ts's.
 */
import type { ChatSDK } from 'tim-wx-sdk'
import type { LifecycleConfig } from '../config/index'
import type { Credentials } from '../models/types'
import { createAttempts } from './attempts'
import { sameAccount, validateCredentials } from './credentials'
import { AppErrorCode, ErrorCode, ImError, isNetworkErrorCode, toImError } from './errors'
import type { Emitter } from './events'
import type { InstanceHolder, LiveInstance } from './instance'
import type { ReadyGate } from './ready-gate'
import { createReactions } from './reactions'
import { createReconnectPolicy } from './reconnect'
import { createStatusDisplay, type SessionState } from './session'
import { createSdkCall } from './sdk-call'
import { createSigRenewal } from './sig-renewal'
import type {
  ImDiagnostics,
  ImEventMap,
  ImStores,
  Logger,
  NetworkWatch,
  SessionEndReason,
  Timers,
  Unsubscribe,
} from './types'

export interface ConnectionContext {
  instances: InstanceHolder
  gate: ReadyGate
  events: Emitter<ImEventMap>
  stores: Pick<ImStores, 'session' | 'network' | 'resetAll' | 'batch'>
  network: NetworkWatch
  lifecycle(): LifecycleConfig
  log: Logger
  now(): number
  timers: Timers
  /** A saved session is being resumed: show what can be shown before the network answers. */
  beforeResume(credentials: Credentials): void
  afterReady(live: LiveInstance): void
  /** App.onShow while ready: refresh what may have changed in the background. */
  resync(): Promise<void>
  /** The session is over: drop every SDK object kept for it. */
  forget(): void
}

export function createConnection(context: ConnectionContext) {
  const { gate, events, stores, timers, log } = context
  const state: SessionState = {
    credentials: null,
    receivedAt: 0,
    phase: 'idle',
    id: 0,
    deviceOnline: true,
    rejectedOnce: false,
  }
  const status = createStatusDisplay(stores, events)
  let interactive: { userID: string; promise: Promise<void> } | null = null
  let refusedTimer: unknown = null
  let unwatchNetwork: Unsubscribe | null = null

  const policy = createReconnectPolicy({
    limits: context.lifecycle,
    now: context.now,
    timers,
    giveUp,
  })
  const sig = createSigRenewal({
    credentials: () => state.credentials,
    receivedAt: () => state.receivedAt,
    marginMs: () => context.lifecycle().sigRenewMarginMs,
    now: context.now,
    timers,
    willExpire: (userID, expireAt) => events.emit('sigWillExpire', { userID, expireAt }),
  })
  // What attempts.ts and reactions.ts share with this module.
  const shared = { ...context, state, status, policy, refused: credentialsRefused }
  const attempts = createAttempts({
    ...shared,
    alreadyReady: () => reactions.onSdkReady(),
    disposeInstance,
  })
  const reactions = createReactions({
    ...shared,
    scheduleSigRenewal: () => sig.schedule(),
    endSession,
    retry,
    reconnect: () => attempts.runInBackground(),
  })

  /** Drops the instance; the SDK's reset removed our network listener, so it goes back once it is gone. */
  function disposeInstance(): Promise<void> {
    return context.instances.dispose().then(() => context.network.resubscribe())
  }

  function clearRefusedTimer(): void {
    if (refusedTimer !== null) timers.clearTimeout(refusedTimer)
    refusedTimer = null
  }

  function giveUp(): void {
    if (!state.credentials || state.phase === 'failed') return
    log.warn('reconnect limits reached: giving up until 重试')
    state.phase = 'failed'
    gate.close()
    gate.fail(new ImError(AppErrorCode.CONNECTION_FAILED))
    stores.session.markNotReady()
    status.show('failed')
    attempts.interrupt()
    void disposeInstance()
  }

  function credentialsRefused(failure: ImError): void {
    if (!state.credentials) return
    if (state.rejectedOnce) {
      void endSession('authFailed', failure.message)
      return
    }
    state.rejectedOnce = true
    state.phase = 'needsCredentials'
    status.show('connecting')
    events.emit('credentialsRejected', { userID: state.credentials.userID, code: failure.code })
    // Nobody brought a new UserSig (the app server is unreachable): the final state; 重试 asks again.
    clearRefusedTimer()
    refusedTimer = timers.setTimeout(() => {
      refusedTimer = null
      if (state.phase === 'needsCredentials') status.show('failed')
    }, context.lifecycle().readyWaitMs)
  }

  function beginSession(account: Credentials, sessionStatus: 'loggingIn' | 'resuming'): number {
    state.id += 1
    state.credentials = account
    state.receivedAt = context.now()
    state.rejectedOnce = false
    stores.session.startLogin(account, sessionStatus)
    unwatchNetwork?.()
    unwatchNetwork = context.network.watch(reactions.onDeviceNetwork)
    return state.id
  }

  async function endSession(reason: SessionEndReason | null, message: string): Promise<void> {
    const hadSession = state.credentials !== null
    state.id += 1
    state.credentials = null
    state.phase = 'idle'
    interactive = null
    sig.cancel()
    clearRefusedTimer()
    attempts.interrupt()
    policy.pause()
    unwatchNetwork?.()
    unwatchNetwork = null
    gate.close()
    gate.fail(new ImError(AppErrorCode.LOGGED_OUT))
    context.forget()
    stores.resetAll(message)
    status.forget()
    const disposal = context.instances.dispose()
    if (reason && hadSession) {
      if (reason !== 'authFailed') events.emit('kicked', { reason, message })
      events.emit('sessionEnded', { reason, message })
    }
    await disposal
  }

  function retry(): void {
    const { credentials, phase } = state
    if (!credentials || phase === 'ready' || phase === 'reconnecting') return
    if (phase === 'needsCredentials') {
      status.show('connecting')
      events.emit('credentialsRejected', { userID: credentials.userID, code: 0 })
      return
    }
    policy.pause()
    state.phase = 'connecting'
    status.show('connecting')
    attempts.retryNow()
  }

  async function runInteractiveLogin(account: Credentials): Promise<void> {
    if (state.credentials) await endSession(null, '')
    const sessionID = beginSession(account, 'loggingIn')
    state.phase = 'connecting'
    status.show('connecting')
    try {
      state.deviceOnline = await context.network.isOnline()
      if (!state.deviceOnline) throw new ImError(ErrorCode.NO_NETWORK)
      await attempts.connectOnce(account, sessionID)
    } catch (error) {
      let failure = toImError(error)
      // The 合法域名 hint (2801) only when the phone has a network: a timeout then usually means the domain list.
      if (isNetworkErrorCode(failure.code)) {
        const online = await context.network.isOnline()
        failure = new ImError(
          online ? ErrorCode.NETWORK_TIMEOUT : ErrorCode.NO_NETWORK,
          failure.detail || String(failure.code),
        )
      }
      if (sessionID === state.id) await endSession(null, failure.message)
      throw failure
    } finally {
      if (sessionID === state.id) interactive = null
    }
  }

  function updateCredentials(given: Credentials): void {
    const account = validateCredentials(given)
    if (!sameAccount(state.credentials, account)) {
      log.warn('credentials for another account ignored', account.userID)
      return
    }
    state.credentials = account
    state.receivedAt = context.now()
    stores.session.updateCredentials(account)
    if (state.phase === 'ready') sig.schedule()
    if (state.phase === 'needsCredentials') {
      clearRefusedTimer()
      state.phase = 'connecting'
      attempts.runInBackground()
    }
  }

  /** A saved session: shown at once, connected in the background as the network allows. */
  function resume(given: Credentials): void {
    const account = validateCredentials(given)
    if (sameAccount(state.credentials, account)) {
      updateCredentials(account)
      retry()
      return
    }
    if (state.credentials) {
      void endSession(null, '').then(() => resume(account))
      return
    }
    beginSession(account, 'resuming')
    context.beforeResume(account)
    state.phase = 'connecting'
    status.show('connecting')
    attempts.runInBackground()
  }

  async function appShown(): Promise<void> {
    if (!state.credentials) return
    reactions.onDeviceNetwork(await context.network.isOnline())
    if (state.phase === 'failed' || (state.phase === 'offline' && state.deviceOnline)) retry()
    else if (state.phase === 'ready') await context.resync()
  }

  /** A login the user asked for: one bounded attempt; a failure ends the session it started. */
  function login(given: Credentials): Promise<void> {
    let account: Credentials
    try {
      account = validateCredentials(given)
    } catch (error) {
      return Promise.reject(error)
    }
    if (sameAccount(state.credentials, account)) {
      if (state.phase === 'ready') {
        updateCredentials(account)
        return Promise.resolve()
      }
      if (interactive?.userID === account.userID) return interactive.promise
    }
    const promise = runInteractiveLogin(account)
    interactive = { userID: account.userID, promise }
    return promise
  }

  return {
    /** The part of the IM door's public API this module provides. */
    api: {
      login,
      resume,
      updateCredentials,
      logout: (reason = '') => endSession(null, reason),
      retry,
      appShown,
    },

    call: createSdkCall({ ...context, state }),
    isCurrent: (tim: ChatSDK) => context.instances.current()?.tim === tim,
    userID: () => state.credentials?.userID ?? '',
    get isReady() {
      return gate.isOpen && context.instances.current() !== null
    },
    diagnostics: (): Omit<ImDiagnostics, 'pendingReadReports'> => ({
      generation: context.instances.generation,
      disposing: context.instances.disposing,
      phase: state.phase,
      failedReconnects: policy.failedAttempts,
    }),
    sdkHandlers: reactions.sdkHandlers,
  }
}

export type Connection = ReturnType<typeof createConnection>
