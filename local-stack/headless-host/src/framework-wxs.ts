// WXS responses, part of the door to the component framework: event handlers written in WXS
// (`bindtap="{{handler.tap}}"`) and property-change observers (`change:prop="{{handler.sizeReady}}"`), run the way
// WeChat's view layer runs them. wcc compiles them to `$wxs:bindtap` / `$wxs:change:prop` attributes holding the
// WXS function, whose code reads every name with wcc's `nv_` prefix (`nv_event.nv_currentTarget`,
// `ownerInstance.nv_callMethod`), so what goes in is prefixed and what comes out is unprefixed.

/** The parts of an exparser node a WXS ComponentDescriptor uses. */
export interface WxsNode {
  $$?: { classList: DOMTokenList } | null
  shadowRoot?: WxsNode
  ownerShadowRoot?: { getHostNode?(): WxsNode; __wxHost?: WxsNode } | null
  dataset?: Record<string, unknown>
  querySelector?(selector: string): WxsNode | null
  querySelectorAll?(selector: string): WxsNode[]
  setNodeStyle?(css: string, segment?: number): void
  __methodCaller?: WxsCaller
}

/** `this` of a component's methods: what callMethod and triggerEvent reach. */
export type WxsCaller = Record<string, unknown> & {
  triggerEvent?(name: string, detail?: unknown, options?: unknown): void
}

type WxsFunction = (...args: unknown[]) => unknown

/** exparser's style segment the host gives WXS `setStyle` (segment 0 is the template's `style`). */
export const WXS_STYLE_SEGMENT = 2

const styles = new WeakMap<WxsNode, string>()
const states = new WeakMap<WxsNode, Record<string, unknown>>()

/**
 * Values as WXS code sees them: every key with wcc's `nv_` prefix. Arrays and plain objects are walked; of
 * other objects (a touch) only plain values are taken, through for…in since a touch's pageX is a getter on its
 * prototype and its target leads into the whole DOM.
 */
export function toWxs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWxs)
  if (value && typeof value === 'object') {
    const plain = Object.getPrototypeOf(value) === Object.prototype
    const out: Record<string, unknown> = {}
    for (const key in value) {
      const inner = (value as Record<string, unknown>)[key]
      if (typeof inner === 'function') continue
      if (plain || inner === null || typeof inner !== 'object') out[`nv_${key}`] = toWxs(inner)
    }
    return out
  }
  return value
}

/** Values coming back from WXS code: the `nv_` prefix taken off every key. */
export function fromWxs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWxs)
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key.replace(/^nv_/, ''), fromWxs(inner)]),
    )
  return value
}

/** The component whose template holds a node (whose methods WXS `callMethod` reaches). */
export function ownerOf(node: WxsNode): WxsNode | undefined {
  const root = node.ownerShadowRoot
  return root?.getHostNode?.() ?? root?.__wxHost ?? undefined
}

/** The style WXS `setStyle` gave a node, if any (the renderer adds it after the template's). */
export function wxsStyleOf(node: WxsNode): string {
  return styles.get(node) ?? ''
}

function cssText(style: unknown): string {
  if (typeof style === 'string') return style
  const plain = fromWxs(style) as Record<string, unknown>
  return Object.entries(plain ?? {})
    .filter(([, value]) => value !== '' && value !== undefined && value !== null)
    .map(
      ([key, value]) => `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${String(value)}`,
    )
    .join(';')
}

/**
 * The ComponentDescriptor WXS gets for a node (`event.instance`, `ownerInstance`), its methods named as wcc
 * compiles them. `getComputedStyle` and `getBoundingClientRect` answer nothing: the host has no layout here.
 */
export function descriptorOf(node: WxsNode, owner: WxsNode | undefined): Record<string, unknown> {
  const caller = (): WxsCaller | undefined =>
    owner?.__methodCaller ?? (owner as WxsCaller | undefined)
  const scope = node.shadowRoot ?? node
  // A custom component found by a selector answers callMethod with its own methods.
  const describe = (found: WxsNode) => descriptorOf(found, found.shadowRoot ? found : owner)
  const state = states.get(node) ?? {}
  states.set(node, state)
  return {
    nv_selectComponent: (selector: string) => {
      const found = scope.querySelector?.(selector)
      return found ? describe(found) : null
    },
    nv_selectAllComponents: (selector: string) =>
      (scope.querySelectorAll?.(selector) ?? []).map(describe),
    nv_setStyle: (style: unknown) => {
      const css = cssText(style)
      styles.set(node, css)
      node.setNodeStyle?.(css, WXS_STYLE_SEGMENT)
    },
    nv_addClass: (name: string) => node.$$?.classList.add(name),
    nv_removeClass: (name: string) => node.$$?.classList.remove(name),
    nv_hasClass: (name: string) => Boolean(node.$$?.classList.contains(name)),
    nv_getDataset: () => toWxs({ ...(node.dataset ?? {}) }),
    nv_getState: () => state,
    nv_callMethod: (name: string, args?: unknown) => {
      const method = caller()?.[fromWxs(name) as string]
      if (typeof method === 'function') return method.call(caller(), fromWxs(args))
      return undefined
    },
    nv_triggerEvent: (name: string, detail?: unknown) =>
      caller()?.triggerEvent?.(name, fromWxs(detail), {}),
    nv_requestAnimationFrame: (fn: () => void) => setTimeout(fn, 16),
    nv_getComputedStyle: () => ({}),
    nv_getBoundingClientRect: () => ({}),
  }
}

/** Calls a WXS event handler: `(event, ownerInstance)`, `event.instance` the node the handler is bound on. */
export function callWxsHandler(fn: WxsFunction, node: WxsNode, event: unknown): unknown {
  const owner = ownerOf(node)
  const wxsEvent = toWxs(event) as Record<string, unknown>
  wxsEvent.nv_instance = descriptorOf(node, owner)
  return fn(wxsEvent, owner ? descriptorOf(owner, owner) : wxsEvent.nv_instance)
}

/**
 * Runs a node's change observers for the attributes given (`$wxs:change:<name>` next to them), each as
 * `(newValue, oldValue, ownerInstance, instance)` through `call` (which reports errors).
 */
export function runWxsObservers(
  node: WxsNode,
  attrs: { name: string; value: unknown }[],
  changed: { name: string; value: unknown }[],
  before: Map<string, unknown>,
  call: (observer: WxsFunction, args: unknown[]) => void,
): void {
  for (const attr of changed) {
    const observer = attrs.find((other) => other.name === `$wxs:change:${attr.name}`)?.value
    if (typeof observer !== 'function') continue
    const owner = ownerOf(node)
    call(observer as WxsFunction, [
      toWxs(attr.value),
      toWxs(before.get(attr.name)),
      owner ? descriptorOf(owner, owner) : descriptorOf(node, owner),
      descriptorOf(node, owner),
    ])
  }
}

/** The parts of exparser and j-component's utilities the WXS wiring patches. */
export interface WxsFramework {
  Element: { prototype: Record<string, unknown> }
  addListenerToElement(
    node: WxsNode,
    name: string,
    listener: WxsListener,
    options: unknown,
  ): unknown
}
type WxsListener = (this: unknown, ...args: unknown[]) => unknown
type ParseEvent = (name: string, value: unknown) => { handler: unknown } | undefined

/** The node whose event listener is running, and what a WXS handler it called returned. */
let listeningNode: WxsNode | undefined
let wxsResult: unknown

/**
 * wcc hands WXS responses over as `$wxs:bind<event>` and `$wxs:change:<property>` attributes holding the WXS
 * function, which j-component took for plain attributes. Each event handler gets a method name on exparser's
 * element prototype (every component's method caller inherits it), so j-component's `caller[handler](event)`
 * reaches it; the listener tells it which node the event is bound on, and a handler returning false stops the
 * event as in WeChat. Change observers stay attributes: framework.ts runs them (runWxsObservers) when a node is
 * first rendered and whenever the observed attribute's value changes.
 */
export function installWxsResponses(
  exparser: WxsFramework,
  utils: { parseEvent: ParseEvent },
): void {
  const names = new Map<unknown, string>()
  const parseEvent = utils.parseEvent
  utils.parseEvent = (name, value) => {
    if (!name.startsWith('$wxs:')) return parseEvent(name, value)
    const bare = name.slice('$wxs:'.length)
    if (bare.startsWith('change:') || typeof value !== 'function') return undefined
    const parsed = parseEvent(bare, value)
    if (!parsed) return undefined
    let method = names.get(value)
    if (!method) {
      method = `__hostWxs${names.size}`
      names.set(value, method)
      const fn = value as WxsFunction
      exparser.Element.prototype[method] = function wxsHandler(event: unknown) {
        if (listeningNode) wxsResult = callWxsHandler(fn, listeningNode, event)
      }
    }
    return { ...parsed, handler: method }
  }
  const addListener = exparser.addListenerToElement.bind(exparser)
  exparser.addListenerToElement = (node, name, listener, options) =>
    addListener(
      node,
      name,
      function listening(this: unknown, ...args: unknown[]) {
        const outer = listeningNode
        listeningNode = node
        wxsResult = undefined
        try {
          const result = listener.apply(this, args)
          return wxsResult === false ? false : result
        } finally {
          listeningNode = outer
        }
      },
      options,
    )
}
