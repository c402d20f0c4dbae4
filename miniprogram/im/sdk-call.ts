/**
 * How the other modules reach the SDK: only once it is ready (a call made before waits, bounded, unless waiting
 * cannot help), with whatever it rejects with turned into an ImError.
 */
import type { ChatSDK } from 'tim-wx-sdk'
import type { LifecycleConfig } from '../config/index'
import { AppErrorCode, ErrorCode, ImError, isSigExpiredCode, toImError } from './errors'
import type { InstanceHolder } from './instance'
import type { ReadyGate } from './ready-gate'
import type { SessionState } from './session'
import type { SdkCall, Timers } from './types'

export function createSdkCall(context: {
  state: SessionState
  gate: ReadyGate
  instances: InstanceHolder
  lifecycle(): LifecycleConfig
  timers: Timers
}): SdkCall {
  const { state, gate } = context

  async function readySdk(): Promise<ChatSDK> {
    const live = context.instances.current()
    if (gate.isOpen && live) return live.tim
    if (!state.credentials) throw new ImError(AppErrorCode.NOT_LOGGED_IN)
    if (state.phase === 'offline') throw new ImError(ErrorCode.NO_NETWORK)
    if (state.phase === 'failed') throw new ImError(AppErrorCode.CONNECTION_FAILED)
    await gate.wait(context.lifecycle().readyWaitMs)
    const current = context.instances.current()
    if (!current) throw new ImError(AppErrorCode.NOT_LOGGED_IN)
    return current.tim
  }

  /** A request the UserSig's expiry cut off (refused before anything happened) runs again after the re-login. */
  async function call<T>(request: (tim: ChatSDK) => Promise<T>, again = false): Promise<T> {
    const tim = await readySdk()
    try {
      return await request(tim)
    } catch (error) {
      const failure = toImError(error)
      if (again || !isSigExpiredCode(failure.code) || !state.credentials) throw failure
      // The SDK reports the kick with the same answer: one turn later the re-login has started.
      await new Promise((resolve) => context.timers.setTimeout(() => resolve(undefined), 0))
      return call(request, true)
    }
  }

  return (request) => call(request)
}
