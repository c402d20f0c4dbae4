/** A tiny typed emitter for the IM door's lifecycle events; one broken listener never stops the others. */
import type { Logger, Unsubscribe } from './types'

export interface Emitter<M> {
  on<N extends keyof M>(name: N, listener: (event: M[N]) => void): Unsubscribe
  emit<N extends keyof M>(name: N, event: M[N]): void
}

export function createEmitter<M>(log: Logger): Emitter<M> {
  const listeners = new Map<keyof M, Set<(event: never) => void>>()
  return {
    on(name, listener) {
      let set = listeners.get(name)
      if (!set) {
        set = new Set()
        listeners.set(name, set)
      }
      set.add(listener as (event: never) => void)
      return () => {
        listeners.get(name)?.delete(listener as (event: never) => void)
      }
    },
    emit(name, event) {
      for (const listener of [...(listeners.get(name) ?? [])]) {
        try {
          ;(listener as (event: M[typeof name]) => void)(event)
        } catch (error) {
          log.error(`listener of ${String(name)} failed`, error)
        }
      }
    },
  }
}
