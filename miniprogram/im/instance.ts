/**
 * The one tim-wx-sdk instance at a time. TIM.create keeps returning an instance per SDKAppID until that instance
 * emits SDK_DESTROY (its own listener then forgets it), which destroy() does only once its logout settled — up to
 * the SDK's 15 s request timeout when the server cannot answer. So a new instance is created only after the old
 * one's destroy finished; events of a disposed instance are unbound at once and never reach the app.
 */
import type { ChatSDK, EventName, EventPayloads, SdkEvent } from 'tim-wx-sdk'
import type { ImDeps, Logger, Timers } from './types'

export type SdkHandlers = { [N in EventName]?: (data: EventPayloads[N]) => void }

export interface LiveInstance {
  readonly tim: ChatSDK
  readonly generation: number
  readonly sdkAppID: number
}

export interface InstanceHolder {
  current(): LiveInstance | null
  /** The live instance for this app, creating one (after any pending destroy) when there is none. */
  acquire(sdkAppID: number): Promise<LiveInstance>
  /** Unbinds the live instance at once and destroys it; resolves once the SDK has let go of it. */
  dispose(): Promise<void>
  readonly generation: number
  /** An instance is being destroyed (the next one waits for it). */
  readonly disposing: boolean
  /**
   * tim-upload-plugin, handed over by the chat subpackage that ships it; every SDK instance uploads through it
   * (only the chat sends pictures, voices, videos and files).
   */
  useUploadPlugin(plugin: unknown): void
}

interface InstanceContext {
  loadSdk: ImDeps['loadSdk']
  config: ImDeps['config']
  handlers: SdkHandlers
  log: Logger
  timers: Timers
  /** The SDK has released its instance (or, past this, we stop waiting and say so in the log). */
  destroyWaitCapMs: number
}

interface Bound extends LiveInstance {
  unbind(): void
}

function bind(tim: ChatSDK, handlers: SdkHandlers): () => void {
  const wrappers = (Object.keys(handlers) as EventName[]).map((name) => {
    const handler = handlers[name] as (data: unknown) => void
    const wrapper = (event: SdkEvent<typeof name>) => handler(event.data)
    tim.on(name, wrapper)
    return () => tim.off(name, wrapper)
  })
  return () => wrappers.forEach((off) => off())
}

type UploadCallback = (error: unknown, data?: unknown) => void
type UploadPluginClass = new () => {
  uploadFile(options: unknown, callback: UploadCallback): unknown
}

/**
 * The SDK takes its upload plugin once, when it logs in, and makes one instance of it for every upload
 * (`new Plugin()`, then `uploadFile(options, callback)`). tim-upload-plugin itself ships in the chat
 * subpackage, which is loaded only when a chat opens, after the login. So each SDK instance gets this stand-in
 * at creation; it hands every upload to the real plugin, which is there by then (only the chat uploads).
 */
function deferredUploadPlugin(real: () => UploadPluginClass | null): UploadPluginClass {
  return class DeferredUploadPlugin {
    private plugin: InstanceType<UploadPluginClass> | undefined

    uploadFile(options: unknown, callback: UploadCallback): void {
      const Plugin = real()
      if (!Plugin) {
        callback(new Error('tim-upload-plugin was not handed to the IM door (im.useUploadPlugin)'))
        return
      }
      this.plugin ??= new Plugin()
      this.plugin.uploadFile(options, callback)
    }
  }
}

export function createInstanceHolder(context: InstanceContext): InstanceHolder {
  let live: Bound | null = null
  let uploadPlugin: UploadPluginClass | null = null
  let disposal: Promise<void> | null = null
  let generation = 0

  /** Resolves when the SDK emitted SDK_DESTROY or destroy() settled, whichever is first. */
  function destroy(tim: ChatSDK): Promise<void> {
    return new Promise<void>((resolve) => {
      let finished = false
      const finish = (): void => {
        if (finished) return
        finished = true
        context.timers.clearTimeout(cap)
        tim.off('sdkDestroy', finish)
        resolve()
      }
      const cap = context.timers.setTimeout(() => {
        context.log.error('the SDK has not released its instance; TIM.create may return it again')
        finish()
      }, context.destroyWaitCapMs)
      tim.on('sdkDestroy', finish)
      // A kick is delivered from inside the SDK's own handler, before it resets itself: destroying in that same
      // turn would send a logout the server never answers. One macrotask later the SDK is done.
      context.timers.setTimeout(() => {
        tim.destroy().then(finish, (_notLoggedIn: unknown) => finish())
      }, 0)
    })
  }

  // Synchronous on purpose: two callers waiting on the same destroy must not both create an instance.
  function create(sdkAppID: number): Bound {
    const TIM = context.loadSdk()
    const config = context.config()
    const tim = TIM.create(
      config.imProxyServer
        ? { SDKAppID: sdkAppID, proxyServer: config.imProxyServer }
        : { SDKAppID: sdkAppID },
    )
    tim.setLogLevel(config.sdkLogLevel)
    tim.registerPlugin({ 'tim-upload-plugin': deferredUploadPlugin(() => uploadPlugin) })
    generation += 1
    context.log.info('SDK instance created', { generation, sdkAppID })
    return { tim, generation, sdkAppID, unbind: bind(tim, context.handlers) }
  }

  const holder: InstanceHolder = {
    current: () => live,
    useUploadPlugin(plugin) {
      if (typeof plugin === 'function') uploadPlugin = plugin as UploadPluginClass
    },
    get generation() {
      return generation
    },
    get disposing() {
      return disposal !== null
    },
    async acquire(sdkAppID) {
      for (;;) {
        while (disposal) await disposal
        if (live && live.sdkAppID === sdkAppID) return live
        if (live) {
          await holder.dispose()
          continue
        }
        live = create(sdkAppID)
        return live
      }
    },
    dispose() {
      if (!live) return disposal ?? Promise.resolve()
      const gone = live
      live = null
      gone.unbind()
      context.log.info('SDK instance disposed', { generation: gone.generation })
      const pending = destroy(gone.tim).finally(() => {
        if (disposal === pending) disposal = null
      })
      disposal = pending
      return pending
    },
  }
  return holder
}
