import { runInThisContext } from 'node:vm'
import { createWxShim } from './wx-shim'
import { loadTimSdk, TimerScope, type SdkBuild } from './index'

export interface ProtocolShape {
  name: string
  servcmd: string
  bodyKeys: string[]
  keyMap: { request?: Record<string, string>; response?: Record<string, string> }
}

/**
 * The SDK's own protocol table, read from a fresh copy of the installed SDK: TIM.create() fills
 * a Map of protocol builders, which are caught while it runs.
 */
export function extractProtocolTable(build: SdkBuild): ProtocolShape[] {
  const shim = createWxShim()
  const timers = new TimerScope()
  const TIM = loadTimSdk(shim.wx, { build, timers })
  const found = new Map<string, ProtocolShape>()
  // The SDK copy may run in another realm than this module (jest sandboxes tests): hook both Maps.
  const prototypes = [
    ...new Set([Map.prototype, runInThisContext('Map.prototype') as Map<unknown, unknown>]),
  ]
  const originals = prototypes.map((prototype) => prototype.set)
  prototypes.forEach((prototype, index) => {
    const originalSet = originals[index] as typeof prototype.set
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    prototype.set = function (this: Map<unknown, unknown>, key: unknown, value: any) {
      try {
        // Only builders that mention servcmd are called: other functions may have side effects.
        const isBuilder =
          typeof value === 'function' && value.length <= 1 && String(value).includes('servcmd')
        const built = isBuilder ? value({}) : value
        const servcmd = built?.head?.servcmd
        if (typeof key === 'string' && typeof servcmd === 'string' && !found.has(key)) {
          found.set(key, {
            name: key,
            servcmd,
            bodyKeys: Object.keys(built.body ?? {}).sort(),
            keyMap: built.keyMap ?? {},
          })
        }
      } catch (_error) {
        // Not a protocol builder.
      }
      return originalSet.call(this, key, value)
    }
  })
  let tim: { destroy(): unknown } | undefined
  try {
    tim = TIM.create({ SDKAppID: 1400000000, proxyServer: 'ws://127.0.0.1:9' })
  } finally {
    prototypes.forEach((prototype, index) => {
      prototype.set = originals[index] as typeof prototype.set
    })
  }
  void Promise.resolve(tim?.destroy()).catch(() => undefined)
  timers.stop()
  shim.closeSockets()
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name))
}
