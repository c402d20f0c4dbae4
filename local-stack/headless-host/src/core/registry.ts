// Page(), Component() and Behavior() of the mini-program, registered with the component framework: each page
// or component file loaded once with its JSON, WXML (compiled by wcc) and WXSS (compiled by wcsc).
import path from 'node:path'
import {
  componentIdOf,
  definitionIdOf,
  ownerOf,
  registerBehavior,
  registerComponent,
  type Definition,
  type FrameworkNode,
} from '../framework'
import type { Project } from './app-config'
import { compileWxml, compileWxss, type TemplateLookup } from './compile'
import { describeError } from './errors'

const PAGE_DEFINITION_KEYS = new Set(['data', 'behaviors', 'options', 'storeBindings', 'observers'])

function deepCopy<T>(value: T): T {
  if (value === undefined || typeof value === 'function') return value
  try {
    return structuredClone(value)
  } catch (_notCloneable) {
    return value
  }
}

export interface RegistryOptions {
  /** Runs a page's or component's JS file (it calls Page() or Component() while it runs). */
  load(file: string): void
  report(error: unknown, context: string): void
  /** A behavior every page and component gets first (the host's own hooks). */
  instanceBehavior: string
}

export class Registry {
  readonly styles = new Map<string, string>()
  private readonly templates: TemplateLookup
  private readonly registered = new Set<string>()
  private readonly pageProperties = new Map<string, string[]>()
  private defining: string | undefined

  constructor(
    private readonly project: Project,
    private readonly options: RegistryOptions,
  ) {
    this.templates = compileWxml(project.root, project.mounts)
  }

  private wxss(file: string, classPrefix: string): string {
    const { root, relative } = this.project.locate(file)
    return compileWxss(root, relative, classPrefix)
  }

  isRegistered(file: string): boolean {
    return this.registered.has(file)
  }

  /** Whether a node is one of the app's own components (or pages), not a built-in. */
  isCustomComponent(node: FrameworkNode | undefined): boolean {
    const id = componentIdOf(node)
    return id !== '' && this.registered.has(id)
  }

  pagePropertyNames(route: string): string[] {
    return this.pageProperties.get(route) ?? []
  }

  defineBehavior(definition: Definition): string {
    return registerBehavior(definition)
  }

  definePage(definition: Definition): void {
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

  defineComponent(definition: Definition): void {
    const file = this.defining
    if (!file) throw new Error('Component() was called outside a component or page file')
    this.register(file, definition)
  }

  /** Loads a page's or component's files (JS, JSON, WXML, WXSS) once. */
  ensureLoaded(file: string): void {
    if (this.registered.has(file)) return
    if (!this.project.exists(`${file}.js`)) {
      throw new Error(`${file}.js is missing from the built mini-program`)
    }
    const previous = this.defining
    this.defining = file
    try {
      this.options.load(`${file}.js`)
    } catch (error) {
      const failure = new Error(`${file}.js failed while loading: ${describeError(error).message}`)
      // An error after Page() / Component() leaves a working definition behind: WeChat reports it and goes on.
      if (!this.registered.has(file)) throw failure
      this.options.report(failure, 'module load')
    } finally {
      this.defining = previous
    }
    if (!this.registered.has(file)) {
      throw new Error(`${file}.js did not call Page() or Component()`)
    }
  }

  classPrefixFor(file: string): string {
    return file.replace(/[^A-Za-z0-9]+/g, '_')
  }

  /** Built-in styles, app.wxss, then every page's and component's WXSS loaded so far. */
  allCss(builtinCss: string): string {
    // An extended library's global styles (WeUI's weui.wxss) come before the app's, as WeChat injects them.
    const libraries = this.project.mounts.map((mount) =>
      mount.prefix === 'weui-miniprogram/'
        ? compileWxss(mount.root, 'weui-wxss/dist/style/weui.wxss', '')
        : '',
    )
    const parts = [builtinCss, ...libraries, compileWxss(this.project.root, 'app.wxss', '')]
    for (const css of this.styles.values()) parts.push(css)
    return parts.join('\n')
  }

  /** A picture path as WeChat reads it: relative paths start from the folder of the page or component using it. */
  resolveAsset(node: FrameworkNode | undefined, src: string): string {
    if (!src || src.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(src)) return src
    const ownerFile = node ? definitionIdOf(ownerOf(node)) : ''
    if (!ownerFile || !this.registered.has(ownerFile)) return `/${src}`
    return `/${path.posix.normalize(path.posix.join(path.posix.dirname(ownerFile), src))}`
  }

  /** Finds a component folder path for a usingComponents entry, relative to the user's file. */
  private resolveComponentPath(fromFile: string, request: string): string {
    const candidates: string[] = []
    const fromDir = path.posix.dirname(fromFile)
    // WeChat's own compiler writes an extended library's components as npm paths
    // (`weui-miniprogram/cells/cells` becomes `/miniprogram_npm/weui-miniprogram/cells/cells`); WeChat serves the
    // library there, which is also why a project may not ship that npm package beside it.
    const npmRequest = request.startsWith('/miniprogram_npm/')
      ? request.slice('/miniprogram_npm/'.length)
      : ''
    if (npmRequest && this.project.mountOf(npmRequest)) candidates.push(npmRequest)
    else if (request.startsWith('/')) candidates.push(request.slice(1))
    else if (request.startsWith('.')) candidates.push(path.posix.join(fromDir, request))
    else if (this.project.mountOf(request)) candidates.push(request)
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
        if (this.project.exists(`${base}.json`) || this.project.exists(`${base}.js`)) return base
      }
    }
    throw new Error(`component "${request}" used by ${fromFile} was not found`)
  }

  private register(file: string, definition: Definition): void {
    if (this.registered.has(file)) throw new Error(`${file} registered twice`)
    const isPage = this.project.isPageRoute(file)
    const config = this.project.readJson(`${file}.json`)
    const using: Record<string, string> = {}
    this.registered.add(file)
    // app.json's entries are relative to the project root, a page's or component's to its own file.
    for (const [tag, request] of Object.entries(this.project.config.usingComponents ?? {}))
      using[tag] = this.resolveComponentPath('app.json', String(request))
    for (const [tag, request] of Object.entries(
      (config.usingComponents as Record<string, string> | undefined) ?? {},
    ))
      using[tag] = this.resolveComponentPath(`${file}.js`, String(request))
    const template = this.templates(`${file}.wxml`)
    if (!template) throw new Error(`${file}.wxml is missing or did not compile`)
    // An extended library's components keep their class names: they style themselves with the library's
    // global sheet (weui.wxss), which they share with the page (styleIsolation apply-shared).
    const fromLibrary = this.project.mountOf(file) !== undefined
    const classPrefix = isPage || fromLibrary ? '' : this.classPrefixFor(file)
    const options: Definition = definition.options ?? {}
    const isolation = String(
      options.styleIsolation ??
        config.styleIsolation ??
        (options.addGlobalClass ? 'apply-shared' : 'isolated'),
    )
    if (classPrefix && (isolation === 'apply-shared' || isolation === 'shared')) {
      // app.wxss classes reach into this component: compile them once more under its class prefix.
      this.styles.set(`${file}#app`, compileWxss(this.project.root, 'app.wxss', classPrefix))
    }
    this.styles.set(file, this.wxss(`${file}.wxss`, classPrefix))
    const relations: Definition = {}
    for (const [key, relation] of Object.entries((definition.relations ?? {}) as Definition)) {
      const target =
        key.startsWith('.') || key.startsWith('/') ? this.resolveRelation(file, key) : key
      relations[target] = relation
    }
    if (isPage) this.pageProperties.set(file, Object.keys(definition.properties ?? {}))
    registerComponent({
      ...definition,
      behaviors: [this.options.instanceBehavior, ...((definition.behaviors as unknown[]) ?? [])],
      id: file,
      path: file,
      // Pages and the custom tab bar are created as roots, so they need a DOM tag of their own.
      tagName: isPage
        ? 'page-root'
        : file === 'custom-tab-bar/index'
          ? 'custom-tab-bar'
          : undefined,
      template,
      usingComponents: using,
      relations,
      options: { ...options, classPrefix },
    })
    for (const [tag, target] of Object.entries(using)) {
      try {
        this.ensureLoaded(target)
      } catch (error) {
        // WeChat renders a page whose component could not be defined without that component.
        delete using[tag]
        this.options.report(error, `component used by ${file}`)
      }
    }
  }

  private resolveRelation(file: string, key: string): string {
    const joined = key.startsWith('/')
      ? key.slice(1)
      : path.posix.join(path.posix.dirname(file), key)
    return path.posix.normalize(joined)
  }
}
