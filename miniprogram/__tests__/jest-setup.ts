/**
 * Runs before every spec of the `miniprogram` project. Core specs get the local-im harness's
 * Node `wx` (real sockets, real HTTP, in-memory storage) as `global.wx`, plus the other free
 * variables mini-program code and tim-wx-sdk read. The simulate specs run under jsdom, where
 * miniprogram-simulate installs its own `wx` instead; specs under node-dom-environment.js (a real
 * page on the real SDK) get both a DOM and the harness's `wx`.
 */
import type { WxShim } from '@tim-c2c/local-im/testing'

// Formatting tests assert Chinese local times: pin the zone the product's users live in.
process.env.TZ = 'Asia/Shanghai'

export interface ReLaunchCall {
  url: string
}

export interface TestGlobals {
  __wxShim: WxShim
  __reLaunchCalls: ReLaunchCall[]
  /** Intervals started during this spec file and not cleared yet. */
  __liveIntervals: Set<ReturnType<typeof setInterval>>
}

const globals = globalThis as unknown as Record<string, unknown>

if (typeof globals.window === 'undefined' || globals.__nodeWithDom === true) {
  // Required lazily: `ws` has no browser build, and jsdom specs must not load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createWxShim } = require('@tim-c2c/local-im/testing') as {
    createWxShim: () => WxShim
  }
  const shim = createWxShim()
  const reLaunchCalls: ReLaunchCall[] = []
  const pages: Array<{ route: string }> = []
  Object.assign(shim.wx, {
    reLaunch(options: { url: string; success?: () => void; complete?: () => void }) {
      reLaunchCalls.push({ url: options.url })
      pages.splice(0, pages.length, { route: options.url.replace(/^\//, '').split('?')[0] ?? '' })
      setImmediate(() => {
        options.success?.()
        options.complete?.()
      })
    },
  })
  // tim-wx-sdk starts a 1 s interval in every instance's constructor and clears it only once that
  // instance has logged in, so a destroyed instance that never logged in ticks forever. Tracking
  // intervals lets jest-after-env stop what a spec file left behind (as the harness's TimerScope
  // does for its own SDK copies).
  const liveIntervals = new Set<ReturnType<typeof setInterval>>()
  const realSetInterval = globals.setInterval as typeof setInterval
  const realClearInterval = globals.clearInterval as typeof clearInterval
  globals.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const handle = realSetInterval(...args)
    liveIntervals.add(handle)
    return handle
  }) as typeof setInterval
  globals.clearInterval = ((handle?: ReturnType<typeof setInterval>) => {
    if (handle !== undefined) liveIntervals.delete(handle)
    realClearInterval(handle)
  }) as typeof clearInterval
  globals.__liveIntervals = liveIntervals
  globals.wx = shim.wx
  globals.__wxShim = shim
  globals.__reLaunchCalls = reLaunchCalls
  globals.getApp = () => ({ globalData: {} })
  globals.getCurrentPages = () => [...pages]
  // tim-wx-sdk reads it as a free variable to detect the mini-program runtime.
  globals.__wxConfig = { pages: ['pages/login/index'], appLaunchInfo: { scene: 1001 } }
}
