/** The state of the one session the IM door holds, shared by the connection modules, and what the banner shows. */
import type { Credentials } from '../models/types'
import type { Emitter } from './events'
import type { ConnectionState, ImEventMap, ImStores } from './types'

/**
 * idle: no session. offline: the phone has no network, the app waits for it. connecting: a login attempt runs.
 * ready: SDK_READY. reconnecting: was ready, the SDK reconnects. failed: the reconnect limits were reached, until
 * 重试. needsCredentials: the IM refused the UserSig once, waiting for a renewed one.
 */
export type Phase =
  'idle' | 'offline' | 'connecting' | 'ready' | 'reconnecting' | 'failed' | 'needsCredentials'

export interface SessionState {
  credentials: Credentials | null
  /** When the current credentials were handed over (their lifetime is counted from here). */
  receivedAt: number
  phase: Phase
  /** Increments with every session start and end, so async work of an older session can tell. */
  id: number
  deviceOnline: boolean
  /** The IM refused this session's UserSig once already: the next refusal ends it. */
  rejectedOnce: boolean
}

/** The phase, read through a call so checks after an await see what other handlers changed meanwhile. */
export function phaseOf(state: SessionState): Phase {
  return state.phase
}

export interface StatusDisplay {
  show(state: ConnectionState): void
  /** The stores were reset: the next show() writes again. */
  forget(): void
}

export function createStatusDisplay(
  stores: Pick<ImStores, 'network'>,
  events: Emitter<ImEventMap>,
): StatusDisplay {
  let shown: ConnectionState | null = null
  return {
    show(state) {
      if (shown === state) return
      shown = state
      stores.network.setConnection(state)
      events.emit('connection', { state })
    },
    forget() {
      shown = null
    },
  }
}
