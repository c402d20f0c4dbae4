/* eslint-disable @typescript-eslint/no-explicit-any */
// The headless mini-program host: a built mini-program running on WeChat's official compilers and component
// framework, driven over the miniprogram-automator protocol.
import fs from 'node:fs'
import path from 'node:path'
import { createControls } from './controls'
import { AutomatorServer } from './protocol'
import { CHROMIUM_PATH, Renderer, type RenderedPage } from './render'
import { Runtime, type PageEntry } from './runtime'

export type { RenderedPage } from './render'
export { CHROMIUM_PATH } from './render'

export interface HostOptions {
  projectDir: string
  port?: number
  loginCode?: string
  screenshotsDir?: string
  storageFile?: string
  /** Start without a network (hostSetNetwork turns it on). */
  offline?: boolean
}

export interface Host {
  port: number
  wsEndpoint: string
  runtime: Runtime
  /** The current page's rendered HTML + CSS (each component carries data-hid="<elementId>"). */
  renderPage(): RenderedPage
  screenshot(): Promise<Buffer>
  /** Interactions on a node named by its data-hid, as a person's finger or keyboard would do them. */
  tap(elementId: string): Promise<void>
  input(elementId: string, text: string): Promise<void>
  scroll(elementId: string, scrollTop: number): Promise<void>
  tapTabBar(index: number): Promise<void>
  onChange(listener: () => void): () => void
  close(): Promise<void>
}

export async function startHost(options: HostOptions): Promise<Host> {
  const runtime = new Runtime({
    projectDir: options.projectDir,
    loginCode: options.loginCode,
    storageFile: options.storageFile,
    offline: options.offline,
  })
  const renderer = new Renderer(runtime)
  // Without Chromium the app still runs; layouts are then unknown (zero sizes, unbounded scrolling).
  if (fs.existsSync(CHROMIUM_PATH)) runtime.layout = renderer
  const controls = createControls(runtime)
  const server = new AutomatorServer(runtime, renderer, controls)
  let shots = 0
  let saving: Promise<unknown> = Promise.resolve()
  const screenshotsDir = options.screenshotsDir
  if (screenshotsDir) {
    fs.mkdirSync(screenshotsDir, { recursive: true })
    runtime.on('pageChanged', (entry: PageEntry) => {
      saving = saving
        .then(async () => {
          await runtime.settle()
          if (!runtime.pageStack.includes(entry)) return
          const file = path.join(
            screenshotsDir,
            `${String(++shots).padStart(3, '0')}-${entry.route.replace(/\//g, '_')}.png`,
          )
          fs.writeFileSync(file, await renderer.screenshot(entry))
        })
        .catch((error: unknown) => runtime.reportError(error, 'screenshot'))
    })
  }
  await runtime.launch()
  const port = await server.listen(options.port ?? 0)
  const node = (elementId: string): any => runtime.element(elementId).node
  return {
    port,
    wsEndpoint: `ws://127.0.0.1:${port}`,
    runtime,
    renderPage: () => renderer.render(),
    screenshot: () => renderer.screenshot(),
    tap: async (elementId) => {
      server.tap(node(elementId))
      await runtime.settle()
    },
    input: async (elementId, text) => {
      const target = node(elementId)
      await server.callElementFunction(
        target,
        target.__methodCaller,
        `${String(target._vt?.componentId)}.input`,
        [text],
      )
      await runtime.settle()
    },
    scroll: async (elementId, scrollTop) => {
      const target = node(elementId)
      if (target._vt?.componentId === 'scroll-view')
        await runtime.scrollViewTo(target.__methodCaller, undefined, scrollTop)
      else await runtime.wx.pageScrollTo({ scrollTop, duration: 0 })
      await runtime.settle()
    },
    tapTabBar: async (index) => {
      await controls.tapTabBar?.({ index })
    },
    onChange: (listener) => {
      runtime.on('pageChanged', listener)
      return () => runtime.off('pageChanged', listener)
    },
    close: async () => {
      await saving
      await server.close()
      await renderer.close()
      runtime.dispose()
    },
  }
}
