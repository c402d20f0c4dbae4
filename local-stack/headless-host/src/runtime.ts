/* eslint-disable @typescript-eslint/no-explicit-any */
// The mini-program runtime: App / Page / Component / Behavior over the official exparser (through
// j-component), the page stack with its lifecycles, and the registry of nodes the automator talks about.
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { compileWxml, compileWxss, type TemplateLookup } from './compile'
import { hostDocument } from './env'
import { ModuleLoader } from './loader'
import { HostSelectorQuery, type LayoutBox } from './selector-query'
import { registerBuiltins, builtinCss } from './builtins'
import { FileSpace, imageSize, type ImageSize } from './media'
import { createSocketTask, createWx, emptyUi, failure, type SocketTask, type UiState } from './wx'

const requireHere = createRequire(__filename)
const jComponent = requireHere('j-component') as {
  register(definition: Record<string, any>): string
  behavior(definition: Record<string, any>): string
  create(id: string, properties?: Record<string, unknown>): any
}
export const exparser = requireHere('miniprogram-exparser') as any

export interface TabBarItem {
  pagePath: string
  text?: string
  iconPath?: string
  selectedIconPath?: string
}

export interface AppConfig {
  pages: string[]
  entryPagePath?: string
  subpackages?: { root: string; pages: string[] }[]
  subPackages?: { root: string; pages: string[] }[]
  usingComponents?: Record<string, string>
  window?: Record<string, unknown>
  tabBar?: {
    list: TabBarItem[]
    color?: string
    selectedColor?: string
    backgroundColor?: string
    borderStyle?: string
    custom?: boolean
  }
}

export interface PageEntry {
  pageId: number
  route: string
  query: Record<string, string>
  root: any
  caller: any
  container: HTMLElement
  config: Record<string, any>
  title: string
  scrollTop: number
  isTab: boolean
  eventChannel: EventChannel
  readyTimer?: NodeJS.Timeout
}

export interface HostOptions {
  projectDir: string
  loginCode?: string
  storageFile?: string
  /** The phone starts without a network (a cold start in a tunnel); hostSetNetwork turns it on. */
  offline?: boolean
}

/** Both ends of a navigateTo's event channel share listeners keyed by side. */
export class EventChannel {
  private readonly listeners = new Map<
    string,
    { fn: (...args: unknown[]) => void; once: boolean }[]
  >()
  private peer: EventChannel | undefined
  private readonly pending: [string, unknown[]][] = []

  static pair(): [EventChannel, EventChannel] {
    const opener = new EventChannel()
    const opened = new EventChannel()
    opener.peer = opened
    opened.peer = opener
    return [opener, opened]
  }

  on(name: string, fn: (...args: unknown[]) => void): void {
    const list = this.listeners.get(name) ?? []
    list.push({ fn, once: false })
    this.listeners.set(name, list)
    this.flush(name)
  }

  once(name: string, fn: (...args: unknown[]) => void): void {
    const list = this.listeners.get(name) ?? []
    list.push({ fn, once: true })
    this.listeners.set(name, list)
    this.flush(name)
  }

  off(name: string, fn?: (...args: unknown[]) => void): void {
    if (!fn) this.listeners.delete(name)
    else
      this.listeners.set(
        name,
        (this.listeners.get(name) ?? []).filter((entry) => entry.fn !== fn),
      )
  }

  emit(name: string, ...args: unknown[]): void {
    this.peer?.receive(name, args)
  }

  private receive(name: string, args: unknown[]): void {
    const list = this.listeners.get(name)
    // Events sent before the other side listens are kept, as the base library does for the opened page.
    if (!list || list.length === 0) {
      this.pending.push([name, args])
      return
    }
    for (const entry of [...list]) {
      if (entry.once) this.off(name, entry.fn)
      entry.fn(...args)
    }
  }

  private flush(name: string): void {
    const waiting = this.pending.filter(([pendingName]) => pendingName === name)
    if (waiting.length === 0) return
    for (const item of waiting) this.pending.splice(this.pending.indexOf(item), 1)
    for (const [, args] of waiting) this.receive(name, args)
  }
}

export class NavigationError extends Error {}

function parseUrl(
  url: string,
  fromRoute: string,
): { route: string; query: Record<string, string> } {
  const [rawPath = '', rawQuery = ''] = url.split('?', 2)
  let route = rawPath.startsWith('/')
    ? rawPath.slice(1)
    : path.posix.normalize(path.posix.join(path.posix.dirname(fromRoute), rawPath))
  route = route.replace(/\.html$/, '')
  // WeChat hands query values over as written in the url (no decoding): pages decode them themselves.
  const query: Record<string, string> = {}
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue
    const equals = pair.indexOf('=')
    if (equals === -1) query[pair] = ''
    else query[pair.slice(0, equals)] = pair.slice(equals + 1)
  }
  return { route, query }
}

function deepCopy<T>(value: T): T {
  if (value === undefined || typeof value === 'function') return value
  try {
    return structuredClone(value)
  } catch (_error) {
    return value
  }
}

const PAGE_DEFINITION_KEYS = new Set(['data', 'behaviors', 'options', 'storeBindings', 'observers'])

export interface ScrollMetrics {
  scrollHeight: number
  scrollWidth: number
  clientHeight: number
  clientWidth: number
}

/** Layout facts only a real browser knows; the renderer provides them when Chromium is available. */
export interface LayoutProvider {
  scrollMetrics(runtime: Runtime, node: unknown): Promise<ScrollMetrics>
  boxes(nodes: unknown[], styleNames: string[]): Promise<(LayoutBox | undefined)[]>
}

export class Runtime extends EventEmitter {
  readonly root: string
  readonly appConfig: AppConfig
  readonly pageRoutes: string[]
  readonly tabRoutes: string[]
  readonly loader: ModuleLoader
  readonly styles = new Map<string, string>()
  readonly pageStack: PageEntry[] = []
  readonly tabPages = new Map<string, PageEntry>()
  readonly wx: Record<string, any>
  readonly wxImpl: Record<string, any>
  readonly wxMocks = new Map<string, (...args: any[]) => unknown>()
  readonly asyncWxMethods = new Set<string>()
  readonly tabBarState: {
    badges: Record<number, string>
    redDots: Record<number, boolean>
    visible: boolean
  }
  app: Record<string, any> | undefined
  loginCode: string
  readonly storageFile: string | undefined
  private templates: TemplateLookup
  private readonly hostBehavior: string
  private readonly registered = new Set<string>()
  private readonly pagePropertyNames = new Map<string, string[]>()
  private defining: string | undefined
  private nextPageId = 1
  private nextElementId = 1
  private readonly elementIds = new WeakMap<object, string>()
  readonly elements = new Map<string, { node: any; pageId: number }>()
  private pendingTicks = 0
  readonly launchOptions: Record<string, unknown>
  inBackground = false
  readonly ui: UiState = emptyUi()
  readonly files: FileSpace
  readonly storage = new Map<string, unknown>()
  readonly network = { online: true, type: 'wifi' }
  readonly sockets = new Set<SocketTask & { drop(): void }>()
  mediaFiles: string[] = []
  privacyAgreed = false
  hasPrivacyListener: () => boolean = () => false
  pendingModal: ((result: Record<string, unknown>) => void) | undefined
  pendingActionSheet:
    | { resolve: (result: Record<string, unknown>) => void; reject: (error: unknown) => void }
    | undefined
  private pendingPrivacy: {
    resolve: (result: Record<string, unknown>) => void
    reject: (error: unknown) => void
  }[] = []
  private openPickerNode: any
  layout: LayoutProvider | undefined

  constructor(options: HostOptions) {
    super()
    this.root = path.resolve(options.projectDir)
    const appJsonPath = path.join(this.root, 'app.json')
    if (!fs.existsSync(appJsonPath)) {
      throw new Error(`${this.root} is not a built mini-program: app.json is missing`)
    }
    this.appConfig = JSON.parse(fs.readFileSync(appJsonPath, 'utf8')) as AppConfig
    if (!Array.isArray(this.appConfig.pages) || this.appConfig.pages.length === 0) {
      throw new Error('app.json lists no pages')
    }
    const subpackages = this.appConfig.subpackages ?? this.appConfig.subPackages ?? []
    this.pageRoutes = [
      ...this.appConfig.pages,
      ...subpackages.flatMap((pkg) =>
        pkg.pages.map((page) => path.posix.join(pkg.root.replace(/\/$/, ''), page)),
      ),
    ]
    this.tabRoutes = (this.appConfig.tabBar?.list ?? []).map((item) => item.pagePath)
    this.tabBarState = { badges: {}, redDots: {}, visible: true }
    this.loginCode = options.loginCode ?? 'host-login-code'
    this.storageFile = options.storageFile
    if (options.offline) this.network.online = false
    this.files = new FileSpace(this.root)
    if (this.storageFile && fs.existsSync(this.storageFile)) {
      let saved: unknown
      try {
        saved = JSON.parse(fs.readFileSync(this.storageFile, 'utf8'))
      } catch (error) {
        throw new Error(
          `storage file ${this.storageFile} is not valid JSON (${(error as Error).message})`,
        )
      }
      if (!saved || typeof saved !== 'object' || Array.isArray(saved)) {
        throw new Error(
          `storage file ${this.storageFile} should hold a JSON object of keys and values`,
        )
      }
      for (const [key, value] of Object.entries(saved)) this.storage.set(key, value)
    }
    this.templates = compileWxml(this.root)
    registerBuiltins(jComponent, this)
    const createQuery = (scope: unknown): HostSelectorQuery => new HostSelectorQuery(this, scope)
    this.hostBehavior = jComponent.behavior({
      lifetimes: {
        created(this: Record<string, any>) {
          // Sizes and positions come from Chromium's layout, not j-component's jsdom one.
          this.createSelectorQuery = () => createQuery(this._exparserNode)
        },
      },
    })
    this.loader = new ModuleLoader(this.root, () => this.moduleGlobals())
    this.wxImpl = createWx(this)
    const mocks = this.wxMocks
    const impl = this.wxImpl
    this.wx = new Proxy(impl, {
      get(target, name) {
        if (typeof name !== 'string') return undefined
        const mock = mocks.get(name)
        if (mock) return mock
        if (name in target) return target[name]
        return () => {
          throw new Error(`not supported by the host: wx.${name}`)
        }
      },
      has(target, name) {
        return name in target
      },
    })
    this.launchOptions = {
      path: this.entryRoute(),
      query: {},
      scene: 1001,
      referrerInfo: {},
    }
    exparser.addGlobalErrorListener((error: unknown, info: { message?: string }) => {
      this.reportError(error, info?.message)
      return false
    })
  }

  /** Whether wx.<name> answers through callbacks / a Promise (for mocks of APIs the host does not implement). */
  isAsyncWxMethod(name: string): boolean {
    if (name in this.wxImpl) return this.asyncWxMethods.has(name)
    return !/Sync$/.test(name) && !/^(on|off|create)[A-Z]/.test(name) && !/Manager$/.test(name)
  }

  entryRoute(): string {
    const entry = this.appConfig.entryPagePath ?? this.pageRoutes[0] ?? ''
    return entry.replace(/^\//, '').replace(/\.html$/, '')
  }

  // ---------------------------------------------------------------- module scope

  private moduleGlobals(): Record<string, unknown> {
    return {
      wx: this.wx,
      App: (definition: Record<string, any>) => this.defineApp(definition),
      Page: (definition: Record<string, any>) => this.definePage(definition),
      Component: (definition: Record<string, any>) => this.defineComponent(definition),
      Behavior: (definition: Record<string, any>) => jComponent.behavior({ ...definition }),
      getApp: () => this.app,
      getCurrentPages: () => this.pageStack.map((entry) => entry.caller),
      __wxConfig: {
        ...this.appConfig,
        envVersion: 'develop',
        platform: 'devtools',
        accountInfo: { appId: this.appId() },
      },
      requirePlugin: (name: string) => {
        throw new Error(`not supported by the host: requirePlugin("${name}")`)
      },
      console: this.appConsole,
      // The mini-program has no DOM: hide the host's jsdom from libraries that sniff for a browser.
      window: undefined,
      document: undefined,
    }
  }

  appId(): string {
    try {
      const config = JSON.parse(
        fs.readFileSync(path.join(this.root, 'project.config.json'), 'utf8'),
      )
      if (typeof config.appid === 'string') return config.appid
    } catch (_error) {
      // no project.config.json in a built folder is fine
    }
    return 'wx0000000000000000'
  }

  readonly appConsole = (() => {
    const forward =
      (type: 'log' | 'info' | 'warn' | 'error' | 'debug') =>
      (...args: unknown[]): void => {
        // stdout carries the contract line; the mini-program's own logs go to stderr.
        process.stderr.write(`[${type}] ${args.map((arg) => this.formatLog(arg)).join(' ')}\n`)
        this.emit('log', { type, args: args.map((arg) => this.serializable(arg)) })
      }
    return {
      log: forward('log'),
      info: forward('info'),
      warn: forward('warn'),
      error: forward('error'),
      debug: forward('debug'),
      group: forward('log'),
      groupEnd: () => undefined,
      time: () => undefined,
      timeEnd: () => undefined,
      table: forward('log'),
      trace: forward('debug'),
      assert: (condition: unknown, ...args: unknown[]) => {
        if (!condition) forward('error')('Assertion failed', ...args)
      },
    }
  })()

  private formatLog(arg: unknown): string {
    if (typeof arg === 'string') return arg
    if (arg instanceof Error) return arg.stack ?? arg.message
    try {
      return JSON.stringify(arg)
    } catch (_error) {
      return String(arg)
    }
  }

  serializable(value: unknown): unknown {
    if (value instanceof Error) return value.message
    if (value === undefined) return null
    try {
      return JSON.parse(JSON.stringify(value)) as unknown
    } catch (_error) {
      return String(value)
    }
  }

  reportError(error: unknown, context?: string): void {
    const message = error instanceof Error ? error.message : String(error)
    const stack = error instanceof Error ? (error.stack ?? message) : message
    process.stderr.write(`[mini-program error] ${context ?? ''} ${stack}\n`)
    this.emit('exception', { message, stack })
    for (const listener of this.errorListeners) {
      try {
        listener(message)
      } catch (_error) {
        // a failing error listener must not hide the first error
      }
    }
    if (typeof this.app?.onError === 'function') {
      try {
        this.app.onError.call(this.app, message)
      } catch (_error) {
        // same as above
      }
    }
  }

  readonly errorListeners = new Set<(message: string) => void>()

  // ---------------------------------------------------------------- definitions

  private defineApp(definition: Record<string, any>): void {
    if (this.app) throw new Error('App() can only be called once')
    this.app = definition
  }

  private definePage(definition: Record<string, any>): void {
    const route = this.defining
    if (!route) throw new Error('Page() was called outside a page file')
    const methods: Record<string, unknown> = {}
    const extras: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(definition)) {
      if (PAGE_DEFINITION_KEYS.has(key)) continue
      if (typeof value === 'function') methods[key] = value
      else extras[key] = value
    }
    this.register(route, {
      data: definition.data ?? {},
      behaviors: definition.behaviors,
      options: definition.options,
      storeBindings: definition.storeBindings,
      observers: definition.observers,
      methods,
      lifetimes: {
        created(this: Record<string, unknown>) {
          for (const [key, value] of Object.entries(extras)) this[key] = deepCopy(value)
        },
      },
    })
  }

  private defineComponent(definition: Record<string, any>): void {
    const file = this.defining
    if (!file) throw new Error('Component() was called outside a component or page file')
    this.register(file, definition)
  }

  private readJson(file: string): Record<string, any> {
    const absolute = path.join(this.root, file)
    if (!fs.existsSync(absolute)) return {}
    return JSON.parse(fs.readFileSync(absolute, 'utf8')) as Record<string, any>
  }

  /** Finds a component folder path for a usingComponents entry, relative to the user's file. */
  private resolveComponentPath(fromFile: string, request: string): string {
    const candidates: string[] = []
    const fromDir = path.posix.dirname(fromFile)
    if (request.startsWith('/')) candidates.push(request.slice(1))
    else if (request.startsWith('.')) candidates.push(path.posix.join(fromDir, request))
    else {
      candidates.push(path.posix.join(fromDir, request))
      let dir = fromDir
      for (;;) {
        candidates.push(path.posix.join(dir === '.' ? '' : dir, 'miniprogram_npm', request))
        if (dir === '.' || dir === '') break
        dir = path.posix.dirname(dir)
      }
      candidates.push(request)
    }
    for (const candidate of candidates) {
      const normalized = path.posix.normalize(candidate)
      for (const base of [normalized, `${normalized}/index`]) {
        if (
          fs.existsSync(path.join(this.root, `${base}.json`)) ||
          fs.existsSync(path.join(this.root, `${base}.js`))
        ) {
          return base
        }
      }
    }
    throw new Error(`component "${request}" used by ${fromFile} was not found`)
  }

  classPrefixFor(file: string): string {
    return file.replace(/[^A-Za-z0-9]+/g, '_')
  }

  /** Loads a page's or component's files (JS, JSON, WXML, WXSS) once. */
  ensureLoaded(file: string): void {
    if (this.registered.has(file)) return
    if (!fs.existsSync(path.join(this.root, `${file}.js`))) {
      throw new Error(`${file}.js is missing from the built mini-program`)
    }
    const previous = this.defining
    this.defining = file
    try {
      this.loader.load(`${file}.js`)
    } finally {
      this.defining = previous
    }
    if (!this.registered.has(file)) {
      throw new Error(`${file}.js did not call Page() or Component()`)
    }
  }

  private register(file: string, definition: Record<string, any>): void {
    if (this.registered.has(file)) throw new Error(`${file} registered twice`)
    const isPage = this.pageRoutes.includes(file)
    const config = this.readJson(`${file}.json`)
    const using: Record<string, string> = {}
    const usingEntries = {
      ...(this.appConfig.usingComponents ?? {}),
      ...(config.usingComponents ?? {}),
    }
    this.registered.add(file)
    for (const [tag, request] of Object.entries(usingEntries)) {
      const target = this.resolveComponentPath(`${file}.js`, String(request))
      using[tag] = target
    }
    const template = this.templates(`${file}.wxml`)
    if (!template) throw new Error(`${file}.wxml is missing or did not compile`)
    const classPrefix = isPage ? '' : this.classPrefixFor(file)
    const options = (definition.options ?? {}) as Record<string, unknown>
    const isolation = String(
      options.styleIsolation ??
        config.styleIsolation ??
        (options.addGlobalClass ? 'apply-shared' : 'isolated'),
    )
    if (!isPage && (isolation === 'apply-shared' || isolation === 'shared')) {
      // app.wxss classes reach into this component: compile them once more under its class prefix.
      this.styles.set(`${file}#app`, compileWxss(this.root, 'app.wxss', classPrefix))
    }
    this.styles.set(file, compileWxss(this.root, `${file}.wxss`, classPrefix))
    const relations: Record<string, any> = {}
    for (const [key, relation] of Object.entries(
      (definition.relations ?? {}) as Record<string, any>,
    )) {
      const target =
        key.startsWith('.') || key.startsWith('/') ? this.resolveRelation(file, key) : key
      relations[target] = relation
    }
    const properties = (definition.properties ?? {}) as Record<string, unknown>
    if (isPage) this.pagePropertyNames.set(file, Object.keys(properties))
    jComponent.register({
      ...definition,
      behaviors: [this.hostBehavior, ...((definition.behaviors as unknown[] | undefined) ?? [])],
      id: file,
      path: file,
      tagName: isPage ? 'page-root' : undefined,
      template,
      usingComponents: using,
      relations,
      options: {
        ...(definition.options ?? {}),
        classPrefix,
      },
    })
    for (const target of Object.values(using)) this.ensureLoaded(target)
  }

  private resolveRelation(file: string, key: string): string {
    const joined = key.startsWith('/')
      ? key.slice(1)
      : path.posix.join(path.posix.dirname(file), key)
    return path.posix.normalize(joined)
  }

  // ---------------------------------------------------------------- launch and pages

  async launch(): Promise<void> {
    this.loader.load('app.js')
    if (!this.app) throw new Error('app.js did not call App()')
    this.callHook(this.app, 'onLaunch', { ...this.launchOptions })
    this.callHook(this.app, 'onShow', { ...this.launchOptions })
    const route = this.entryRoute()
    this.openPage(this.createPage(route, {}, EventChannel.pair()[1]))
    await this.settle()
  }

  callHook(target: any, name: string, ...args: unknown[]): unknown {
    const fn = target?.[name]
    if (typeof fn !== 'function') return undefined
    try {
      return fn.apply(target, args)
    } catch (error) {
      this.reportError(error, `${name}`)
      return undefined
    }
  }

  isPageRoute(route: string): boolean {
    return this.pageRoutes.includes(route)
  }

  private createPage(
    route: string,
    query: Record<string, string>,
    channel: EventChannel,
  ): PageEntry {
    this.ensureLoaded(route)
    const propertyNames = this.pagePropertyNames.get(route) ?? []
    const properties: Record<string, unknown> = {}
    for (const name of propertyNames) if (name in query) properties[name] = query[name]
    const root = jComponent.create(route, properties)
    const caller = root.instance
    const pageId = this.nextPageId++
    const config = { ...(this.appConfig.window ?? {}), ...this.readJson(`${route}.json`) }
    const container = hostDocument.createElement('div')
    container.setAttribute('data-page-id', String(pageId))
    container.className = 'host-page'
    hostDocument.body.appendChild(container)
    caller.route = route
    caller.__route__ = route
    caller.options = { ...query }
    caller.__wxWebviewId__ = pageId
    caller.getOpenerEventChannel = () => channel
    caller.createSelectorQuery = () => new HostSelectorQuery(this, root._exparserNode)
    const entry: PageEntry = {
      pageId,
      route,
      query,
      root,
      caller,
      container,
      config,
      title: String(config.navigationBarTitleText ?? ''),
      scrollTop: 0,
      isTab: this.tabRoutes.includes(route),
      eventChannel: channel,
    }
    root.attach(container)
    return entry
  }

  /** Puts a new page where it belongs (so getCurrentPages() includes it, as in WeChat) before its onLoad. */
  private openPage(entry: PageEntry): void {
    this.pageStack.push(entry)
    if (entry.isTab) this.tabPages.set(entry.route, entry)
    this.callHook(entry.caller, 'onLoad', { ...entry.query })
    this.showPage(entry, true)
  }

  private showPage(entry: PageEntry, first: boolean): void {
    for (const other of [...this.pageStack, ...this.tabPages.values()]) {
      other.container.style.display = other === entry ? '' : 'none'
    }
    this.callHook(entry.caller, 'onShow')
    entry.root.triggerPageLifeTime('show')
    if (first) {
      this.pendingTicks++
      entry.readyTimer = setTimeout(() => {
        this.pendingTicks--
        entry.readyTimer = undefined
        this.callHook(entry.caller, 'onReady')
      }, 0)
    }
    this.emit('pageChanged', entry)
  }

  private hidePage(entry: PageEntry): void {
    this.callHook(entry.caller, 'onHide')
    entry.root.triggerPageLifeTime('hide')
  }

  private unloadPage(entry: PageEntry): void {
    if (entry.readyTimer) {
      clearTimeout(entry.readyTimer)
      this.pendingTicks--
    }
    this.callHook(entry.caller, 'onUnload')
    entry.root.detach()
    entry.container.remove()
    if (entry.isTab) this.tabPages.delete(entry.route)
    for (const [id, element] of this.elements)
      if (element.pageId === entry.pageId) this.elements.delete(id)
  }

  currentPage(): PageEntry {
    const top = this.pageStack[this.pageStack.length - 1]
    if (!top) throw new Error('the page stack is empty')
    return top
  }

  findPage(pageId: unknown): PageEntry {
    const id = Number(pageId)
    const entry =
      this.pageStack.find((page) => page.pageId === id) ??
      [...this.tabPages.values()].find((page) => page.pageId === id)
    if (!entry) throw new Error(`page ${String(pageId)} is not in the page stack`)
    return entry
  }

  private target(url: unknown, api: string): { route: string; query: Record<string, string> } {
    if (typeof url !== 'string' || url === '')
      throw new NavigationError(`${api}:fail parameter.url should be a string`)
    const from = this.pageStack[this.pageStack.length - 1]?.route ?? ''
    const parsed = parseUrl(url, from)
    if (!this.isPageRoute(parsed.route)) {
      throw new NavigationError(`${api}:fail page "${parsed.route}" is not found`)
    }
    return parsed
  }

  navigateTo(url: unknown, events?: Record<string, (...args: unknown[]) => void>): EventChannel {
    const { route, query } = this.target(url, 'navigateTo')
    if (this.tabRoutes.includes(route))
      throw new NavigationError('navigateTo:fail can not navigateTo a tabbar page')
    if (this.pageStack.length >= 10)
      throw new NavigationError('navigateTo:fail webview count limit exceed')
    const [opener, opened] = EventChannel.pair()
    for (const [name, fn] of Object.entries(events ?? {}))
      if (typeof fn === 'function') opener.on(name, fn)
    this.hidePage(this.currentPage())
    this.openPage(this.createPage(route, query, opened))
    return opener
  }

  redirectTo(url: unknown): void {
    const { route, query } = this.target(url, 'redirectTo')
    if (this.tabRoutes.includes(route))
      throw new NavigationError('redirectTo:fail can not redirectTo a tabbar page')
    const top = this.pageStack.pop()
    if (top) this.unloadPage(top)
    this.openPage(this.createPage(route, query, EventChannel.pair()[1]))
  }

  navigateBack(delta: unknown): void {
    if (this.pageStack.length <= 1)
      throw new NavigationError('navigateBack:fail cannot navigate back at first page.')
    const steps = Math.min(
      Math.max(1, Math.floor(Number(delta ?? 1)) || 1),
      this.pageStack.length - 1,
    )
    for (let i = 0; i < steps; i++) {
      const top = this.pageStack.pop()
      if (top) {
        if (top.isTab) this.hidePage(top)
        else this.unloadPage(top)
      }
    }
    this.showPage(this.currentPage(), false)
  }

  reLaunch(url: unknown): void {
    const { route, query } = this.target(url, 'reLaunch')
    while (this.pageStack.length > 0) {
      const top = this.pageStack.pop()
      if (top && !top.isTab) this.unloadPage(top)
    }
    for (const tab of [...this.tabPages.values()]) this.unloadPage(tab)
    this.openPage(this.createPage(route, query, EventChannel.pair()[1]))
  }

  switchTab(url: unknown, fromTabBarTap = false): void {
    const { route } = this.target(url, 'switchTab')
    if (!this.tabRoutes.includes(route))
      throw new NavigationError('switchTab:fail can not switch to no-tabBar page')
    const current = this.currentPage()
    if (current.route === route && this.pageStack.length === 1) {
      if (fromTabBarTap) this.tabItemTapped(current)
      return
    }
    while (this.pageStack.length > 0) {
      const top = this.pageStack.pop()
      if (!top) break
      if (top.isTab) {
        this.tabPages.set(top.route, top)
        if (top === current) this.hidePage(top)
      } else this.unloadPage(top)
    }
    const existing = this.tabPages.get(route)
    if (existing) {
      this.pageStack.push(existing)
      this.showPage(existing, false)
      if (fromTabBarTap) this.tabItemTapped(existing)
      return
    }
    const entry = this.createPage(route, {}, EventChannel.pair()[1])
    this.openPage(entry)
    if (fromTabBarTap) this.tabItemTapped(entry)
  }

  private tabItemTapped(entry: PageEntry): void {
    const index = this.tabRoutes.indexOf(entry.route)
    const item = this.appConfig.tabBar?.list[index]
    this.callHook(entry.caller, 'onTabItemTap', {
      index,
      pagePath: entry.route,
      text: item?.text ?? '',
    })
  }

  // ---------------------------------------------------------------- app show / hide

  enterBackground(): void {
    if (this.inBackground) return
    this.inBackground = true
    this.hidePage(this.currentPage())
    this.callHook(this.app, 'onHide')
    this.emit('appHide')
  }

  enterForeground(): void {
    if (!this.inBackground) return
    this.inBackground = false
    const options = { ...this.launchOptions, path: this.currentPage().route }
    this.callHook(this.app, 'onShow', options)
    this.emit('appShow', options)
    this.showPage(this.currentPage(), false)
  }

  // ---------------------------------------------------------------- ticks and settling

  nextTick(fn: () => void): void {
    this.pendingTicks++
    setTimeout(() => {
      this.pendingTicks--
      try {
        fn()
      } catch (error) {
        this.reportError(error, 'nextTick')
      }
    }, 0)
  }

  trackTimer<T>(run: (done: () => void) => T): T {
    this.pendingTicks++
    let finished = false
    return run(() => {
      if (finished) return
      finished = true
      this.pendingTicks--
    })
  }

  /**
   * Lets deferred work of the mini-program land before a command is answered: nextTick batches (MobX bindings),
   * onReady timers, microtasks, and layouts being read from Chromium for scroll-views. Bounded, so an app that
   * keeps scheduling ticks cannot stall the protocol.
   */
  async settle(): Promise<void> {
    const deadline = Date.now() + 5000
    do {
      await new Promise((resolve) => setTimeout(resolve, 0))
      await new Promise((resolve) => setImmediate(resolve))
    } while (this.pendingTicks > 0 && Date.now() < deadline)
  }

  // ---------------------------------------------------------------- nodes

  elementIdOf(node: object, pageId: number): string {
    let id = this.elementIds.get(node)
    if (!id) {
      id = `e${this.nextElementId++}`
      this.elementIds.set(node, id)
    }
    this.elements.set(id, { node, pageId })
    return id
  }

  /** Forgets nodes a re-render removed, so long sessions do not keep every node they ever drew. */
  pruneDetached(pageId: number): void {
    for (const [id, element] of this.elements) {
      if (element.pageId === pageId && element.node.__attached === false) this.elements.delete(id)
    }
  }

  element(elementId: unknown): { node: any; pageId: number } {
    const element = this.elements.get(String(elementId))
    if (!element) throw new Error(`element ${String(elementId)} no longer exists`)
    return element
  }

  isCustomComponent(node: any): boolean {
    const id = node?._vt?.componentId
    return typeof id === 'string' && this.registered.has(id)
  }

  allCss(): string {
    const parts = [builtinCss(), compileWxss(this.root, 'app.wxss', '')]
    for (const css of this.styles.values()) parts.push(css)
    return parts.join('\n')
  }

  createSelectorQuery(): HostSelectorQuery {
    return new HostSelectorQuery(this, this.currentPage().root._exparserNode)
  }

  /** Counts async work a command's reply should wait for (see settle()). */
  trackAsync<T>(work: Promise<T>): Promise<T> {
    this.pendingTicks++
    return work.finally(() => {
      this.pendingTicks--
    })
  }

  // ---------------------------------------------------------------- services for wx and built-ins

  callSafely(fn: unknown, ...args: unknown[]): void {
    if (typeof fn !== 'function') return
    try {
      fn(...args)
    } catch (error) {
      this.reportError(error, 'callback')
    }
  }

  saveStorage(): void {
    if (!this.storageFile) return
    // Written aside and renamed, so a host stopped mid-write never leaves half a file.
    const partial = `${this.storageFile}.${process.pid}.partial`
    fs.writeFileSync(partial, JSON.stringify(Object.fromEntries(this.storage)))
    fs.renameSync(partial, this.storageFile)
  }

  windowHeight(): number {
    const top = this.pageStack[this.pageStack.length - 1]
    const tabBar = Boolean(this.appConfig.tabBar && !this.appConfig.tabBar.custom && top?.isTab)
    const customNavigation = top?.config.navigationStyle === 'custom'
    // 667 screen - 20 status bar - 44 navigation bar (unless custom) - 50 tab bar (on tab pages)
    return 667 - (customNavigation ? 0 : 64) - (tabBar ? 50 : 0)
  }

  /** A picture path as WeChat reads it: relative paths start from the folder of the page or component using it. */
  resolveAsset(node: any, src: string): string {
    if (!src || src.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(src)) return src
    const owner = node?.ownerShadowRoot?.getHostNode?.()
    const ownerFile = String(owner?._vt?.componentId ?? owner?.is ?? '')
    if (!ownerFile || !this.registered.has(ownerFile)) return `/${src}`
    return `/${path.posix.normalize(path.posix.join(path.posix.dirname(ownerFile), src))}`
  }

  async imageInfo(src: string): Promise<ImageSize> {
    const bytes = await this.files.read(src)
    return imageSize(bytes)
  }

  openSocket(
    url: string,
    header: Record<string, string>,
    protocols: string[] | undefined,
  ): SocketTask {
    const task = createSocketTask(
      url,
      header,
      protocols,
      (closed) => this.sockets.delete(closed),
      (fn, result) => this.callSafely(fn, result),
    )
    this.sockets.add(task)
    return task
  }

  setNetwork(online: boolean, type = 'wifi'): void {
    this.network.online = online
    if (online) this.network.type = type
    if (!online) for (const socket of [...this.sockets]) socket.drop()
    this.emit('network', { isConnected: online, networkType: online ? this.network.type : 'none' })
  }

  answerModal(confirm: boolean, content?: string): void {
    const modal = this.ui.modal
    const resolve = this.pendingModal
    if (!modal || !resolve) throw new Error('no modal is showing')
    this.ui.modal = null
    this.pendingModal = undefined
    const result: Record<string, unknown> = { confirm, cancel: !confirm }
    if (modal.editable) result.content = confirm ? (content ?? '') : ''
    resolve(result)
  }

  answerActionSheet(tapIndex: number | undefined): void {
    const sheet = this.ui.actionSheet
    const pending = this.pendingActionSheet
    if (!sheet || !pending) throw new Error('no action sheet is showing')
    if (
      tapIndex !== undefined &&
      (!Number.isInteger(tapIndex) || tapIndex < 0 || tapIndex >= sheet.itemList.length)
    ) {
      throw new Error(`the action sheet has no item ${String(tapIndex)}`)
    }
    this.ui.actionSheet = null
    this.pendingActionSheet = undefined
    if (tapIndex === undefined) pending.reject(failure('showActionSheet', 'cancel'))
    else pending.resolve({ tapIndex })
  }

  openPicker(caller: any): void {
    this.openPickerNode = caller
    this.ui.picker = {
      mode: String(caller.data.mode),
      range: Array.isArray(caller.data.range) ? caller.data.range : [],
      rangeKey: String(caller.data.rangeKey ?? ''),
      value: caller.data.value,
    }
  }

  answerPicker(value: unknown, cancel: boolean): void {
    const caller = this.openPickerNode
    if (!caller || !this.ui.picker) throw new Error('no picker is open')
    this.ui.picker = null
    this.openPickerNode = undefined
    if (cancel) caller.hostCancel()
    else caller.hostChoose(value)
  }

  requirePrivacy(api: string): Promise<Record<string, unknown>> | Record<string, unknown> {
    if (this.privacyAgreed) return {}
    return new Promise((resolve, reject) => {
      this.pendingPrivacy.push({ resolve, reject })
      if (this.hasPrivacyListener()) {
        const answer = (result: unknown): void => {
          const event = (result as { event?: string } | undefined)?.event
          if (event === 'agree') this.agreePrivacy()
          else if (event === 'disagree') this.disagreePrivacy()
        }
        this.emit('needPrivacy', answer, { referrer: api })
      } else this.ui.privacyPrompt = true
    })
  }

  agreePrivacy(): void {
    this.privacyAgreed = true
    this.ui.privacyPrompt = false
    for (const pending of this.pendingPrivacy.splice(0)) pending.resolve({})
  }

  disagreePrivacy(): void {
    this.ui.privacyPrompt = false
    for (const pending of this.pendingPrivacy.splice(0))
      pending.reject(failure('requirePrivacyAuthorize', 'privacy permission is not authorized'))
  }

  /** What a button's open-type does when tapped. */
  openType(caller: any, openType: string): void {
    const lower = openType.toLowerCase()
    if (lower === 'share') {
      const page = this.currentPage()
      const share = this.callHook(page.caller, 'onShareAppMessage', {
        from: 'button',
        target: { id: caller._exparserNode?.id ?? '' },
      })
      this.ui.shares.push(share ?? { title: page.title, path: page.route })
    } else if (lower === 'getphonenumber' || lower === 'getrealtimephonenumber') {
      caller.triggerEvent(lower, { errMsg: `${openType}:fail not supported by the host` })
    } else if (lower === 'chooseavatar') {
      const file = this.mediaFiles[0]
      if (file) {
        const avatarUrl = this.files.storeTemp(fs.readFileSync(file), path.extname(file))
        caller.triggerEvent('chooseavatar', { avatarUrl })
      }
    } else if (lower === 'agreeprivacyauthorization') {
      this.agreePrivacy()
      caller.triggerEvent('agreeprivacyauthorization', {})
    } else if (lower === 'opensetting') {
      caller.triggerEvent('opensetting', { authSetting: {} })
    } else if (lower === 'getuserinfo') {
      caller.triggerEvent('getuserinfo', {
        errMsg: 'getUserInfo:ok',
        userInfo: {
          nickName: '微信用户',
          avatarUrl: '',
          gender: 0,
          country: '',
          province: '',
          city: '',
          language: 'zh_CN',
        },
      })
    } else {
      caller.triggerEvent('error', { errMsg: `open-type ${openType} is not supported by the host` })
    }
  }

  async scrollMetrics(node: unknown): Promise<ScrollMetrics> {
    if (this.layout) return this.layout.scrollMetrics(this, node)
    return { scrollHeight: 0, scrollWidth: 0, clientHeight: 0, clientWidth: 0 }
  }

  async scrollViewTo(
    caller: any,
    left: number | undefined,
    top: number | undefined,
  ): Promise<void> {
    const node = caller._exparserNode
    this.pendingTicks++
    try {
      const metrics = await this.scrollMetrics(node)
      const maxTop = Math.max(0, metrics.scrollHeight - metrics.clientHeight)
      const maxLeft = Math.max(0, metrics.scrollWidth - metrics.clientWidth)
      const clamp = (value: number, max: number): number =>
        this.layout ? Math.min(Math.max(0, value), max) : Math.max(0, value)
      const nextTop = top === undefined ? caller.data.hostScrollTop : clamp(top, maxTop)
      const nextLeft = left === undefined ? caller.data.hostScrollLeft : clamp(left, maxLeft)
      caller.hostScrolled(nextLeft, nextTop, metrics)
    } catch (error) {
      this.reportError(error, 'scroll-view')
    } finally {
      this.pendingTicks--
    }
  }

  scrollViewIntoView(caller: any, id: string): void {
    if (!this.layout) return
    this.pendingTicks++
    void this.layout
      .scrollMetrics(this, { intoView: id, node: caller._exparserNode })
      .finally(() => this.pendingTicks--)
      .then(
        (metrics) => {
          const top = (metrics as ScrollMetrics & { targetTop?: number }).targetTop
          if (top !== undefined) caller.hostScrolled(caller.data.hostScrollLeft, top, metrics)
        },
        (error: unknown) => this.reportError(error, 'scroll-view'),
      )
  }

  dispose(): void {
    for (const socket of [...this.sockets]) socket.close({ code: 1001, reason: 'host stopping' })
    this.files.dispose()
  }
}
