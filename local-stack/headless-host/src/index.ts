// The headless mini-program host: a built mini-program running on WeChat's official compilers and component
// framework, driven over the miniprogram-automator protocol. This module composes the runtime, the renderers
// and the automator server.
import fs from 'node:fs'
import path from 'node:path'
import { appHandlers, toolHandlers } from './automator/app'
import type { HandlerContext } from './automator/context'
import { createControls } from './automator/controls'
import { elementHandlers } from './automator/element'
import type { Pictures } from './automator/host'
import { callElementFunction, tap } from './automator/interactions'
import { liveHandlers } from './automator/live'
import { pageHandlers } from './automator/page'
import { AutomatorServer } from './automator/server'
import type { PageEntry } from './core/page-stack'
import { Runtime } from './core/runtime'
import { componentIdOf, instanceOf } from './framework'
import { BrowserRenderer, CHROMIUM_PATH } from './render/browser'
import { HtmlRenderer, type RenderedPage } from './render/html'
import type { RenderHost } from './render/host'

export type { RenderedPage } from './render/html'
export { CHROMIUM_PATH } from './render/browser'

export interface HostOptions {
  projectDir: string
  port?: number
  loginCode?: string
  screenshotsDir?: string
  storageFile?: string
  /** The phone starts without a network (a cold start in a tunnel); hostSetNetwork turns it on. */
  offline?: boolean
  /** The phone model: `iphone-8` (default) or `iphone-x` (notch, home indicator). */
  device?: string
  /** The system theme at start (`light` by default). */
  theme?: 'light' | 'dark'
  /** WeChat's font size setting in px (16 by default). */
  fontSize?: number
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

function renderHost(runtime: Runtime): RenderHost {
  return {
    currentPage: () => runtime.pages.current(),
    findPage: (pageId) => runtime.pages.find(pageId),
    pageCount: () => runtime.pages.pages.length,
    elements: runtime.elements,
    files: runtime.files,
    resolveAsset: (node, src) => runtime.registry.resolveAsset(node, src),
    ui: runtime.dialogs.ui,
    tabBar: runtime.device.tabBar,
    tabBarConfig: () => runtime.theme.tabBar(runtime.project.config.tabBar, runtime.device.theme),
    device: runtime.device,
    appTheme: () => runtime.appTheme(),
    styleKey: () => [...runtime.registry.styles.keys()].join('|'),
    allCss: () => runtime.allCss(),
  }
}

export async function startHost(options: HostOptions): Promise<Host> {
  const runtime = new Runtime(options)
  const drawing = renderHost(runtime)
  const html = new HtmlRenderer(drawing)
  const browser = new BrowserRenderer(drawing, html)
  // Without Chromium the app still runs; layouts are then unknown (zero sizes, unbounded scrolling).
  if (fs.existsSync(CHROMIUM_PATH)) {
    runtime.layout.provider = browser
    runtime.frames.provider = browser
  }
  const pictures: Pictures = {
    render: (entry) => html.render(entry),
    screenshot: (entry) => browser.screenshot(entry),
    box: (node) => browser.box(node),
    styles: (node, names) => browser.styles(node, names),
    documentSize: (entry) => browser.documentSize(entry),
  }
  const controls = createControls(runtime)
  const server = new AutomatorServer(runtime, pictures)
  const context: HandlerContext = { host: runtime, pictures, controls, broadcast: server.broadcast }
  server.use({
    ...toolHandlers(context),
    ...appHandlers(context),
    ...pageHandlers(context),
    ...elementHandlers(context),
    ...liveHandlers(runtime, pictures, controls),
  })
  let shots = 0
  let saving: Promise<unknown> = Promise.resolve()
  const screenshotsDir = options.screenshotsDir
  if (screenshotsDir) {
    fs.mkdirSync(screenshotsDir, { recursive: true })
    runtime.events.on('pageChanged', (entry: PageEntry) => {
      saving = saving
        .then(async () => {
          await runtime.settle()
          if (!runtime.pages.pages.includes(entry)) return
          const file = path.join(
            screenshotsDir,
            `${String(++shots).padStart(3, '0')}-${entry.route.replace(/\//g, '_')}.png`,
          )
          fs.writeFileSync(file, await browser.screenshot(entry))
        })
        .catch((error: unknown) => runtime.report(error, 'screenshot'))
    })
  }
  await runtime.launch()
  const port = await server.listen(options.port ?? 0)
  const node = (elementId: string) => runtime.elements.get(elementId).node
  return {
    port,
    wsEndpoint: `ws://127.0.0.1:${port}`,
    runtime,
    renderPage: () => html.render(),
    screenshot: () => browser.screenshot(),
    tap: async (elementId) => {
      tap(node(elementId))
      await runtime.settle()
    },
    input: async (elementId, text) => {
      const target = node(elementId)
      await callElementFunction(runtime, target, `${componentIdOf(target)}.input`, [text])
      await runtime.settle()
    },
    scroll: async (elementId, scrollTop) => {
      const target = node(elementId)
      const scrollView = instanceOf(target)
      if (componentIdOf(target) === 'scroll-view' && scrollView)
        await runtime.layout.scrollViewTo(scrollView, undefined, scrollTop)
      else {
        const pageScrollTo = runtime.wx.proxy.pageScrollTo as (options: object) => Promise<unknown>
        await pageScrollTo({ scrollTop, duration: 0 })
      }
      await runtime.settle()
    },
    tapTabBar: async (index) => {
      await controls.tapTabBar?.({ index })
    },
    onChange: (listener) => {
      runtime.events.on('pageChanged', listener)
      return () => runtime.events.off('pageChanged', listener)
    },
    close: async () => {
      await saving
      await server.close()
      await browser.close()
      runtime.dispose()
    },
  }
}
