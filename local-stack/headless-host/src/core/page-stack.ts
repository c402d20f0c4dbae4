// The page stack: pages created from their registered definitions, their lifecycles (onLoad, onShow, onReady,
// onHide, onUnload, pageLifetimes) and the navigation APIs' rules (10 pages, tab pages kept alive).
import { hostDocument } from '../env'
import { createTree, type CreatedTree, type FrameworkNode, type Instance } from '../framework'
import { parseUrl, type JsonObject, type ParsedUrl, type Project } from './app-config'
import { EventChannel } from './events'

export interface PageEntry {
  pageId: number
  route: string
  query: Record<string, string>
  tree: CreatedTree
  /** The app's own tab bar (app.json `tabBar.custom`), one per tab page as in WeChat. */
  customTabBar?: CreatedTree
  /** The page's root node and its `this`. */
  node: FrameworkNode
  instance: Instance
  container: HTMLElement
  /** The page's window settings (app.json `window` + its own JSON) for the current theme. */
  config: JsonObject
  /** The same settings as written, `@variables` unresolved. */
  rawConfig: JsonObject
  title: string
  scrollTop: number
  isTab: boolean
  eventChannel: EventChannel
  releaseReady?: () => void
  readyTimer?: NodeJS.Timeout
}

export class NavigationError extends Error {}

const CUSTOM_TAB_BAR = 'custom-tab-bar/index'

export interface PageStackOptions {
  ensureLoaded(route: string): void
  pagePropertyNames(route: string): string[]
  callHook(target: unknown, name: string, ...args: unknown[]): unknown
  /** Counts the onReady timer as work a command's reply waits for. */
  hold(): () => void
  createSelectorQuery(scope: FrameworkNode): unknown
  pageChanged(entry: PageEntry): void
  pageClosed(entry: PageEntry): void
  report(error: unknown, context: string): void
  /** Window settings for the current theme (dark mode's `@variables` resolved). */
  themed(config: JsonObject): JsonObject
}

export class PageStack {
  readonly pages: PageEntry[] = []
  readonly tabPages = new Map<string, PageEntry>()
  /** The root of the page being created (its components' attached / ready run before it is on the stack). */
  creating: FrameworkNode | undefined
  private nextPageId = 1

  constructor(
    private readonly project: Project,
    private readonly options: PageStackOptions,
  ) {}

  current(): PageEntry {
    const top = this.pages[this.pages.length - 1]
    if (!top) throw new Error('the page stack is empty')
    return top
  }

  top(): PageEntry | undefined {
    return this.pages[this.pages.length - 1]
  }

  find(pageId: unknown): PageEntry {
    const id = Number(pageId)
    const entry =
      this.pages.find((page) => page.pageId === id) ??
      [...this.tabPages.values()].find((page) => page.pageId === id)
    if (!entry) throw new Error(`page ${String(pageId)} is not in the page stack`)
    return entry
  }

  instances(): Instance[] {
    return this.pages.map((entry) => entry.instance)
  }

  launch(route: string): void {
    this.open(this.create(route, {}, EventChannel.pair()[1]))
  }

  navigateTo(url: unknown, events?: Record<string, (...args: unknown[]) => void>): EventChannel {
    const { route, query } = this.target(url, 'navigateTo')
    if (this.project.isTabRoute(route))
      throw new NavigationError('navigateTo:fail can not navigateTo a tabbar page')
    if (this.pages.length >= 10)
      throw new NavigationError('navigateTo:fail webview count limit exceed')
    const [opener, opened] = EventChannel.pair()
    for (const [name, fn] of Object.entries(events ?? {}))
      if (typeof fn === 'function') opener.on(name, fn)
    this.hide(this.current())
    this.open(this.create(route, query, opened))
    return opener
  }

  redirectTo(url: unknown): void {
    const { route, query } = this.target(url, 'redirectTo')
    if (this.project.isTabRoute(route))
      throw new NavigationError('redirectTo:fail can not redirectTo a tabbar page')
    const top = this.pages.pop()
    if (top) this.unload(top)
    this.open(this.create(route, query, EventChannel.pair()[1]))
  }

  navigateBack(delta: unknown): void {
    if (this.pages.length <= 1)
      throw new NavigationError('navigateBack:fail cannot navigate back at first page.')
    const steps = Math.min(Math.max(1, Math.floor(Number(delta ?? 1)) || 1), this.pages.length - 1)
    for (let i = 0; i < steps; i++) {
      const top = this.pages.pop()
      if (top) {
        if (top.isTab) this.hide(top)
        else this.unload(top)
      }
    }
    this.show(this.current(), false)
  }

  reLaunch(url: unknown): void {
    const { route, query } = this.target(url, 'reLaunch')
    while (this.pages.length > 0) {
      const top = this.pages.pop()
      if (top && !top.isTab) this.unload(top)
    }
    for (const tab of [...this.tabPages.values()]) this.unload(tab)
    this.open(this.create(route, query, EventChannel.pair()[1]))
  }

  switchTab(url: unknown, fromTabBarTap = false): void {
    const { route } = this.target(url, 'switchTab')
    if (!this.project.isTabRoute(route))
      throw new NavigationError('switchTab:fail can not switch to no-tabBar page')
    const current = this.current()
    if (current.route === route && this.pages.length === 1) {
      if (fromTabBarTap) this.tabItemTapped(current)
      return
    }
    while (this.pages.length > 0) {
      const top = this.pages.pop()
      if (!top) break
      if (top.isTab) {
        this.tabPages.set(top.route, top)
        if (top === current) this.hide(top)
      } else this.unload(top)
    }
    const existing = this.tabPages.get(route)
    if (existing) {
      this.pages.push(existing)
      this.show(existing, false)
      if (fromTabBarTap) this.tabItemTapped(existing)
      return
    }
    const entry = this.create(route, {}, EventChannel.pair()[1])
    this.open(entry)
    if (fromTabBarTap) this.tabItemTapped(entry)
  }

  /** The app went to the background: the current page is hidden (and shown again on return). */
  hide(entry: PageEntry): void {
    this.options.callHook(entry.instance, 'onHide')
    entry.tree.triggerPageLifetime('hide')
  }

  show(entry: PageEntry, first: boolean): void {
    for (const other of [...this.pages, ...this.tabPages.values()]) {
      other.container.style.display = other === entry ? '' : 'none'
    }
    this.options.callHook(entry.instance, 'onShow')
    entry.tree.triggerPageLifetime('show')
    if (first) {
      const release = this.options.hold()
      entry.releaseReady = release
      entry.readyTimer = setTimeout(() => {
        release()
        entry.readyTimer = undefined
        this.options.callHook(entry.instance, 'onReady')
      }, 0)
    }
    this.options.pageChanged(entry)
  }

  /** The theme changed: every open page's settings are resolved again. */
  retheme(): void {
    for (const entry of new Set([...this.pages, ...this.tabPages.values()]))
      entry.config = this.options.themed(entry.rawConfig)
  }

  closeAll(): void {
    for (const entry of [...this.pages, ...this.tabPages.values()]) {
      if (entry.readyTimer) clearTimeout(entry.readyTimer)
      entry.releaseReady?.()
    }
  }

  private target(url: unknown, api: string): ParsedUrl {
    if (typeof url !== 'string' || url === '')
      throw new NavigationError(`${api}:fail parameter.url should be a string`)
    const parsed = parseUrl(url, this.top()?.route ?? '')
    if (!this.project.isPageRoute(parsed.route)) {
      throw new NavigationError(`${api}:fail page "${parsed.route}" is not found`)
    }
    return parsed
  }

  private create(route: string, query: Record<string, string>, channel: EventChannel): PageEntry {
    this.options.ensureLoaded(route)
    const properties: Record<string, unknown> = {}
    for (const name of this.options.pagePropertyNames(route))
      if (name in query) properties[name] = query[name]
    const tree = createTree(route, properties)
    const instance = tree.instance
    const pageId = this.nextPageId++
    const rawConfig = {
      ...(this.project.config.window ?? {}),
      ...this.project.readJson(`${route}.json`),
    }
    const config = this.options.themed(rawConfig)
    const container = hostDocument.createElement('div')
    container.setAttribute('data-page-id', String(pageId))
    container.className = 'host-page'
    hostDocument.body.appendChild(container)
    instance.route = route
    instance.__route__ = route
    instance.options = { ...query }
    instance.__wxWebviewId__ = pageId
    instance.getOpenerEventChannel = () => channel
    instance.createSelectorQuery = () => this.options.createSelectorQuery(tree.root)
    const isTab = this.project.isTabRoute(route)
    const customTabBar =
      isTab && this.project.config.tabBar?.custom ? this.customTabBar() : undefined
    instance.getTabBar = () => customTabBar?.instance
    const entry: PageEntry = {
      pageId,
      route,
      query,
      tree,
      node: tree.root,
      instance,
      container,
      config,
      rawConfig,
      title: String(config.navigationBarTitleText ?? ''),
      scrollTop: 0,
      isTab,
      eventChannel: channel,
      customTabBar,
    }
    this.creating = tree.root
    try {
      tree.attach(container)
      customTabBar?.attach(container)
    } finally {
      this.creating = undefined
    }
    return entry
  }

  /** `custom-tab-bar/index` of the project, created for a tab page (WeChat draws it below the page). */
  private customTabBar(): CreatedTree | undefined {
    try {
      this.options.ensureLoaded(CUSTOM_TAB_BAR)
      return createTree(CUSTOM_TAB_BAR, {})
    } catch (error) {
      this.options.report(error, 'custom tab bar')
      return undefined
    }
  }

  /** Puts a new page where it belongs (so getCurrentPages() includes it, as in WeChat) before its onLoad. */
  private open(entry: PageEntry): void {
    this.pages.push(entry)
    if (entry.isTab) this.tabPages.set(entry.route, entry)
    this.options.callHook(entry.instance, 'onLoad', { ...entry.query })
    this.show(entry, true)
  }

  private unload(entry: PageEntry): void {
    if (entry.readyTimer) clearTimeout(entry.readyTimer)
    entry.releaseReady?.()
    this.options.callHook(entry.instance, 'onUnload')
    entry.tree.detach()
    entry.customTabBar?.detach()
    entry.container.remove()
    if (entry.isTab) this.tabPages.delete(entry.route)
    this.options.pageClosed(entry)
  }

  private tabItemTapped(entry: PageEntry): void {
    const index = this.project.tabRoutes.indexOf(entry.route)
    const item = this.project.config.tabBar?.list[index]
    this.options.callHook(entry.instance, 'onTabItemTap', {
      index,
      pagePath: entry.route,
      text: item?.text ?? '',
    })
  }
}
