// The composition root of the mini-program runtime: it builds the host's parts (project, console and error
// reporting, scheduler, device, storage, dialogs, registry, page stack, built-ins, wx) and wires them to each
// other. Every other module depends on narrow interfaces; only this one (and index.ts) knows them all.
import { registerBuiltins, supportsBuiltin, builtinCss } from '../builtins'
import {
  bindsTo,
  instanceOf,
  nodeOf,
  onFrameworkError,
  querySelectorIn,
  shadowRootOf,
  type Definition,
  type FrameworkNode,
  type Instance,
} from '../framework'
import { createWx, type Wx } from '../wx'
import { HostSelectorQuery } from '../wx/selector-query'
import { Project } from './app-config'
import {
  createAppConsole,
  ErrorReporter,
  serializable,
  type AppConsole,
  type AppHooks,
} from './console'
import { Device, pageInsets, windowHeight, type Theme } from './device'
import { Elements } from './elements'
import { TypedEvents } from './events'
import { FileSpace } from './files'
import type { HostEventMap } from './host-events'
import { createInstanceBehavior } from './instance-behavior'
import { Layout } from './layout'
import { VideoFrames } from './media-info'
import { MediaState } from './media-state'
import { ModuleLoader } from './loader'
import { PageStack } from './page-stack'
import { Permissions } from './permissions'
import { Registry } from './registry'
import { Scheduler } from './scheduler'
import { SetDataLedger } from './setdata-ledger'
import { Storage } from './storage'
import { ThemeSettings } from './theme'
import { Dialogs } from './ui-state'

export interface RuntimeOptions {
  projectDir: string
  loginCode?: string
  storageFile?: string
  /** The phone starts without a network, from before App.onLaunch. */
  offline?: boolean
  /** A phone model of core/device.ts (default iphone-8). */
  device?: string
  /** The system theme at start (default light). */
  theme?: Theme
  /** WeChat's font size setting in px (default 16). */
  fontSize?: number
}

export class Runtime {
  readonly project: Project
  readonly events = new TypedEvents<HostEventMap>()
  readonly reporter: ErrorReporter
  readonly console: AppConsole
  readonly scheduler: Scheduler
  readonly device: Device
  readonly theme: ThemeSettings
  readonly storage: Storage
  readonly files: FileSpace
  readonly permissions = new Permissions()
  readonly media = new MediaState()
  readonly frames = new VideoFrames()
  readonly dialogs: Dialogs
  readonly elements = new Elements()
  readonly setDataLedger = new SetDataLedger()
  readonly layout: Layout
  readonly registry: Registry
  readonly pages: PageStack
  readonly wx: Wx
  readonly sockets = new Set<{ drop(): void; close(options?: Record<string, unknown>): void }>()
  /** Scroll-views showing their pull-down refresher. */
  readonly refreshing = new Set<Instance>()
  readonly launchOptions: Readonly<Record<string, unknown>>
  app: (Definition & AppHooks) | undefined
  private readonly loader: ModuleLoader

  constructor(options: RuntimeOptions) {
    this.project = new Project(options.projectDir)
    this.reporter = new ErrorReporter(
      (entry) => this.events.emit('exception', entry),
      () => this.app,
    )
    const report = (error: unknown, context?: string): void => this.reporter.report(error, context)
    this.console = createAppConsole((entry) => this.events.emit('log', entry))
    this.scheduler = new Scheduler(report)
    this.device = new Device(options.loginCode, options.device)
    if (options.theme) this.device.theme = options.theme
    if (options.fontSize !== undefined) this.device.fontSizeSetting = options.fontSize
    this.theme = new ThemeSettings(this.project)
    if (options.offline) this.device.network.online = false
    this.storage = new Storage(options.storageFile)
    this.files = new FileSpace(this.project.root)
    this.dialogs = new Dialogs((answer, api) => this.wx.askPrivacy(answer, api))
    this.layout = new Layout(() => this.scheduler.hold(), report)
    this.loader = new ModuleLoader(
      (file) => this.project.absolute(file),
      () => this.moduleGlobals(),
    )
    this.registry = new Registry(this.project, {
      load: (file) => void this.loader.load(file),
      report,
      instanceBehavior: createInstanceBehavior({
        nextTick: (fn) => this.scheduler.nextTick(fn),
        recordSetData: (component, bytes) => this.setDataLedger.record(component, bytes),
        afterSetData: (owner, data) => this.restoreRefreshers(owner, data),
        createSelectorQuery: (scope) => this.selectorQuery(scope),
      }),
    })
    this.pages = new PageStack(this.project, {
      ensureLoaded: (route) => this.registry.ensureLoaded(route),
      pagePropertyNames: (route) => this.registry.pagePropertyNames(route),
      callHook: (target, name, ...args) => this.reporter.callHook(target, name, ...args),
      hold: () => this.scheduler.hold(),
      createSelectorQuery: (scope) => this.selectorQuery(scope),
      pageChanged: (entry) => this.events.emit('pageChanged', entry),
      pageClosed: (entry) => this.elements.forgetPage(entry.pageId),
      report,
      themed: (config) => this.theme.resolve(config, this.device.theme),
    })
    registerBuiltins({
      report,
      files: this.files,
      resolveAsset: (node, src) => this.registry.resolveAsset(node, src),
      pages: this.pages,
      dialogs: this.dialogs,
      callHook: (target, name, ...args) => this.reporter.callHook(target, name, ...args),
      mediaFiles: () => this.device.mediaFiles,
      openSettings: () => this.permissions.openSettings(),
      layout: this.layout,
      refreshing: this.refreshing,
    })
    this.launchOptions = {
      path: this.project.entryRoute(),
      query: {},
      scene: 1001,
      referrerInfo: {},
    }
    this.wx = createWx({
      project: this.project,
      device: this.device,
      dialogs: this.dialogs,
      storage: this.storage,
      files: this.files,
      permissions: this.permissions,
      media: this.media,
      frames: this.frames,
      reporter: this.reporter,
      console: this.console,
      scheduler: this.scheduler,
      pages: this.pages,
      events: this.events,
      launchOptions: this.launchOptions,
      supportsComponent: supportsBuiltin,
      windowHeight: () => this.windowHeight(),
      theme: this.theme,
      appTheme: () => this.appTheme(),
      findById: (id, scope) => this.findById(id, scope),
      createSelectorQuery: () =>
        this.selectorQuery(this.pages.creating ?? this.pages.current().node),
      sockets: this.sockets,
    })
    onFrameworkError((error, context) => this.reporter.report(error, context))
  }

  async launch(): Promise<void> {
    try {
      this.loader.load('app.js')
    } catch (error) {
      if (!this.app) throw error
      this.reporter.report(error, 'app.js')
    }
    if (!this.app) throw new Error('app.js did not call App()')
    this.reporter.callHook(this.app, 'onLaunch', { ...this.launchOptions })
    this.reporter.callHook(this.app, 'onShow', { ...this.launchOptions })
    this.pages.launch(this.project.entryRoute())
    await this.settle()
  }

  settle(): Promise<void> {
    return this.scheduler.settle()
  }

  /** The page area's height for the current page (below the navigation bar, above the tab bar). */
  windowHeight(): number {
    return windowHeight(this.device.profile, this.pages.top(), this.project.config.tabBar)
  }

  /** env(safe-area-inset-*) for the current page. */
  pageInsets(): { top: number; bottom: number; left: number; right: number } {
    return pageInsets(this.device.profile, this.pages.top(), this.project.config.tabBar)
  }

  /** The app's theme (the system's when app.json has `darkmode: true`, else light). */
  appTheme(): Theme {
    return this.theme.effective(this.device.theme)
  }

  /** The system theme changes: pages take the theme's settings, and the app hears of it if it follows it. */
  setTheme(theme: Theme): void {
    if (this.device.theme === theme) return
    this.device.theme = theme
    this.pages.retheme()
    if (!this.theme.enabled) return
    this.reporter.callHook(this.app, 'onThemeChange', { theme })
    this.events.emit('theme', { theme })
    const top = this.pages.top()
    if (top) this.events.emit('pageChanged', top)
  }

  isCustomComponent = (node: FrameworkNode | undefined): boolean =>
    this.registry.isCustomComponent(node)

  report(error: unknown, context?: string): void {
    this.reporter.report(error, context)
  }

  callSafely(fn: unknown, ...args: unknown[]): void {
    this.reporter.callSafely(fn, ...args)
  }

  serializable(value: unknown): unknown {
    return serializable(value)
  }

  allCss(): string {
    return this.registry.allCss(builtinCss())
  }

  enterBackground(): void {
    if (this.device.inBackground) return
    this.device.inBackground = true
    this.pages.hide(this.pages.current())
    this.reporter.callHook(this.app, 'onHide')
    this.events.emit('appHide')
  }

  enterForeground(): void {
    if (!this.device.inBackground) return
    this.device.inBackground = false
    const options = { ...this.launchOptions, path: this.pages.current().route }
    this.reporter.callHook(this.app, 'onShow', options)
    this.events.emit('appShow', options)
    this.pages.show(this.pages.current(), false)
  }

  setNetwork(online: boolean, type = 'wifi'): void {
    const network = this.device.network
    network.online = online
    if (online) network.type = type
    if (!online) for (const socket of [...this.sockets]) socket.drop()
    this.events.emit('network', {
      isConnected: online,
      networkType: online ? network.type : 'none',
    })
  }

  /**
   * WeChat re-applies a binding whenever its data key is set, even to the same value: `setData({triggered:
   * false})` restores a refresher the user pulled although `triggered` was false all along.
   */
  restoreRefreshers(owner: FrameworkNode, data: unknown): void {
    if (this.refreshing.size === 0 || !data || typeof data !== 'object') return
    for (const scrollView of [...this.refreshing]) {
      const node = scrollView._exparserNode as FrameworkNode
      for (const [key, value] of Object.entries(data)) {
        if (value === false && bindsTo(owner, node, 'refresherTriggered', key)) {
          scrollView.hostRestore()
          break
        }
      }
    }
  }

  dispose(): void {
    this.pages.closeAll()
    for (const socket of [...this.sockets]) socket.close({ code: 1001, reason: 'host stopping' })
    this.files.dispose()
  }

  findById(id: string, scope?: unknown): Instance | undefined {
    const root =
      scope && typeof scope === 'object' && '_exparserNode' in scope
        ? nodeOf(scope as Instance)
        : this.pages.current().node
    const found = querySelectorIn(shadowRootOf(root) ?? root, `#${id.replace(/([^\w-])/g, '\\$1')}`)
    return found ? instanceOf(found) : undefined
  }

  private selectorQuery(scope: FrameworkNode): HostSelectorQuery {
    return new HostSelectorQuery(
      {
        isCustomComponent: this.isCustomComponent,
        boxes: (nodes, styles) => this.layout.boxes(nodes, styles),
        pageScrollTop: () => this.pages.current().scrollTop,
        windowHeight: () => this.windowHeight(),
        trackAsync: (work) => this.scheduler.trackAsync(work),
        callSafely: (fn, ...args) => this.reporter.callSafely(fn, ...args),
        report: (error, context) => this.reporter.report(error, context),
      },
      scope,
    )
  }

  private moduleGlobals(): Record<string, unknown> {
    return {
      wx: this.wx.proxy,
      App: (definition: Definition) => {
        if (this.app) throw new Error('App() can only be called once')
        this.app = definition
      },
      Page: (definition: Definition) => this.registry.definePage(definition),
      Component: (definition: Definition) => this.registry.defineComponent(definition),
      Behavior: (definition: Definition) => this.registry.defineBehavior(definition),
      getApp: () => this.app,
      getCurrentPages: () => this.pages.instances(),
      __wxConfig: {
        ...this.project.config,
        envVersion: 'develop',
        platform: 'devtools',
        accountInfo: { appId: this.project.appId() },
      },
      requirePlugin: (name: string) => {
        throw new Error(`not supported by the host: requirePlugin("${name}")`)
      },
      console: this.console,
      // The mini-program has no DOM: hide the host's jsdom from libraries that sniff for a browser.
      window: undefined,
      document: undefined,
    }
  }
}
