/**
 * Renders the mini-program's pages and components with miniprogram-simulate (the official WXML compiler and
 * exparser through j-component) in plain Node, for the jest specs and `npm run bench:setdata`.
 * jsdom provides the DOM; Node's own Event/CustomEvent are swapped for jsdom's (docs/headless-host.md).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'

export const miniprogramRoot = path.resolve(__dirname, '..', 'miniprogram')

/**
 * The part of miniprogram-simulate used here. Its own typings pull in miniprogram-api-typings, whose global
 * `require` would replace Node's in every script, so they are described locally.
 */
export interface RenderedComponent {
  readonly dom: Element | undefined
  readonly data: Record<string, unknown>
  readonly instance: Record<string, unknown> & {
    setData(data: Record<string, unknown>, callback?: () => void): void
  }
  querySelector(selector: string): RenderedComponent | undefined
  querySelectorAll(selector: string): RenderedComponent[]
  dispatchEvent(eventName: string, options?: unknown): void
  setData(data: Record<string, unknown>, callback?: () => void): void
  attach(parent: unknown): void
  detach(): void
}

interface SimulateApi {
  load(componentPath: string, tagName: string, options: object): string
  render(id: string, properties?: Record<string, unknown>): RenderedComponent
}

interface DomWindow {
  document: unknown
  Event: unknown
  CustomEvent: unknown
  Element: unknown
  HTMLElement: unknown
  Node: unknown
  navigator: unknown
}

let simulate: SimulateApi | null = null

/**
 * Makes sure there is a DOM. Under jest the spec asks for the jsdom environment (`@jest-environment jsdom`),
 * which already provides one; a plain Node process (the bench) gets a jsdom window installed here.
 */
export function ensureDom(): void {
  const globals = globalThis as Record<string, unknown>
  if (globals.window && (globals.window as { document?: unknown }).document) return
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { JSDOM } = require('jsdom') as {
    JSDOM: new (html: string, options: object) => { window: DomWindow }
  }
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
    url: 'https://servicewechat.com/simulate/page-frame.html',
    pretendToBeVisual: true,
  })
  globals.window = window
  globals.document = window.document
  for (const name of ['Event', 'CustomEvent', 'Element', 'HTMLElement', 'Node'] as const) {
    globals[name] = window[name]
  }
}

/** miniprogram-simulate installs `Component`, `Behavior` and a mock `wx` as globals when it loads. */
export function loadSimulate(): SimulateApi {
  ensureDom()
  if (!simulate) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    simulate = require('miniprogram-simulate') as SimulateApi
    // simulate requires `<dir>/index` with Node's extension order, which finds index.json before a
    // TypeScript index.ts; point it at the source file explicitly.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const utils = require('miniprogram-simulate/src/utils') as { runJs: (file: string) => void }
    utils.runJs = (file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(existsSync(`${file}.ts`) ? `${file}.ts` : file)
    }
  }
  return simulate
}

const loaded = new Map<string, string>()

/**
 * Loads a page or component of the app by its path below miniprogram/ (e.g. `pages/login/index`), once:
 * simulate re-runs the module by deleting it from require.cache, which jest's module registry ignores, so a
 * second load would register nothing. For the same reason, under jest a spec file should render either a
 * component on its own or pages that use it, not both.
 */
export function loadComponent(relativePath: string, tagName = 'main'): string {
  const cached = loaded.get(relativePath)
  if (cached) return cached
  const sim = loadSimulate()
  const id = sim.load(path.join(miniprogramRoot, relativePath), tagName, {
    rootPath: miniprogramRoot,
    compilerOptions: { maxBuffer: 64 * 1024 * 1024 },
  })
  loaded.set(relativePath, id)
  return id
}

/** Renders and attaches it, so `attached` lifetimes (and store bindings) run. */
export function renderComponent(
  relativePath: string,
  properties?: Record<string, unknown>,
): RenderedComponent {
  const sim = loadSimulate()
  const component = sim.render(loadComponent(relativePath), properties)
  const parent = (globalThis as unknown as { document: Document }).document.createElement('div')
  component.attach(parent)
  return component
}

export interface SetDataCall {
  keys: string[]
  bytes: number
}

export interface SetDataRecorder {
  calls: SetDataCall[]
  reset(): void
  totalBytes(): number
}

/**
 * Counts every setData on a component instance, from its own code and from store bindings alike, with the
 * size of its payload as the platform would serialise it (JSON, UTF-8).
 */
export function recordSetData(component: RenderedComponent): SetDataRecorder {
  const instance = component.instance
  const original = instance.setData
  const calls: SetDataCall[] = []
  instance.setData = function (data, callback) {
    calls.push({
      keys: Object.keys(data),
      bytes: Buffer.byteLength(JSON.stringify(data), 'utf8'),
    })
    return original.call(this, data, callback)
  }
  return {
    calls,
    reset: () => {
      calls.length = 0
    },
    totalBytes: () => calls.reduce((sum, call) => sum + call.bytes, 0),
  }
}

/** Element nodes rendered for the component, built-ins and nested custom components included. */
export function countNodes(component: RenderedComponent): number {
  const dom = component.dom
  if (!dom) return 0
  return dom.querySelectorAll('*').length
}

/** Lets pending promise callbacks, timers and wx.nextTick (a 0 ms timer in simulate) run. */
export function flush(times = 3): Promise<void> {
  let chain = Promise.resolve()
  for (let i = 0; i < times; i += 1) {
    chain = chain.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
  }
  return chain
}
