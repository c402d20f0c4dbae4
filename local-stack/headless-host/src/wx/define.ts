// How an asynchronous wx API answers, as the base library does: success / fail / complete callbacks when any is
// given, a Promise otherwise; APIs that make a task (request, sockets, …) always return the task.
import { failure, isFailure } from '../core/errors'
import type { WxObject, WxOptions } from './host'

type Callback = (result: unknown) => void

/** `run` returns the result (or a Promise of it); a task API returns `{task, done}`. */
export type DefineAsync = (
  name: string,
  run: (options: WxOptions) => unknown,
  returnsTask?: boolean,
) => void

export function createDefiner(
  wx: WxObject,
  asyncNames: Set<string>,
  callSafely: (fn: unknown, ...args: unknown[]) => void,
): DefineAsync {
  return (name, run, returnsTask = false) => {
    asyncNames.add(name)
    wx[name] = (rawOptions?: unknown) => {
      const options: WxOptions =
        rawOptions && typeof rawOptions === 'object' ? (rawOptions as WxOptions) : {}
      let task: unknown
      const outcome = new Promise<Record<string, unknown>>((resolve, reject) => {
        try {
          const value = run(options)
          if (returnsTask && value && typeof value === 'object' && 'task' in value) {
            const { task: created, done } = value as { task: unknown; done: Promise<unknown> }
            task = created
            Promise.resolve(done).then(resolve as Callback, reject)
          } else Promise.resolve(value).then(resolve as Callback, reject)
        } catch (error) {
          reject(error)
        }
      }).then(
        (result) => ({ errMsg: `${name}:ok`, ...(result ?? {}) }),
        (error: unknown) => {
          throw isFailure(error)
            ? error
            : failure(name, error instanceof Error ? error.message : String(error))
        },
      )
      const hasCallbacks = Boolean(options.success || options.fail || options.complete)
      if (hasCallbacks || returnsTask) {
        outcome.then(
          (result) => {
            callSafely(options.success, result)
            callSafely(options.complete, result)
          },
          (error: unknown) => {
            callSafely(options.fail, error)
            callSafely(options.complete, error)
          },
        )
        return returnsTask ? task : undefined
      }
      return outcome
    }
  }
}

/** A listener set for `wx.onX` / `wx.offX` (off without a function removes them all). */
export function listenerPair<Fn>(): { set: Set<Fn>; on: (fn: Fn) => void; off: (fn?: Fn) => void } {
  const set = new Set<Fn>()
  return {
    set,
    on: (fn) => void set.add(fn),
    off: (fn) => (fn ? void set.delete(fn) : set.clear()),
  }
}
