/**
 * How the held session reacts to the SDK's state (SDK_READY, SDK_NOT_READY, NET_STATE_CHANGE, KICKED_OUT) and to
 * the phone's network: the SDK's own reconnecting counts against the reconnect limits while the phone has a
 * network; a UserSig expiry logs in again with the renewed sig; any other kick ends the session.
 */
import type { KickedOutType, NetState } from 'tim-wx-sdk'
import { toUserView } from '../models/mapping'
import { kickReasonText } from './credentials'
import { ErrorCode, ImError } from './errors'
import type { Emitter } from './events'
import type { InstanceHolder, LiveInstance } from './instance'
import type { ReadyGate } from './ready-gate'
import type { ReconnectPolicy } from './reconnect'
import type { SessionState, StatusDisplay } from './session'
import type { ImEventMap, ImStores, Logger, NetworkWatch, SessionEndReason } from './types'

/** Renewed credentials this close to expiry are not worth a login. */
const SIG_SLACK_MS = 1_000

export interface ReactionsContext {
  state: SessionState
  status: StatusDisplay
  policy: ReconnectPolicy
  gate: ReadyGate
  instances: InstanceHolder
  network: NetworkWatch
  stores: Pick<ImStores, 'session' | 'batch'>
  events: Emitter<ImEventMap>
  log: Logger
  now(): number
  scheduleSigRenewal(): void
  afterReady(live: LiveInstance): void
  endSession(reason: SessionEndReason, message: string): Promise<void>
  refused(failure: ImError): void
  retry(): void
  /** Log in again in the background with the held session. */
  reconnect(): void
}

export function createReactions(context: ReactionsContext) {
  const { state, status, policy, gate, stores, events, log } = context
  let sdkNetState: NetState = 'disconnected'

  function onSdkReady(): void {
    const live = context.instances.current()
    if (!live || !state.credentials || (gate.isOpen && state.phase === 'ready')) return
    const userID = state.credentials.userID
    state.phase = 'ready'
    state.rejectedOnce = false
    sdkNetState = 'connected'
    policy.connected()
    const user = stores.session.user
    stores.batch(() => {
      stores.session.markReady(
        user?.userID === userID ? user : toUserView({ userID, nick: '', avatar: '' }),
      )
      status.show('connected')
    })
    gate.open()
    context.network.resubscribe()
    context.scheduleSigRenewal()
    log.info('SDK ready', userID)
    events.emit('ready', { userID })
    context.afterReady(live)
  }

  function onSdkNotReady(): void {
    gate.close()
    stores.session.markNotReady()
    context.network.resubscribe()
    if (!state.credentials) return
    if (state.phase === 'ready') {
      state.phase = 'reconnecting'
      status.show('connecting')
    }
    events.emit('notReady', { userID: state.credentials.userID })
  }

  /** The SDK's own reconnecting, once ready: counted against the limits while the phone has a network. */
  function onNetState(next: NetState): void {
    const previous = sdkNetState
    sdkNetState = next
    if (!state.credentials || (state.phase !== 'ready' && state.phase !== 'reconnecting')) return
    if (next === 'connected') {
      state.phase = 'ready'
      policy.connected()
      status.show('connected')
      return
    }
    state.phase = 'reconnecting'
    if (!state.deviceOnline) {
      policy.pause()
      status.show('offline')
    } else if (next === 'connecting') {
      policy.disconnected()
      status.show('connecting')
    } else {
      if (previous === 'connecting') policy.attemptFailed()
      else policy.disconnected()
      if (state.phase === 'reconnecting') status.show('disconnected')
    }
  }

  function onKicked(type: KickedOutType): void {
    if (!state.credentials) return
    log.warn('kicked out', type)
    if (type !== 'userSigExpired') {
      void context.endSession(type, kickReasonText(type))
      return
    }
    gate.close()
    stores.session.markNotReady()
    // The renewal already brought a new sig: log in again with it, no server call on this path.
    if (state.credentials.expireAt - context.now() > SIG_SLACK_MS) {
      state.phase = 'connecting'
      status.show('connecting')
      context.reconnect()
    } else context.refused(new ImError(ErrorCode.ACCOUNT_A2KEY_EXPIRED))
  }

  function onDeviceNetwork(online: boolean): void {
    const was = state.deviceOnline
    state.deviceOnline = online
    if (!state.credentials) return
    if (!online) {
      policy.pause()
      if (state.phase !== 'failed' && state.phase !== 'needsCredentials') status.show('offline')
      return
    }
    if (was) return
    if (state.phase === 'offline' || state.phase === 'failed') context.retry()
    else if (state.phase === 'reconnecting' || state.phase === 'connecting') {
      status.show('connecting')
    }
  }

  return {
    onSdkReady,
    onDeviceNetwork,
    sdkHandlers: {
      sdkStateReady: onSdkReady,
      sdkStateNotReady: onSdkNotReady,
      netStateChange: (data: { state: NetState }) => onNetState(data.state),
      kickedOut: (data: { type: KickedOutType }) => onKicked(data.type),
    },
  }
}
